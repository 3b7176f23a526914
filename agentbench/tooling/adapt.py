"""Any tool a test declares, as an agentbench Tool: a `@tool` Tool, a LangChain tool, or a plain typed function.

A plain function's first parameter is the World only when it is named `world` or annotated `World`;
otherwise every parameter is an argument the model fills (`def weather(city: str) -> str`).
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterable
from typing import Any

from agentbench.errors import UsageError
from agentbench.tooling.langchain_tools import from_langchain, is_langchain_tool
from agentbench.tooling.tool import Tool, World, tool


def _takes_world(fn: Callable[..., Any]) -> bool:
    params = list(inspect.signature(fn).parameters.values())
    if not params:
        return False
    hint = typing.get_type_hints(fn).get(params[0].name)
    return params[0].name == "world" or hint is World


def from_function(fn: Callable[..., Any], name: str | None = None) -> Tool:
    if _takes_world(fn):
        return tool(name)(fn)

    def with_world(world: World, *args: Any, **kwargs: Any) -> Any:  # noqa: ARG001 - the World is unused
        return fn(*args, **kwargs)

    with_world.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("world", inspect.Parameter.POSITIONAL_OR_KEYWORD),
         *inspect.signature(fn).parameters.values()])
    with_world.__doc__, with_world.__name__ = fn.__doc__, fn.__name__
    with_world.__annotations__ = dict(getattr(fn, "__annotations__", {}))
    with_world.__wrapped__ = fn  # type: ignore[attr-defined] - get_type_hints resolves names in fn's module
    return tool(name or fn.__name__)(with_world)


def as_tool(obj: Any) -> Tool:
    if isinstance(obj, Tool):
        return obj
    if is_langchain_tool(obj):
        return from_langchain(obj)
    if callable(obj):
        return from_function(obj)
    raise UsageError(f"not a tool: {obj!r} (give a typed function, an agentbench @tool or a LangChain tool)")


def as_tools(objs: Iterable[Any]) -> dict[str, Tool]:
    tools: dict[str, Tool] = {}
    for obj in objs:
        built = as_tool(obj)
        if built.name in tools:
            raise UsageError(f"two tools are named {built.name!r}")
        tools[built.name] = built
    return tools
