"""Agent scenario suites: a folder of scenario YAML files played through the agent loop and trace scorer."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, ClassVar

from agentbench.agent.gold import gold_outputs
from agentbench.agent.loop import run_scenario
from agentbench.errors import UsageError
from agentbench.judges.spec import load_judge_spec
from agentbench.models.base import ChatModel
from agentbench.paths import builtin_dir
from agentbench.registry import dialects
from agentbench.results import AgentOutput, HarnessError, Output, Record, Score
from agentbench.scenario.loader import load_scenarios, scenario_files
from agentbench.scoring.agent_metrics import aggregate_agent
from agentbench.scoring.trace_checks import score_trace
from agentbench.suites.agent_judge import judge_answers, judge_turns
from agentbench.suites.base import Roles, Sample, Suite, SuiteSettings
from agentbench.suites.judged import PARSE_THRESHOLD, judge_error, judge_names, parse_figures
from agentbench.suites.options import OptionSpec, parse_options
from agentbench.tooling import discover_tools
from agentbench.types import ModelOutput

DEFAULT_DIALECT = "react_zh"
OPTIONS = {
    "max_tokens": OptionSpec(int, 1024, "tokens per model call"),
    "temperature": OptionSpec(float, 0.0, "sampling temperature (0 = greedy)"),
    "answer_judge_spec": OptionSpec(str, "agent_answer_zh", "judge spec of the final-answer judge"),
    "parse_threshold": OptionSpec(float, PARSE_THRESHOLD, "minimum judge parse rate; below it the run exits 6"),
}


class AgentSuite(Suite):
    primary: ClassVar[str] = "trace"
    scorer_version: ClassVar[str] = "trace/1"
    uses: ClassVar[frozenset[str]] = frozenset({"dialect"})

    def __init__(self, name: str, paths: list[Path], dialect: str | None = None, tools_dirs: list[Path] = (),
                 options: dict[str, Any] | None = None):
        self.name, self.paths = name, [Path(p) for p in paths]
        self.dialect = dialects.create(dialect or DEFAULT_DIALECT)
        settings = parse_options(name, options or {}, OPTIONS)
        self.max_tokens, self.temperature = settings["max_tokens"], settings["temperature"]
        self.answer_spec = load_judge_spec(settings["answer_judge_spec"])
        self.threshold = settings["parse_threshold"]
        self.tools = discover_tools(list(tools_dirs))
        self.scenarios = {s.id: s for s in load_scenarios(self.paths, self.tools)}
        if not self.scenarios:
            raise UsageError(f"suite {name!r}: no scenario files under {', '.join(map(str, self.paths))}")
        for scenario in self.scenarios.values():
            unknown = [t for t in scenario.tools if t not in self.tools]
            if unknown:
                raise UsageError(f"scenario {scenario.id!r} offers unknown tool(s) {unknown}; "
                                 f"known: {', '.join(sorted(self.tools))}")
        self._digest: str | None = None

    def samples(self) -> list[Sample]:
        return [Sample(id=s.id, data=s, category=s.category) for s in self.scenarios.values()]

    def meta(self, sample: Sample) -> dict[str, Any]:
        return {"dialect": self.dialect.name}

    async def solve(self, sample: Sample, roles: Roles, trial: int) -> Output:
        trace = await run_scenario(sample.data, roles.candidate, self.dialect, self.tools, trial,
                                   self.max_tokens, self.temperature)
        return AgentOutput(trace=trace)

    def harness_error(self, output: Output) -> HarnessError | None:
        trace = output.trace
        crashed = next((o for t in trace.turns for s in t.steps for o in s.observations if o.error_kind == "crash"),
                       None)
        if crashed is not None:  # a bug in a simulated tool is ours: the model is not scored on it
            return HarnessError(kind="tool_crash", message=f"{crashed.tool}: {crashed.content}")
        if trace.error is None:
            return None
        last = trace.turns[-1].steps[-1].output if trace.turns and trace.turns[-1].steps else None
        kind = getattr(last, "error_kind", None) or "transport"
        return HarnessError(kind=kind, message=trace.error)

    async def score(self, sample: Sample, output: Output, judge: ChatModel | None = None) -> dict[str, Score]:
        scenario = sample.data
        specs = {name: self.tools[name].spec for name in scenario.tools}
        result = score_trace(scenario, output.trace, specs)
        divergence = result.first_divergence
        turns = judge_turns(scenario, output.trace, result.verdicts)
        scores = {"trace": Score(
            passed=result.passed, value=1.0 if result.passed else 0.0,
            reasons=sorted({v.reason.value for v in result.verdicts if v.reason}),
            details={"turns_passed": result.turns_passed, "counts": result.counts,
                     "first_divergence": divergence.model_dump(mode="json") if divergence else None,
                     "verdicts": [v.model_dump(mode="json") for v in result.verdicts], "judge_turns": turns},
        )}
        if judge is not None and turns:
            scores["answer_judge"] = await judge_answers(scenario, output.trace, turns, judge, self.answer_spec)
        return scores

    def verdict(self, scores: dict[str, Score]) -> bool | None:
        """Rules first; the turns they cannot decide go to the answer judge; without one they stay undecided."""
        trace = scores["trace"]
        if trace.passed is False:
            return False
        if "answer_judge" in scores:
            return scores["answer_judge"].passed
        return None if trace.details.get("judge_turns") else trace.passed

    def score_error(self, scores: dict[str, Score]) -> HarnessError | None:
        return judge_error(scores, "answer_judge")

    def row(self, record: Record) -> dict[str, Any]:
        row = super().row(record)
        trace = record.scores.get("trace")
        if trace is not None:
            row.update(counts=trace.details.get("counts", {}), reasons=trace.reasons)
            judged = record.scores.get("answer_judge")
            needs = bool(trace.details.get("judge_turns"))
            row["decided_by"] = None if record.passed is None else "rules" if trace.passed is False or not needs \
                else "judge"
            if judged is not None:
                row.update(judge=judged.details.get("judge"), judge_statuses=[t["status"] for t in
                                                                              judged.details.get("turns", [])])
        return row

    def aggregate(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        summary = aggregate_agent(rows)
        summary["dialect"] = self.dialect.name
        scored = [r for r in rows if not r.get("error") and "decided_by" in r]
        if any("judge_statuses" in r for r in scored):
            metrics = summary["metrics"]
            metrics["rule_decided"] = sum(r["decided_by"] == "rules" for r in scored)
            metrics["judge_decided"] = sum(r["decided_by"] == "judge" for r in scored)
            metrics["undecided"] = sum(r["decided_by"] is None for r in scored)
            metrics.update(parse_figures([s for r in scored for s in r.get("judge_statuses", [])], self.threshold))
            metrics["judge"] = judge_names(scored)
        return summary

    def gold(self, sample: Sample) -> list[ModelOutput]:
        return gold_outputs(sample.data, self.dialect)

    def scenarios_digest(self) -> str:
        if self._digest is None:
            digest = hashlib.sha256()
            for f in scenario_files(self.paths):
                digest.update(f.name.encode() + b"\0" + f.read_bytes())
            self._digest = digest.hexdigest()
        return self._digest

    def identity(self) -> dict[str, Any]:
        return {"kind": "agent", "dialect": self.dialect.name, "scenarios_sha256": self.scenarios_digest(),
                "max_tokens": self.max_tokens, "temperature": self.temperature,
                "answer_judge": self.answer_spec.identity()}

    def config(self) -> dict[str, Any]:
        return {**super().config(), "scenarios": len(self.scenarios), "paths": [str(p) for p in self.paths]}


def folder_suite(name: str, path: Path, settings: SuiteSettings) -> AgentSuite:
    return AgentSuite(name, [path], settings.dialect, settings.tools_dirs, settings.options)


def make_agent_zh(settings: SuiteSettings) -> AgentSuite:
    return folder_suite("agent_zh", builtin_dir("scenarios") / "agent_zh", settings)


make_agent_zh.uses = AgentSuite.uses  # type: ignore[attr-defined]
