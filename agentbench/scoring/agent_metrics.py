"""Roll agent records up into suite metrics (pure function of the records: summary can always be rebuilt).

Definitions (docs/metrics.md):
- pass_rate: scenarios whose every check passed, over scenario-trials (the primary score, 0-100).
- turn_accuracy: turns with no failing check / turns.
- act_em: expected calls matched by a call to the same tool / (expected calls + unaccounted extra calls).
- arg_f1: mean over expected calls of argument F1, ToolBench-style half credit for a present-but-wrong
  value (an unmatched expected call scores 0). Not an accuracy: see strict_arg_match.
- strict_arg_match: expected calls whose every argument check passed / expected calls.
- hallucinated_tool_rate: calls to tools not offered / calls.   format_error_rate: format errors / steps.
- irrelevance_accuracy: decline turns passed / decline turns.  clarification_accuracy: same for clarify.
- pass@k / pass^k (k = trials): a scenario counts for pass@k if any trial passed, for pass^k if all did.
"""

from __future__ import annotations

from collections import defaultdict
from math import comb
from typing import Any


def _ratio(num: float, den: float) -> float | None:
    return round(num / den, 6) if den else None


def _pass_at(n: int, c: int, k: int) -> float:
    return 1.0 - comb(n - c, k) / comb(n, k) if n - c >= k else 1.0


def _pass_hat(n: int, c: int, k: int) -> float:
    return comb(c, k) / comb(n, k)


def aggregate_agent(records: list[dict[str, Any]]) -> dict[str, Any]:
    scored = [r for r in records if not r.get("error")]
    errors = len(records) - len(scored)
    totals: dict[str, float] = defaultdict(float)
    for r in scored:
        for key, value in r["counts"].items():
            totals[key] += value
    by_scenario: dict[str, list[bool]] = defaultdict(list)
    by_category: dict[str, list[bool]] = defaultdict(list)
    for r in scored:
        by_scenario[r["sample_id"]].append(bool(r["passed"]))
        by_category[r.get("category") or "未分类"].append(bool(r["passed"]))
    passed = sum(r["passed"] for r in scored)
    pass_rate = _ratio(passed, len(scored))
    metrics: dict[str, Any] = {
        "pass_rate": pass_rate,
        "turn_accuracy": _ratio(totals["turns_passed"], totals["turns"]),
        "act_em": _ratio(totals["act_hits"], totals["expected_calls"] + totals["unaccounted_calls"]),
        "arg_f1": _ratio(totals["arg_f1_sum"], totals["expected_calls"]),
        "strict_arg_match": _ratio(totals["strict_arg_hits"], totals["expected_calls"]),
        "hallucinated_tool_rate": _ratio(totals["hallucinated_calls"], totals["calls"]),
        "format_error_rate": _ratio(totals["format_error_steps"], totals["steps"]),
        "irrelevance_accuracy": _ratio(totals["passed_decline"], totals["turns_decline"]),
        "clarification_accuracy": _ratio(totals["passed_clarify"], totals["turns_clarify"]),
        "recovery_accuracy": _ratio(totals["passed_recover"], totals["turns_recover"]),
        "harness_errors": errors,
    }
    trials = {len(v) for v in by_scenario.values()}
    if by_scenario and len(trials) == 1:
        k = trials.pop()
        metrics["trials"] = k
        metrics[f"pass@{k}"] = _ratio(sum(_pass_at(k, sum(v), k) for v in by_scenario.values()), len(by_scenario))
        metrics[f"pass^{k}"] = _ratio(sum(_pass_hat(k, sum(v), k) for v in by_scenario.values()), len(by_scenario))
    categories = {c: _ratio(sum(v), len(v)) for c, v in sorted(by_category.items())}
    metrics["by_category"] = categories
    metrics["macro_pass_rate"] = _ratio(sum(categories.values()), len(categories)) if categories else None
    reasons: dict[str, int] = defaultdict(int)
    for r in scored:
        for code in r.get("reasons", []):
            reasons[code] += 1
    metrics["failures_by_reason"] = dict(sorted(reasons.items()))
    return {"n": len(scored), "errors": errors, "score": round(100 * pass_rate, 2) if pass_rate is not None else None,
            "metrics": metrics}
