"""Whole-process numbers for `agentbench run` (not asserted anywhere; results go in the issue notes).

1. startup: a run over zero samples (wall time of the process).
2. 200 GSM8K samples against the mock server at 100 ms latency, concurrency 64 (wall time of the process).
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    a = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    rows = []
    walls = [timed_run(["--suite", "gsm8k", "--model", "scripted:gold", "--data-dir", a.data_dir, "--limit", "0",
                        "--out", str(tmp / f"zero{i}")])[0] for i in range(5)]
    rows.append(("startup, zero samples (median of 5)", f"{sorted(walls)[2]:.2f} s", "< 0.5 s"))
    proc, url = start_mock(100)
    try:
        wall, _ = timed_run(["--suite", "gsm8k", "--model", "openai:mock", "--base-url", url, "--data-dir",
                             a.data_dir, "--limit", "200", "--concurrency", "64", "--no-cache", "--out",
                             str(tmp / "g200")])
        rows.append(("200 GSM8K samples, c=64, 100 ms latency (process wall)", f"{wall:.2f} s", "< 1 s"))
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
