"""The gold and demo oracles, wired from suites into scripted models (models/ never imports suites)."""

from __future__ import annotations

from agentbench.models.base import Oracle
from agentbench.models.scripted import load_script
from agentbench.paths import builtin_dir
from agentbench.suites.base import Suite
from agentbench.types import ModelOutput


def gold_oracle(suites: list[Suite]) -> Oracle:
    """Each sample's perfect outputs, computed on first use."""
    index = None
    cache: dict[str, list[ModelOutput]] = {}

    def gold(sample_id: str) -> list[ModelOutput] | None:
        nonlocal index
        if index is None:
            index = {sample.id: (suite, sample) for suite in suites for sample in suite.samples()}
        if sample_id not in index:
            return None
        if sample_id not in cache:
            suite, sample = index[sample_id]
            cache[sample_id] = suite.gold(sample)
        return cache[sample_id]

    return gold


def demo_replies(suites: list[Suite]) -> dict[str, list[ModelOutput]]:
    """The canned mistakes `scripted:demo` makes (scenarios/_demo_replies/<suite>.yaml)."""
    script: dict[str, list[ModelOutput]] = {}
    for suite in suites:
        path = builtin_dir("scenarios") / "_demo_replies" / f"{suite.name}.yaml"
        if path.is_file():
            script.update(load_script(path))
    return script
