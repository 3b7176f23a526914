"""The agentbench pytest plugin (entry point `pytest11`): scenario YAML files as test items, an `agent` fixture.

Kept short and light: the logic lives in agentbench.testing, imported when a scenario file or the fixture
is actually used. The plugin prints nothing in a run that collected no scenario.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

OUT_PROPERTY = "agentbench_out"


def pytest_addoption(parser: Any) -> None:
    from agentbench.testing.options import add_options

    add_options(parser)


def pytest_collect_file(file_path: Path, parent: Any) -> Any:
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    from agentbench.testing.collect import ScenarioFile, is_scenario_file

    if is_scenario_file(file_path, parent.config):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


def pytest_collection_finish(session: Any) -> None:
    if any(type(i).__name__ == "ScenarioItem" for i in session.items):
        from agentbench.testing.runner import prepare

        prepare(session.items)


class _Outs:
    """Run directories the scenario items reported (from xdist workers too): named at the end of the run."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def pytest_runtest_logreport(self, report: Any) -> None:
        self.seen.update(v for k, v in getattr(report, "user_properties", ()) if k == OUT_PROPERTY)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        for out in sorted(self.seen):
            terminalreporter.write_line(f"agentbench: results in {out} (agentbench show {out})")


def pytest_configure(config: Any) -> None:
    config.pluginmanager.register(_Outs(), "agentbench-outs")


@pytest.fixture
def agent(request: Any) -> Any:
    """Plays a conversation or a scenario against the configured model: `agent.play("北京天气？", tools=[...])`."""
    from agentbench.testing.options import read_settings
    from agentbench.testing.play import Agent

    return Agent(read_settings(request.config), request.node.name)
