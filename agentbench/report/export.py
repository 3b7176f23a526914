"""Markdown and JSON summaries of one or more runs (CI comments, notebooks): headline scores with CIs,
per-category tables, comparisons, failing samples. Made from `report_data` (the run directories alone);
every cell from a run goes through `md()`, so a model's text cannot break the table or inject HTML."""

from __future__ import annotations

import json
from typing import Any

from agentbench.report.compare import md, to_markdown

FAILURES_SHOWN = 30


def _num(x: Any) -> str:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return "–" if x is None else md(x)
    return str(x) if isinstance(x, int) else f"{x:.2f}"


def _ci(c: Any) -> str:
    return f"[{_num(c[0])}, {_num(c[1])}]" if isinstance(c, list) and len(c) == 2 else "–"


def summary_json(data: dict[str, Any]) -> dict[str, Any]:
    """The report without the traces: per run, the suite summaries and the failing samples' index rows."""
    runs = []
    for run in data["runs"]:
        failing = [row for row in run["index"] if row["status"] != "pass"]
        runs.append({k: v for k, v in run.items() if k not in ("records", "index")} | {"failing": failing})
    return {"agentbench": data["agentbench"], "runs": runs, "compare": data["compare"]}


def _breakdown(name: str, metrics: dict[str, Any]) -> list[str]:
    lines = []
    for key, value in metrics.items():
        if not isinstance(value, dict) or not value:
            continue
        if all(isinstance(v, dict) for v in value.values()):
            cols = list(dict.fromkeys(c for v in value.values() for c in v))
            lines += ["", f"**{md(name)} · {md(key)}**", "", "| " + " | ".join([md(key)] + [md(c) for c in cols]) + " |",
                      "|---" * (len(cols) + 1) + "|"]
            for k, v in value.items():
                cells = [_ci(v.get(c)) if isinstance(v.get(c), list) else _num(v.get(c)) for c in cols]
                lines.append("| " + " | ".join([md(k)] + cells) + " |")
        elif all(isinstance(v, (int, float)) for v in value.values()):
            lines += ["", f"**{md(name)} · {md(key)}**", "", f"| {md(key)} | value |", "|---|---:|"]
            lines += [f"| {md(k)} | {_num(v)} |" for k, v in value.items()]
    return lines


def summary_markdown(data: dict[str, Any]) -> str:
    lines = ["## agentbench report", "", "| run | candidate | suite | score | 95% CI | n | harness errors |",
             "|---|---|---|---:|---|---:|---:|"]
    for i, run in enumerate(data["runs"], 1):
        for name, suite in run["suites"].items():
            lines.append(f"| #{i} `{md(run['name'])}` | {md(run['candidate'])} | {md(name)} | {_num(suite.get('score'))} | "
                         f"{_ci(suite.get('headline_ci95'))} | {suite.get('n', '–')} | {suite.get('errors', 0)} |")
    for i, run in enumerate(data["runs"], 1):
        for name, suite in run["suites"].items():
            m = suite.get("metrics") or {}
            if isinstance(m.get("wins"), int) and isinstance(m.get("losses"), int):
                lines += ["", f"#{i} {md(name)}: W/T/L {m['wins']}/{m.get('ties', 0)}/{m['losses']}, 胜和率 "
                          f"{_num(100 * m['win_tie_rate'] if isinstance(m.get('win_tie_rate'), float) else None)}"]
            lines += _breakdown(f"#{i} {name}", suite.get("metrics") or {})
    for result in data["compare"]:
        lines += ["", "### comparison", ""]
        lines += [md(result["error"])] if result.get("error") else to_markdown(result).rstrip("\n").splitlines()
    for i, run in enumerate(data["runs"], 1):
        failing = [row for row in run["index"] if row["status"] != "pass"]
        if not failing:
            continue
        lines += ["", f"### #{i} failing or undecided samples ({len(failing)})", "", "| sample | outcome | reasons | why |",
                  "|---|---|---|---|"]
        for row in failing[:FAILURES_SHOWN]:
            lines.append(f"| {md(row['suite'] + '/' + row['id'] + ' #' + str(row['trial']))} | {row['status']} | "
                         f"{md(' '.join(row['reasons']))} | {md(row['why'])} |")
        if len(failing) > FAILURES_SHOWN:
            lines.append(f"\n… and {len(failing) - FAILURES_SHOWN} more (see the HTML report)")
    return "\n".join(lines) + "\n"


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(summary_json(data), ensure_ascii=False, indent=2) + "\n"
