"""AgentFabric: ModelScope-Agent's role-play agent prompt (`# 工具` … `# 指令`), the weather/image demo.

A call is the block `工具调用` / `Action:` / `Action Input:`; the harness answers with
`Observation: <result>…</result>` followed by `Answer:`, and the model's next reply continues after that
`Answer:` (so plain text is the normal answer form here, not a repair). Models trained on ms-swift's
conversion of this data often write `Final Answer:` (read with the repair `final_answer_keyword`) and
single-quoted Python dicts (`python_literal_args`).
"""

from __future__ import annotations

import json
from typing import Any

from agentbench.dialects.args import dump_args
from agentbench.dialects.react import REACT_STOP, ReactFamily
from agentbench.dialects.react_parse import Syntax
from agentbench.registry import dialects
from agentbench.types import ModelOutput, ToolSpec

TOOL_SECTION = """# 工具

## 你拥有如下工具：

{tools}

## 当你需要调用工具时，请在你的回复中穿插如下的工具调用命令，可以根据需求调用零次或多次：

工具调用
Action: 工具名称，必须是[{names}]中的一个
Action Input: 工具的输入参数
Observation: <result>工具返回的结果</result>
Answer: 根据Observation总结工具返回的结果；结果中如有url，请用如下格式展示：![图片](url)"""

INSTRUCTION_SECTION = """# 指令

{instructions}"""


def tool_line(spec: ToolSpec) -> str:
    params = json.dumps(spec.parameters, ensure_ascii=False)
    return f"{spec.name}: {spec.name} API。{spec.description} 输入参数: {params} Format the arguments as a JSON object."


class AgentFabric(ReactFamily):
    name = "agentfabric"
    syntax = Syntax(answer_keyword="answer", bare_is_answer=True, markers=True)
    stop = REACT_STOP

    def __init__(self, query_prefix: bool = False, role_name: str | None = None):
        """`query_prefix`: prefix user messages with `(你正在扮演{role_name}。你可以使用工具：[…])` as the
        AgentFabric app does (off by default: scenarios rarely name a role)."""
        self.query_prefix, self.role_name = query_prefix, role_name

    def system_prompt(self, tools: list[ToolSpec], instructions: str | None) -> str:
        parts = []
        if tools:
            parts.append(TOOL_SECTION.format(tools="\n\n".join(tool_line(t) for t in tools),
                                             names=",".join(t.name for t in tools)))
        if instructions and instructions.strip():
            parts.append(INSTRUCTION_SECTION.format(instructions=instructions.strip()))
        return "\n\n".join(parts)

    def observation(self, results: list[str]) -> str:
        return "\n".join(f"Observation: <result>{r}</result>" for r in results) + "\nAnswer:"

    def user_text(self, content: str, tools: list[ToolSpec]) -> str:
        if not self.query_prefix:
            return content
        parts = [f"你正在扮演{self.role_name}"] if self.role_name else []
        if tools:
            parts.append(f"你可以使用工具：[{','.join(t.name for t in tools)}]")
        return f"({'。'.join(parts)}){content}" if parts else content

    def format_output(
        self, calls: list[tuple[str, dict[str, Any]]], answer: str | None = None, thought: str = ""
    ) -> ModelOutput:
        head = f"{thought}\n" if thought else ""
        if calls:
            body = "\n".join(f"工具调用\nAction: {name}\nAction Input: {dump_args(args)}" for name, args in calls)
        else:  # the prompt already ends with `Answer:` after an observation; a direct reply is plain text
            body = f"Answer: {answer or ''}" if thought else (answer or "")
        return ModelOutput(text=head + body, finish_reason="stop")


@dialects.register("agentfabric")
def agentfabric() -> AgentFabric:
    return AgentFabric()
