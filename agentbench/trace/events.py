"""What happened in one agent run: turns, steps, observations. The scorer and viewers read only this."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from agentbench.types import ModelOutput, ParseResult, Strict

Termination = Literal["answer", "format_error", "step_limit", "model_error"]


class ObservationRecord(Strict):
    call_id: str
    tool: str
    ok: bool
    content: str
    error_kind: str | None = None


class Step(Strict):
    """One model call and what followed from it."""

    index: int
    output: ModelOutput
    parse: ParseResult
    observations: list[ObservationRecord] = Field(default_factory=list)


class TurnTrace(Strict):
    index: int
    user: str
    steps: list[Step] = Field(default_factory=list)
    termination: Termination
    answer: str | None = None


class Trace(Strict):
    sample_id: str
    dialect: str
    turns: list[TurnTrace] = Field(default_factory=list)
    world_final: dict[str, Any] = Field(default_factory=dict)
    error: str | None = None
    """A harness error (backend failure after retries): the sample is not scored."""
