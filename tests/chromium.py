"""A small headless-Chromium driver over the DevTools protocol (websocket on loopback, aiohttp client):
open a page, evaluate JavaScript, click, take screenshots. No Playwright, no browser download: it uses
the system `chromium` (Debian's package) and skips where there is none."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def find_chromium() -> str | None:
    env = os.environ.get("AGENTBENCH_CHROMIUM")
    if env:
        return env
    return next((p for p in map(shutil.which, CANDIDATES) if p), None)


class Browser:
    """One headless Chromium with one page. Use as a context manager."""

    def __init__(self, binary: str, width: int = 1400, height: int = 1000):
        self.binary, self.width, self.height = binary, width, height
        self.loop = asyncio.new_event_loop()
        self.exceptions: list[str] = []
        self.console: list[str] = []
        self._id = 0
        self._pending: dict[int, asyncio.Future] = {}

    def __enter__(self) -> Browser:
        self.profile = tempfile.mkdtemp(prefix="agentbench-chromium-")
        self.proc = subprocess.Popen(
            [self.binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-extensions", "--disable-background-networking", "--remote-debugging-address=127.0.0.1",
             "--remote-debugging-port=0", f"--user-data-dir={self.profile}",
             f"--window-size={self.width},{self.height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        url = self._devtools_url()
        self.loop.run_until_complete(self._connect(url))
        return self

    def _devtools_url(self) -> str:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            match = re.search(r"DevTools listening on (ws://\S+)", line)
            if match:
                return match.group(1)
            if not line and self.proc.poll() is not None:
                break
        raise RuntimeError("chromium did not start (no DevTools URL)")

    async def _connect(self, browser_url: str) -> None:
        import aiohttp

        port = re.search(r":(\d+)/", browser_url).group(1)
        self.session = aiohttp.ClientSession()
        async with self.session.get(f"http://127.0.0.1:{port}/json/list") as resp:
            pages = [t for t in await resp.json() if t["type"] == "page"]
        self.ws = await self.session.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0)
        self.reader = self.loop.create_task(self._read())
        for domain in ("Page", "Runtime"):
            await self._send(f"{domain}.enable")

    async def _read(self) -> None:
        async for msg in self.ws:
            data = json.loads(msg.data)
            if "id" in data and data["id"] in self._pending:
                self._pending.pop(data["id"]).set_result(data)
            elif data.get("method") == "Runtime.exceptionThrown":
                details = data["params"]["exceptionDetails"]
                self.exceptions.append(str((details.get("exception") or {}).get("description") or details.get("text")))
            elif data.get("method") == "Runtime.consoleAPICalled":
                self.console.append(" ".join(str(a.get("value", a.get("description", ""))) for a in data["params"]["args"]))

    async def _send(self, method: str, **params: Any) -> dict[str, Any]:
        self._id += 1
        fut = self.loop.create_future()
        self._pending[self._id] = fut
        await self.ws.send_str(json.dumps({"id": self._id, "method": method, "params": params}))
        reply = await asyncio.wait_for(fut, 60)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        return self.loop.run_until_complete(self._send(method, **params))

    def eval(self, expression: str, await_promise: bool = False) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=await_promise)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}: {result['exceptionDetails'].get('exception', {}).get('description')}")
        return result["result"].get("value")

    def open(self, path: Path | str, ready: str = "document.body && document.body.dataset.renderMs", timeout: float = 30):
        """Navigate to a file (or URL) and wait until `ready` is truthy; returns seconds to ready."""
        start = time.perf_counter()
        url = str(path) if re.match(r"(https?|file):", str(path)) else Path(path).resolve().as_uri()
        self.send("Page.navigate", url=url)
        return self.wait(ready, timeout, start)

    def wait(self, expression: str, timeout: float = 30, start: float | None = None) -> float:
        start = start or time.perf_counter()
        while time.perf_counter() - start < timeout:
            try:
                if self.eval(expression):
                    return time.perf_counter() - start
            except RuntimeError:
                pass
            time.sleep(0.02)
        raise TimeoutError(f"page never satisfied {expression!r}; exceptions: {self.exceptions}")

    def screenshot(self, path: Path, full_page: bool = True) -> None:
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full_page}
        data = self.send("Page.captureScreenshot", **params)["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def __exit__(self, *exc: object) -> None:
        async def close() -> None:
            self.reader.cancel()
            await self.ws.close()
            await self.session.close()

        try:
            self.loop.run_until_complete(close())
        finally:
            self.proc.kill()
            self.proc.wait()
            self.loop.close()
            shutil.rmtree(self.profile, ignore_errors=True)
