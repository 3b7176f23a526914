"""ReACT text dialects (ms-swift / LangChain style): `react_zh` and `react_en`.

Same keywords in both (Thought / Action / Action Input / Observation / Final Answer); only the
explanations differ. Tools are listed as their OpenAI-shape JSON, as ms-swift 3.x renders them. Tool
results travel as ONE user message of `Observation: <result>` lines (see docs/dialects.md).
"""

from __future__ import annotations

import json
from abc import abstractmethod
from typing import Any

from agentbench.dialects.args import dump_args
from agentbench.dialects.base import Dialect
from agentbench.dialects.react_parse import Syntax, parse_react
from agentbench.registry import dialects
from agentbench.types import Message, ModelOutput, ParseResult, ToolSpec

REACT_STOP = ["Observation:", "Observation：", "observation:"]

PROMPT_EN = """Answer the user's questions as well as you can. You can use the following tools:

{tools}

Reply in the following format:

Question: the question you have to answer
Thought: think about what to do next
Action: the tool to call, one of [{names}]
Action Input: the arguments for the tool, as a JSON object
Observation: the result the tool returned
... (Thought/Action/Action Input/Observation may repeat zero or more times)
Thought: I now know the final answer
Final Answer: the final answer to the original question

Begin!"""

PROMPT_ZH = """请尽你所能回答用户的问题。你可以使用以下工具：

{tools}

请按照以下格式回复：

Question: 需要回答的问题
Thought: 思考下一步应该做什么
Action: 要调用的工具名称，必须是[{names}]之一
Action Input: 工具的输入参数，用JSON对象表示
Observation: 工具返回的结果
...（Thought/Action/Action Input/Observation 可以重复零次或多次）
Thought: 我现在知道最终答案了
Final Answer: 对原始问题的最终回答

开始！"""


class ReactFamily(Dialect):
    """Shared render/format for the ReACT-family text dialects; subclasses set the prompt and syntax."""

    syntax = Syntax(answer_keyword="final answer", bare_is_answer=False)
    stop = REACT_STOP

    @abstractmethod
    def system_prompt(self, tools: list[ToolSpec], instructions: str | None) -> str:
        """The system message: role instructions plus the tool prompt."""

    def observation(self, results: list[str]) -> str:
        """The user message that carries one assistant message's tool results back."""
        return "\n".join(f"Observation: {r}" for r in results)

    def render(
        self, history: list[Message], tools: list[ToolSpec], instructions: str | None = None
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]] | None]:
        messages: list[dict[str, Any]] = []
        system = self.system_prompt(tools, instructions)
        if system:
            messages.append({"role": "system", "content": system})
        results: list[str] = []
        for msg in history:
            if msg.role == "tool":
                results.append(msg.content)
                continue
            if results:
                messages.append({"role": "user", "content": self.observation(results)})
                results = []
            if msg.role == "assistant":
                text = msg.content
                if not text and msg.tool_calls:  # a neutral history built elsewhere: write it our way
                    text = self.format_output([(c.name, c.arguments or {}) for c in msg.tool_calls]).text
                messages.append({"role": "assistant", "content": text})
            elif msg.role == "user":
                messages.append({"role": "user", "content": self.user_text(msg.content, tools)})
            else:  # an extra system message in the history: keep it where it is
                messages.append({"role": msg.role, "content": msg.content})
        if results:
            messages.append({"role": "user", "content": self.observation(results)})
        return messages, None

    def user_text(self, content: str, tools: list[ToolSpec]) -> str:
        return content

    def parse(self, output: ModelOutput, step: int = 0, tools: list[ToolSpec] | None = None) -> ParseResult:
        return parse_react(output, step, self.syntax, tools)

    def format_output(
        self, calls: list[tuple[str, dict[str, Any]]], answer: str | None = None, thought: str = ""
    ) -> ModelOutput:
        head = f"Thought: {thought}\n" if thought else ""
        if calls:
            body = "\n".join(f"Action: {name}\nAction Input: {dump_args(args)}" for name, args in calls)
        else:
            body = f"Final Answer: {answer or ''}"
        return ModelOutput(text=head + body, finish_reason="stop")


def tool_json(tools: list[ToolSpec]) -> str:
    return "\n\n".join(json.dumps(t.openai(), ensure_ascii=False) for t in tools)


class React(ReactFamily):
    def __init__(self, lang: str = "zh"):
        if lang not in ("zh", "en"):
            raise ValueError(f"react dialect language must be zh or en, not {lang!r}")
        self.lang = lang
        self.name = f"react_{lang}"
        # a Chinese prompt gets Chinese keywords back now and then (思考：/行动：/行动输入：), never in English
        self.syntax = Syntax(answer_keyword="final answer", bare_is_answer=False, zh_keywords=lang == "zh")

    def system_prompt(self, tools: list[ToolSpec], instructions: str | None) -> str:
        parts = [instructions.strip()] if instructions and instructions.strip() else []
        if tools:
            template = PROMPT_ZH if self.lang == "zh" else PROMPT_EN
            parts.append(template.format(tools=tool_json(tools), names=",".join(t.name for t in tools)))
        return "\n\n".join(parts)


@dialects.register("react_zh")
def react_zh() -> React:
    return React("zh")


@dialects.register("react_en")
def react_en() -> React:
    return React("en")
