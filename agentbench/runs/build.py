"""From a RunSpec to suites: which run-wide settings each suite takes, and the roles they need.

Run-wide settings (`dialect`, `shots`, `style`) go to the suites that use them; given to a run where no
suite uses one, it is an error, and where only some do, a warning names the others (nothing is silently
recorded for a suite that ignores it). `suite_options` go to every suite; `SUITE.KEY` targets one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agentbench.errors import UsageError
from agentbench.runs.spec import RunSpec
from agentbench.suites import ROLE_FLAGS, Suite, SuiteSettings, make_suite

RUN_WIDE = ("dialect", "shots", "style")
FLAG = {"dialect": "--dialect", "shots": "--shots", "style": "--style"}


def _uses(name: str) -> frozenset[str]:
    """What a suite uses, before building it (to route settings): agent folders take the dialect."""
    from agentbench.registry import suites as registry

    if name in registry:
        return getattr(registry.get(name), "uses", frozenset())
    from agentbench.suites.agent import AgentSuite  # a scenario folder

    return AgentSuite.uses


def options_for(spec: RunSpec, name: str) -> dict[str, Any]:
    options: dict[str, Any] = {}
    targeted: dict[str, Any] = {}
    for key, value in spec.suite_options.items():
        prefix, dot, rest = key.partition(".")
        if dot and prefix in spec.suites:
            if prefix == name:
                targeted[rest] = value
        elif dot and prefix not in spec.suites:
            raise UsageError(f"suite option {key!r} targets suite {prefix!r}, which this run does not have "
                             f"({', '.join(spec.suites)})")
        else:
            options[key] = value
    return {**options, **targeted}


def settings_for(spec: RunSpec, name: str) -> SuiteSettings:
    uses = _uses(name)
    return SuiteSettings(
        dialect=spec.dialect if "dialect" in uses else None,
        data_dir=spec.data_dir, tools_dirs=list(spec.tools_dirs),
        shots=spec.shots if "shots" in uses else None, style=spec.style if "style" in uses else None,
        options=options_for(spec, name),
    )


def build_suites(spec: RunSpec) -> tuple[list[Suite], list[str]]:
    warnings: list[str] = []
    uses = {name: _uses(name) for name in spec.suites}
    for setting in RUN_WIDE:
        if getattr(spec, setting) is None:
            continue
        ignoring = [n for n in spec.suites if setting not in uses[n]]
        if len(ignoring) == len(spec.suites):
            raise UsageError(f"{FLAG[setting]} does not apply to suite(s) {', '.join(ignoring)}; leave it out")
        if ignoring:
            warnings.append(f"{FLAG[setting]} applies to {', '.join(n for n in spec.suites if n not in ignoring)} "
                            f"only, not {', '.join(ignoring)}")
    return [make_suite(name, settings_for(spec, name)) for name in spec.suites], warnings


def check_roles(spec: RunSpec, suites: list[Suite]) -> None:
    for suite in suites:
        for role in suite.needs:
            if spec.role(role) is None:
                raise UsageError(f"suite {suite.name!r} needs a {role} model: give {ROLE_FLAGS[role]} SPEC")


def suite_settings_of(spec: RunSpec, suite: Suite) -> dict[str, Any]:
    """How to build this suite again (rescore): its name as given and the settings it received."""
    from agentbench.registry import suites as registry

    given = next((n for n in spec.suites if make_name(n) == suite.name), suite.name)
    s = settings_for(spec, given)
    # absolute paths: `rescore` may run from another folder
    name = str(Path(given).resolve()) if given not in registry and Path(given).exists() else given
    return {"name": name, "dialect": s.dialect, "data_dir": str(Path(s.data_dir).resolve()) if s.data_dir else None,
            "tools_dirs": [str(Path(p).resolve()) for p in s.tools_dirs], "shots": s.shots, "style": s.style,
            "options": s.options}


def make_name(given: str) -> str:
    from agentbench.registry import suites as registry

    return given if given in registry or "/" not in given else Path(given).stem


def rebuild_suite(settings: dict[str, Any]) -> Suite:
    return make_suite(settings["name"], SuiteSettings(
        dialect=settings.get("dialect"), data_dir=Path(settings["data_dir"]) if settings.get("data_dir") else None,
        tools_dirs=[Path(p) for p in settings.get("tools_dirs", [])], shots=settings.get("shots"),
        style=settings.get("style"), options=settings.get("options", {})))
