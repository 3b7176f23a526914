"""The gold oracle: the outputs a perfect model writes for a scenario, derived from its expectations.

Lives beside the loop, not in models/: models know nothing of scenarios. The result feeds a plain
ScriptedModel, so the gold path exercises the same dialect parser and loop as any model.
"""

from __future__ import annotations

from typing import Any

from agentbench.dialects.base import Dialect
from agentbench.matchers.matchers import compile_matcher
from agentbench.scenario.schema import CallExpect, Scenario, Turn
from agentbench.types import ModelOutput

DEFAULT_DECLINE = {"zh": "抱歉，我没有能完成这个请求的工具。", "en": "Sorry, none of my tools can do that."}
DEFAULT_CLARIFY = {"zh": "请问您能补充一下需要的信息吗？", "en": "Could you tell me the missing detail?"}
MAX_RETRIES = 5


def example_args(call: CallExpect) -> dict[str, Any]:
    return {name: compile_matcher(spec, name).example() for name, spec in call.args.items()}


def call_levels(turn: Turn) -> list[list[CallExpect]]:
    """Group expected calls into steps: a call goes one step after every call it must follow."""
    calls = turn.expect.calls
    deps: dict[int, set[int]] = {i: set() for i in range(len(calls))}
    by_id = {c.id: i for i, c in enumerate(calls) if c.id}
    for i, call in enumerate(calls):
        deps[i] |= {by_id[d] for d in call.after}
        if turn.expect.ordered and i > 0:
            deps[i].add(i - 1)
    level: dict[int, int] = {}

    def depth(i: int) -> int:
        if i not in level:
            level[i] = 1 + max((depth(d) for d in deps[i]), default=-1)
        return level[i]

    groups: dict[int, list[CallExpect]] = {}
    for i in range(len(calls)):
        groups.setdefault(depth(i), []).append(calls[i])
    return [groups[k] for k in sorted(groups)]


def gold_answer(turn: Turn, language: str) -> str:
    expect = turn.expect
    answer = expect.answer.reference if expect.answer and expect.answer.reference else None
    if answer is None:
        if expect.kind == "decline":
            answer = DEFAULT_DECLINE[language]
        elif expect.kind == "clarify":
            topic = expect.clarify.mention_any[0] if expect.clarify and expect.clarify.mention_any else ""
            answer = f"请问您说的{topic}是哪个？" if topic and language == "zh" else DEFAULT_CLARIFY[language]
        else:
            answer = "好的" if language == "zh" else "OK"
    for fact in expect.answer.must_mention if expect.answer else []:
        options = fact if isinstance(fact, list) else [fact]
        if not any(o in answer for o in options):
            answer += ("，" if language == "zh" else ", ") + options[0]
    return answer


def gold_outputs(scenario: Scenario, dialect: Dialect) -> list[ModelOutput]:
    """One output per model call, in order, across all turns (faults included: failed calls are retried)."""
    faults = [{"tool": f.tool, "left": f.times, "turn": f.turn} for f in scenario.faults]

    def fails(tool: str, turn_index: int) -> bool:
        for fault in faults:
            if fault["tool"] == tool and fault["left"] > 0 and fault["turn"] in (None, turn_index):
                fault["left"] -= 1
                return True
        return False

    outputs: list[ModelOutput] = []
    for turn_index, turn in enumerate(scenario.turns):
        for level in call_levels(turn):
            pending = [(c.tool, example_args(c)) for c in level]
            for _ in range(MAX_RETRIES):
                if not pending:
                    break
                outputs.append(dialect.format_output(pending))
                pending = [p for p in pending if fails(p[0], turn_index)]
        outputs.append(dialect.format_output([], answer=gold_answer(turn, scenario.language)))
    return outputs
