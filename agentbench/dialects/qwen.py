"""Qwen-Agent function-call prompt: `✿FUNCTION✿: name` / `✿ARGS✿: {json}` / `✿RESULT✿` / `✿RETURN✿`.

Text before the first ✿FUNCTION✿ is the thought; several ✿FUNCTION✿ blocks are parallel calls. The model
stops at ✿RESULT✿; results come back as one user message of `✿RESULT✿: …` lines and the model replies
with `✿RETURN✿: answer` (plain text is also an answer: Qwen-Agent reads any reply without ✿FUNCTION✿ so).
"""

from __future__ import annotations

import json
import re
from typing import Any

from agentbench.dialects.args import dump_args, finish, read_call
from agentbench.dialects.base import Dialect
from agentbench.dialects.history import fold_results_as_user
from agentbench.dialects.scan import begin_parse
from agentbench.registry import dialects
from agentbench.types import Message, ModelOutput, ParseResult, ToolSpec

FN, ARGS, RESULT, RETURN = "✿FUNCTION✿", "✿ARGS✿", "✿RESULT✿", "✿RETURN✿"
MARK_RE = re.compile(r"✿(FUNCTION|ARGS|RESULT|RETURN)✿[ \t]*([:：]?)[ \t]*", re.I)

PROMPT = """# 工具

## 你拥有如下工具：

{tools}

## 你可以在回复中插入以下命令以调用工具，可以调用零次、一次或多次；并行调用多个工具时，依次写出每个工具的✿FUNCTION✿和✿ARGS✿：

✿FUNCTION✿: 工具名称，必须是[{names}]之一
✿ARGS✿: 工具的输入，JSON对象
✿RESULT✿: 工具返回的结果
✿RETURN✿: 根据工具结果回复用户，图片请用![](url)展示"""


def tool_desc(spec: ToolSpec) -> str:
    params = json.dumps(spec.parameters, ensure_ascii=False)
    return f"### {spec.name}\n\n{spec.name}: {spec.description} 输入参数：{params} 此工具的输入应为JSON对象。"


class Qwen(Dialect):
    name = "qwen"
    stop = [RESULT, RETURN]

    def render(
        self, history: list[Message], tools: list[ToolSpec], instructions: str | None = None
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]] | None]:
        parts = [instructions.strip()] if instructions and instructions.strip() else []
        if tools:
            parts.append(PROMPT.format(tools="\n\n".join(tool_desc(t) for t in tools),
                                       names=",".join(t.name for t in tools)))
        messages = fold_results_as_user(self, history, "\n\n".join(parts), lambda m: f"{RESULT}: {m.content}")
        return messages, None

    def parse(self, output: ModelOutput, step: int = 0, tools: list[ToolSpec] | None = None) -> ParseResult:
        text, think, repairs, errors = begin_parse(output.text)
        if not text.strip():
            return finish(ParseResult(thought=think), [("EMPTY_OUTPUT", "the reply is empty")], repairs)
        marks = list(MARK_RE.finditer(text))
        for m in marks:
            if m.group(1) != m.group(1).upper():
                repairs.append("keyword_case")
            if m.group(2) == "：":
                repairs.append("fullwidth_colon")
        result = ParseResult(thought=(text[:marks[0].start()] if marks else "").strip() or think)
        pending: str | None = None
        answer_at: int | None = None
        cut: int | None = None
        for i, m in enumerate(marks):
            kind = m.group(1).upper()
            content = text[m.end():marks[i + 1].start() if i + 1 < len(marks) else len(text)]
            if kind == "RESULT":
                repairs.append("fabricated_observation_cut" if content.strip() else "trailing_observation_cut")
                cut = m.start()
                break
            if kind == "FUNCTION":
                if pending is not None:
                    self._add(result, errors, step, pending, None)
                pending = content
            elif kind == "ARGS":
                if pending is None:
                    errors.append(("MISSING_ACTION", f"{ARGS} with no {FN} before it"))
                else:
                    self._add(result, errors, step, pending, content)
                pending = None
            elif answer_at is None:
                answer_at = m.start()
                answer = content.strip()
        if pending is not None:
            self._add(result, errors, step, pending, None)
        if result.calls:
            if answer_at is not None:
                repairs.append("answer_after_action_cut")
                cut = answer_at if cut is None else min(cut, answer_at)
        elif answer_at is not None:
            result.answer = answer
        elif not marks:
            result.answer, result.thought = text.strip(), think
        elif not errors:
            errors.append(("MISSING_ACTION", f"the reply is only a {RESULT} the model wrote itself"))
        if cut is not None:
            result.history_text = text[:cut].rstrip()
        return finish(result, errors, repairs)

    @staticmethod
    def _add(result: ParseResult, errors: list, step: int, name: str, raw: str | None) -> None:
        clean = name.strip().strip("`'\"")
        call, error = read_call(f"call_{step}_{len(result.calls)}", clean, raw,
                                repairs=["action_name_cleaned"] if clean != name.strip() else [])
        result.calls.append(call)
        if error:
            errors.append(error)

    def format_output(
        self, calls: list[tuple[str, dict[str, Any]]], answer: str | None = None, thought: str = ""
    ) -> ModelOutput:
        head = f"{thought}\n" if thought else ""
        if calls:
            body = "\n".join(f"{FN}: {name}\n{ARGS}: {dump_args(args)}" for name, args in calls)
        else:
            body = f"{RETURN}: {answer or ''}"
        return ModelOutput(text=head + body, finish_reason="stop")


@dialects.register("qwen")
def qwen() -> Qwen:
    return Qwen()
