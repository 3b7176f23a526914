"""What a run produces, as typed data: a suite's *output* for a sample, the *scores* scorers gave it, and
the *record* envelope the store writes (one per suite x sample x trial x candidate).

Generation and scoring are separate: `Suite.solve` makes an Output, `Suite.score` turns an Output into
Scores (pure, given a judge's replies), so `agentbench rescore` can recompute every score from stored
outputs without calling the candidate model again.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from agentbench.trace.events import Trace
from agentbench.types import Strict, Usage

ErrorKind = Literal["transport", "http_status", "bad_response", "timeout", "tool_crash", "internal"]
ERROR_KINDS: tuple[str, ...] = ErrorKind.__args__  # type: ignore[attr-defined]


class HarnessError(Strict):
    """Why a sample has no score: the harness (backend, tool, our code) failed, not the model's answer."""

    kind: ErrorKind
    message: str


class TextOutput(Strict):
    """One model answer to one prompt (general suites; judged suites build on it)."""

    kind: Literal["text"] = "text"
    messages: list[dict[str, Any]] = Field(default_factory=list)
    """The prompt as sent (after the suite's template)."""
    text: str = ""
    finish_reason: str | None = None
    usage: Usage = Field(default_factory=Usage)
    latency_s: float = 0.0
    error: HarnessError | None = None
    """Set when the backend failed after retries: the output is not scored and a rerun retries it."""


class AgentOutput(Strict):
    """A played scenario: every turn, step, call and observation."""

    kind: Literal["agent"] = "agent"
    trace: Trace


class PairOutput(Strict):
    """Candidate and baseline answers to the same (one- or two-turn) question, for pairwise judging."""

    kind: Literal["pair"] = "pair"
    turns: list[str]
    """The user messages, in order."""
    candidate: list[str] = Field(default_factory=list)
    """The candidate's answer to each turn (each saw its own earlier answers)."""
    baseline: list[str] = Field(default_factory=list)
    baseline_source: str = ""
    """`role` (the --baseline model answered now) or `run:DIR` (answers read from a previous run)."""
    finish_reasons: list[str | None] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    """The candidate's tokens (and the baseline's, when it answered in this run)."""
    latency_s: float = 0.0
    error: HarnessError | None = None


Output = Annotated[TextOutput | AgentOutput | PairOutput, Field(discriminator="kind")]


class Score(Strict):
    """One scorer's verdict on one output."""

    passed: bool | None = None
    """True / False; None when the scorer could not decide (counted as undecided, never as a pass)."""
    value: float | None = None
    """The number this scorer contributes (0..1 for correctness), when it has one."""
    answer: Any = None
    """What the scorer read from the output (an extracted letter or number, a language...); None = nothing."""
    expected: Any = None
    """What it was compared with (the gold answer)."""
    reasons: list[str] = Field(default_factory=list)
    """Reason codes of failing checks (errors.Reason values)."""
    details: dict[str, Any] = Field(default_factory=dict)
    """Scorer-specific evidence: verdicts, counts, the first divergence..."""


class RecordKey(Strict):
    suite: str
    sample_id: str
    trial: int = 0
    candidate: str
    """The candidate model's identity (never a secret, never an endpoint URL)."""

    def tuple(self) -> tuple[str, str, int, str]:
        return (self.suite, self.sample_id, self.trial, self.candidate)


class Record(Strict):
    """The envelope the store writes for one (suite, sample, trial, candidate)."""

    key: RecordKey
    category: str = ""
    meta: dict[str, Any] = Field(default_factory=dict)
    """Small facts about the sample a report groups by (C-Eval group, dialect...)."""
    output: Output | None = None
    """What the model produced (None only when the harness failed before any output)."""
    scores: dict[str, Score] = Field(default_factory=dict)
    """By scorer name; empty when `error` is set."""
    passed: bool | None = None
    """The suite's primary verdict over its scores; None when undecided or when `error` is set."""
    scorer_version: str = ""
    error: HarnessError | None = None

    @property
    def done(self) -> bool:
        """A finished output with scores: a rerun skips it. Harness errors are retried."""
        return self.error is None
