"""Call scoring: which actual call answers which expected one, and are its arguments right.

`score_calls(expected, actual, tools)` scores a list of calls without running a loop (the pytest plugin and
cross-checks against BFCL use it); the trace scorer runs the same functions turn by turn.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from agentbench.errors import Reason
from agentbench.scenario.schema import CallExpect, TurnExpect
from agentbench.scoring.arguments import arg_verdicts, expected_hits
from agentbench.scoring.assignment import max_assignment
from agentbench.scoring.verdict import Verdict, fail, ok
from agentbench.trace.events import ObservationRecord
from agentbench.types import ToolCall, ToolSpec


@dataclass
class Actual:
    step: int
    call: ToolCall
    obs: ObservationRecord | None

    @property
    def ok(self) -> bool:
        return self.obs is not None and self.obs.ok

    @property
    def failed(self) -> bool:
        """The tool refused or failed it (no observation, as in score_calls, is not a failure)."""
        return self.obs is not None and not self.obs.ok

    def signature(self) -> str:
        return self.call.name + json.dumps(self.call.arguments, ensure_ascii=False, sort_keys=True)


def _pair_score(exp: CallExpect, act: Actual, spec: ToolSpec | None) -> float:
    if act.call.name != exp.tool:
        return 0.0
    hits = expected_hits(exp, act.call.arguments or {}, spec)
    return 1.0 + hits / max(1, len(exp.args)) + (0.1 if act.ok else 0.0)


def align(expected: list[CallExpect], actual: list[Actual], specs: Mapping[str, ToolSpec]) -> dict[int, int]:
    """Optimal (Hungarian) assignment of expected calls to actual calls of the same tool."""
    if not expected or not actual:
        return {}
    scores = [[_pair_score(e, a, specs.get(e.tool)) for a in actual] for e in expected]
    return {r: c for r, c in max_assignment(scores) if scores[r][c] > 0}


def _order_deps(expect: TurnExpect) -> list[tuple[int, int]]:
    """(before, after) index pairs that were declared."""
    by_id = {c.id: i for i, c in enumerate(expect.calls) if c.id}
    pairs = [(by_id[d], i) for i, c in enumerate(expect.calls) for d in c.after]
    if expect.ordered:
        pairs += [(i - 1, i) for i in range(1, len(expect.calls))]
    return sorted(set(pairs))


def hallucination_verdicts(calls: list[Actual], offered: set[str], turn: int,
                           counts: dict[str, float]) -> list[Verdict]:
    verdicts = []
    for act in calls:
        if act.call.name not in offered:
            counts["hallucinated_calls"] += 1
            verdicts.append(fail("tool_choice", Reason.HALLUCINATED_TOOL, turn, act.step,
                                 f"called {act.call.name!r}, which was not offered", expected=sorted(offered),
                                 actual=act.call.name))
    return verdicts


def call_verdicts(expect: TurnExpect, calls: list[Actual], specs: Mapping[str, ToolSpec], turn: int,
                  counts: dict[str, float]) -> list[Verdict]:
    verdicts: list[Verdict] = []
    pairs = align(expect.calls, calls, specs)
    counts["expected_calls"] += len(expect.calls)
    used = set(pairs.values())
    leftovers = [a for j, a in enumerate(calls) if j not in used and a.call.name in specs]
    unaccounted = [a for a in leftovers if not a.failed]  # failed attempts are judged by the recovery checks
    # A wrong tool is wrong even when it refused the arguments; a failed call to an expected tool is a retry.
    expected_tools = {e.tool for e in expect.calls}
    wrong_tools = [a for a in leftovers if not a.failed or a.call.name not in expected_tools]
    for i, exp in enumerate(expect.calls):
        if i in pairs:
            verdicts += _paired_verdicts(exp, calls[pairs[i]], specs.get(exp.tool), turn, counts)
            continue
        wrong = next((a for a in wrong_tools if a.call.name != exp.tool), None)
        if wrong is not None:
            wrong_tools.remove(wrong)
            if wrong in unaccounted:
                unaccounted.remove(wrong)
            verdicts.append(fail("tool_choice", Reason.WRONG_TOOL, turn, wrong.step,
                                 f"expected {exp.tool}, called {wrong.call.name}", expected=exp.tool,
                                 actual=wrong.call.name))
            counts["unaccounted_calls"] += 1
        else:
            step = max((s.step for s in calls), default=None)
            verdicts.append(fail("tool_choice", Reason.MISSING_CALL, turn, step if step is not None else 0,
                                 f"expected a call to {exp.tool} {json.dumps(exp.args, ensure_ascii=False)}",
                                 expected=exp.tool, actual=[c.call.name for c in calls]))
    if not expect.allow_extra_calls:
        for act in unaccounted:
            counts["unaccounted_calls"] += 1
            verdicts.append(fail("tool_choice", Reason.EXTRA_CALL, turn, act.step,
                                 f"unexpected call {act.call.name} {json.dumps(act.call.arguments, ensure_ascii=False)}",
                                 actual=act.call.name))
    return verdicts + _order_verdicts(expect, calls, pairs, turn)


def _paired_verdicts(exp: CallExpect, act: Actual, spec: ToolSpec | None, turn: int,
                     counts: dict[str, float]) -> list[Verdict]:
    counts["act_hits"] += 1
    verdicts = [ok("tool_choice", turn, act.step, f"called {exp.tool}")]
    if act.call.arguments is None:  # unreadable arguments: already a FORMAT_ERROR, no credit
        return verdicts
    args_verdicts, f1, strict = arg_verdicts(exp, act.call.arguments, act.step, spec, turn)
    counts["arg_f1_sum"] += f1
    counts["strict_arg_hits"] += strict
    return verdicts + args_verdicts


def _order_verdicts(expect: TurnExpect, calls: list[Actual], pairs: dict[int, int], turn: int) -> list[Verdict]:
    verdicts = []
    for before, after in _order_deps(expect):
        if before in pairs and after in pairs:
            a, b = calls[pairs[before]], calls[pairs[after]]
            if b.step <= a.step:
                verdicts.append(fail("order", Reason.ORDER_VIOLATION, turn, b.step,
                                     f"{expect.calls[after].tool} must come after {expect.calls[before].tool} "
                                     f"(steps {a.step} and {b.step})", expected=f"step > {a.step}", actual=b.step))
    return verdicts


# --- score_calls: the same checks on plain lists ---------------------------------------------------------

COUNT_KEYS = ("hallucinated_calls", "expected_calls", "act_hits", "unaccounted_calls", "arg_f1_sum",
              "strict_arg_hits")


def _as_expect(item: CallExpect | Mapping[str, Any]) -> CallExpect:
    return item if isinstance(item, CallExpect) else CallExpect.model_validate(dict(item))


def _as_call(item: ToolCall | Mapping[str, Any], index: int) -> ToolCall:
    if isinstance(item, ToolCall):
        return item
    arguments = item.get("arguments")
    if isinstance(arguments, str):  # OpenAI wire form: arguments are a JSON string
        try:
            arguments = json.loads(arguments)
        except ValueError:
            arguments = None
    if arguments is not None and not isinstance(arguments, dict):
        arguments = None
    return ToolCall(id=str(item.get("id") or f"call_{index}"), name=str(item.get("name", "")),
                    raw=json.dumps(item.get("arguments"), ensure_ascii=False), arguments=arguments)


def _as_specs(tools: Iterable[Any] | Mapping[str, Any]) -> dict[str, ToolSpec]:
    items = tools.values() if isinstance(tools, Mapping) else tools
    specs: dict[str, ToolSpec] = {}
    for tool in items:
        if isinstance(tool, ToolSpec):
            spec = tool
        elif hasattr(tool, "spec") and isinstance(tool.spec, ToolSpec):  # an agentbench Tool
            spec = tool.spec
        else:
            body = dict(tool.get("function", tool))  # OpenAI {"type": "function", "function": {...}} or bare
            spec = ToolSpec(name=body["name"], description=body.get("description", ""),
                            parameters=body.get("parameters") or {"type": "object", "properties": {}})
        specs[spec.name] = spec
    return specs


def score_calls(expected: Iterable[CallExpect | Mapping[str, Any]], actual: Iterable[ToolCall | Mapping[str, Any]],
                tools: Iterable[Any] | Mapping[str, Any], *, ordered: bool = False,
                allow_extra_calls: bool = False) -> list[Verdict]:
    """Score actual calls against expected ones, as one turn of the trace scorer would (see docs/scoring.md).

    expected: CallExpect objects or their YAML form as dicts (`{tool, args, allow_extra_args, id, after}`).
    actual: ToolCall objects or `{name, arguments}` dicts (arguments a dict or a JSON string), in the order
    they were made; the `step` of a verdict is the index of the call. tools: ToolSpecs, agentbench Tools or
    dicts (OpenAI function shape or `{name, parameters}`), as a list or a name -> tool mapping.
    Calls are parallel unless `ordered` or `after` says otherwise. Never raises on the actual calls.
    """
    expect = TurnExpect(calls=[_as_expect(e) for e in expected], ordered=ordered,
                        allow_extra_calls=allow_extra_calls)
    specs = _as_specs(tools)
    calls = [Actual(i, _as_call(c, i), None) for i, c in enumerate(actual)]
    counts: dict[str, float] = dict.fromkeys(COUNT_KEYS, 0.0)
    verdicts = [fail("format", Reason.FORMAT_ERROR, 0, a.step, f"arguments of {a.call.name} are not a JSON object",
                     actual=a.call.raw[:500]) for a in calls if a.call.arguments is None]
    verdicts += hallucination_verdicts(calls, set(specs), 0, counts)
    return verdicts + call_verdicts(expect, calls, specs, 0, counts)


__all__ = ["Actual", "align", "call_verdicts", "hallucination_verdicts", "score_calls"]
