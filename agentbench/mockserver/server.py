"""A small, fast OpenAI-compatible chat server for tests, benchmarks and dry runs (loopback only).

Hand-written on asyncio's Protocol API (HTTP/1.1 with keep-alive) instead of aiohttp.web: it has to serve
a few thousand requests per second on one core so that a throughput benchmark measures the client, and it
has to misbehave on purpose (reset the TCP connection, hang, send broken JSON), which is easier with the
transport in hand.

Endpoints: `POST /v1/chat/completions` (non-streaming), `GET /v1/models`, and `GET /_mock/stats` (counts of
requests, ok replies and each injected fault, plus `duplicate_ok`: last-user texts answered more than once).

Modes:
  echo      the reply is the text of the last user message.
  scripted  replies come from a script, the same file format as `scripted:FILE` models
            (`sample_id -> [output, ...]`, an output is a string or `{text, tool_calls}`). A request finds
            its script by the `X-Agentbench-Sample-Id` header (the openai backend sends it), else by the
            text of the last user message used as a key. The output number is the
            `X-Agentbench-Call-Index` header, else the number of assistant messages in the request.
            No script, or past its end: an empty reply with finish_reason `script_exhausted`.

Faults (each a rate in [0, 1] drawn from a seeded RNG, or a count: the first N chat requests):
  429 (with `Retry-After` and `retry-after-ms`), 500, hang (never answers; the client must time out),
  reset (TCP RST right after the request is read), malformed (200 with truncated JSON),
  bad-choices (200 whose `choices` holds non-objects), deep-json (200 with `[` nested 100000 deep),
  html (200 with an HTML error page), empty (200 with an empty body), and surrogate (a good reply whose
  content ends in a JSON-escaped lone surrogate `\\ud800`: data the client must make writable, not a failure).
Tests can also hand `bodies=[...]`: raw bodies (bytes for a 200, or (status, bytes)) sent, in order, to the
first chat requests.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import json
import math
import random
import socket
import struct
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from agentbench.errors import UsageError

FAULT_KINDS = ("reset", "hang", "429", "500", "malformed", "bad-choices", "deep-json", "html", "empty", "surrogate")
SAMPLE_HEADER = "x-agentbench-sample-id"
CALL_HEADER = "x-agentbench-call-index"
_MAX_HEAD = 64 * 1024
_MAX_BODY = 64 * 1024 * 1024
_BAD_200_BODIES = {
    "malformed": b'{"id": "chatcmpl-broken", "object": "chat.completion", "choices": [{"ind',
    "bad-choices": b'{"id": "chatcmpl-odd", "object": "chat.completion", "choices": ["stop", 1, null]}',
    "deep-json": b"[" * 100_000,
    "html": b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
            b"<hr><center>nginx</center></body></html>",
    "empty": b"",
}


@dataclass
class Faults:
    """Fault injection. `rates[kind]` in [0, 1]; `counts[kind]` = the first N chat requests get that fault."""

    rates: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for kind in (*self.rates, *self.counts):
            if kind not in FAULT_KINDS:
                raise UsageError(f"unknown fault {kind!r}; known: {', '.join(FAULT_KINDS)}")
        total = sum(self.rates.values())
        if any(r < 0 for r in self.rates.values()) or total > 1.0 + 1e-9:
            raise UsageError(f"fault rates must be >= 0 and sum to at most 1 (got {total:g})")

    @classmethod
    def parse(cls, values: dict[str, str | float | int | None]) -> Faults:
        """CLI form: `0.1` (has a dot, or below 1) is a rate; a bare integer `3` is a count."""
        rates: dict[str, float] = {}
        counts: dict[str, int] = {}
        for kind, value in values.items():
            if value is None:
                continue
            text = str(value).strip()
            if text.isdigit():
                if int(text):
                    counts[kind] = int(text)
                continue
            try:
                rate = float(text)
            except ValueError:
                raise UsageError(f"--fault-{kind}: expected a rate like 0.1 or a count like 3, got {text!r}") from None
            if not 0 <= rate <= 1:
                raise UsageError(f"--fault-{kind}: a rate is between 0 and 1, got {text!r}")
            if rate:
                rates[kind] = rate
        return cls(rates=rates, counts=counts)


def check_loopback(host: str) -> None:
    if host == "localhost":
        return
    try:
        ok = ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        raise UsageError(f"the mock server binds loopback only (127.0.0.1, ::1, localhost), not {host!r}")


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # OpenAI content parts
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return "" if content is None else str(content)


def _load_script(script: str | Path | dict | None) -> dict[str, list[dict[str, Any]]]:
    """Script items as ready-to-send assistant messages: {content, tool_calls?}."""
    if script is None:
        return {}
    from agentbench.models.scripted import load_script, to_output  # same format as scripted:FILE

    if isinstance(script, dict):
        outputs = {str(k): [to_output(item, f"script[{k}][{i}]") for i, item in enumerate(v)] for k, v in script.items()}
    else:
        outputs = load_script(Path(script))
    ready: dict[str, list[dict[str, Any]]] = {}
    for key, items in outputs.items():
        ready[key] = []
        for out in items:
            message: dict[str, Any] = {"role": "assistant", "content": out.text}
            if out.tool_calls:
                message["tool_calls"] = [
                    {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.raw}}
                    for c in out.tool_calls
                ]
            ready[key].append(message)
    return ready


_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed",
            411: "Length Required", 413: "Payload Too Large", 429: "Too Many Requests",
            500: "Internal Server Error", 501: "Not Implemented"}


def _response(status: int, body: bytes, extra: str = "", keep_alive: bool = True,
              content_type: str = "application/json") -> bytes:
    head = (f"HTTP/1.1 {status} {_REASONS.get(status, 'Unknown')}\r\n"
            f"content-type: {content_type}\r\ncontent-length: {len(body)}\r\n"
            f"{'' if keep_alive else 'connection: close' + chr(13) + chr(10)}{extra}\r\n")
    return head.encode("latin-1") + body


def _error(status: int, message: str, etype: str, code: str | None = None) -> bytes:
    return json.dumps({"error": {"message": message, "type": etype, "param": None, "code": code}}).encode()


class _Conn(asyncio.Protocol):
    __slots__ = ("server", "transport", "buf", "busy", "closed", "timer")

    def __init__(self, server: MockServer):
        self.server = server
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.busy = False  # a request is being answered (no pipelining: later bytes wait in buf)
        self.closed = False
        self.timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport):  # type: ignore[override]
        self.transport = transport
        self.server._conns.add(self)

    def connection_lost(self, exc):  # type: ignore[override]
        self.closed = True
        self.server._conns.discard(self)
        if self.timer is not None:
            self.timer.cancel()

    def data_received(self, data: bytes) -> None:
        self.buf += data
        if not self.busy:
            self._next()

    def _next(self) -> None:
        end = self.buf.find(b"\r\n\r\n")
        if end < 0:
            if len(self.buf) > _MAX_HEAD:
                self._send(_response(413, _error(413, "header too large", "invalid_request_error"), keep_alive=False))
                self.transport.close()
            return
        head = bytes(self.buf[:end]).decode("latin-1")
        lines = head.split("\r\n")
        try:
            method, target, version = lines[0].split(" ", 2)
        except ValueError:
            self.transport.close()
            return
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "chunked" in headers.get("transfer-encoding", "").lower():
            self._send(_response(501, _error(501, "chunked request bodies are not supported", "invalid_request_error"),
                                 keep_alive=False))
            self.transport.close()
            return
        length = int(headers.get("content-length") or 0)
        if length > _MAX_BODY:
            self._send(_response(413, _error(413, "body too large", "invalid_request_error"), keep_alive=False))
            self.transport.close()
            return
        if len(self.buf) < end + 4 + length:
            return
        body = bytes(self.buf[end + 4 : end + 4 + length])
        del self.buf[: end + 4 + length]
        self.busy = True
        keep_alive = headers.get("connection", "").lower() != "close" and version == "HTTP/1.1"
        self.server._handle(self, method, target.split("?", 1)[0], headers, body, keep_alive)

    def _send(self, data: bytes) -> None:
        if not self.closed and self.transport is not None:
            self.transport.write(data)

    def finish(self, data: bytes, keep_alive: bool) -> None:
        self.timer = None
        if self.closed:
            return
        self.transport.write(data)
        if not keep_alive:
            self.transport.close()
            return
        self.busy = False
        if self.buf:
            self._next()

    def reset(self) -> None:
        """Close with a TCP RST (SO_LINGER 0), as a crashed proxy would."""
        sock = self.transport.get_extra_info("socket")
        if sock is not None:
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass
        self.transport.abort()


class MockServer:
    """In-process server. `async with MockServer(...) as url:` gives `http://127.0.0.1:PORT/v1`.

    `stats` counts what happened: requests, ok replies, each fault, plus `ok_texts` (a Counter of the last
    user message of every request that got a good reply, for exactly-once checks).
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, latency_ms: float = 0.0, mode: str = "echo",
                 script: str | Path | dict | None = None, faults: Faults | None = None, retry_after_s: float = 1.0,
                 seed: int = 0, api_key: str | None = None, models: list[str] | None = None,
                 bodies: list[bytes | tuple[int, bytes]] | None = None):
        check_loopback(host)
        if mode not in ("echo", "scripted"):
            raise UsageError(f"mock server mode must be echo or scripted, not {mode!r}")
        if mode == "scripted" and script is None:
            raise UsageError("mock server mode scripted needs --script FILE")
        self.host, self.port = host, port
        self.latency_s = max(0.0, latency_ms / 1000.0)
        self.mode = mode
        self.script = _load_script(script) if mode == "scripted" else {}
        self.faults = faults or Faults()
        self._counts_left = dict(self.faults.counts)
        self._cum = []
        acc = 0.0
        for kind in FAULT_KINDS:
            if self.faults.rates.get(kind):
                acc += self.faults.rates[kind]
                self._cum.append((acc, kind))
        self.retry_after_s = retry_after_s
        self.rng = random.Random(seed)
        self.api_key = api_key
        self.models = models
        self.bodies = list(bodies or [])
        self.stats: Counter[str] = Counter()
        self.ok_texts: Counter[str] = Counter()
        self._server: asyncio.base_events.Server | None = None
        self._conns: set[_Conn] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._seq = 0

    # -- lifecycle -----------------------------------------------------------------------------------------
    async def start(self) -> int:
        self._loop = asyncio.get_running_loop()
        try:
            self._server = await self._loop.create_server(lambda: _Conn(self), self.host, self.port, backlog=4096,
                                                          reuse_address=True)
        except OSError as exc:
            taken = exc.errno == errno.EADDRINUSE
            why = "the port is already in use (another server?)" if taken else (exc.strerror or str(exc))
            raise UsageError(f"mock server cannot listen on {self.host}:{self.port}: {why}; "
                             "pick another --port, or --port 0 for any free one") from None
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/v1"

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for conn in list(self._conns):
                if conn.transport is not None:
                    conn.transport.abort()
            await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> str:
        await self.start()
        return self.url

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def serve_forever(self) -> None:
        if self._server is None:
            await self.start()
        await self._server.serve_forever()

    # -- requests ------------------------------------------------------------------------------------------
    def _pick_fault(self) -> str | None:
        for kind in FAULT_KINDS:
            if self._counts_left.get(kind, 0) > 0:
                self._counts_left[kind] -= 1
                return kind
        if self._cum:
            u = self.rng.random()
            for bound, kind in self._cum:
                if u < bound:
                    return kind
        return None

    def _later(self, conn: _Conn, data: bytes, keep_alive: bool) -> None:
        if self.latency_s > 0:
            conn.timer = self._loop.call_later(self.latency_s, conn.finish, data, keep_alive)
        else:
            conn.finish(data, keep_alive)

    def _handle(self, conn: _Conn, method: str, path: str, headers: dict[str, str], body: bytes,
                keep_alive: bool) -> None:
        self.stats["requests"] += 1
        if self.api_key is not None:
            auth = headers.get("authorization", "")
            given = auth[7:] if auth.lower().startswith("bearer ") else auth
            if given != self.api_key:
                self.stats["401"] += 1
                # Like some real providers, echo the key back: clients must redact it.
                msg = f"Incorrect API key provided: {given}. You can find your API key in your account settings."
                conn.finish(_response(401, _error(401, msg, "invalid_request_error", "invalid_api_key"),
                                      keep_alive=keep_alive), keep_alive)
                return
        if path == "/_mock/stats" and method == "GET":
            data = dict(self.stats)
            data["duplicate_ok"] = sum(1 for n in self.ok_texts.values() if n > 1)
            conn.finish(_response(200, json.dumps(data).encode(), keep_alive=keep_alive), keep_alive)
            return
        if path.endswith("/models") and method == "GET":
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "agentbench-mock"}
                    for m in (self.models or ["mock"])]
            conn.finish(_response(200, json.dumps({"object": "list", "data": data}).encode(), keep_alive=keep_alive),
                        keep_alive)
            return
        if not path.endswith("/chat/completions"):
            conn.finish(_response(404, _error(404, f"no route {method} {path}", "invalid_request_error"),
                                  keep_alive=keep_alive), keep_alive)
            return
        if method != "POST":
            conn.finish(_response(405, _error(405, "use POST", "invalid_request_error"), keep_alive=keep_alive),
                        keep_alive)
            return
        self.stats["chat"] += 1
        try:
            req = json.loads(body)
            messages = req["messages"]
            model = str(req.get("model", ""))
        except (ValueError, KeyError, TypeError):
            self.stats["400"] += 1
            conn.finish(_response(400, _error(400, "request body is not a chat completion request",
                                              "invalid_request_error"), keep_alive=keep_alive), keep_alive)
            return
        if self.models is not None and model not in self.models:
            self.stats["404"] += 1
            conn.finish(_response(404, _error(404, f"The model `{model}` does not exist or you do not have access to it.",
                                              "invalid_request_error", "model_not_found"), keep_alive=keep_alive),
                        keep_alive)
            return

        if self.bodies:
            self.stats["canned"] += 1
            canned = self.bodies.pop(0)
            status, raw = canned if isinstance(canned, tuple) else (200, canned)
            self._later(conn, _response(status, raw, keep_alive=keep_alive), keep_alive)
            return
        fault = self._pick_fault()
        if fault is not None and fault != "surrogate":
            self.stats[fault] += 1
            if fault == "reset":
                conn.reset()
                return
            if fault == "hang":
                return  # keep the connection open and never answer
            if fault == "429":
                ra = self.retry_after_s
                extra = f"retry-after: {max(0, math.ceil(ra))}\r\nretry-after-ms: {int(ra * 1000)}\r\n"
                data = _response(429, _error(429, "Rate limit reached, retry later", "rate_limit_error",
                                             "rate_limit_exceeded"), extra, keep_alive)
            elif fault == "500":
                data = _response(500, _error(500, "The server had an error while processing your request.",
                                             "server_error"), keep_alive=keep_alive)
            else:  # a 200 that is not a readable chat completion
                data = _response(200, _BAD_200_BODIES[fault], keep_alive=keep_alive,
                                 content_type="text/html" if fault == "html" else "application/json")
            self._later(conn, data, keep_alive)
            return

        last_user = ""
        for m in reversed(messages):
            if isinstance(m, dict) and m.get("role") == "user":
                last_user = _text_of(m.get("content"))
                break
        finish = "stop"
        if self.mode == "echo":
            message: dict[str, Any] = {"role": "assistant", "content": last_user}
        else:
            key = headers.get(SAMPLE_HEADER)
            key = unquote(key) if key is not None else None
            items = self.script.get(key) if key is not None else None
            if items is None:
                items = self.script.get(last_user)
            index_text = headers.get(CALL_HEADER)
            if index_text is not None and index_text.isdigit():
                index = int(index_text)
            else:
                index = sum(1 for m in messages if isinstance(m, dict) and m.get("role") == "assistant")
            if items is None or index >= len(items):
                message, finish = {"role": "assistant", "content": ""}, "script_exhausted"
            else:
                message = items[index]
                if message.get("tool_calls"):
                    finish = "tool_calls"
        prompt_chars = sum(len(_text_of(m.get("content"))) for m in messages if isinstance(m, dict))
        completion_chars = len(message.get("content") or "") + sum(
            len(c["function"]["arguments"]) for c in message.get("tool_calls") or [])
        if fault == "surrogate":  # escaped by json.dumps below: valid JSON, but not encodable as UTF-8 once read
            self.stats["surrogate"] += 1
            message = {**message, "content": (message.get("content") or "") + "\ud800"}
        self._seq += 1
        payload = {
            "id": f"chatcmpl-mock-{self._seq}", "object": "chat.completion", "created": int(time.time()),
            "model": model, "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": prompt_chars // 2 + 1, "completion_tokens": completion_chars // 2 + 1,
                      "total_tokens": prompt_chars // 2 + completion_chars // 2 + 2},
        }
        self.stats["ok"] += 1
        self.ok_texts[last_user] += 1
        text = json.dumps(payload, ensure_ascii=fault == "surrogate")
        self._later(conn, _response(200, text.encode(), keep_alive=keep_alive), keep_alive)
