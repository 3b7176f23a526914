"""The `agent` fixture: play a conversation or a scenario against the configured model, get the trace.

    def test_weather(agent):
        trace = agent.play("北京今天天气怎么样？", tools=[weather])
        trace.assert_called("weather", city={"place": "北京"})
        assert "晴" in trace.final_answer

Tools are typed Python functions, agentbench `@tool` functions or LangChain tools. The sample id a model
sees (and a `scripted:FILE` keys on) is the test's name, `NAME.2`, `NAME.3`... for later plays in one test.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from agentbench.testing.options import Settings
from agentbench.testing.trace import TraceView


class Agent:
    def __init__(self, settings: Settings, test_name: str):
        self.settings, self.test_name, self.plays = settings, test_name, 0

    def _sample_id(self, given: str | None) -> str:
        import re

        self.plays += 1
        base = given or re.sub(r"[^A-Za-z0-9_.\-]+", "_", self.test_name).strip("_") or "test"
        return base if given or self.plays == 1 else f"{base}.{self.plays}"

    def _model(self, gold: Any = None) -> Any:
        import pytest

        from agentbench.models.base import ModelSettings
        from agentbench.models.factory import make_model
        from agentbench.runs.spec import RoleSpec

        if not self.settings.model:
            pytest.skip("no model: give --agentbench-model SPEC (or agentbench_model in the ini file)")
        role = RoleSpec(**self.settings.role())
        settings = ModelSettings(base_url=role.base_url, api_key_env=role.api_key_env, options=role.backend_options())
        if role.model == "scripted:gold":
            settings.oracle = gold
        return make_model(role.model, settings)

    def _tools(self, names: Iterable[str], given: Iterable[Any]) -> dict[str, Any]:
        from agentbench.tooling import discover_tools
        from agentbench.tooling.adapt import as_tools

        declared = as_tools(given)
        needed = set(names) - set(declared)
        found = discover_tools(self.settings.tools_dirs) if needed else {}
        return {**{n: found[n] for n in needed if n in found}, **declared}

    def _play(self, scenario: Any, tools: dict[str, Any], score: bool) -> TraceView:
        from agentbench.agent.gold import gold_outputs
        from agentbench.agent.loop import run_scenario
        from agentbench.errors import UsageError
        from agentbench.registry import dialects

        missing = [t for t in scenario.tools if t not in tools]
        if missing:
            raise UsageError(f"scenario {scenario.id!r} offers unknown tool(s) {missing}; pass them as tools=[...]")
        dialect = dialects.create(self.settings.dialect or "react_zh")
        model = self._model(lambda sid: gold_outputs(scenario, dialect) if sid == scenario.id else None)

        async def go() -> Any:
            try:
                return await run_scenario(scenario, model, dialect, tools)
            finally:
                await model.aclose()

        trace = asyncio.run(go())
        specs = {name: tools[name].spec for name in scenario.tools}
        result = None
        if score:
            from agentbench.scoring import score_trace

            result = score_trace(scenario, trace, specs)
        return TraceView(trace, specs, result)

    def play(self, conversation: str | list[str], tools: Iterable[Any] = (), *, system: str | None = None,
             world: dict[str, Any] | None = None, max_steps: int = 6, id: str | None = None) -> TraceView:
        """Play user turns (one string or a list) with these tools offered; nothing is expected of them."""
        from agentbench.scenario.schema import Scenario

        built = self._tools((), tools)
        turns = [conversation] if isinstance(conversation, str) else list(conversation)
        scenario = Scenario(id=self._sample_id(id), tools=list(built), system=system, world=world or {},
                            max_steps=max_steps, turns=[{"user": u} for u in turns])
        return self._play(scenario, built, score=False)

    def play_scenario(self, scenario: str | Path | Any, tools: Iterable[Any] = ()) -> TraceView:
        """Play a scenario (a file, or a Scenario) and score it: `trace.assert_passed()` checks every expectation."""
        from agentbench.scenario.loader import load_scenario

        if isinstance(scenario, (str, Path)):
            scenario = load_scenario(Path(scenario))
        return self._play(scenario, self._tools(scenario.tools, tools), score=True)
