"""LangChain tools (`@tool`, `StructuredTool`, any `BaseTool`) as agentbench Tools.

langchain_core is never imported here unless the object at hand is a LangChain tool, which means the
caller's code already imported it: `import agentbench` and tool discovery stay light.
"""

from __future__ import annotations

import sys
from typing import Any

from agentbench.tooling.tool import Tool, ToolError
from agentbench.types import ToolSpec


def is_langchain_tool(obj: Any) -> bool:
    """True for an instance of langchain_core's BaseTool (checked only once langchain_core is loaded)."""
    if "langchain_core.tools" not in sys.modules:
        return False
    from langchain_core.tools import BaseTool

    return isinstance(obj, BaseTool)


def _parameters(lc_tool: Any) -> dict[str, Any]:
    from langchain_core.utils.function_calling import convert_to_openai_tool

    parameters = dict(convert_to_openai_tool(lc_tool)["function"].get("parameters") or {})
    parameters.setdefault("type", "object")
    parameters.setdefault("properties", {})
    return parameters


def from_langchain(lc_tool: Any) -> Tool:
    """An agentbench Tool that runs the LangChain tool with the model's arguments (the World is not passed:
    a LangChain tool keeps its own state). A tool that raises becomes an error observation."""
    spec = ToolSpec(name=lc_tool.name, description=lc_tool.description or "", parameters=_parameters(lc_tool))

    def run(world: Any, **arguments: Any) -> Any:
        try:
            result = lc_tool.invoke(arguments)
        except NotImplementedError as exc:  # an async-only tool: no sync path to call
            raise ToolError(f"{lc_tool.name} has no synchronous implementation: {exc}") from None
        return getattr(result, "content", result)

    return Tool(spec=spec, fn=run)
