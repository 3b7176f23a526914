"""Readable views of a played trace for tests: `trace.calls`, `trace.called(tool, **args)`,
`trace.final_answer`, `trace.turn(i)`, and `trace.assert_called(...)` whose message shows the trace.

Argument values may be matchers as in scenario files (`{"place": "北京"}`, `{"any_of": [...]}`); checking
goes through `agentbench.scoring.score_calls`, so a test and a scenario file judge a call the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from agentbench.trace.events import Trace, TurnTrace
from agentbench.types import ToolCall, ToolSpec


@dataclass(frozen=True)
class Call:
    tool: str
    arguments: dict[str, Any] | None
    turn: int
    step: int
    ok: bool | None
    """Whether the tool accepted it (None: no observation)."""
    result: str | None

    def __repr__(self) -> str:
        return f"{self.tool}({json.dumps(self.arguments, ensure_ascii=False)})"


def _calls(turns: list[TurnTrace]) -> list[Call]:
    out = []
    for tt in turns:
        for step in tt.steps:
            obs = {o.call_id: o for o in step.observations}
            for c in step.parse.calls:
                o = obs.get(c.id)
                out.append(Call(c.name, c.arguments, tt.index, step.index, o.ok if o else None,
                                o.content if o else None))
    return out


def transcript(turns: list[TurnTrace], mark: tuple[int, int] | None = None) -> str:
    """Every user turn, raw model output and observation; `>>` marks the step `mark` = (turn, step)."""
    lines = []
    for tt in turns:
        lines.append(f"turn {tt.index + 1} user: {tt.user}")
        for step in tt.steps:
            prefix = ">> " if mark == (tt.index, step.index) else "   "
            text = (step.output.text or "").strip() or "(no text)"
            lines += [f"{prefix}step {step.index + 1} model: {text.splitlines()[0]}",
                      *(f"   {' ' * 13}{x}" for x in text.splitlines()[1:])]
            lines += [f"   {' ' * 8}tool call: {c.name} {json.dumps(c.arguments, ensure_ascii=False)}"
                      for c in step.output.tool_calls]
            lines += [f"   {' ' * 8}{'observation' if o.ok else 'tool error'}: {o.content[:200]}"
                      for o in step.observations]
        lines.append(f"   end: {tt.termination}" + (f", answer: {tt.answer}" if tt.answer is not None else ""))
    return "\n".join(lines)


class TurnView:
    def __init__(self, turn: TurnTrace):
        self.raw = turn
        self.user, self.answer, self.termination = turn.user, turn.answer, turn.termination
        self.calls = _calls([turn])
        self.texts = [s.output.text for s in turn.steps]
        """The raw model output of each step."""


class TraceView:
    """A played conversation, for assertions. `raw` is the stored Trace; `score` the scenario's TraceScore
    when a scenario with expectations was played."""

    def __init__(self, trace: Trace, specs: dict[str, ToolSpec], score: Any = None):
        self.raw, self.specs, self.score = trace, specs, score

    @property
    def calls(self) -> list[Call]:
        return _calls(self.raw.turns)

    @property
    def final_answer(self) -> str | None:
        return self.raw.turns[-1].answer if self.raw.turns else None

    def turn(self, i: int) -> TurnView:
        return TurnView(self.raw.turns[i])

    def _failures(self, tool: str, args: dict[str, Any], call: Call) -> list[Any]:
        from agentbench.scoring import score_calls

        actual = [ToolCall(id="c", name=call.tool, arguments=call.arguments)]
        verdicts = score_calls([{"tool": tool, "args": args, "allow_extra_args": True}], actual,
                               self.specs, allow_extra_calls=True)
        return [v for v in verdicts if not v.passed]

    def called(self, tool: str, **args: Any) -> bool:
        """Some call of `tool` whose arguments match `args` (matchers allowed; other arguments are free)."""
        return any(not self._failures(tool, args, c) for c in self.calls if c.tool == tool)

    def assert_called(self, tool: str, **args: Any) -> Call:
        """The first matching call, or an AssertionError showing each near miss and the trace around it."""
        __tracebackhide__ = True
        near: list[tuple[Call, list[Any]]] = []
        for call in self.calls:
            if call.tool != tool:
                continue
            failures = self._failures(tool, args, call)
            if not failures:
                return call
            near.append((call, failures))
        want = f"{tool}({json.dumps(args, ensure_ascii=False)})"
        if not near:
            made = ", ".join(map(repr, self.calls)) or "none"
            raise AssertionError(f"expected a call {want}; calls made: {made}\n{transcript(self.raw.turns)}")
        call, failures = near[0]
        lines = [f"expected a call {want}; {len(near)} call(s) of {tool}, none matches. Closest:"]
        for v in failures:
            lines.append(f"    {v.reason.value if v.reason else v.check}: {v.message}")
        lines.append(transcript(self.raw.turns, mark=(call.turn, call.step)))
        raise AssertionError("\n".join(lines))

    def assert_passed(self) -> None:
        """For a played scenario: every check of its file passed, else the first divergence and the trace."""
        __tracebackhide__ = True
        if self.score is None:
            raise AssertionError("no scenario expectations to check: play a scenario (agent.play_scenario)")
        if self.score.passed:
            return
        first = self.score.first_divergence
        mark = (first.turn, first.step) if first and first.turn is not None and first.step is not None else None
        reason = f"{first.reason.value if first.reason else first.check}: {first.message}" if first else "undecided"
        raise AssertionError(f"scenario {self.raw.sample_id} did not pass: {reason}\n"
                             f"{transcript(self.raw.turns, mark)}")

    def __repr__(self) -> str:
        return f"TraceView({self.raw.sample_id}, calls={self.calls!r}, final_answer={self.final_answer!r})"
