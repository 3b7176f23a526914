"""Which files are scenario tests, and the pytest File and Item classes for them.

A file is collected when its name matches `agentbench_pattern` (default `*.scenario.yaml`) or when it is a
scenario file (`*.yaml`, no folder or name starting with `_`) under a folder named in `agentbench_paths`.
Each scenario becomes one item per trial; its category and tags are markers.
"""

from __future__ import annotations

import re
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pytest

from agentbench.testing.options import DEFAULT_PATTERN

MARKER_SEEN = "_agentbench_markers"


def _under_paths(path: Path, config: Any) -> tuple[Path, Path] | None:
    """(the agentbench path, the file relative to it) when the file lies under one."""
    root = Path(str(config.rootpath))
    for folder in config.getini("agentbench_paths") or []:
        base = (root / folder).resolve()
        try:
            return base, path.resolve().relative_to(base)
        except ValueError:
            continue
    return None


def suite_path(path: Path, config: Any) -> Path:
    """The suite a collected file runs in: the first folder below its agentbench path (so the run directory
    has the same suites as `agentbench run --suites FOLDER`), or the file itself."""
    found = _under_paths(path, config)
    if found is not None and len(found[1].parts) > 1:
        return found[0] / found[1].parts[0]
    return path.resolve()


def is_scenario_file(path: Path, config: Any) -> bool:
    if path.suffix not in (".yaml", ".yml"):
        return False
    if fnmatch(path.name, config.getini("agentbench_pattern") or DEFAULT_PATTERN):
        return True
    found = _under_paths(path, config)
    return found is not None and not any(part.startswith("_") for part in found[1].parts)


def marker_name(text: str) -> str:
    """A tag or category as a marker name `-m` can select (`缺参追问`, `booking`)."""
    return re.sub(r"[^\w]+", "_", text).strip("_")


def _id_line(text: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(r"id\s*:", line):
            return number
    return 1


class ScenarioFile(pytest.File):
    def collect(self) -> Any:
        from agentbench.errors import AgentbenchError
        from agentbench.scenario.loader import parse_scenario
        from agentbench.testing.options import read_settings

        text = self.path.read_text(encoding="utf-8", errors="replace")
        try:
            scenario = parse_scenario(text, str(self.path))
        except AgentbenchError as exc:
            raise self.CollectError(f"agentbench: {exc}") from None
        trials = read_settings(self.config).trials
        markers = [m for m in dict.fromkeys(marker_name(t) for t in [scenario.category, *scenario.tags]) if m]
        seen = getattr(self.config, MARKER_SEEN, set())
        for name in markers:
            if name not in seen:
                self.config.addinivalue_line("markers", f"{name}: agentbench scenario tag or category")
                seen.add(name)
        setattr(self.config, MARKER_SEEN, seen)
        for trial in range(trials):
            item = ScenarioItem.from_parent(
                self, name=scenario.id if trials == 1 else f"{scenario.id}[trial{trial}]",
                scenario_id=scenario.id, trial=trial, line=_id_line(text),
                suite=suite_path(self.path, self.config))
            for name in markers:
                item.add_marker(name)
            yield item


class ScenarioFailure(Exception):
    """A scenario item that failed: the message is the whole report (no Python traceback)."""


class ScenarioItem(pytest.Item):
    def __init__(self, *, scenario_id: str, trial: int, line: int, suite: Path, **kwargs: Any):
        super().__init__(**kwargs)
        self.scenario_id, self.trial, self.line, self.suite = scenario_id, trial, line, suite
        self.suite_name = suite.stem
        """Set after collection (`runner.prepare`): the suite's name in the run directory."""

    def runtest(self) -> None:
        from agentbench.testing.runner import outcome

        outcome(self)

    def repr_failure(self, excinfo: Any, style: Any = None) -> Any:
        if isinstance(excinfo.value, ScenarioFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.line - 1, f"scenario {self.scenario_id} (trial {self.trial})"
