"""Plain-text views of runs and records for `agentbench show`, `run` and the pytest plugin.

Every rate and score prints on one scale (0-100, one decimal); model text is stripped of terminal
control characters; tables align Chinese text by display width.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from agentbench.errors import REASON_HELP, Reason
from agentbench.report.judged_text import answer_judge_line, judged_lines
from agentbench.results import AgentOutput, Record, TextOutput
from agentbench.runs.summary import FailureDigest
from agentbench.text.display import safe, table

AGENT_HEADLINE = ("pass_rate", "undecided", "turn_accuracy", "act_em", "arg_f1", "strict_arg_match",
                  "hallucinated_tool_rate", "fabricated_observation_rate", "format_error_rate", "irrelevance_accuracy", "clarification_accuracy", "recovery_accuracy",
                  "macro_pass_rate")
FRACTIONS = set(AGENT_HEADLINE) - {"undecided"}
GENERAL_HEADLINE = ("accuracy", "ci95", "accuracy_strict", "invalid_rate", "language_mismatch_rate")
SKIP = {"subjects", "by_category", "failures_by_reason", "invalid", "ci95_strict", "trials", "pipeline",
        "language_mismatch", "language_undetected", "samples", "n", "errors", "harness_errors"}


def _is_fraction(key: str) -> bool:
    return key in FRACTIONS or key.endswith("_rate") or key.startswith(("pass@", "pass^"))


def fmt(value: Any, fraction: bool = False) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        number = value * 100 if fraction else value
        return f"{number:.1f}" if isinstance(number, float) or fraction else str(number)
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value):
        return f"[{fmt(value[0], fraction)}, {fmt(value[1], fraction)}]"
    if isinstance(value, dict):
        return ", ".join(f"{k}={fmt(v, fraction or _is_fraction(k))}" for k, v in value.items())
    return safe(str(value))


def _metric_rows(metrics: dict[str, Any]) -> list[list[str]]:
    keys = [k for k in (*AGENT_HEADLINE, *GENERAL_HEADLINE) if k in metrics]
    keys += [k for k in metrics if k.startswith(("pass@", "pass^"))]
    keys += [k for k, v in metrics.items() if k not in keys and k not in SKIP and not isinstance(v, dict)]
    return [[k, fmt(metrics[k], _is_fraction(k))] for k in keys]


def _breakdowns(metrics: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if metrics.get("by_category"):
        lines.append("  by category (pass rate):")
        lines += table([[k, fmt(v, True)] for k, v in metrics["by_category"].items()], {1}, "    ")
    for key, value in metrics.items():
        if key in SKIP or not isinstance(value, dict) or not value:
            continue
        if all(isinstance(v, dict) for v in value.values()):
            lines.append(f"  {key}:")
            rows = [[k, fmt(v.get("accuracy")), f"n={v.get('n', '-')}"] for k, v in value.items()]
            lines += table(rows, {1, 2}, "    ")
    return lines


def render_summary(summary: dict[str, Any], invocation: dict[str, Any] | None = None) -> str:
    lines = [f"candidate: {safe(str(summary.get('candidate', '?')))}"]
    for name, suite in summary.get("suites", {}).items():
        head = f"\n{name}: score {fmt(suite.get('score'))} (0-100)  n={suite.get('n')}  harness errors={suite.get('errors', 0)}"
        if suite.get("dialect"):
            head += f"  dialect={suite['dialect']}"
        lines.append(head)
        metrics = suite.get("metrics", {})
        judged = judged_lines(suite)
        if judged is not None:
            lines[-1] = lines[-1].replace(" (0-100)", f" ({suite.get('scale', '0-100')})")
            lines += judged
        else:
            lines += table(_metric_rows(metrics), {1})
            lines += _breakdowns(metrics)
        if (decided := answer_judge_line(metrics)) is not None:
            lines.append(decided)
        reasons = metrics.get("failures_by_reason") or {}
        if reasons:
            lines.append("  failing samples by reason:")
            lines += table([[k, str(v)] for k, v in sorted(reasons.items(), key=lambda kv: -kv[1])], {1}, "    ")
        usage = suite.get("usage")
        if usage and usage.get("model_calls"):
            lines.append(f"  model calls {usage['model_calls']}, tokens {usage['prompt_tokens']} in / "
                         f"{usage['completion_tokens']} out, latency {usage['latency_s']:.1f} s")
        if suite.get("warning"):
            lines.append(f"  warning: {suite['warning']}")
    for role, stats in (invocation or {}).items():
        if stats:
            n = {k: (v if isinstance(v, (int, float)) and not isinstance(v, bool) else 0) for k, v in stats.items()}
            lines.append(f"\n{role} this run: calls {int(n.get('calls', 0))}, retries {int(n.get('retries', 0))}, "
                         f"errors {int(n.get('errors', 0))}, tokens {int(n.get('prompt_tokens', 0))} in / "
                         f"{int(n.get('completion_tokens', 0))} out, latency {n.get('latency_s', 0.0):.1f} s, "
                         f"cost ${n.get('cost_usd', 0.0):.4f}, cache hits {int(n.get('cache_hits', 0))}")
    return "\n".join(lines)


def sample_name(record: Record) -> str:
    sid = record.key.sample_id
    name = sid if sid.startswith(f"{record.key.suite}/") else f"{record.key.suite}/{sid}"
    return f"{name} #{record.key.trial}"


def _divergence_line(div: dict[str, Any] | None) -> str:
    if not div:
        return ""
    where = f"turn {div['turn']}" if div.get("turn") is not None else "final state"
    if div.get("step") is not None:
        where += f" step {div['step']}"
    return safe(f"{div['reason']} at {where}: {div['message']}")


def failure_line(record: Record) -> str:
    head = f"  {sample_name(record)}  "
    if record.error is not None:
        return head + f"HARNESS ERROR ({record.error.kind}) {safe(record.error.message[:200])}"
    trace = record.scores.get("trace")
    if trace is not None:
        return head + (_divergence_line(trace.details.get("first_divergence")) or "undecided")
    flexible = record.scores.get("flexible")
    got = "INVALID (nothing extracted)" if flexible is None or flexible.answer is None else f"extracted {flexible.answer}"
    language = record.scores.get("language")
    mismatch = "  [language mismatch]" if language is not None and language.passed is False else ""
    return head + safe(f"{got}, answer {flexible.expected if flexible else '?'}") + mismatch


def status(record: Record) -> str:
    if record.error is not None:
        return "HARNESS ERROR"
    return "PASS" if record.passed else "FAIL" if record.passed is False else "UNDECIDED"


def render_failures(records: Iterable[Record] | FailureDigest, limit: int = 40) -> str:
    """Failing and undecided samples and harness errors, counted by sample (streams the records)."""
    digest = records if isinstance(records, FailureDigest) else FailureDigest(limit)
    if not isinstance(records, FailureDigest):
        for record in records:
            digest.add(record)
    if not digest.failing and not digest.errors:
        return "no failing sample and no harness error"
    lines = [f"{digest.failing} failing or undecided sample(s), {digest.errors} harness error(s):"]
    lines += [failure_line(r) for r in digest.shown]
    hidden = digest.failing + digest.errors - len(digest.shown)
    if hidden > 0:
        lines.append(f"  ... and {hidden} more (agentbench show RUN --scenario ID for one)")
    return "\n".join(lines)


def _indent(text: str, prefix: str = "      ") -> str:
    return "\n".join(prefix + line for line in safe(text or "").splitlines()) or prefix + "(empty)"


def render_record(record: Record) -> str:
    if isinstance(record.output, AgentOutput):
        return render_trace(record)
    lines = [f"sample {sample_name(record)}  candidate {safe(record.key.candidate)}  {status(record)}"]
    if isinstance(record.output, TextOutput):
        prompt = record.output.messages[-1]["content"] if record.output.messages else ""
        lines += ["prompt (last message):", _indent(str(prompt)), "model wrote:", _indent(record.output.text)]
    for name, score in record.scores.items():
        verdict = "✓" if score.passed else "✗" if score.passed is False else "?"
        lines.append(f"  {verdict} {name:<10} read {fmt(score.answer)}  expected {fmt(score.expected)}")
    if record.error is not None:
        lines.append(f"harness error ({record.error.kind}): {safe(record.error.message)}")
    return "\n".join(lines)


def render_trace(record: Record) -> str:
    """Step by step: what the model wrote, what the parser read, what the tools said, then the verdicts."""
    trace = record.output.trace
    score = record.scores.get("trace")
    verdicts = score.details.get("verdicts", []) if score else []
    lines = [f"scenario {sample_name(record)}  candidate {safe(record.key.candidate)}  dialect {trace.dialect}  "
             f"{status(record)}"]
    for turn in trace.turns:
        lines.append(f"\n── turn {turn.index} ── user: {safe(turn.user)}")
        for step in turn.steps:
            parse = step.parse
            lines.append(f"  step {step.index}: model wrote:")
            lines.append(_indent(step.output.text))
            for call in step.output.tool_calls:
                lines.append(f"      [native call] {safe(call.name)} {safe(call.raw)}")
            if parse.error:
                lines.append(f"    parse: FORMAT ERROR {parse.error} {safe(parse.error_detail or '')}")
            for call in parse.calls:
                args = json.dumps(call.arguments, ensure_ascii=False) if call.arguments is not None else call.raw
                lines.append(f"    call {safe(call.name)} {safe(args)}")
            if parse.repairs:
                lines.append(f"    repairs: {', '.join(parse.repairs)}")
            for obs in step.observations:
                mark = "ok" if obs.ok else f"ERROR {obs.error_kind}"
                lines.append(f"    observation ({obs.tool}, {mark}): {safe(obs.content[:300])}")
            for v in verdicts:
                if v["turn"] == turn.index and v["step"] == step.index and not v["passed"]:
                    lines.append(f"    ✗ {v['reason']}: {safe(v['message'])}")
        lines.append(f"  end: {turn.termination}" + (f" — answer: {safe(turn.answer)}" if turn.answer else ""))
        for v in verdicts:
            if v["turn"] == turn.index and v["step"] is None and not v["passed"]:
                lines.append(f"    ✗ {v['reason']}: {safe(v['message'])}")
    state = [v for v in verdicts if v["turn"] is None and not v["passed"]]
    if state:
        lines.append("\n── final state ──")
        lines += [f"    ✗ {v['reason']}: {safe(v['message'])}" for v in state]
    if record.error is not None:
        lines.append(f"\nharness error ({record.error.kind}): {safe(record.error.message)}")
    lines.append("\nverdicts:")
    for v in verdicts:
        where = f"t{v['turn']}" if v["turn"] is not None else "state"
        where += f"s{v['step']}" if v["step"] is not None else ""
        mark = "✓" if v["passed"] else f"✗ {v['reason']}"
        lines.append(f"  {mark:<28} {where:<7} [{v['check']}] {safe(v['message'])}")
    if record.passed is not True and score is not None and score.details.get("first_divergence"):
        div = score.details.get("first_divergence")
        lines.append(f"\nfirst divergence: {_divergence_line(div)}")
        if div and div.get("reason") in Reason.__members__:
            lines.append(f"  ({REASON_HELP[Reason(div['reason'])]})")
    return "\n".join(lines)
