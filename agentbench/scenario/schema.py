"""The scenario file format (YAML). Field docstrings feed `agentbench schema` and docs/scenarios.md."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from agentbench.matchers.matchers import MatcherSpecError, compile_matcher
from agentbench.matchers.spec_schema import with_matchers


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class CallExpect(_Strict):
    """One tool call the model is expected to make in this turn."""

    tool: str
    """Name of the tool that must be called."""
    args: dict[str, Any] = Field(default_factory=dict)
    """Expected arguments: name -> literal or matcher (see docs/scenarios.md#matchers)."""
    allow_extra_args: bool = False
    """Accept arguments not listed in `args` (they must still satisfy the tool's schema)."""
    id: str | None = None
    """Name for this call, so others can say they come `after` it."""
    after: list[str] = Field(default_factory=list)
    """Ids of calls that must complete in an earlier step (only declared orderings are enforced)."""

    @field_validator("args")
    @classmethod
    def _matchers_compile(cls, value: dict[str, Any]) -> dict[str, Any]:
        for name, spec in value.items():
            try:
                compile_matcher(spec, name).example()  # the gold oracle needs a concrete value
            except MatcherSpecError as exc:
                raise ValueError(f"{name}: {exc}" if not exc.path else str(exc)) from None
        return value


class AnswerExpect(_Strict):
    """What the final answer of the turn must (not) contain. Checked deterministically."""

    must_mention: list[str | list[str]] = Field(default_factory=list)
    """Facts that must appear (normalised); a list item that is itself a list means any one of them."""
    must_not_mention: list[str] = Field(default_factory=list)
    """Strings that must not appear (e.g. a fabricated number)."""
    reference: str | None = None
    """A good answer, for judges and reports (not matched literally)."""
    show_images: bool = False
    """Every image URL returned by a tool in this turn must be rendered as ![...](url)."""
    language: Literal["zh", "en", "any"] | None = None
    """Language the answer must be in; defaults to the scenario's language."""
    judge: bool = False
    """The rules cannot tell whether this answer is right (open wording, a summary): with --judge, the
    final-answer judge decides (`answer_judge` scorer); without one the scenario counts as undecided."""


class ClarifyExpect(_Strict):
    """For kind=clarify: the question the model should ask. A question (？, 吗/呢, 请问, 多少, 哪, 几, 什么, 请提供 …)
    about the missing slot passes; a question about something else is UNDECIDED; no question fails."""

    mention_any: list[str] = Field(default_factory=list)
    """Words for the missing slot (e.g. 城市, 哪里); a question naming one is about it. Slot words widen to
    their kind (人数 also accepts 几位 / 多少位 …, see docs/scenarios.md)."""
    missing: list[str] = Field(default_factory=list)
    """The missing arguments, as `arg` or `tool.arg`: their names and JSON-schema descriptions also count as
    slot words. With neither `missing` nor `mention_any`, any question passes."""

    @field_validator("missing")
    @classmethod
    def _argument_names(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if not re.fullmatch(r"[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)?", v)]
        if bad:
            raise ValueError(f"missing: {bad} are not `arg` or `tool.arg` names")
        return value


class DeclineExpect(_Strict):
    """For kind=decline: extra phrasings that count as declining in this scenario."""

    phrases: list[str] = Field(default_factory=list)
    """Phrases (matched after normalisation) that also mean "I cannot do this", e.g. 请拨打人工客服."""


TurnKind = Literal["call", "answer", "decline", "clarify", "recover"]


class TurnExpect(_Strict):
    """What a correct model does in a turn."""

    kind: TurnKind | None = None
    """call: make `calls` then answer; answer: reply without tools; decline: no tool fits, say so;
    clarify: a required argument is missing, ask for it; recover: a tool fails (see `faults`), retry or
    work around it, then answer. Default: `call` when `calls` is given, else `answer`."""
    calls: list[CallExpect] = Field(default_factory=list)
    """Expected calls. Parallel unless ordered by `ordered` or `after`."""
    ordered: bool = False
    """Shorthand: each call must come in a later step than the one listed before it."""
    allow_extra_calls: bool = False
    """Accept successful calls no expectation accounts for."""
    answer: AnswerExpect | None = None
    clarify: ClarifyExpect | None = None
    decline: DeclineExpect | None = None

    @model_validator(mode="after")
    def _consistent(self) -> TurnExpect:
        if self.kind is None:
            self.kind = "call" if self.calls else "answer"
        if self.kind in ("call", "recover") and not self.calls:
            raise ValueError(f"kind {self.kind!r} needs at least one entry in `calls`")
        if self.kind in ("answer", "decline", "clarify") and self.calls:
            raise ValueError(f"kind {self.kind!r} expects no tool call, so `calls` must be empty")
        if self.clarify is not None and self.kind != "clarify":
            raise ValueError("`clarify` is only meaningful with kind: clarify")
        if self.decline is not None and self.kind != "decline":
            raise ValueError("`decline` is only meaningful with kind: decline")
        ids = [c.id for c in self.calls if c.id]
        if len(ids) != len(set(ids)):
            raise ValueError("call ids must be unique within a turn")
        for call in self.calls:
            for dep in call.after:
                if dep not in ids:
                    raise ValueError(f"call {call.id or call.tool!r} is `after` unknown id {dep!r}")
        return self


class Turn(_Strict):
    user: str
    """What the user says."""
    expect: TurnExpect = Field(default_factory=TurnExpect)


class Fault(_Strict):
    """Make a simulated tool fail, to test error recovery."""

    tool: str
    """Tool that fails."""
    times: int = 1
    """How many calls fail before it works again."""
    error: str = "服务暂时不可用，请稍后重试。"
    """Error text returned as the observation."""
    turn: int | None = None
    """Only fail during this turn (0-based); default any turn."""


class Scenario(_Strict):
    """A multi-turn conversation with simulated tools, and what a correct agent does in it."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.\-]+$")
    """Unique id, stable across versions (records and caches key on it)."""
    title: str = ""
    category: str = "未分类"
    """Capability category, used for per-category roll-ups in reports."""
    tags: list[str] = Field(default_factory=list)
    language: Literal["zh", "en"] = "zh"
    """Language of the conversation; final answers must be in it unless a turn says otherwise."""
    system: str | None = None
    """Role instructions added to the system prompt (AgentFabric's `# 指令` section)."""
    tools: list[str] = Field(min_length=0)
    """Names of the simulated tools offered to the model."""
    world: dict[str, Any] = Field(default_factory=dict)
    """Initial state the simulated tools read and write."""
    faults: list[Fault] = Field(default_factory=list)
    max_steps: int = Field(default=6, ge=1, le=50)
    """Model calls allowed per turn before the turn ends as STEP_LIMIT."""
    turns: list[Turn] = Field(min_length=1)
    expect_state: dict[str, Any] = Field(default_factory=dict)
    """Final world state: dotted path (e.g. `bookings[0].name`) -> literal or matcher."""

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The pydantic schema, with the matcher grammar for `args` and `expect_state` values."""
        return with_matchers(super().model_json_schema(*args, **kwargs), [("CallExpect", "args"), ("", "expect_state")])

    @field_validator("expect_state")
    @classmethod
    def _state_matchers_compile(cls, value: dict[str, Any]) -> dict[str, Any]:
        for path, spec in value.items():
            try:
                compile_matcher(spec, path)
            except MatcherSpecError as exc:
                raise ValueError(str(exc)) from None
        return value
