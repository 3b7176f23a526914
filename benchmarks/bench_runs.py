"""Whole-process numbers for `agentbench run` beside a bare aiohttp client (not asserted; results go in notes).

1. startup: a run over zero samples (wall time of the process), and the bare client's over zero requests.
2. GSM8K against the mock server at 100 ms latency: 200 samples at concurrency 64 and 1319 at 256, the
   harness process (prompt template, requests, extraction, records, summary) beside a bare aiohttp client
   process sending the same prompts at the same concurrency. Ratios: whole process, and the request phase
   (process wall minus that process's zero-work startup).
3. peak RSS of a ~10 000-request run (GSM8K x 8 trials, latency 0, concurrency 64), and of a 2 000-request
   run, to show memory is flat in the number of samples.

Usage: .venv/bin/python benchmarks/bench_runs.py [--data-dir ../shared/data]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = [sys.executable, "-m", "agentbench.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_mock(latency_ms: float) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([*CLI, "mock-server", "--port", str(port), "--latency-ms", str(latency_ms)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return proc, f"http://127.0.0.1:{port}/v1"
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("mock server did not start")


def timed_run(args: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of one `agentbench run` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([*CLI, "run", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(after, before) / 1024


BARE = r"""
import asyncio, json, sys
import aiohttp
url, path, n, c = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
questions = [json.loads(line)["question"] for line in open(path, encoding="utf-8")][:n]
async def main():
    sem = asyncio.Semaphore(c)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=c)) as session:
        async def one(q):
            async with sem:
                body = {"model": "mock", "messages": [{"role": "user", "content": q}], "max_tokens": 512}
                async with session.post(url + "/chat/completions", json=body) as resp:
                    return (await resp.json())["choices"][0]["message"]["content"]
        answers = await asyncio.gather(*(one(q) for q in questions))
    with open(sys.argv[5], "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps({"a": a}) + "\n" for a in answers)
asyncio.run(main())
"""


def bare_run(url: str, data_dir: str, n: int, c: int, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", BARE, url, f"{data_dir}/gsm8k/test.jsonl", str(n), str(c), str(out)],
                   check=True)
    return time.perf_counter() - start


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    a = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    rows = []
    proc, url = start_mock(100)
    try:
        # the same backend as the timed runs (it imports aiohttp, as the bare client does)
        walls = [timed_run(["--suite", "gsm8k", "--model", "openai:mock", "--base-url", url, "--data-dir", a.data_dir,
                            "--limit", "0", "--out", str(tmp / f"zero{i}")])[0] for i in range(5)]
        harness_start = median(walls)
        rows.append(("harness startup, zero samples (median of 5)", f"{harness_start:.2f} s", "-"))
        bare_start = median([bare_run(url, a.data_dir, 0, 1, tmp / "b0") for _ in range(5)])
        rows.append(("bare aiohttp client startup, zero requests (median of 5)", f"{bare_start:.2f} s", "-"))
        for n, c in ((200, 64), (1319, 256)):
            harness = median([timed_run(["--suite", "gsm8k", "--model", "openai:mock", "--base-url", url,
                                         "--data-dir", a.data_dir, "--limit", str(n), "--concurrency", str(c),
                                         "--no-cache", "--progress", "off", "--out", str(tmp / f"g{n}-{i}")])[0]
                              for i in range(3)])
            bare = median([bare_run(url, a.data_dir, n, c, tmp / f"b{n}") for _ in range(3)])
            phase = (bare - bare_start) / max(harness - harness_start, 1e-9)
            rows.append((f"{n} GSM8K samples, c={c}, 100 ms: harness / bare process wall (median of 3)",
                         f"{harness:.2f} s / {bare:.2f} s = {harness / bare:.2f}x", "<= 1.25x"))
            rows.append((f"{n} GSM8K samples, c={c}: request-phase throughput, harness / bare",
                         f"{phase:.2f}", ">= 0.95"))
    finally:
        proc.kill()
    proc, url = start_mock(0)
    try:
        for trials in (2, 8):
            # a fresh process each time: ru_maxrss of children is a max over all of them, so measure small first
            wall, rss = timed_run(["--suite", "gsm8k", "--model", "openai:mock", "--base-url", url, "--data-dir",
                                   a.data_dir, "--trials", str(trials), "--concurrency", "64", "--no-cache",
                                   "--out", str(tmp / f"rss{trials}")])
            rows.append((f"{1319 * trials} requests, c=64, latency 0: wall / peak RSS", f"{wall:.1f} s / {rss:.0f} MB",
                         "< 300 MB, flat"))
    finally:
        proc.kill()
    shutil.rmtree(tmp, ignore_errors=True)
    print("| measurement | result | goal |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
