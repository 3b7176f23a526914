"""Hermes tool calls (Qwen2.5/Qwen3 chat templates, many vLLM tool parsers), rendered as plain text.

`<tool_call>\\n{"name": …, "arguments": {…}}\\n</tool_call>` per call; results return in `<tool_response>`
blocks in one user message. `<tool_call>` blocks inside `<think>` are reasoning, not calls.
"""

from __future__ import annotations

import json
import re
from typing import Any

from agentbench.dialects.args import MAX_CALLS, Budget, dump_args, finish, parse_arguments, read_call
from agentbench.dialects.base import Dialect
from agentbench.dialects.history import fold_results_as_user
from agentbench.dialects.scan import begin_parse
from agentbench.registry import dialects
from agentbench.types import Message, ModelOutput, ParseResult, ToolSpec

PROMPT = """# Tools

You may call one or more functions to assist with the user query.

You are provided with function signatures within <tools></tools> XML tags:
<tools>
{tools}
</tools>

For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:
<tool_call>
{{"name": <function-name>, "arguments": <args-json-object>}}
</tool_call>"""

CALL_RE = re.compile(r"<tool_call>(.*?)(?:</tool_call>|$)", re.S)
NAME_RE = re.compile(r"""["']name["']\s*:\s*["']([^"']+)["']""")


def untagged_call(text: str, offered: set[str]) -> bool:
    """Whether a reply without <tool_call> tags is exactly one tool-call object (bare or in a ```json fence):
    a JSON object whose "name" is an offered tool and that has "arguments" or "parameters". Qwen2.5-Coder
    and Hermes-4 write calls so now and then (jyjeanne/crustly#39, NousResearch/hermes-agent#742); any
    other JSON answer stays an answer (ggml-org/llama.cpp#18183: prose with JSON is not a call)."""
    if not offered or not text.endswith(("}", "```")):
        return False
    obj, _, problem = parse_arguments(text, budget=Budget(0))  # a call is JSON (or a Python literal)
    name = obj.get("name") if obj is not None and problem is None else None
    return isinstance(name, str) and name in offered and (
        "arguments" in obj or "parameters" in obj)  # type: ignore[operator]


class Hermes(Dialect):
    name = "hermes"
    stop = ["<tool_response>"]

    def render(
        self, history: list[Message], tools: list[ToolSpec], instructions: str | None = None
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]] | None]:
        parts = [instructions.strip()] if instructions and instructions.strip() else []
        if tools:
            parts.append(PROMPT.format(tools="\n".join(json.dumps(t.openai(), ensure_ascii=False) for t in tools)))
        messages = fold_results_as_user(self, history, "\n\n".join(parts), lambda m: f"<tool_response>\n{m.content}\n</tool_response>")
        return messages, None

    def parse(self, output: ModelOutput, step: int = 0, tools: list[ToolSpec] | None = None) -> ParseResult:
        text, think, repairs, errors = begin_parse(output.text)
        if not text.strip():
            return finish(ParseResult(thought=think), [("EMPTY_OUTPUT", "the reply is empty")], repairs)
        result = ParseResult(thought=think)
        budget = Budget()
        cut = None
        resp = text.find("<tool_response>")
        if resp >= 0:
            fabricated = bool(text[resp + len("<tool_response>"):].replace("</tool_response>", "").strip())
            repairs.append("fabricated_observation_cut" if fabricated else "trailing_observation_cut")
            text = text[:resp]
            cut = resp
        blocks = list(CALL_RE.finditer(text))
        if len(blocks) > MAX_CALLS:
            repairs.append("call_limit_cut")
            text, cut, blocks = text[:blocks[MAX_CALLS].start()], blocks[MAX_CALLS].start(), blocks[:MAX_CALLS]
        for m in blocks:
            if not m.group(0).endswith("</tool_call>"):
                repairs.append("unclosed_tool_call")
            self._add(result, errors, step, m.group(1), budget)
        outside = CALL_RE.sub("", text).strip()
        bare = outside.removesuffix("</tool_call>").rstrip()  # a close tag whose open tag went missing
        if not blocks and untagged_call(bare, {t.name for t in tools or []}):
            repairs.append("untagged_tool_call")
            self._add(result, errors, step, bare, budget)
        elif result.calls:
            result.thought = "\n".join(t for t in (think, text[:blocks[0].start()].strip()) if t)
            if text[blocks[-1].end():].strip():
                repairs.append("trailing_text_cut")
                cut = blocks[-1].end()
        elif outside:
            result.answer = outside
        else:
            errors.append(("MISSING_ACTION", "the reply is only a <tool_response> the model wrote itself"))
        if cut is not None:
            result.history_text = text[:cut].rstrip()
        return finish(result, errors, repairs)

    @staticmethod
    def _add(result: ParseResult, errors: list, step: int, block: str, budget: Budget) -> None:
        call_id = f"call_{step}_{len(result.calls)}"
        obj, obj_repairs, problem = parse_arguments(block, budget=budget)
        if obj is None:
            name = NAME_RE.search(block)
            call, _ = read_call(call_id, name.group(1) if name else "", block, repairs=obj_repairs,
                                budget=budget)
            call.parse_error = f"the <tool_call> block is not a JSON object: {problem}"
            errors.append(("ARGS_UNPARSEABLE", f"{call_id}: {call.parse_error}: {block.strip()[:200]!r}"))
            result.calls.append(call)
            return
        name = obj.get("name")
        args: Any = obj.get("arguments")
        extra = list(obj_repairs)
        if args is None and "parameters" in obj:
            args = obj["parameters"]
            extra.append("parameters_key")
        if isinstance(args, str):
            extra.append("string_arguments")
            raw: str | None = args
        else:
            raw = None if args is None else dump_args(args) if isinstance(args, dict) else json.dumps(args)
        call, error = read_call(call_id, name.strip() if isinstance(name, str) else "", raw, repairs=extra,
                                  budget=budget)
        call.raw = block.strip()
        result.calls.append(call)
        if error:
            errors.append(error)

    def format_output(
        self, calls: list[tuple[str, dict[str, Any]]], answer: str | None = None, thought: str = ""
    ) -> ModelOutput:
        if calls:
            blocks = [f"<tool_call>\n{json.dumps({'name': n, 'arguments': a}, ensure_ascii=False)}\n</tool_call>"
                      for n, a in calls]
            return ModelOutput(text=(f"{thought}\n" if thought else "") + "\n".join(blocks), finish_reason="stop")
        return ModelOutput(text=answer or "", finish_reason="stop")


@dialects.register("hermes")
def hermes() -> Hermes:
    return Hermes()
