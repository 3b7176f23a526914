"""Roll agent records up into suite metrics (pure function of the records: summary can always be rebuilt).

Definitions (docs/metrics.md):
- pass_rate: scenarios whose every check passed, over decided scenario-trials (the primary score, 0-100).
  A scenario-trial with an UNDECIDED check and no failing one is neither passed nor failed: it is counted in
  `undecided` and left out of pass_rate, by_category and pass@k; `pass_rate_bounds` shows where it could land.
- turn_accuracy: turns with no failing check / decided turns (`undecided_turns` beside it).
- act_em: expected calls matched by a call to the same tool / (expected calls + unaccounted extra calls).
- arg_f1: mean over expected calls of argument F1, ToolBench-style half credit for a present-but-wrong
  value (an unmatched expected call scores 0). Not an accuracy: see strict_arg_match.
- strict_arg_match: expected calls whose every argument check passed / expected calls.
- hallucinated_tool_rate: calls to tools not offered / calls.   format_error_rate: format errors / steps.
- irrelevance_accuracy: decline turns passed / decided decline turns.  clarification_accuracy: same for clarify.
- fabricated_observation_rate: model outputs that wrote their own tool result / model outputs.
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


def _kind_accuracy(totals: dict[str, float], kind: str) -> float | None:
    return _ratio(totals[f"passed_{kind}"], totals[f"turns_{kind}"] - totals[f"undecided_{kind}"])


def aggregate_agent(records: list[dict[str, Any]]) -> dict[str, Any]:
    scored = [r for r in records if not r.get("error")]
    errors = len(records) - len(scored)
    decided = [r for r in scored if r["passed"] is not None]
    undecided = len(scored) - len(decided)
    totals: dict[str, float] = defaultdict(float)
    for r in scored:
        for key, value in r["counts"].items():
            totals[key] += value
    by_scenario: dict[str, list[bool]] = defaultdict(list)
    by_category: dict[str, list[bool]] = defaultdict(list)
    for r in decided:
        by_scenario[r["sample_id"]].append(bool(r["passed"]))
        by_category[r.get("category") or "未分类"].append(bool(r["passed"]))
    passed = sum(bool(r["passed"]) for r in decided)
    pass_rate = _ratio(passed, len(decided))
    metrics: dict[str, Any] = {
        "pass_rate": pass_rate,
        "undecided": undecided,
        "pass_rate_bounds": [_ratio(passed, len(scored)), _ratio(passed + undecided, len(scored))],
        "turn_accuracy": _ratio(totals["turns_passed"], totals["turns"] - totals["turns_undecided"]),
        "undecided_turns": int(totals["turns_undecided"]),
        "act_em": _ratio(totals["act_hits"], totals["expected_calls"] + totals["unaccounted_calls"]),
        "arg_f1": _ratio(totals["arg_f1_sum"], totals["expected_calls"]),
        "strict_arg_match": _ratio(totals["strict_arg_hits"], totals["expected_calls"]),
        "hallucinated_tool_rate": _ratio(totals["hallucinated_calls"], totals["calls"]),
        "fabricated_observation_rate": _ratio(totals["fabricated_observation_steps"], totals["steps"]),
        "format_error_rate": _ratio(totals["format_error_steps"], totals["steps"]),
        "irrelevance_accuracy": _kind_accuracy(totals, "decline"),
        "clarification_accuracy": _kind_accuracy(totals, "clarify"),
        "recovery_accuracy": _kind_accuracy(totals, "recover"),
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
            if code != "UNDECIDED":  # not a failure: counted in `undecided` / `undecided_turns`
                reasons[code] += 1
    metrics["failures_by_reason"] = dict(sorted(reasons.items()))
    return {"n": len(scored), "errors": errors, "score": round(100 * pass_rate, 2) if pass_rate is not None else None,
            "metrics": metrics}
