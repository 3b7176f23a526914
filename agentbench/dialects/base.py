"""A dialect is a tool-call format: how tools and history are shown to the model, and how its output is read.

Dialects know nothing of backends or scenarios. The agent loop keeps a neutral history (Message list:
user, assistant with parsed `tool_calls`, tool results) and asks the dialect to render it per request.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from agentbench.types import Message, ModelOutput, ParseResult, ToolSpec


class Dialect(ABC):
    name: str = ""
    native: bool = False
    """True when tools travel in the request's `tools` parameter and calls come back as `tool_calls`."""
    stop: list[str] = []
    """Stop sequences for the request (e.g. `Observation:` so the model does not invent tool results)."""

    @abstractmethod
    def render(
        self, history: list[Message], tools: list[ToolSpec], instructions: str | None = None
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]] | None]:
        """(chat messages to send, tools parameter or None). `instructions` is the scenario's role prompt."""

    @abstractmethod
    def parse(self, output: ModelOutput, step: int = 0, tools: list[ToolSpec] | None = None) -> ParseResult:
        """Read one model output. Never raises on model text: a bad output is a ParseResult error.

        `step` makes call ids unique within a turn (`call_<step>_<n>` for text dialects). `tools` are the
        tools offered (as given to `render`): a name is cleaned only into an offered one, and some
        tolerances need a tool's parameters; without them the parser reads conservatively."""

    @abstractmethod
    def format_output(
        self, calls: list[tuple[str, dict[str, Any]]], answer: str | None = None, thought: str = ""
    ) -> ModelOutput:
        """What a perfect model would output for these calls or this answer (used by the gold oracle)."""
