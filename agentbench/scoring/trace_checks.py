"""The trace scorer: every check of a scenario's trace, as verdicts with reason codes.

Pure function of (scenario, trace, tool specs): the same trace always gives byte-identical verdicts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from agentbench.errors import Reason
from agentbench.scenario.schema import Scenario, TurnExpect
from agentbench.scoring.abstain_checks import Recognition, recognise_clarify, recognise_decline, slot_words
from agentbench.scoring.answer_checks import check_answer
from agentbench.scoring.calls import Actual, call_verdicts, hallucination_verdicts
from agentbench.scoring.state import check_state
from agentbench.scoring.verdict import Verdict, fail, first_divergence, ok
from agentbench.trace.events import Trace, TurnTrace
from agentbench.types import ToolSpec

NON_TRANSIENT = {"bad_arguments", "tool_error", "unknown_tool", "crash"}
LOOP_LIMIT = 3
FABRICATED_REPAIR = "fabricated_observation_cut"
"""The repair every text dialect records when the model wrote a non-empty tool result itself."""


@dataclass
class TraceScore:
    verdicts: list[Verdict]
    passed: bool | None
    """True / False, or None when no check failed but one is UNDECIDED (neither passed nor failed)."""
    turns_passed: list[bool | None]
    first_divergence: Verdict | None
    """The earliest failing verdict; for an undecided scenario, the earliest UNDECIDED one."""
    counts: dict[str, float] = field(default_factory=dict)


def is_failure(v: Verdict) -> bool:
    return not v.passed and v.reason != Reason.UNDECIDED


def outcome(verdicts: list[Verdict]) -> bool | None:
    """False if any check failed, else None if any is undecided, else True."""
    if any(is_failure(v) for v in verdicts):
        return False
    return None if any(v.reason == Reason.UNDECIDED for v in verdicts) else True


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
    verdicts += _fabricated_verdicts(tt, turn, counts)  # after the calls: a same-step bad call came first
    verdicts += _recovery_verdicts(calls, turn, kind)

    if tt.termination == "step_limit":
        verdicts.append(fail("termination", Reason.STEP_LIMIT, turn, len(tt.steps) - 1,
                             f"no answer after {len(tt.steps)} steps"))
    elif tt.termination == "model_error":
        verdicts.append(fail("termination", Reason.MODEL_ERROR, turn, len(tt.steps) - 1, "backend failed"))
    elif tt.termination == "answer":
        answer = tt.answer or ""
        last = len(tt.steps) - 1
        if not calls:
            verdicts += _abstain_verdicts(expect, answer, specs, turn, last)
        observations = [o for s in tt.steps for o in s.observations]
        verdicts += check_answer(expect.answer, answer, scenario.language, observations, turn, last)
    return verdicts


def _recognised(check: str, rec: Recognition, reason: Reason, turn: int, step: int, expected: object,
                answer: str) -> Verdict:
    if rec.outcome == "passed":
        return ok(check, turn, step, rec.evidence)
    return fail(check, reason if rec.outcome == "failed" else Reason.UNDECIDED, turn, step, rec.evidence,
                expected=expected, actual=answer)


def _abstain_verdicts(expect: TurnExpect, answer: str, specs: dict[str, ToolSpec], turn: int,
                      step: int) -> list[Verdict]:
    """A decline turn's answer must decline, a clarify turn's must ask about the missing slot."""
    if expect.kind == "decline":
        phrases = expect.decline.phrases if expect.decline else []
        return [_recognised("abstain", recognise_decline(answer, phrases), Reason.NOT_A_DECLINE, turn, step,
                            "a refusal (no tool fits)", answer)]
    if expect.kind == "clarify":
        clarify = expect.clarify
        words = slot_words(clarify.mention_any, clarify.missing, specs) if clarify else set()
        return [_recognised("clarify", recognise_clarify(answer, words), Reason.NOT_A_QUESTION, turn, step,
                            sorted(words) or "a question", answer)]
    return []


def _fabricated_verdicts(tt: TurnTrace, turn: int, counts: dict[str, float]) -> list[Verdict]:
    """A tool result the model wrote itself is a hallucination even though the parser cut it off."""
    verdicts = []
    for step in tt.steps:
        if FABRICATED_REPAIR not in step.parse.repairs:
            continue
        counts["fabricated_observation_steps"] += 1
        kept = step.parse.history_text
        text = step.output.text
        invented = text[len(kept):].strip() if kept is not None and text.startswith(kept) else text
        verdicts.append(fail("hallucination", Reason.FABRICATED_OBSERVATION, turn, step.index,
                             "wrote its own tool result (cut by the parser; the real one was used)",
                             expected="stop before Observation:", actual=invented[:300]))
    return verdicts


COUNT_KEYS = (
    "turns", "turns_passed", "turns_undecided", "steps", "format_error_steps", "fabricated_observation_steps",
    "calls", "hallucinated_calls", "expected_calls", "act_hits", "unaccounted_calls", "arg_f1_sum",
    "strict_arg_hits",
)


def _count_turn(counts: dict[str, float], kind: str, status: bool | None) -> None:
    counts["turns"] += 1
    counts["turns_passed"] += status is True
    counts["turns_undecided"] += status is None
    for key, hit in ((f"turns_{kind}", True), (f"passed_{kind}", status is True),
                     (f"undecided_{kind}", status is None)):
        counts[key] = counts.get(key, 0) + hit


def score_trace(scenario: Scenario, trace: Trace, specs: dict[str, ToolSpec]) -> TraceScore:
    counts: dict[str, float] = dict.fromkeys(COUNT_KEYS, 0.0)
    verdicts: list[Verdict] = []
    turns_passed: list[bool | None] = []
    for tt in trace.turns:
        kind = scenario.turns[tt.index].expect.kind or "answer"
        turn_verdicts = check_turn(scenario, tt, specs, counts)
        status = outcome(turn_verdicts)
        turns_passed.append(status)
        _count_turn(counts, kind, status)
        verdicts += turn_verdicts
    turns_passed += [False] * (len(scenario.turns) - len(trace.turns))  # not reached (harness error)
    if scenario.expect_state and trace.error is None:
        verdicts += check_state(scenario.expect_state, trace.world_final)
    complete = trace.error is None and len(trace.turns) == len(scenario.turns)
    passed = outcome(verdicts) if complete else False
    divergence = first_divergence([v for v in verdicts if is_failure(v)]) or first_divergence(verdicts)
    return TraceScore(verdicts, passed, turns_passed, divergence, counts)


def verdicts_json(score: TraceScore) -> list[dict[str, Any]]:
    return [v.model_dump(mode="json", exclude_defaults=False) for v in score.verdicts]
