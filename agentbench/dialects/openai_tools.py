"""Native function calling (OpenAI-compatible servers): tools in the `tools` parameter, calls in `tool_calls`.

The server's JSON-string arguments are parsed here, so a lenient read (JSON5, Python literal) is a named
repair and garbage is ARGS_UNPARSEABLE, exactly as for text dialects.
"""

from __future__ import annotations

from typing import Any

from agentbench.dialects.args import Budget, dump_args, finish, read_call
from agentbench.dialects.base import Dialect
from agentbench.dialects.scan import begin_parse
from agentbench.registry import dialects
from agentbench.types import Message, ModelOutput, ParseResult, ToolCall, ToolSpec


class OpenAITools(Dialect):
    name = "openai_tools"
    native = True
    stop: list[str] = []

    def render(
        self, history: list[Message], tools: list[ToolSpec], instructions: str | None = None
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]] | None]:
        messages: list[dict[str, Any]] = []
        if instructions and instructions.strip():
            messages.append({"role": "system", "content": instructions.strip()})
        for msg in history:
            if msg.role == "assistant" and msg.tool_calls:
                messages.append({
                    "role": "assistant", "content": msg.content or None,
                    "tool_calls": [
                        {"id": c.id, "type": "function",
                         "function": {"name": c.name, "arguments": c.raw or dump_args(c.arguments or {})}}
                        for c in msg.tool_calls
                    ],
                })
            elif msg.role == "tool":
                messages.append({"role": "tool", "tool_call_id": msg.tool_call_id or "", "content": msg.content})
            else:
                messages.append({"role": msg.role, "content": msg.content})
        return messages, ([t.openai() for t in tools] or None)

    def parse(self, output: ModelOutput, step: int = 0, tools: list[ToolSpec] | None = None) -> ParseResult:
        text, think, repairs, errors = begin_parse(output.text)
        result = ParseResult(thought=think)
        budget = Budget()
        for n, native in enumerate(output.tool_calls):
            raw = native.raw
            if not raw.strip() and native.arguments is not None:
                raw = dump_args(native.arguments)
            extra = []
            if not raw.strip():
                raw, extra = "{}", ["empty_args_as_object"]
            call, error = read_call(native.id or f"call_{step}_{n}", native.name.strip(), raw, repairs=extra,
                                    budget=budget)
            call.raw = native.raw or call.raw
            result.calls.append(call)
            if error:
                errors.append(error)
        if result.calls:
            result.thought = "\n".join(t for t in (think, text.strip()) if t)
        elif text.strip():
            result.answer = text.strip()
        else:
            errors.append(("EMPTY_OUTPUT", "no tool_calls and no text"))
        return finish(result, errors, repairs)

    def format_output(
        self, calls: list[tuple[str, dict[str, Any]]], answer: str | None = None, thought: str = ""
    ) -> ModelOutput:
        if calls:
            native = [ToolCall(id=f"call_{i}", name=name, raw=dump_args(args), arguments=args)
                      for i, (name, args) in enumerate(calls)]
            return ModelOutput(text=thought, tool_calls=native, finish_reason="tool_calls")
        return ModelOutput(text=answer or "", finish_reason="stop")


@dialects.register("openai_tools")
def openai_tools() -> OpenAITools:
    return OpenAITools()
