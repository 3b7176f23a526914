"""Agent scenario suites: a folder of scenario YAML files played through the agent loop and trace scorer."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from agentbench.agent.gold import gold_outputs
from agentbench.agent.loop import run_scenario
from agentbench.errors import UsageError
from agentbench.models.base import ChatModel
from agentbench.registry import dialects, suites
from agentbench.scenario.loader import load_scenarios, scenario_files
from agentbench.scoring.agent_metrics import aggregate_agent
from agentbench.scoring.trace_checks import score_trace
from agentbench.suites.base import Sample, Suite
from agentbench.tooling import discover_tools
from agentbench.types import ModelOutput


class AgentSuite(Suite):
    def __init__(self, name: str, paths: list[Path], dialect: str = "react_zh", tools_dirs: list[Path] = (),
                 max_tokens: int = 1024, temperature: float = 0.0):
        self.name, self.paths = name, [Path(p) for p in paths]
        self.dialect = dialects.create(dialect)
        self.max_tokens, self.temperature = max_tokens, temperature
        self.tools = discover_tools(list(tools_dirs))
        self.scenarios = {s.id: s for s in load_scenarios(self.paths, self.tools)}
        if not self.scenarios:
            raise UsageError(f"suite {name!r}: no scenario files under {', '.join(map(str, self.paths))}")
        for scenario in self.scenarios.values():
            unknown = [t for t in scenario.tools if t not in self.tools]
            if unknown:
                raise UsageError(f"scenario {scenario.id!r} offers unknown tool(s) {unknown}; "
                                 f"known: {', '.join(sorted(self.tools))}")

    def samples(self) -> list[Sample]:
        return [Sample(id=s.id, data=s, category=s.category) for s in self.scenarios.values()]

    async def solve(self, sample: Sample, model: ChatModel, trial: int) -> dict[str, Any]:
        scenario = sample.data
        trace = await run_scenario(scenario, model, self.dialect, self.tools, trial, self.max_tokens,
                                   self.temperature)
        specs = {name: self.tools[name].spec for name in scenario.tools}
        score = score_trace(scenario, trace, specs)
        divergence = score.first_divergence
        return {
            "category": scenario.category,
            "dialect": self.dialect.name,
            "passed": score.passed,
            "turns_passed": score.turns_passed,
            "first_divergence": divergence.model_dump(mode="json") if divergence else None,
            "reasons": sorted({v.reason.value for v in score.verdicts if v.reason}),
            "counts": score.counts,
            "verdicts": [v.model_dump(mode="json") for v in score.verdicts],
            "trace": trace.model_dump(mode="json"),
            "error": trace.error,
        }

    def aggregate(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        summary = aggregate_agent(records)
        summary["dialect"] = self.dialect.name
        return summary

    def gold(self, sample: Sample) -> list[ModelOutput]:
        return gold_outputs(sample.data, self.dialect)

    def config(self) -> dict[str, Any]:
        digest = hashlib.sha256()
        for f in scenario_files(self.paths):
            digest.update(f.name.encode() + b"\0" + f.read_bytes())
        return {"kind": "agent", "dialect": self.dialect.name, "scenarios": len(self.scenarios),
                "scenarios_sha256": digest.hexdigest(), "max_tokens": self.max_tokens,
                "temperature": self.temperature}


@suites.register("agent")
def make_agent_suite(path: str | Path, dialect: str = "react_zh", **options: Any) -> AgentSuite:
    path = Path(path)
    return AgentSuite(path.stem, [path], dialect, **options)
