"""`@tool`: a simulated tool is a documented Python function; its signature and docstring become the schema.

    @tool(name="amap_weather")
    def amap_weather(world: World, location: str, date: str | None = None) -> str:
        '''获取指定城市或区县的天气。

        Args:
            location: 城市或区县名称，如“北京”“海淀区”
            date: 日期，格式 YYYY-MM-DD，默认今天
        '''

The first parameter is the World (scenario state). Raise ToolError for a bad request: the loop turns it
into a Chinese error observation. Arguments are validated against the schema before the function runs,
so the function body only sees well-typed values. No tool ever evaluates model-provided text.
"""

from __future__ import annotations

import copy
import inspect
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, get_args, get_origin

from agentbench.types import ToolSpec


class ToolError(Exception):
    """A tool refused the request (unknown city, bad value...): becomes an error observation."""


@dataclass
class World:
    """Mutable scenario state shared by the tools of one trial. `data` starts as a deep copy of `world:`."""

    data: dict[str, Any] = field(default_factory=dict)
    turn: int = 0
    calls: int = 0

    @classmethod
    def from_scenario(cls, world: dict[str, Any]) -> World:
        return cls(copy.deepcopy(world))

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@dataclass
class Tool:
    spec: ToolSpec
    fn: Callable[..., Any]

    @property
    def name(self) -> str:
        return self.spec.name


_JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean", dict: "object", list: "array"}


def _json_type(annotation: Any) -> tuple[dict[str, Any], bool]:
    """JSON Schema for an annotation, and whether None is allowed."""
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        schema, _ = _json_type(args[0]) if len(args) == 1 else ({}, False)
        return schema, True
    if origin is Literal:
        values = list(get_args(annotation))
        return {"type": _JSON_TYPES[type(values[0])], "enum": values}, False
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        item_schema, _ = _json_type(item) if item is not Any else ({}, False)
        return {"type": "array", "items": item_schema}, False
    if annotation in _JSON_TYPES:
        return {"type": _JSON_TYPES[annotation]}, False
    return {}, False


def _arg_docs(doc: str, names: set[str]) -> tuple[str, dict[str, str]]:
    """Split a Google-style docstring into the summary and the `Args:` description of each parameter."""
    summary, _, rest = doc.partition("Args:")
    docs: dict[str, str] = {}
    current = None
    for line in rest.splitlines():
        m = re.match(r"\s*(\w+)\s*(?:\([^)]*\))?\s*[:：]\s*(.*)", line)
        if m and m.group(1) in names:
            current = m.group(1)
            docs[current] = m.group(2).strip()
        elif current and line.strip():
            docs[current] += " " + line.strip()
    return " ".join(summary.split()), docs


def tool(name: str | None = None, description: str | None = None) -> Callable[[Callable[..., Any]], Tool]:
    """Make a Tool from a function `(world, **args) -> str | dict`."""

    def wrap(fn: Callable[..., Any]) -> Tool:
        hints = typing.get_type_hints(fn)
        params = list(inspect.signature(fn).parameters.values())[1:]  # skip world
        summary, docs = _arg_docs(inspect.getdoc(fn) or "", {p.name for p in params})
        properties: dict[str, Any] = {}
        required: list[str] = []
        for p in params:
            schema, nullable = _json_type(hints.get(p.name, Any))
            if p.name in docs:
                schema["description"] = docs[p.name]
            if p.default is not inspect.Parameter.empty and p.default is not None:
                schema["default"] = p.default
            properties[p.name] = schema
            if p.default is inspect.Parameter.empty and not nullable:
                required.append(p.name)
        parameters = {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
        spec = ToolSpec(name=name or fn.__name__, description=description or summary, parameters=parameters)
        return Tool(spec=spec, fn=fn)

    return wrap


def drop_null_optionals(arguments: dict[str, Any], parameters: dict[str, Any]) -> dict[str, Any]:
    """`{"date": null}` for an optional parameter means "not given" (OpenAI-style models often send it)."""
    required = set(parameters.get("required", []))
    return {k: v for k, v in arguments.items() if v is not None or k in required}
