"""Verdicts: the outcome of one check, always with both sides and a stable reason code."""

from __future__ import annotations

from typing import Any

from agentbench.errors import REASON_HELP, Reason
from agentbench.types import Strict


class Verdict(Strict):
    check: str
    """Which check: format, tool_choice, arguments, order, abstain, clarify, recovery, loop, answer, state."""
    passed: bool
    reason: Reason | None = None
    """Why it failed (None when passed)."""
    turn: int | None = None
    step: int | None = None
    """Step within the turn where it happened, when it is tied to one."""
    expected: Any = None
    actual: Any = None
    matcher: str | None = None
    message: str = ""

    def line(self) -> str:
        where = f"turn {self.turn}" if self.turn is not None else "scenario"
        if self.step is not None:
            where += f" step {self.step}"
        head = "PASS" if self.passed else f"FAIL {self.reason.value if self.reason else ''}"
        text = f"{head} [{self.check}] {where}: {self.message or (REASON_HELP[self.reason] if self.reason else '')}"
        return text.rstrip()


def fail(check: str, reason: Reason, turn: int | None, step: int | None, message: str,
         expected: Any = None, actual: Any = None, matcher: str | None = None) -> Verdict:
    return Verdict(check=check, passed=False, reason=reason, turn=turn, step=step, expected=expected,
                   actual=actual, matcher=matcher, message=message)


def ok(check: str, turn: int | None, step: int | None = None, message: str = "",
       expected: Any = None, actual: Any = None) -> Verdict:
    return Verdict(check=check, passed=True, turn=turn, step=step, message=message, expected=expected, actual=actual)


def first_divergence(verdicts: list[Verdict]) -> Verdict | None:
    """The earliest failing verdict by (turn, step); scenario-level ones (state) come last."""
    failing = [v for v in verdicts if not v.passed]
    if not failing:
        return None

    def key(v: Verdict) -> tuple[int, int]:
        big = 1 << 30
        return (v.turn if v.turn is not None else big, v.step if v.step is not None else big - 1)

    return min(failing, key=key)
