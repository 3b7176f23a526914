"""Find simulated tools in folders (built-in tools/ plus the user's) and run them safely."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agentbench.errors import UsageError
from agentbench.paths import builtin_dir
from agentbench.tooling.langchain_tools import from_langchain, is_langchain_tool
from agentbench.tooling.schema_check import canonical_enums, first_error
from agentbench.tooling.tool import Tool, ToolError, World, drop_null_optionals


@dataclass(frozen=True)
class Observation:
    """What a tool call returned to the model. `ok=False` for every kind of failure."""

    content: str
    ok: bool
    error_kind: str | None = None
    """`unknown_tool`, `bad_arguments`, `tool_error`, `fault` or `crash` when ok is False."""


def _load_module(path: Path) -> Any:
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:10]
    name = f"agentbench_tools_{digest}_{path.stem}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def discover_tools(dirs: Iterable[Path] = ()) -> dict[str, Tool]:
    """All tools in the built-in tools/ folder and the given folders; later folders override."""
    tools: dict[str, Tool] = {}
    for folder in [builtin_dir("tools"), *dirs]:
        if not folder.is_dir():
            raise UsageError(f"tools folder not found: {folder}")
        for file in sorted(folder.glob("*.py")):
            if file.name.startswith("_"):
                continue
            for value in vars(_load_module(file)).values():
                if isinstance(value, Tool):
                    tools[value.name] = value
                elif is_langchain_tool(value):  # loaded only if the file itself imported langchain_core
                    adapted = from_langchain(value)
                    tools[adapted.name] = adapted
    return tools


class Toolbox:
    """The tools offered in one scenario, bound to that trial's World and fault plan."""

    def __init__(self, tools: dict[str, Tool], world: World, faults: list[Any] = ()):
        self.tools, self.world = tools, world
        self._faults = [{"tool": f.tool, "left": f.times, "error": f.error, "turn": f.turn} for f in faults]

    def _fault(self, name: str) -> str | None:
        for fault in self._faults:
            if fault["tool"] == name and fault["left"] > 0 and fault["turn"] in (None, self.world.turn):
                fault["left"] -= 1
                return fault["error"]
        return None

    def call(self, name: str, arguments: dict[str, Any] | None) -> Observation:
        tool = self.tools.get(name)
        if tool is None:
            offered = "、".join(self.tools) or "无"
            return Observation(f"错误：工具 {name} 不存在。可用的工具：{offered}。", False, "unknown_tool")
        if arguments is None:
            return Observation("错误：无法解析工具参数，请使用 JSON 对象格式。", False, "bad_arguments")
        arguments = drop_null_optionals(arguments, tool.spec.parameters)
        error = first_error(arguments, tool.spec.parameters)
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path) or "参数"
            return Observation(f"错误：参数不合法（{where}）：{error.message}", False, "bad_arguments")
        arguments = canonical_enums(arguments, tool.spec.parameters)  # "C" passed the enum as "c": say "c"
        self.world.calls += 1
        fault = self._fault(name)
        if fault is not None:
            return Observation(f"错误：{fault}", False, "fault")
        try:
            result = tool.fn(self.world, **arguments)
        except ToolError as exc:
            return Observation(f"错误：{exc}", False, "tool_error")
        except Exception as exc:  # a bug in a simulated tool must not end the run
            return Observation(f"错误：工具内部错误（{type(exc).__name__}）", False, "crash")
        if not isinstance(result, str):
            result = json.dumps(result, ensure_ascii=False)
        return Observation(result, True)
