"""The trace scorer: every check of a scenario's trace, as verdicts with reason codes.

Pure function of (scenario, trace, tool specs): the same trace always gives byte-identical verdicts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from agentbench.errors import Reason
from agentbench.scenario.schema import Scenario
from agentbench.scoring.answer_checks import check_answer, looks_like_decline, looks_like_question
from agentbench.scoring.calls import Actual, call_verdicts, hallucination_verdicts
from agentbench.scoring.state import check_state
from agentbench.scoring.verdict import Verdict, fail, first_divergence, ok
from agentbench.trace.events import Trace, TurnTrace
from agentbench.types import ToolSpec

NON_TRANSIENT = {"bad_arguments", "tool_error", "unknown_tool", "crash"}
LOOP_LIMIT = 3


@dataclass
class TraceScore:
    verdicts: list[Verdict]
    passed: bool
    turns_passed: list[bool]
    first_divergence: Verdict | None
    counts: dict[str, float] = field(default_factory=dict)


def _actual_calls(tt: TurnTrace) -> list[Actual]:
    out = []
    for step in tt.steps:
        obs = {o.call_id: o for o in step.observations}
        out.extend(Actual(step.index, call, obs.get(call.id)) for call in step.parse.calls)
    return out


def _recovery_verdicts(calls: list[Actual], turn: int, kind: str) -> list[Verdict]:
    verdicts = []
    for i, act in enumerate(calls):
        if act.obs is None or act.ok or act.obs.error_kind not in NON_TRANSIENT:
            continue
        later = [c for c in calls[i + 1:] if c.call.name == act.call.name]
        if later and later[0].signature() == act.signature():
            verdicts.append(fail("recovery", Reason.REPEATED_FAILING_CALL, turn, later[0].step,
                                 f"repeated {act.call.name} with the same arguments after: {act.obs.content}",
                                 actual=act.call.arguments))
    counts: dict[str, list[Actual]] = {}
    for act in calls:
        counts.setdefault(act.signature(), []).append(act)
    for same in counts.values():
        if len(same) >= LOOP_LIMIT:
            verdicts.append(fail("loop", Reason.LOOP, turn, same[LOOP_LIMIT - 1].step,
                                 f"{same[0].call.name} called {len(same)} times with the same arguments"))
    if kind == "recover":
        failed = [c for c in calls if c.obs is not None and not c.ok]
        if failed:
            recovered = any(c.ok for c in calls[calls.index(failed[0]) + 1:])
            if recovered:
                verdicts.append(ok("recovery", turn, message="recovered after a tool error"))
            else:
                verdicts.append(fail("recovery", Reason.NO_RECOVERY, turn, failed[-1].step,
                                     f"no successful call after the error: {failed[-1].obs.content}"))
    return verdicts


def check_turn(scenario: Scenario, tt: TurnTrace, specs: dict[str, ToolSpec], counts: dict[str, float]) -> list[Verdict]:
    turn = tt.index
    expect = scenario.turns[turn].expect
    kind = expect.kind or "answer"
    verdicts: list[Verdict] = []
    calls = _actual_calls(tt)
    counts["steps"] += len(tt.steps)
    counts["calls"] += len(calls)

    for step in tt.steps:
        if step.parse.error is not None:
            counts["format_error_steps"] += 1
            verdicts.append(fail("format", Reason.FORMAT_ERROR, turn, step.index,
                                 f"{step.parse.error}: {step.parse.error_detail or ''}".rstrip(": "),
                                 actual=step.output.text[:500]))
    offered = set(scenario.tools)
    verdicts += hallucination_verdicts(calls, offered, turn, counts)

    if kind in ("answer", "decline", "clarify"):
        reason = {"answer": Reason.CALLED_WITHOUT_NEED, "decline": Reason.CALLED_INSTEAD_OF_DECLINING,
                  "clarify": Reason.CALLED_INSTEAD_OF_ASKING}[kind]
        for act in calls:
            if act.call.name in offered:
                verdicts.append(fail("abstain", reason, turn, act.step, f"called {act.call.name} "
                                     f"{json.dumps(act.call.arguments, ensure_ascii=False)}", expected="no call",
                                     actual=act.call.name))
                break
    else:
        verdicts += call_verdicts(expect, calls, specs, turn, counts)
    verdicts += _recovery_verdicts(calls, turn, kind)

    if tt.termination == "step_limit":
        verdicts.append(fail("termination", Reason.STEP_LIMIT, turn, len(tt.steps) - 1,
                             f"no answer after {len(tt.steps)} steps"))
    elif tt.termination == "model_error":
        verdicts.append(fail("termination", Reason.MODEL_ERROR, turn, len(tt.steps) - 1, "backend failed"))
    elif tt.termination == "answer":
        answer = tt.answer or ""
        last = len(tt.steps) - 1
        if kind == "decline" and not calls:
            verdicts.append(ok("abstain", turn, last, "declined") if looks_like_decline(answer) else
                            fail("abstain", Reason.NOT_A_DECLINE, turn, last, "the answer does not decline",
                                 expected="a refusal (no tool fits)", actual=answer))
        if kind == "clarify" and not calls:
            wanted = expect.clarify.mention_any if expect.clarify else []
            asked = looks_like_question(answer) and (not wanted or any(w in answer for w in wanted))
            verdicts.append(ok("clarify", turn, last, "asked for the missing information") if asked else
                            fail("clarify", Reason.NOT_A_QUESTION, turn, last,
                                 "did not ask for the missing information", expected=wanted or "a question",
                                 actual=answer))
        observations = [o for s in tt.steps for o in s.observations]
        verdicts += check_answer(expect.answer, answer, scenario.language, observations, turn, last)
    return verdicts


COUNT_KEYS = (
    "turns", "turns_passed", "steps", "format_error_steps", "calls", "hallucinated_calls", "expected_calls",
    "act_hits", "unaccounted_calls", "arg_f1_sum", "strict_arg_hits",
)


def score_trace(scenario: Scenario, trace: Trace, specs: dict[str, ToolSpec]) -> TraceScore:
    counts: dict[str, float] = dict.fromkeys(COUNT_KEYS, 0.0)
    verdicts: list[Verdict] = []
    turns_passed: list[bool] = []
    for tt in trace.turns:
        kind = scenario.turns[tt.index].expect.kind or "answer"
        turn_verdicts = check_turn(scenario, tt, specs, counts)
        passed = all(v.passed for v in turn_verdicts)
        turns_passed.append(passed)
        counts["turns"] += 1
        counts["turns_passed"] += passed
        counts[f"turns_{kind}"] = counts.get(f"turns_{kind}", 0) + 1
        counts[f"passed_{kind}"] = counts.get(f"passed_{kind}", 0) + passed
        verdicts += turn_verdicts
    turns_passed += [False] * (len(scenario.turns) - len(trace.turns))  # not reached (harness error)
    if scenario.expect_state and trace.error is None:
        verdicts += check_state(scenario.expect_state, trace.world_final)
    passed = trace.error is None and len(trace.turns) == len(scenario.turns) and all(v.passed for v in verdicts)
    return TraceScore(verdicts, passed, turns_passed, first_divergence(verdicts), counts)


def verdicts_json(score: TraceScore) -> list[dict[str, Any]]:
    return [v.model_dump(mode="json", exclude_defaults=False) for v in score.verdicts]
