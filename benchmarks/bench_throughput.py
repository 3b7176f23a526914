"""Harness throughput vs a bare asyncio client against the mock server (run in its own process).

    .venv/bin/python benchmarks/bench_throughput.py [--latency-ms 100] [--requests 1000] [--quick]

For each concurrency (1, 16, 64, 256) it sends single-turn chat requests with
  - bare aiohttp  (one ClientSession, a semaphore, json.loads of the reply)
  - bare httpx    (one AsyncClient with limits = concurrency, a semaphore)
  - harness       (OpenAIChatModel.generate, default transport: aiohttp; retries, limiter, ModelOutput)
  - harness/sdk   (OpenAIChatModel transport="sdk": openai.AsyncOpenAI + DefaultAioHttpClient)
and reports throughput, the ratio to the faster bare client, and client CPU ms per request (process CPU
time of this process / requests; the server's CPU is not counted). c=1 sends fewer requests (50 by
default; at 100 ms latency 1000 would take 100 s per client). Then c=64 against a server injecting 10% 429
(Retry-After: 1) and 5% 500: every request must complete once, with no error and no duplicate success.

The machine's cores are shared by the server and the client, so absolute numbers depend on the box;
the ratio is the point.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp  # noqa: E402
import httpx  # noqa: E402

from agentbench.models.openai_compat import OpenAIChatModel  # noqa: E402
from agentbench.runtime.limiter import EndpointLimiter  # noqa: E402
from agentbench.runtime.retry import RetryPolicy  # noqa: E402
from agentbench.types import ChatRequest  # noqa: E402

SYSTEM = "你是一个乐于助人的中文助手。回答要简洁、准确。" * 4


def messages(i: int) -> list[dict]:
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": f"第{i}个问题：北京明天天气怎么样？"}]


def body(i: int) -> dict:
    return {"model": "mock", "messages": messages(i), "max_tokens": 256, "temperature": 0.0}


def start_server(*extra: str, latency_ms: float) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "agentbench.mockserver", "--port", "0", "--latency-ms",
                             str(latency_ms), *extra], stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[1])
    line = proc.stdout.readline()
    match = re.search(r"(http://\S+/v1)", line)
    if not match:
        proc.kill()
        raise SystemExit(f"mock server did not start: {line!r}")
    return proc, match.group(1)


async def timed(one, n: int, c: int) -> tuple[float, float, list]:
    sem = asyncio.Semaphore(c)

    async def guarded(i):
        async with sem:
            return await one(i)

    await asyncio.gather(*(guarded(-1 - i) for i in range(min(c, 32))))  # warm the pool
    cpu0, t0 = time.process_time(), time.perf_counter()
    results = await asyncio.gather(*(guarded(i) for i in range(n)))
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return n / wall, cpu / n * 1000, results


async def bare_aiohttp(url: str, n: int, c: int):
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=c),
                                     headers={"Authorization": "Bearer EMPTY"}) as s:
        async def one(i):
            async with s.post(url + "/chat/completions", data=json.dumps(body(i), ensure_ascii=False).encode(),
                              headers={"Content-Type": "application/json"}) as r:
                data = json.loads(await r.read())
                return data["choices"][0]["message"]["content"]
        return await timed(one, n, c)


async def bare_httpx(url: str, n: int, c: int):
    limits = httpx.Limits(max_connections=c, max_keepalive_connections=c)
    async with httpx.AsyncClient(limits=limits, timeout=60, headers={"Authorization": "Bearer EMPTY"}) as s:
        async def one(i):
            r = await s.post(url + "/chat/completions", json=body(i))
            return r.json()["choices"][0]["message"]["content"]
        return await timed(one, n, c)


async def harness(url: str, n: int, c: int, transport: str = "aiohttp", attempts: int = 6):
    model = OpenAIChatModel("mock", base_url=url, concurrency=c, transport=transport,
                            retry_policy=RetryPolicy(max_attempts=attempts, timeout_s=60),
                            limiter=EndpointLimiter(c))
    try:
        async def one(i):
            return await model.generate(ChatRequest(messages=messages(i), max_tokens=256, sample_id=f"s{i}"))
        rate, cpu, outs = await timed(one, n, c)
        return rate, cpu, outs, model.stats()
    finally:
        await model.aclose()


def server_stats(url: str) -> dict:
    return httpx.get(url.rsplit("/v1", 1)[0] + "/_mock/stats").json()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--latency-ms", type=float, default=100)
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--requests-c1", type=int, default=50)
    ap.add_argument("--concurrency", default="1,16,64,256")
    ap.add_argument("--quick", action="store_true", help="200 requests, c=1 with 20 (a smoke run)")
    args = ap.parse_args()
    if args.quick:
        args.requests, args.requests_c1 = 200, 20
    levels = [int(x) for x in args.concurrency.split(",")]

    proc, url = start_server(latency_ms=args.latency_ms)
    rows = []
    try:
        for c in levels:
            n = args.requests_c1 if c == 1 else args.requests
            a_rate, a_cpu, a_out = asyncio.run(bare_aiohttp(url, n, c))
            x_rate, x_cpu, x_out = asyncio.run(bare_httpx(url, n, c))
            h_rate, h_cpu, h_out, _ = asyncio.run(harness(url, n, c))
            s_rate, s_cpu, s_out, _ = asyncio.run(harness(url, n, c, "sdk"))
            expected = [messages(i)[-1]["content"] for i in range(n)]
            assert a_out == x_out == expected, "bare clients returned wrong replies"
            assert [o.text for o in h_out] == expected == [o.text for o in s_out], "harness returned wrong replies"
            best, best_name = (a_rate, "aiohttp") if a_rate >= x_rate else (x_rate, "httpx")
            rows.append((c, n, a_rate, a_cpu, x_rate, x_cpu, best_name, h_rate, h_cpu, s_rate, s_cpu, best))
            print(f"c={c}: bare aiohttp {a_rate:.0f}/s, httpx {x_rate:.0f}/s, harness {h_rate:.0f}/s, "
                  f"harness/sdk {s_rate:.0f}/s", file=sys.stderr, flush=True)
        clean_64 = next((r[7] for r in rows if r[0] == 64), None)
    finally:
        proc.terminate()
        proc.wait(5)

    proc, url = start_server("--fault-429", "0.1", "--fault-500", "0.05", "--retry-after", "1", "--seed", "1",
                             latency_ms=args.latency_ms)
    try:
        f_rate, f_cpu, f_out, f_stats = asyncio.run(harness(url, args.requests, 64))
        srv = server_stats(url)
    finally:
        proc.terminate()
        proc.wait(5)
    expected = [messages(i)[-1]["content"] for i in range(args.requests)]
    complete = [o.text for o in f_out] == expected and not any(o.error for o in f_out)

    print(f"\nMock server at {args.latency_ms:g} ms latency, separate process; {os.cpu_count()} CPUs; "
          f"Python {sys.version.split()[0]}, aiohttp {aiohttp.__version__}, httpx {httpx.__version__}.\n")
    print("| concurrency | requests | bare aiohttp req/s (CPU ms/req) | bare httpx req/s (CPU ms/req) "
          "| harness req/s | harness / best bare | harness CPU ms/req | harness via openai SDK req/s (CPU ms/req) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c, n, a_rate, a_cpu, x_rate, x_cpu, best_name, h_rate, h_cpu, s_rate, s_cpu, best in rows:
        print(f"| {c} | {n} | {a_rate:.0f} ({a_cpu:.2f}) | {x_rate:.0f} ({x_cpu:.2f}) | {h_rate:.0f} | "
              f"{h_rate / best:.2f} (vs {best_name}) | {h_cpu:.2f} | {s_rate:.0f} ({s_cpu:.2f}) |")
    print(f"\nFaults at c=64, harness, {args.requests} requests: 10% 429 (Retry-After: 1) + 5% 500\n")
    print("| req/s | slowdown vs clean c=64 | all completed, no errors | duplicate successes (server) "
          "| injected 429 / 500 | client retries |")
    print("|---:|---:|---|---:|---:|---:|")
    slowdown = f"{clean_64 / f_rate:.2f}x" if clean_64 else "n/a"
    print(f"| {f_rate:.0f} | {slowdown} | {'yes' if complete else 'NO'} | {srv.get('duplicate_ok', '?')} | "
          f"{srv.get('429', 0)} / {srv.get('500', 0)} | {f_stats['retries']} |")
    return 0 if complete and srv.get("duplicate_ok") == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
