"""Load scenario YAML files; every error names file, line and field.

Each file is parsed once, with libyaml's C parser when PyYAML has it: the composed node tree keeps the
line of every key (for error messages) and is then constructed into data, instead of parsing the text a
second time. Before construction the tree is walked with hard limits, so an alias bomb ("billion laughs")
or a 1 000-deep nesting is one error line in milliseconds, not gigabytes or a RecursionError.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from agentbench.errors import ScenarioError
from agentbench.scenario.problems import schema_errors
from agentbench.scenario.schema import Scenario

if TYPE_CHECKING:
    from agentbench.tooling import Tool

Path_ = tuple[str | int, ...]
Lines = dict[Path_, int]

MAX_DEPTH = 64
"""Deepest nesting accepted (a scenario needs about ten levels)."""
MAX_VALUES = 50_000
"""Most values a document may expand to, counting every use of an alias."""

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def field_name(loc: Path_) -> str:
    """`("turns", 0, "expect")` -> `turns[0].expect`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def line_for(loc: Path_, lines: Lines) -> int | None:
    """Line of the deepest known prefix of `loc` (a missing field points at its parent)."""
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return None


def _key_lines(root: yaml.Node, file: str) -> Lines:
    """Line of every key (and list item) in the document, walked without recursion and within limits.

    A key's line is where the key is written, not where its value starts, so `expect:` followed by a
    block reports the `expect:` line. Duplicate keys and non-scalar keys are errors.
    """
    lines: Lines = {}
    stack: list[tuple[yaml.Node, Path_, int]] = [(root, (), root.start_mark.line + 1)]
    values = 0
    while stack:
        node, path, line = stack.pop()
        lines[path] = line
        values += 1
        if values > MAX_VALUES:  # name the top-level key: deeper paths run through shared alias nodes
            raise ScenarioError(file, lines.get(path[:1], line), field_name(path[:1]), "the document expands to "
                                f"more than {MAX_VALUES} values (YAML aliases repeating a block?)")
        if len(path) > MAX_DEPTH:
            raise ScenarioError(file, line, "", f"nested deeper than {MAX_DEPTH} levels")
        if isinstance(node, yaml.MappingNode):
            stack.extend(_mapping_children(node, path, file))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*path, i), item.start_mark.line + 1) for i, item in enumerate(node.value))
    return lines


def _mapping_children(node: yaml.MappingNode, path: Path_, file: str) -> list[tuple[yaml.Node, Path_, int]]:
    children = []
    seen: set[str] = set()
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise ScenarioError(file, line, field_name(path), "keys must be plain names, not lists or mappings")
        key = key_node.value
        if key in seen:
            raise ScenarioError(file, line, field_name((*path, key)), "duplicate key")
        seen.add(key)
        children.append((value_node, (*path, key), line))
    return children


def read_yaml(text: str, file: str = "<string>") -> tuple[Any, Lines]:
    """One YAML document as data, with the line of every key; malformed or oversized input is one error."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ScenarioError(file, 1, "", "a scenario file must hold one mapping (id, tools, turns, ...)")
        lines = _key_lines(node, file)
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ScenarioError(file, line, "", f"invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(file, None, "", f"invalid YAML: {exc}") from None
    except RecursionError:  # the pure-Python composer recurses per level; libyaml stops at 1000 itself
        raise ScenarioError(file, None, "", f"nested deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()


def scenario_with_errors(text: str, file: str = "<string>", tools: Mapping[str, Tool] | None = None,
                         ) -> tuple[Scenario | None, list[ScenarioError]]:
    """The scenario (None when the file does not validate) and every error found in it, in file order.

    With `tools`, also the checks that need the tool schemas (agentbench/scenario/checks.py).
    """
    data, lines = read_yaml(text, file)
    if not isinstance(data, dict):
        return None, [ScenarioError(file, 1, "", "a scenario file must hold one mapping (id, tools, turns, ...)")]
    scenario, problems = schema_errors(data)
    errors = [ScenarioError(file, line_for(loc, lines), field_name(loc), message) for loc, message in problems]
    if scenario is not None and tools is not None:
        from agentbench.scenario.checks import tool_problems

        errors += [ScenarioError(file, line_for(loc, lines), field_name(loc), message)
                   for loc, message in tool_problems(scenario, tools)]
    return scenario, sorted(errors, key=lambda e: e.line or 0)


def parse_scenario(text: str, file: str = "<string>", tools: Mapping[str, Tool] | None = None) -> Scenario:
    """The scenario in `text`, or the first ScenarioError (saying how many more there are)."""
    scenario, errors = scenario_with_errors(text, file, tools)
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ScenarioError(first.file, first.line, first.field, first.message + more)
    assert scenario is not None
    return scenario


def read_text(path: Path) -> str:
    """The file as UTF-8 text; a byte that is not UTF-8 is an error naming its line and column."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScenarioError(str(path), line, "", f"not UTF-8 text: byte 0x{data[exc.start]:02x} at column "
                            f"{column} (save the file as UTF-8)") from None


def load_scenario(path: Path, tools: Mapping[str, Tool] | None = None) -> Scenario:
    return parse_scenario(read_text(path), str(path), tools)


def scenario_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders to their *.yaml / *.yml files (sorted); files are taken as they are."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix in (".yaml", ".yml")
                              and not any(part.startswith("_") for part in f.relative_to(p).parts)))
        else:
            out.append(p)
    return out


def load_scenarios(paths: Iterable[Path], tools: Mapping[str, Tool] | None = None) -> list[Scenario]:
    """Load every scenario, rejecting duplicate ids across files; with `tools`, also every expectation
    that can never pass (a call to a tool not offered, an argument not in the schema, ...)."""
    seen: dict[str, Path] = {}
    out = []
    for f in scenario_files(paths):
        scenario = load_scenario(f, tools)
        if scenario.id in seen:
            raise ScenarioError(str(f), 1, "id", f"duplicate scenario id {scenario.id!r} (also in {seen[scenario.id]})")
        seen[scenario.id] = f
        out.append(scenario)
    return out
