"""Scoring-path numbers (not asserted anywhere; results go in the issue notes).

1. `agentbench run --suite agent_zh --model scripted:gold` (wall time of the process, fresh run dir).
2. re-scoring: the gold traces of agent_zh scored again and again until 10 000 calls were scored
   (time in this process, after one warm-up pass; whether scipy got imported on the way).
3. load time of the built-in scenario suite (`load_scenarios(scenarios/agent_zh)`), min and median of
   --repeats runs, and the same with the pure-Python YAML loader for comparison;
4. extraction time per sample on pathological replies (whitespace runs, 30 000 digits, repeated
   `\\boxed{`, 1 MB) and on echoed ARC prompts when --data-dir has ARC;
5. hostile scenario files (alias bomb, 1 000-deep nesting), each in a child process with a time limit,
   with its wall time and peak memory.

Usage: .venv/bin/python benchmarks/bench_scoring.py [--calls 10000] [--data-dir ../shared/data]
Sections 3-5 use only public functions and run their children on the same agentbench, so an older
checkout's numbers come from `--only 3,4,5` with PYTHONPATH pointing at it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agentbench.agent.gold import gold_outputs
from agentbench.agent.loop import run_scenario
from agentbench.models.scripted import ScriptedModel
from agentbench.paths import builtin_dir
from agentbench.registry import dialects
from agentbench.scenario.loader import load_scenarios
from agentbench.scoring.trace_checks import score_trace
from agentbench.tooling import discover_tools

REPO = Path(__file__).resolve().parents[1]


def time_cli_run() -> float:
    out = Path(tempfile.mkdtemp()) / "run"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "agentbench.cli", "run", "--suite", "agent_zh", "--model", "scripted:gold",
                    "--out", str(out)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def gold_traces(dialect_name: str = "react_zh") -> list[tuple]:
    tools = discover_tools()
    out = []
    for scenario in load_scenarios([builtin_dir("scenarios") / "agent_zh"]):
        dialect = dialects.create(dialect_name)
        model = ScriptedModel({scenario.id: gold_outputs(scenario, dialect)}, "scripted:gold")
        trace = asyncio.run(run_scenario(scenario, model, dialect, tools))
        out.append((scenario, trace, {n: tools[n].spec for n in scenario.tools}))
    return out


def time_rescoring(calls_wanted: int) -> tuple[float, int, bool]:
    traces = gold_traces()
    for scenario, trace, specs in traces:  # warm-up: lazy imports, caches
        score_trace(scenario, trace, specs)
    scored = 0
    start = time.perf_counter()
    while scored < calls_wanted:
        for scenario, trace, specs in traces:
            scored += int(score_trace(scenario, trace, specs).counts["expected_calls"])
    return time.perf_counter() - start, scored, "scipy" in sys.modules


def child_env() -> dict[str, str]:
    """Children import the same agentbench as this process (this checkout, or the one on PYTHONPATH)."""
    import agentbench

    return {**os.environ, "PYTHONPATH": str(Path(agentbench.__file__).resolve().parents[1])}


def timed(fn: Callable[[], Any], repeats: int) -> tuple[float, float]:
    """(min, median) wall milliseconds of fn()."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def bench_load(repeats: int) -> None:
    import yaml

    from agentbench.scenario import loader

    suite = [REPO / "scenarios" / "agent_zh"]
    count = len(loader.load_scenarios(suite))
    best, median = timed(lambda: loader.load_scenarios(suite), repeats)
    print(f"load built-in suite ({count} files): min {best:.1f} ms, median {median:.1f} ms")
    if hasattr(loader, "_Loader"):  # this checkout picks the loader in one place: time the fallback too
        kept, loader._Loader = loader._Loader, yaml.SafeLoader
        best, median = timed(lambda: loader.load_scenarios(suite), repeats)
        loader._Loader = kept
        print(f"  with the pure-Python loader: min {best:.1f} ms, median {median:.1f} ms")


PATHOLOGICAL = {
    "'选' + 200 spaces + 'Z'": "选" + " " * 200 + "Z",
    "'####' + 10 000 spaces": "####" + " " * 10_000,
    "30 000 digits": "9" * 30_000,
    "\\boxed{ x 5 000": "\\boxed{" * 5_000,
    "12345678901234567890123.5": "12345678901234567890123.5",
    "1 MB prose": "The cat sat on the mat. " * 44_000,
    "1 MB of '1 '": "1 " * 500_000,
}


def _child_time(expr: str, text: str, limit_s: float) -> str:
    """Run one extraction in a child so a hang is a number, not a stuck benchmark."""
    code = (f"import sys, time, json; from agentbench.scoring.extraction import *; text = json.load(sys.stdin); "
            f"extract_choice('warm up'); extract_number('the patterns'); t = time.perf_counter()\ntry:\n    {expr}\n    print(f'{{(time.perf_counter() - t) * 1000:.1f}} ms')\n"
            f"except Exception as exc:\n    print(f'raised {{type(exc).__name__}}')")
    try:
        done = subprocess.run([sys.executable, "-c", code], input=json.dumps(text), capture_output=True, text=True,
                              timeout=limit_s, env=child_env())
    except subprocess.TimeoutExpired:
        return f"> {limit_s:g} s (killed)"
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def bench_extraction(data_dir: Path | None, limit_s: float) -> None:
    print(f"extraction per sample (child process, limit {limit_s:g} s):")
    for name, text in PATHOLOGICAL.items():
        choice = _child_time("extract_choice(text)", text, limit_s)
        number = _child_time("extract_number(text)", text, limit_s)
        print(f"  {name:28s} choice {choice:>18s}   number {number:>18s}")
    if data_dir and (data_dir / "arc" / "ARC-Easy-Test.jsonl").is_file():
        bench_echo(data_dir)


def bench_echo(data_dir: Path) -> None:
    try:
        from agentbench.suites import SuiteSettings, make_suite

        arc = make_suite("arc", SuiteSettings(data_dir=data_dir))
    except ImportError:  # a checkout from before SuiteSettings
        import agentbench.suites  # noqa: F401  (registers the suites)
        from agentbench.registry import suites

        arc = suites.create("arc", data_dir=data_dir)
    samples = arc.samples()
    start = time.perf_counter()
    chosen = sum(arc.extract(s, arc.messages(s)[-1]["content"])["flexible"] is not None for s in samples)
    per = (time.perf_counter() - start) * 1000 / len(samples)
    print(f"  ARC echo replies: {per:.2f} ms per sample; {chosen} of {len(samples)} read as a choice")


HOSTILE = {
    "alias bomb (9 levels of 9)": "id: x\n" + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ).replace("*a", '"lol"'),
    "1 000-deep flow nesting": "id: x\nworld: " + "[" * 1000 + "]" * 1000 + "\n",
    "300-deep block nesting": "id: x\nworld:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 300)) + "  " * 300 + "v\n",
}


def bench_hostile(limit_s: float) -> None:
    print(f"hostile scenario files (child process, limit {limit_s:g} s):")
    code = ("import sys, time, resource; from agentbench.scenario import parse_scenario; text = sys.stdin.read(); "
            "t = time.perf_counter()\ntry:\n    parse_scenario(text, 'f.yaml'); outcome = 'accepted'\n"
            "except BaseException as exc:\n    outcome = f'{type(exc).__name__}: {str(exc)[:70]}'\n"
            "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\n"
            "print(f'{(time.perf_counter() - t) * 1000:.0f} ms, peak {rss} MB, {outcome}')")
    for name, text in HOSTILE.items():
        try:
            done = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True,
                                  timeout=limit_s, env=child_env())
            result = done.stdout.strip() or done.stderr.strip().splitlines()[-1]
        except subprocess.TimeoutExpired:
            result = f"> {limit_s:g} s (killed)"
        print(f"  {name:28s} {len(text):6d} bytes: {result}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--data-dir", type=Path, default=None, help="folder with arc/ (for the echo numbers)")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--limit-s", type=float, default=60.0, help="time limit of each child process")
    parser.add_argument("--only", default="1,2,3,4,5", help="comma-separated section numbers")
    args = parser.parse_args()
    sections = set(args.only.split(","))
    if "1" in sections:
        print(f"agentbench run agent_zh scripted:gold: {time_cli_run():.2f} s wall")
    if "2" in sections:
        seconds, scored, scipy_loaded = time_rescoring(args.calls)
        print(f"re-score: {scored} expected calls in {seconds:.2f} s ({1e6 * seconds / scored:.0f} us/call); "
              f"scipy imported: {scipy_loaded}")
    if "3" in sections:
        bench_load(args.repeats)
    if "4" in sections:
        bench_extraction(args.data_dir, args.limit_s)
    if "5" in sections:
        bench_hostile(args.limit_s)


if __name__ == "__main__":
    main()
