"""Expectations that can never pass, found by reading a scenario against the tools' schemas.

A scenario can be well-formed and still unwinnable: it expects a call to a tool it does not offer (or
that does not exist), an argument the tool's schema does not have, a matcher key that is a typo
(`{plase: 广州}` is read as an object with a key `plase`, which no string argument can equal), or it
makes a tool fail that is not offered. `agentbench validate` and every suite load report these.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from agentbench.matchers.matchers import OPS, is_matcher_spec
from agentbench.scenario.problems import Loc, Problem, did_you_mean
from agentbench.scenario.schema import CallExpect, Scenario

if TYPE_CHECKING:
    from agentbench.tooling import Tool


def tool_problems(scenario: Scenario, tools: Mapping[str, Tool]) -> list[Problem]:
    """Every check below, in the order of the file."""
    out = _offered_problems(scenario, tools)
    offered = {name: tools[name] for name in scenario.tools if name in tools}
    for f, fault in enumerate(scenario.faults):
        if fault.tool not in scenario.tools:
            out.append((("faults", f, "tool"), f"fault on tool {fault.tool!r}, which this scenario does not offer "
                        f"(tools: {', '.join(scenario.tools) or 'none'})"))
        if fault.turn is not None and not 0 <= fault.turn < len(scenario.turns):
            out.append((("faults", f, "turn"), f"turn {fault.turn} does not exist (turns are 0..{len(scenario.turns) - 1})"))
    for t, turn in enumerate(scenario.turns):
        for c, call in enumerate(turn.expect.calls):
            out += _call_problems(call, ("turns", t, "expect", "calls", c), scenario, tools, offered)
    return out


def _offered_problems(scenario: Scenario, tools: Mapping[str, Tool]) -> list[Problem]:
    unknown = [t for t in scenario.tools if t not in tools]
    if not unknown:
        return []
    hints = "".join(did_you_mean(t, tools) for t in unknown)
    return [(("tools",), f"unknown tool(s) {unknown}{hints}; known: {', '.join(sorted(tools))}")]


def _call_problems(call: CallExpect, loc: Loc, scenario: Scenario, tools: Mapping[str, Tool],
                   offered: Mapping[str, Tool]) -> list[Problem]:
    if call.tool not in offered:
        if call.tool in scenario.tools:  # offered but not a tool: already reported at `tools`
            return []
        if call.tool in tools:
            why = f"expects a call to {call.tool!r}, which this scenario does not offer (add it to `tools`)"
        else:
            why = f"expects a call to unknown tool {call.tool!r}{did_you_mean(call.tool, [*scenario.tools, *tools])}"
        return [((*loc, "tool"), why)]
    parameters = offered[call.tool].spec.parameters
    properties: dict[str, Any] = parameters.get("properties") or {}
    out: list[Problem] = []
    for name, spec in call.args.items():
        if name not in properties:
            if parameters.get("additionalProperties", True) is False:
                out.append(((*loc, "args", name), f"{call.tool} has no argument {name!r}"
                            f"{did_you_mean(name, properties)}; its arguments: {', '.join(properties) or 'none'}"))
            continue
        out += _spec_problems(spec, properties[name], (*loc, "args", name), f"{call.tool}.{name}")
    missing = [r for r in parameters.get("required", []) if r not in call.args]
    if missing and not call.allow_extra_args:  # giving them is ARG_UNEXPECTED, leaving them out ARG_SCHEMA_INVALID
        out.append(((*loc, "args"), f"{call.tool} requires {missing}, which `args` does not list, so no call can "
                    "pass (list them, or set allow_extra_args: true)"))
    return out


def _spec_problems(spec: Any, schema: Mapping[str, Any], loc: Loc, where: str) -> list[Problem]:
    """A mapping that is not a matcher is an object matcher: wrong where the schema wants a non-object."""
    if isinstance(spec, dict) and is_matcher_spec(spec):
        op = next(iter(spec))
        if op == "any_of" and isinstance(spec[op], list):
            return [p for i, option in enumerate(spec[op]) for p in _spec_problems(option, schema, loc, f"{where}[{i}]")]
        return []
    if not isinstance(spec, dict) or schema.get("type") in (None, "object"):
        return []
    key = str(next(iter(spec), ""))
    hint = did_you_mean(key, OPS)
    if hint:
        return [(loc, f"unknown matcher {key!r}{hint}")]
    return [(loc, f"a mapping that is not a matcher expects an object, but {where} is a {schema['type']} "
                  f"(matchers: {', '.join(OPS)})")]
