"""Suites: agent scenario folders and the general-ability sets, all behind one Suite interface."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agentbench.errors import UsageError
from agentbench.paths import builtin_dir
from agentbench.registry import suites as registry
from agentbench.suites.base import Sample, Suite

AGENT_OPTIONS = ("max_tokens", "temperature")


def make_suite(name: str, dialect: str = "react_zh", data_dir: Path | None = None,
               tools_dirs: list[Path] = (), options: dict[str, Any] | None = None) -> Suite:
    """A registered suite (arc, ceval, gsm8k...), a built-in scenario folder (agent_zh), or a path.

    `options` go to registered suites' factories (shots, style, cot, subjects, max_tokens)."""
    options = dict(options or {})
    if name != "agent" and name in registry.names():
        return registry.create(name, data_dir=data_dir, **options)
    from agentbench.suites.agent import AgentSuite
    # agent suites take generation settings; few-shot options of the general suites do not apply to them
    agent_options = {k: options[k] for k in AGENT_OPTIONS if k in options}
    builtin = builtin_dir("scenarios") / name
    if "/" not in name and "\\" not in name and builtin.is_dir() and not name.startswith("_"):
        return AgentSuite(name, [builtin], dialect, tools_dirs, **agent_options)
    path = Path(name)
    if path.exists():
        return AgentSuite(path.stem, [path], dialect, tools_dirs, **agent_options)
    known = sorted({*(n for n in registry.names() if n != "agent"),
                    *(p.name for p in builtin_dir("scenarios").iterdir() if p.is_dir() and not p.name.startswith("_"))})
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


__all__ = ["Sample", "Suite", "gold_script", "make_suite"]
