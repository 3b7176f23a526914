"""Scoring time (not asserted anywhere; results go in the issue notes).

1. `agentbench run --suite agent_zh --model scripted:gold` (wall time of the process, fresh run dir).
2. re-scoring: the gold traces of agent_zh scored again and again until 10 000 calls were scored
   (time in this process, after one warm-up pass; whether scipy got imported on the way).

Usage: .venv/bin/python benchmarks/bench_scoring.py [--calls 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from agentbench.agent.gold import gold_outputs
from agentbench.agent.loop import run_scenario
from agentbench.models.scripted import ScriptedModel
from agentbench.paths import builtin_dir
from agentbench.registry import dialects
from agentbench.scenario.loader import load_scenarios
from agentbench.scoring.trace_checks import score_trace
from agentbench.tooling import discover_tools


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=10_000)
    args = parser.parse_args()
    print(f"agentbench run agent_zh scripted:gold: {time_cli_run():.2f} s wall")
    seconds, scored, scipy_loaded = time_rescoring(args.calls)
    print(f"re-score: {scored} expected calls in {seconds:.2f} s ({1e6 * seconds / scored:.0f} us/call); "
          f"scipy imported: {scipy_loaded}")


if __name__ == "__main__":
    main()
