"""One `agentbench.run` for every collected scenario item, shared by all processes of a pytest run.

The first item to run (in any process) takes a lock on the run directory and calls `agentbench.run` with
every selected item's suite and scenario; under pytest-xdist every worker collected the same items, so
the workers that come after it get the lock, make the same call, find everything done (a resumed run
makes no model call and writes no record) and read their records. One directory, no duplicate records.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from agentbench.testing.collect import ScenarioFailure, ScenarioItem
from agentbench.testing.options import Settings, read_settings

STATE = "_agentbench_run"


@dataclass
class SessionRun:
    settings: Settings
    out: Path
    error: str | None = None
    records: dict[tuple[str, str, int], tuple[int, Any]] = field(default_factory=dict)
    """(suite, scenario id, trial) -> (line in records.jsonl, Record) for this run's candidate."""


@contextlib.contextmanager
def locked(out: Path) -> Any:
    out.mkdir(parents=True, exist_ok=True)
    with (out / ".pytest.lock").open("a") as fh:
        try:
            import fcntl
        except ImportError:  # Windows: no lock (a single process is safe; xdist is not)
            yield
            return
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def suite_names(items: list[ScenarioItem]) -> dict[Path, str]:
    """Suite folder or file -> the suite name `agentbench.run` gives it; two suites of one name are refused."""
    from agentbench.runs.build import make_name

    names: dict[Path, str] = {}
    for path in sorted({i.suite for i in items}):
        name = make_name(str(path))
        clash = next((p for p, n in names.items() if n == name), None)
        if clash is not None:
            raise pytest.UsageError(f"agentbench: {clash} and {path} would both be suite {name!r} in one run "
                                    "directory; rename one, or run them separately")
        names[path] = name
    return names


def spec_for(settings: Settings, items: list[ScenarioItem], names: dict[Path, str]) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "suites": [str(p) for p in names], "model": settings.role(), "trials": settings.trials,
        "samples": sorted({i.scenario_id for i in items}), "tools_dirs": [str(p) for p in settings.tools_dirs],
        "out": str(settings.out_dir()), "progress": "off",
    }
    if settings.dialect:
        spec["dialect"] = settings.dialect
    return spec


def _run(config: Any, items: list[ScenarioItem]) -> SessionRun:
    import agentbench
    from agentbench.errors import AgentbenchError
    from agentbench.store import RunReader

    settings = read_settings(config)
    state = SessionRun(settings, settings.out_dir())
    names = {i.suite: i.suite_name for i in items}
    try:
        with locked(state.out):
            result = agentbench.run(spec_for(settings, items, names))
    except AgentbenchError as exc:
        state.error = f"agentbench: error: {exc}"
        return state
    candidate = result.summary.get("candidate")
    for line, record in RunReader(result.out).numbered():
        key = record.key
        if key.candidate == candidate:
            state.records.setdefault((key.suite, key.sample_id, key.trial), (line, record))
    return state


def prepare(items: list[Any]) -> None:
    """After collection: name each scenario item's suite (a clash of names is a usage error)."""
    scenario_items = [i for i in items if isinstance(i, ScenarioItem)]
    names = suite_names(scenario_items) if scenario_items else {}
    for item in scenario_items:
        item.suite_name = names[item.suite]


def session_run(item: ScenarioItem) -> SessionRun:
    state = getattr(item.config, STATE, None)
    if state is None:
        items = [i for i in item.session.items if isinstance(i, ScenarioItem)]
        state = _run(item.config, items)
        setattr(item.config, STATE, state)
    return state


def outcome(item: ScenarioItem) -> None:
    """Pass, or raise the failure (or skip) of one scenario item."""
    from agentbench.testing.failure import describe

    settings = read_settings(item.config)
    if not settings.model:
        pytest.skip("no model: give --agentbench-model SPEC (or agentbench_model in the ini file)")
    state = session_run(item)
    item.user_properties.append(("agentbench_out", str(state.out)))
    if state.error is not None:
        raise ScenarioFailure(state.error)
    found = state.records.get((item.suite_name, item.scenario_id, item.trial))
    if found is None:
        raise ScenarioFailure(f"agentbench: no record of {item.scenario_id} trial {item.trial} in {state.out}")
    line, record = found
    if record.passed is True:
        return
    if record.passed is None and record.error is None:
        pytest.skip(f"undecided: {describe(record, state.out, line, item.path)}")
    raise ScenarioFailure(describe(record, state.out, line, item.path))
