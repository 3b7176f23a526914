"""`agentbench validate`: every problem in every scenario file, each one line naming file:line and field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from agentbench.errors import ScenarioError
from agentbench.scenario.loader import read_text, scenario_files, scenario_with_errors

if TYPE_CHECKING:
    from agentbench.tooling import Tool


def validate_paths(paths: Iterable[Path], tools: Mapping[str, Tool]) -> list[ScenarioError]:
    """Problems in the scenario files under `paths` (folders expand as for suites); empty when all pass.

    Covers the schema, YAML and encoding errors, expectations that can never pass against `tools`
    (agentbench/scenario/checks.py), duplicate ids across files, missing paths and an empty selection.
    """
    paths = list(paths)
    errors = [ScenarioError(str(p), None, "", "no such file or directory") for p in paths if not p.exists()]
    files = scenario_files(p for p in paths if p.exists())
    if not files and not errors:
        return [ScenarioError(", ".join(map(str, paths)), None, "", "no scenario files found")]
    seen: dict[str, Path] = {}
    for f in files:
        try:
            scenario, found = scenario_with_errors(read_text(f), str(f), tools)
        except ScenarioError as exc:  # unreadable: encoding, YAML syntax, limits
            errors.append(exc)
            continue
        errors += found
        if scenario is not None and scenario.id in seen:
            errors.append(ScenarioError(str(f), 1, "id", f"duplicate scenario id {scenario.id!r} (also in {seen[scenario.id]})"))
        elif scenario is not None:
            seen[scenario.id] = f
    return errors
