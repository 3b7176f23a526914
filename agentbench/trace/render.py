"""Plain-text views of runs and traces for `agentbench show` and the pytest plugin."""

from __future__ import annotations

import json
from typing import Any

from agentbench.errors import REASON_HELP, Reason

HEADLINE = ("pass_rate", "undecided", "turn_accuracy", "act_em", "arg_f1", "strict_arg_match",
            "hallucinated_tool_rate", "fabricated_observation_rate", "format_error_rate", "irrelevance_accuracy",
            "clarification_accuracy")


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def render_summary(summary: dict[str, Any]) -> str:
    lines = [f"model: {summary.get('model', '?')}"]
    for name, suite in summary.get("suites", {}).items():
        score = suite.get("score")
        lines.append(f"\n{name}: n={suite.get('n')} score={_fmt(score)}"
                     + (f" dialect={suite['dialect']}" if suite.get("dialect") else ""))
        metrics = suite.get("metrics", {})
        shown = [k for k in HEADLINE if k in metrics] or [k for k, v in metrics.items() if not isinstance(v, dict)]
        for key in shown + [k for k in metrics if k.startswith("pass@") or k.startswith("pass^")]:
            lines.append(f"  {key:<24} {_fmt(metrics[key])}")
        for group in ("by_category", "failures_by_reason"):
            if metrics.get(group):
                lines.append(f"  {group}:")
                lines += [f"    {k:<22} {_fmt(v)}" for k, v in metrics[group].items()]
        for key, value in metrics.items():  # other breakdowns (splits, categories, ...) on one line each
            if isinstance(value, dict) and value and key not in ("by_category", "failures_by_reason", "subjects"):
                if all(isinstance(v, dict) for v in value.values()):
                    lines.append(f"  {key}:")
                    lines += [f"    {k:<22} " + ", ".join(f"{a}={_fmt(b)}" for a, b in v.items()) for k, v in value.items()]
                else:
                    lines.append(f"  {key:<24} " + ", ".join(f"{k}={_fmt(v)}" for k, v in value.items()))
    return "\n".join(lines)


def _divergence_line(div: dict[str, Any] | None) -> str:
    if not div:
        return ""
    where = f"turn {div['turn']}" if div.get("turn") is not None else "final state"
    if div.get("step") is not None:
        where += f" step {div['step']}"
    return f"{div['reason']} at {where}: {div['message']}"


def _failure_line(r: dict[str, Any]) -> str:
    sid = r["sample_id"]
    name = sid if sid.startswith(f"{r['suite']}/") else f"{r['suite']}/{sid}"
    head = f"  {name} #{r['trial']}  "
    if r.get("error"):
        return head + f"HARNESS ERROR {r['error']}"
    if "first_divergence" in r:
        return head + _divergence_line(r["first_divergence"])
    extracted = (r.get("extracted") or {}).get("flexible")
    got = "INVALID (nothing extracted)" if extracted is None else f"extracted {extracted}"
    return head + f"{got}, answer {r.get('answer')}" + ("  [language mismatch]" if r.get("language_mismatch") else "")


def render_failures(records: list[dict[str, Any]], limit: int = 40) -> str:
    # an undecided agent scenario (passed None, a first_divergence with UNDECIDED) is listed too: not a pass
    failing = [r for r in records if r.get("passed") is False or r.get("error")
               or r.get("passed", False) is None and r.get("first_divergence")]
    if not failing:
        return "all samples passed"
    lines = [f"{len(failing)} failing sample(s):"] + [_failure_line(r) for r in failing[:limit]]
    if len(failing) > limit:
        lines.append(f"  ... and {len(failing) - limit} more (records.jsonl has them all)")
    return "\n".join(lines)


def _indent(text: str, prefix: str = "      ") -> str:
    return "\n".join(prefix + line for line in (text or "").splitlines()) or prefix + "(empty)"


def _status(passed: bool | None) -> str:
    return "UNDECIDED" if passed is None else "PASS" if passed else "FAIL"


def render_trace(record: dict[str, Any]) -> str:
    """Step by step: what the model wrote, what the parser read, what the tools said, then the verdicts."""
    trace = record["trace"]
    lines = [f"scenario {record['sample_id']}  trial {record['trial']}  model {record['model']}  "
             f"dialect {trace['dialect']}  {_status(record['passed'])}"]
    verdicts = record.get("verdicts", [])
    for turn in trace["turns"]:
        lines.append(f"\n── turn {turn['index']} ── user: {turn['user']}")
        for step in turn["steps"]:
            parse = step["parse"]
            lines.append(f"  step {step['index']}: model wrote:")
            lines.append(_indent(step["output"]["text"]))
            for call in step["output"].get("tool_calls") or []:
                lines.append(f"      [native call] {call['name']} {call['raw']}")
            if parse.get("error"):
                lines.append(f"    parse: FORMAT ERROR {parse['error']} {parse.get('error_detail') or ''}")
            for call in parse.get("calls", []):
                args = json.dumps(call["arguments"], ensure_ascii=False) if call["arguments"] is not None else call["raw"]
                lines.append(f"    call {call['name']} {args}")
            if parse.get("repairs"):
                lines.append(f"    repairs: {', '.join(parse['repairs'])}")
            for obs in step.get("observations", []):
                mark = "ok" if obs["ok"] else f"ERROR {obs.get('error_kind')}"
                lines.append(f"    observation ({obs['tool']}, {mark}): {obs['content'][:300]}")
            for v in verdicts:
                if v["turn"] == turn["index"] and v["step"] == step["index"] and not v["passed"]:
                    lines.append(f"    ✗ {v['reason']}: {v['message']}")
        lines.append(f"  end: {turn['termination']}" + (f" — answer: {turn['answer']}" if turn.get("answer") else ""))
        for v in verdicts:
            if v["turn"] == turn["index"] and v["step"] is None and not v["passed"]:
                lines.append(f"    ✗ {v['reason']}: {v['message']}")
    state = [v for v in verdicts if v["turn"] is None and not v["passed"]]
    if state:
        lines.append("\n── final state ──")
        lines += [f"    ✗ {v['reason']}: {v['message']}" for v in state]
    lines.append("\nverdicts:")
    for v in verdicts:
        where = f"t{v['turn']}" if v["turn"] is not None else "state"
        where += f"s{v['step']}" if v["step"] is not None else ""
        mark = "✓" if v["passed"] else f"✗ {v['reason']}"
        lines.append(f"  {mark:<28} {where:<7} [{v['check']}] {v['message']}")
    if not record["passed"]:
        div = record.get("first_divergence")
        lines.append(f"\nfirst divergence: {_divergence_line(div)}")
        if div and div.get("reason"):
            lines.append(f"  ({REASON_HELP[Reason(div['reason'])]})")
    return "\n".join(lines)
