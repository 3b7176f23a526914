"""Load scenario YAML files; every error names file, line and field."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from agentbench.errors import ScenarioError
from agentbench.scenario.schema import Scenario

Path_ = tuple[str | int, ...]


def _node_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int], file: str) -> None:
    """Map every path inside the document to its 1-based line; reject duplicate keys."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                field = ".".join(str(p) for p in (*path, key))
                raise ScenarioError(file, key_node.start_mark.line + 1, field, "duplicate key")
            seen.add(key)
            lines[(*path, key)] = key_node.start_mark.line + 1
            _node_lines(value_node, (*path, key), lines, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _node_lines(item, (*path, i), lines, file)


def _line_for(loc: Path_, lines: dict[Path_, int]) -> int | None:
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return None


def _field_name(loc: Path_) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_scenario(text: str, file: str = "<string>") -> Scenario:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ScenarioError(file, line, "", f"invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(file, None, "", f"invalid YAML: {exc}") from None
    if node is None or not isinstance(data, dict):
        raise ScenarioError(file, 1, "", "a scenario file must hold one mapping (id, tools, turns, ...)")
    lines: dict[Path_, int] = {}
    _node_lines(node, (), lines, file)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "tagged-"))))
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown field (check the spelling; see `agentbench schema`)"
        more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
        raise ScenarioError(file, _line_for(loc, lines), _field_name(loc), message + more) from None


def load_scenario(path: Path) -> Scenario:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(str(path), None, "", f"not UTF-8 text: {exc}") from None
    return parse_scenario(text, str(path))


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


def load_scenarios(paths: Iterable[Path]) -> list[Scenario]:
    """Load every scenario, rejecting duplicate ids across files."""
    seen: dict[str, Path] = {}
    out = []
    for f in scenario_files(paths):
        scenario = load_scenario(f)
        if scenario.id in seen:
            raise ScenarioError(str(f), 1, "id", f"duplicate scenario id {scenario.id!r} (also in {seen[scenario.id]})")
        seen[scenario.id] = f
        out.append(scenario)
    return out
