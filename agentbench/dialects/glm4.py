"""GLM-4 (glm-4-9b-chat) tool calls: tools under `# 可用工具` as JSON; a call is a reply whose first line is
the tool name and whose rest is its JSON arguments; results come back in an `observation` turn.

GLM-4-9B makes one call per assistant message; several calls in one reply are read where the model
separates them with `<|assistant|>` (how GLM-4's template, and ms-swift, join consecutive call messages).
Results travel as role `observation` (GLM-4's chat template knows it); pass `observation_role="user"`
for servers that reject unknown roles.
"""

from __future__ import annotations

import json
import re
from typing import Any

from agentbench.dialects.args import FENCE_RE, MAX_CALLS, Budget, dump_args, finish, read_call
from agentbench.dialects.base import Dialect
from agentbench.dialects.names import clean_name
from agentbench.dialects.scan import args_extent, begin_parse
from agentbench.registry import dialects
from agentbench.types import Message, ModelOutput, ParseResult, ToolSpec

SYSTEM = "你是一个名为 GLM-4 的人工智能助手，你的任务是针对用户的问题和要求提供适当的答复和支持。"
ASSISTANT = "<|assistant|>"
NAME_RE = re.compile(r"[`'\"]?([A-Za-z_][A-Za-z0-9_.\-]*)[`'\"]?")


def tool_block(spec: ToolSpec) -> str:
    body = json.dumps(spec.openai()["function"], ensure_ascii=False, indent=4)
    return f"## {spec.name}\n\n{body}\n在调用上述函数时，请使用 Json 格式表示调用的参数。"


class GLM4(Dialect):
    name = "glm4"
    stop = ["<|observation|>", "<|user|>"]

    def __init__(self, observation_role: str = "observation"):
        self.observation_role = observation_role

    def render(
        self, history: list[Message], tools: list[ToolSpec], instructions: str | None = None
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]] | None]:
        parts = [instructions.strip()] if instructions and instructions.strip() else [SYSTEM]
        if tools:
            parts.append("# 可用工具\n\n" + "\n\n".join(tool_block(t) for t in tools))
        messages: list[dict[str, Any]] = [{"role": "system", "content": "\n\n".join(parts)}]
        for msg in history:
            if msg.role == "tool":
                messages.append({"role": self.observation_role, "content": msg.content})
                continue
            content = msg.content
            if msg.role == "assistant" and not content and msg.tool_calls:
                content = self.format_output([(c.name, c.arguments or {}) for c in msg.tool_calls]).text
            messages.append({"role": msg.role, "content": content})
        return messages, None

    def parse(self, output: ModelOutput, step: int = 0, tools: list[ToolSpec] | None = None) -> ParseResult:
        text, think, repairs, errors = begin_parse(output.text)
        cut = None
        for token in ("<|observation|>", "<|user|>"):
            at = text.find(token)
            if at >= 0:
                repairs.append("fabricated_observation_cut" if text[at + len(token):].strip()
                               else "trailing_observation_cut")
                text = text[:at]
                cut = at if cut is None else min(cut, at)
        if not text.strip():
            return finish(ParseResult(thought=think), [("EMPTY_OUTPUT", "the reply is empty")], repairs)
        result = ParseResult(thought=think)
        thoughts: list[str] = []
        kept: list[str] = []
        offered, budget = {t.name for t in tools or []}, Budget()
        cut_kept = False
        for part in text.split(ASSISTANT):
            found = self._read_part(part, offered)
            if found is not None and len(result.calls) >= MAX_CALLS:
                repairs.append("call_limit_cut")
                cut_kept = True
                break
            if found is None:
                if result.calls:
                    repairs.append("trailing_text_cut")
                    cut_kept = True
                    break
                thoughts.append(part.strip())
            else:
                name, raw, tail, cleaned = found
                if cleaned:
                    repairs.append("action_name_cleaned")
                call, error = read_call(f"call_{step}_{len(result.calls)}", name, raw, budget=budget)
                result.calls.append(call)
                if error:
                    errors.append(error)
                if tail.strip():
                    repairs.append("trailing_text_cut")
                    kept.append(part[:len(part) - len(tail)])
                    cut_kept = True
                    break
            kept.append(part)
        if result.calls:
            result.thought = "\n".join(t for t in [think, *thoughts] if t)
            if cut_kept:
                cut = len(ASSISTANT.join(kept))
        else:
            result.answer = text.strip()
        if cut is not None:
            result.history_text = text[:cut].rstrip()
        return finish(result, errors, repairs)

    @staticmethod
    def _read_part(part: str, offered: set[str]) -> tuple[str, str, str, bool] | None:
        """(name, argument text, text after the arguments, name was cleaned) or None when not a call.

        The first line is a name when it is (or cleans into) an offered tool, whatever its characters
        (`Calculator Tool`), or else looks like an identifier (a call to an unknown tool is still a call)."""
        body = part.strip()
        first, _, rest = body.partition("\n")
        if not (rest.strip().startswith("{") or FENCE_RE.match(rest.strip())):
            return None
        name, cleaned = clean_name(first, offered)
        if name not in offered:
            ident = NAME_RE.fullmatch(first.strip())
            if ident is None:
                return None
            name, cleaned = ident.group(1), first.strip() != ident.group(1)
        extent = args_extent(rest, 0)
        raw, tail = (rest[extent[0]:extent[1]], rest[extent[1]:]) if extent else (rest, "")
        return name, raw, tail, cleaned

    def format_output(
        self, calls: list[tuple[str, dict[str, Any]]], answer: str | None = None, thought: str = ""
    ) -> ModelOutput:
        if calls:  # several calls: consecutive assistant messages, as GLM-4's template joins them
            text = ASSISTANT.join(f"{name}\n{dump_args(args)}" for name, args in calls)
            return ModelOutput(text=text, finish_reason="stop")
        return ModelOutput(text=answer or "", finish_reason="stop")


@dialects.register("glm4")
def glm4() -> GLM4:
    return GLM4()
