"""What a report shows, gathered from run directories alone (RunReader; never a model call).

`report_data(dirs)` returns one JSON-able dict: per run its identity, suite summaries (with a headline
CI), invocations.jsonl, harness errors, a small *index* row per record (what the sample list and its
filters need) and the full records (the traces, rendered only when a sample is opened); with two or
more runs, `compare_runs` of the first against each other one.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from agentbench.errors import AgentbenchError
from agentbench.results import Record
from agentbench.store.reader import RunReader

STATUS_ORDER = ("fail", "error", "undecided", "pass")


def status(record: Record) -> str:
    if record.error is not None:
        return "error"
    return {True: "pass", False: "fail", None: "undecided"}[record.passed]


def _tools(record: Record) -> list[str]:
    output = record.output
    if output is None or output.kind != "agent":
        return []
    names = {call.name for turn in output.trace.turns for step in turn.steps for call in step.parse.calls}
    return sorted(n for n in names if n)


def _headline(record: Record) -> str:
    """One line saying why a sample failed: the first divergence, else the primary scorer's answer."""
    if record.error is not None:
        return f"{record.error.kind}: {record.error.message}"
    for score in record.scores.values():
        div = score.details.get("first_divergence")
        if isinstance(div, dict):
            return str(div.get("message", ""))
    for name, score in record.scores.items():
        if score.expected is not None or score.answer is not None:
            gold = "" if score.expected is None else f", gold {score.expected!r}"
            return f"{name}: extracted {score.answer!r}{gold}"
    return ""


def index_row(record: Record) -> dict[str, Any]:
    reasons = sorted({r for s in record.scores.values() for r in s.reasons})
    return {"suite": record.key.suite, "id": record.key.sample_id, "trial": record.key.trial,
            "candidate": record.key.candidate, "status": status(record), "category": record.category,
            "reasons": reasons, "tools": _tools(record), "dialect": str(record.meta.get("dialect", "")),
            "why": _headline(record)[:300]}


def _sample_values(records: list[Record], suite: str) -> list[float]:
    per: dict[str, list[float]] = {}
    for r in records:
        if r.key.suite == suite and r.error is None and r.passed is not None:
            per.setdefault(r.key.sample_id, []).append(float(r.passed))
    return [sum(v) / len(v) * 100 for v in per.values()]


def headline_ci(suite: str, summary: dict[str, Any], records: list[Record]) -> list[float] | None:
    """The suite's own ci95 when its summary has one (scaled like its score), else a bootstrap of the
    per-sample pass rate in percent (agent suites)."""
    ci = (summary.get("metrics") or {}).get("ci95")
    score = summary.get("score")
    if isinstance(ci, list) and len(ci) == 2 and all(isinstance(x, (int, float)) for x in ci):
        scale = 100.0 if isinstance(score, (int, float)) and score > 1.0 and max(ci) <= 1.0 else 1.0
        return [round(ci[0] * scale, 2), round(ci[1] * scale, 2)]
    values = _sample_values(records, suite)
    if not values:
        return None
    from agentbench.scoring.stats import bootstrap_ci

    lo, hi = bootstrap_ci(values)
    return None if math.isnan(lo) else [round(lo, 2), round(hi, 2)]


def _jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict):
            out.append(item)
    return out


def _roles(config: dict[str, Any]) -> dict[str, str]:
    spec = config.get("spec") or {}
    roles = {}
    for name in ("model", "judge", "baseline"):
        role = spec.get(name)
        if isinstance(role, dict) and role.get("model"):
            roles[name] = str(role["model"])
    return roles


def run_data(path: Path) -> dict[str, Any]:
    reader = RunReader(Path(path)).require()
    records = list(reader.records())
    problems = [str(p) for p in reader.problems]
    set_aside = sum(1 for _ in reader.errors())
    config, summary = reader.config(), reader.summary() or {}
    suites = {}
    for name, suite in (summary.get("suites") or {}).items():
        suites[name] = {**suite, "headline_ci95": headline_ci(name, suite, records)}
    return {"dir": str(path), "name": Path(path).name, "candidate": summary.get("candidate")
            or (records[0].key.candidate if records else ""), "roles": _roles(config),
            "identity": config.get("identity") or {}, "agentbench": config.get("agentbench", ""),
            "suites": suites, "invocations": _jsonl(reader.path / "invocations.jsonl"),
            "errors_set_aside": set_aside, "problems": problems,
            "index": [index_row(r) for r in records],
            "records": [r.model_dump(mode="json") for r in records]}


def comparisons(paths: list[Path]) -> list[dict[str, Any]]:
    from agentbench.report.compare import compare_runs

    out = []
    for other in paths[1:]:
        try:
            out.append(compare_runs(paths[0], other))
        except AgentbenchError as exc:  # several models in one run, no records: say so in the report
            out.append({"base": {"run": str(paths[0])}, "tuned": {"run": str(other)}, "error": str(exc),
                        "suites": []})
    return out


def report_data(paths: list[Path]) -> dict[str, Any]:
    from agentbench import __version__

    paths = [Path(p) for p in paths]
    runs = [run_data(p) for p in paths]
    for run in runs:
        for problem in run["problems"]:
            print(f"agentbench: warning: {problem}", file=sys.stderr)
    return {"agentbench": __version__, "runs": runs, "compare": comparisons(paths) if len(paths) > 1 else []}
