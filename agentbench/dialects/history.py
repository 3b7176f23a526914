"""Rendering a neutral history for text dialects: shared by the formats that fold tool results into a user turn."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agentbench.dialects.base import Dialect
from agentbench.types import Message


def fold_results_as_user(dialect: Dialect, history: list[Message], system: str,
                         wrap: Callable[[Message], str]) -> list[dict[str, Any]]:
    """System prompt, then the history; consecutive tool results become one user message of `wrap(result)`
    lines. An assistant message with native calls but no text is written in the dialect's own format."""
    messages: list[dict[str, Any]] = [{"role": "system", "content": system}] if system else []
    results: list[str] = []
    for msg in history:
        if msg.role == "tool":
            results.append(wrap(msg))
            continue
        if results:
            messages.append({"role": "user", "content": "\n".join(results)})
            results = []
        content = msg.content
        if msg.role == "assistant" and not content and msg.tool_calls:
            content = dialect.format_output([(c.name, c.arguments or {}) for c in msg.tool_calls]).text
        messages.append({"role": msg.role, "content": content})
    if results:
        messages.append({"role": "user", "content": "\n".join(results)})
    return messages
