"""The built-in agent_zh suite is self-consistent: its tools exist, its gold calls work against its worlds,
its references contain the facts they demand, and it covers every turn kind.

These tests use no model: they replay each scenario's expected calls (the gold oracle's example values)
through a Toolbox on the scenario's own world, the way the gold oracle does.
"""

import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from agentbench.agent.gold import call_levels, example_args
from agentbench.scenario import load_scenarios
from agentbench.scoring.state import check_state
from agentbench.text.normalize import language_of
from agentbench.tooling import Toolbox, World, discover_tools

REPO = Path(__file__).resolve().parents[1]
SUITE = REPO / "scenarios" / "agent_zh"
DEMO = REPO / "scenarios" / "_demo_replies" / "agent_zh.yaml"
TOOLS = discover_tools()
SCENARIOS = load_scenarios([SUITE])
BY_ID = {s.id: s for s in SCENARIOS}
CATEGORIES = {"单工具调用", "多工具调用", "多轮上下文", "参数澄清", "拒绝调用", "错误恢复", "状态变更", "无需工具"}
CJK = re.compile(r"[\u4e00-\u9fff]")
TOOL_ERROR_TAG = "tool-error"  # scenarios whose expected call is meant to be refused by the tool


def replay(scenario):
    """Run every expected call with its example arguments, turn by turn, on one World (faults off).

    Returns the world and, per turn, the list of (tool, args, Observation)."""
    toolbox = Toolbox(TOOLS, World.from_scenario(scenario.world))
    turns = []
    for index, turn in enumerate(scenario.turns):
        toolbox.world.turn = index
        done = []
        for level in call_levels(turn):
            for call in level:
                args = example_args(call)
                done.append((call.tool, args, toolbox.call(call.tool, args)))
        turns.append(done)
    return toolbox.world, turns


def facts(item):
    return item if isinstance(item, list) else [item]


def test_suite_loads_with_unique_ids_chinese_titles_and_known_categories():
    files = sorted(SUITE.glob("*.yaml"))
    assert len(SCENARIOS) == len(files) >= 18
    assert len(BY_ID) == len(SCENARIOS)
    for s in SCENARIOS:
        assert re.fullmatch(r"[a-z]+\.[a-z0-9_]+", s.id), s.id
        assert CJK.search(s.title), s.id
        assert s.category in CATEGORIES, (s.id, s.category)
        assert s.language == "zh" and all(CJK.search(t.user) for t in s.turns), s.id


def test_every_category_is_used():
    assert {s.category for s in SCENARIOS} == CATEGORIES


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_offered_and_expected_tools_exist(scenario):
    assert scenario.tools, scenario.id
    for name in scenario.tools:
        assert name in TOOLS, f"{scenario.id}: tool {name!r} not in discover_tools()"
    for turn in scenario.turns:
        for call in turn.expect.calls:
            assert call.tool in scenario.tools, f"{scenario.id}: expects {call.tool} but does not offer it"
    for fault in scenario.faults:
        assert fault.tool in scenario.tools
        assert fault.turn is None or 0 <= fault.turn < len(scenario.turns)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_example_arguments_validate_against_the_tool_schema(scenario):
    for turn in scenario.turns:
        for call in turn.expect.calls:
            jsonschema.validate(example_args(call), TOOLS[call.tool].spec.parameters)
            if not call.allow_extra_args:
                required = set(TOOLS[call.tool].spec.parameters["required"])
                assert required <= set(call.args), f"{scenario.id}: {call.tool} lacks required {required - set(call.args)}"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_gold_calls_succeed_on_the_scenario_world_and_reach_the_expected_state(scenario):
    world, turns = replay(scenario)
    for index, done in enumerate(turns):
        for tool, args, obs in done:
            if TOOL_ERROR_TAG in scenario.tags:
                assert not obs.ok and obs.error_kind == "tool_error", f"{scenario.id}: {tool}{args} should be refused"
            else:
                assert obs.ok, f"{scenario.id} turn {index}: {tool}{args} -> {obs.content}"
    failed = [v.message for v in check_state(scenario.expect_state, world.data) if not v.passed]
    assert not failed, f"{scenario.id}: {failed}"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_must_mention_facts_come_from_observations(scenario):
    """A model that skips the tool cannot guess the facts: each must appear in that turn's observations."""
    _, turns = replay(scenario)
    for turn, done in zip(scenario.turns, turns, strict=True):
        if not done or not turn.expect.answer:
            continue
        observed = "\n".join(obs.content for _, _, obs in done)
        for fact in turn.expect.answer.must_mention:
            assert any(f in observed for f in facts(fact)), f"{scenario.id}: {fact!r} not in {observed}"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_every_turn_has_a_chinese_reference_consistent_with_its_expectations(scenario):
    _, turns = replay(scenario)
    for index, (turn, done) in enumerate(zip(scenario.turns, turns, strict=True)):
        where = f"{scenario.id} turn {index}"
        answer = turn.expect.answer
        assert answer and answer.reference, f"{where}: no answer.reference"
        ref = answer.reference
        assert language_of(ref) == "zh", where
        for fact in answer.must_mention:
            assert any(f in ref for f in facts(fact)), f"{where}: reference lacks {fact!r}"
        for banned in answer.must_not_mention:
            assert banned not in ref, f"{where}: reference mentions banned {banned!r}"
        kind = turn.expect.kind
        if kind == "decline":
            assert re.search("抱歉|无法|不能", ref), where
        if kind == "clarify":
            assert ref.endswith("？") or ref.endswith("?"), where
            assert turn.expect.clarify and turn.expect.clarify.mention_any, where
            assert any(m in ref for m in turn.expect.clarify.mention_any), where
        urls = [o.content for _, _, o in done if o.ok and "image_url" in o.content]
        if answer.show_images:
            assert urls, f"{where}: show_images without an image call"
            for obs in urls:
                url = re.search(r'"image_url": "([^"]+)"', obs).group(1)
                assert f"![图片]({url})" in ref, f"{where}: reference must show {url}"
        else:
            assert not urls, f"{where}: images generated but show_images is off"


def test_every_turn_kind_and_shape_is_covered():
    turns = [(s, t) for s in SCENARIOS for t in s.turns]
    kinds = [t.expect.kind for _, t in turns]
    for kind in ("call", "answer", "decline", "clarify", "recover"):
        assert kinds.count(kind) >= 2, f"turn kind {kind!r} appears {kinds.count(kind)} times"
    parallel = [t for _, t in turns if len(t.expect.calls) > 1 and not t.expect.ordered
                and not any(c.after for c in t.expect.calls)]
    ordered = [t for _, t in turns if len(call_levels(t)) > 1]
    assert len(parallel) >= 2 and len(ordered) >= 2
    assert any(len({c.tool for c in t.expect.calls}) > 1 for t in parallel), "no parallel call to two different tools"
    assert sum(len(s.turns) > 1 for s in SCENARIOS) >= 4
    assert any(t.user.startswith("那") and t.user.endswith("呢？") for _, t in turns), "no 那…呢？ follow-up"
    assert sum(bool(s.expect_state) for s in SCENARIOS) >= 3
    assert sum(bool(s.system) for s in SCENARIOS) >= 1
    assert sum(bool(t.expect.answer and t.expect.answer.show_images) for _, t in turns) >= 2
    assert any(f.turn is not None for s in SCENARIOS for f in s.faults)
    recover = [s for s in SCENARIOS if any(t.expect.kind == "recover" for t in s.turns)]
    assert recover and all(s.faults for s in recover)
    dated = [c for _, t in turns for c in t.expect.calls if c.tool == "amap_weather" and "date" in c.args]
    assert dated, "no weather call with a date"
    assert {"amap_weather", "image_gen"} <= {c.tool for _, t in turns for c in t.expect.calls}


def test_demo_replies_script_known_scenarios_with_a_comment_each():
    text = DEMO.read_text(encoding="utf-8")
    script = yaml.safe_load(text)
    assert 5 <= len(script) <= 10
    lines = text.splitlines()
    for sid, outputs in script.items():
        assert sid in BY_ID, f"demo script for unknown scenario {sid!r}"
        assert outputs and all(isinstance(o, str) and o.strip() for o in outputs), sid
        at = lines.index(f"{sid}:")
        assert lines[at - 1].startswith("#"), f"{sid}: say which mistake it shows in a comment above it"
