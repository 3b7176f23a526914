"""Suites: agent scenario folders and the general-ability sets, all behind one Suite interface."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agentbench.errors import UsageError
from agentbench.paths import builtin_dir
from agentbench.registry import suites as registry
from agentbench.suites.base import ROLE_FLAGS, Roles, Sample, Suite, SuiteSettings


def builtin_scenario_folders() -> list[str]:
    root = builtin_dir("scenarios")
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_")) if root.is_dir() else []


def make_suite(name: str, settings: SuiteSettings | None = None) -> Suite:
    """A registered suite (agent_zh, arc, ceval, gsm8k...), a built-in scenario folder, or a scenario path."""
    settings = settings or SuiteSettings()
    if name in registry:
        return registry.get(name)(settings)
    from agentbench.suites.agent import folder_suite

    builtin = builtin_dir("scenarios") / name
    if "/" not in name and "\\" not in name and builtin.is_dir() and not name.startswith("_"):
        return folder_suite(name, builtin, settings)
    path = Path(name)
    if path.exists():
        return folder_suite(path.stem, path, settings)
    known = sorted({*registry.names(), *builtin_scenario_folders()})
    raise UsageError(f"unknown suite {name!r}: not a built-in suite ({', '.join(known)}) nor a scenario path")


def gold_script(suites: list[Suite]) -> dict[str, list[dict[str, Any]]]:
    """Every sample's gold outputs in the `scripted:FILE` / mock-server script format."""
    script: dict[str, list[dict[str, Any]]] = {}
    for suite in suites:
        for sample in suite.samples():
            script[sample.id] = [
                {"text": out.text, **({"tool_calls": [{"id": c.id, "name": c.name, "arguments": c.arguments}
                                                      for c in out.tool_calls]} if out.tool_calls else {})}
                for out in suite.gold(sample)
            ]
    return script


__all__ = ["ROLE_FLAGS", "Roles", "Sample", "Suite", "SuiteSettings", "gold_script", "make_suite"]
