"""A failing scenario record as a message that reads like a failing assert.

The first divergent step: every failing check of that step with the reason code, expected beside actual
and the matcher, then the raw model text of the step, then where the trace is stored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from agentbench.results import Record

INDENT = "    "


def show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _verdict_lines(v: dict[str, Any]) -> list[str]:
    lines = [f"{v.get('reason') or v.get('check')}: {v.get('message') or v.get('check')}"]
    if v.get("expected") is not None or v.get("actual") is not None:
        matcher = f"  (matcher {v['matcher']})" if v.get("matcher") else ""
        lines.append(f"{INDENT}expected: {show(v.get('expected'))}{matcher}")
        lines.append(f"{INDENT}actual:   {show(v.get('actual'))}")
    return lines


def _step_text(record: Record, turn: int | None, step: int | None) -> str | None:
    trace = getattr(record.output, "trace", None)
    if trace is None or turn is None or turn >= len(trace.turns):
        return None
    steps = trace.turns[turn].steps
    if not steps:
        return None
    chosen = steps[step] if step is not None and step < len(steps) else steps[-1]
    out = chosen.output
    calls = [f"[tool call] {c.name} {json.dumps(c.arguments, ensure_ascii=False)}" for c in out.tool_calls]
    return "\n".join([out.text or "", *calls]).strip() or "(empty output)"


def _where(record: Record, out: Path, line: int, scenario_file: Path) -> str:
    key = record.key
    return (f"scenario file: {scenario_file}\n"
            f"stored trace: {out / 'records.jsonl'}:{line}  "
            f"(agentbench show {out} --scenario {key.suite}/{key.sample_id} --trial {key.trial})")


def describe(record: Record, out: Path, line: int, scenario_file: Path) -> str:
    key = record.key
    head = f"scenario {key.sample_id} (trial {key.trial})"
    if record.error is not None:
        return (f"{head}: harness error ({record.error.kind}): {record.error.message}\n"
                f"rerun the same command to retry it\n{_where(record, out, line, scenario_file)}")
    trace = record.scores.get("trace")
    details = trace.details if trace is not None else {}
    first = details.get("first_divergence") or {}
    turn, step = first.get("turn"), first.get("step")
    place = f"turn {turn + 1}" if turn is not None else "the scenario"
    place += f", step {step + 1}" if step is not None else ""
    verdicts = [v for v in details.get("verdicts", []) if not v.get("passed")]
    here = [v for v in verdicts if v.get("turn") == turn and v.get("step") == step] or [first]
    others = [v for v in verdicts if v not in here]
    headline = f"{first.get('reason') or first.get('check')}: {first.get('message', '')}" if first else "no check failed"
    lines = [f"{head} {'failed' if record.passed is False else 'is undecided'} at {place}: {headline}"]
    for v in here:
        lines += [INDENT + x for x in _verdict_lines(v)]
    text = _step_text(record, turn, step)
    if text is not None:
        lines.append("model output of that step:")
        lines += [INDENT + x for x in text.splitlines()]
    if others:
        lines.append(f"also failing ({len(others)}):")
        lines += [f"{INDENT}{v.get('reason')}: {v.get('message')}" for v in others[:5]]
    lines.append(_where(record, out, line, scenario_file))
    return "\n".join(lines)
