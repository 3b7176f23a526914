"""Core value types shared by every layer: messages, tools, calls, model outputs, parse results.

All are pydantic v2 models with unknown keys forbidden, so a typo in stored data or config is an error.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    """Base for every agentbench record: unknown keys are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


Role = Literal["system", "user", "assistant", "tool"]


class ToolSpec(Strict):
    """A tool as offered to the model (OpenAI function shape, JSON Schema parameters)."""

    name: str
    """Name the model must use to call the tool (e.g. `amap_weather`)."""
    description: str
    """What the tool is for, in the language the model is prompted in."""
    parameters: dict[str, Any] = Field(default_factory=lambda: {"type": "object", "properties": {}})
    """JSON Schema of the arguments object."""

    def openai(self) -> dict[str, Any]:
        return {
            "type": "function",
            "function": {"name": self.name, "description": self.description, "parameters": self.parameters},
        }


class ToolCall(Strict):
    """One tool call as the model wrote it, with what the parser made of it.

    A malformed call is data, not an exception: `parse_error` says what went wrong and `arguments` is None.
    """

    id: str
    """Call id: the native id for function calling, `call_<step>_<n>` for text dialects."""
    name: str
    """Tool name as written by the model (after named repairs such as stripping backticks)."""
    raw: str = ""
    """The exact argument text the model wrote."""
    arguments: dict[str, Any] | None = None
    """Parsed arguments object; None when they could not be parsed."""
    parse_error: str | None = None
    """Why the arguments could not be parsed, if they could not."""
    repairs: list[str] = Field(default_factory=list)
    """Named tolerances the parser applied to read this call (e.g. `json5_args`)."""


class Message(Strict):
    """One chat message in the harness's neutral form (dialects turn it into what a backend wants)."""

    role: Role
    content: str = ""
    tool_calls: list[ToolCall] | None = None
    """Native tool calls carried by an assistant message."""
    tool_call_id: str | None = None
    """For role=tool: which call this result answers."""
    name: str | None = None
    """For role=tool: the tool that produced it."""


class Usage(Strict):
    prompt_tokens: int = 0
    completion_tokens: int = 0


class ModelOutput(Strict):
    """What a backend returned for one request."""

    text: str = ""
    """Raw assistant text (never cleaned up: the parser records what it repairs)."""
    tool_calls: list[ToolCall] = Field(default_factory=list)
    """Native function calls, for backends/dialects that have them."""
    usage: Usage = Field(default_factory=Usage)
    latency_s: float = 0.0
    finish_reason: str | None = None
    error: str | None = None
    """Transport or backend failure after retries: a harness error, never a score."""
    error_kind: Literal["transport", "http_status", "bad_response", "timeout", "tool_crash", "internal"] | None = None
    """What kind of harness error `error` is (None when there is none): transport (no connection, reset),
    http_status (an error status), bad_response (a 200 that is not a readable completion), timeout,
    tool_crash, internal (a bug in the harness or backend library)."""
    cached: bool = False


class ChatRequest(Strict):
    """One generation request as the agent loop hands it to a backend."""

    messages: list[dict[str, Any]]
    """Messages already rendered by the dialect (role/content, plus tool fields for native calling)."""
    tools: list[dict[str, Any]] | None = None
    """OpenAI-style tool list, only for native function-calling dialects."""
    stop: list[str] = Field(default_factory=list)
    max_tokens: int = 1024
    temperature: float = 0.0
    sample_id: str = ""
    """Which sample the request belongs to (scripted/replay models key on it)."""
    trial: int = 0
    call_index: int = 0
    """0-based index of this model call within the sample (scripted models return output number i)."""


FormatErrorCode = Literal[
    "EMPTY_OUTPUT", "MISSING_ACTION_INPUT", "MISSING_ACTION", "ARGS_UNPARSEABLE", "NO_ACTION_NAME"
]


class ParseResult(Strict):
    """What a dialect parser read from one model output: calls, or an answer, or a format error."""

    thought: str = ""
    calls: list[ToolCall] = Field(default_factory=list)
    answer: str | None = None
    repairs: list[str] = Field(default_factory=list)
    """Every tolerance applied, by name (see docs/dialects.md)."""
    error: FormatErrorCode | None = None
    """Set when the output is not a valid call or answer in this dialect. Never an abstention."""
    error_detail: str | None = None
    history_text: str | None = None
    """The part of the raw text that goes back into the conversation (e.g. cut before a fabricated
    `Observation:`); None means the raw text as it was."""

    @property
    def kind(self) -> Literal["call", "answer", "format_error"]:
        if self.error is not None:
            return "format_error"
        return "call" if self.calls else "answer"
