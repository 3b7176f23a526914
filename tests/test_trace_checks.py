"""The trace scorer, driven end to end: scenario YAML -> scripted raw ReACT text -> loop -> verdicts."""

import asyncio
import json
import textwrap

import pytest
from conftest import FIXTURE_TOOLS

from agentbench.agent.loop import run_scenario
from agentbench.errors import Reason
from agentbench.models.scripted import ScriptedModel, to_output
from agentbench.registry import dialects
from agentbench.scenario import parse_scenario
from agentbench.scoring.trace_checks import score_trace
from agentbench.tooling import discover_tools

TOOLS = discover_tools([FIXTURE_TOOLS])
WORLD = """
world:
  weather:
    北京: {condition: 小雪, high: 2, low: -5}
    上海: {condition: 多云, high: 12, low: 6}
"""


def call(name, args, thought="我需要调用工具"):
    return f"Thought: {thought}\nAction: {name}\nAction Input: {json.dumps(args, ensure_ascii=False)}"


def answer(text):
    return f"Thought: 我现在知道最终答案了\nFinal Answer: {text}"


def play(yaml_text, outputs, dialect="react_zh"):
    scenario = parse_scenario(textwrap.dedent(yaml_text))
    model = ScriptedModel({scenario.id: [to_output(o, "test") for o in outputs]}, "scripted:test")
    trace = asyncio.run(run_scenario(scenario, model, dialects.create(dialect), TOOLS))
    specs = {n: TOOLS[n].spec for n in scenario.tools}
    return score_trace(scenario, trace, specs), trace


def reasons(score):
    return [v.reason for v in score.verdicts if not v.passed]


ONE_CALL = """
id: t.one
tools: [fx_weather, fx_book]
""" + WORLD + """
turns:
  - user: 北京天气怎么样？
    expect:
      calls: [{tool: fx_weather, args: {city: {place: 北京}}}]
      answer: {must_mention: [小雪, "-5"]}
"""


def test_correct_call_and_grounded_answer_pass():
    score, _ = play(ONE_CALL, [call("fx_weather", {"city": "北京市"}), answer("北京小雪，-5到2度。")])
    assert score.passed, reasons(score)
    assert score.first_divergence is None
    assert score.counts["act_hits"] == 1 and score.counts["strict_arg_hits"] == 1


def test_wrong_argument_names_expected_actual_and_step():
    score, _ = play(ONE_CALL, [call("fx_weather", {"city": "上海"}), answer("小雪，-5度")])
    assert not score.passed
    div = score.first_divergence
    assert div.reason == Reason.ARG_MISMATCH and (div.turn, div.step) == (0, 0)
    assert div.expected == {"place": "北京"} and div.actual == "上海" and div.matcher == "norm"
    assert score.counts["arg_f1_sum"] == 0.5  # half credit: present but wrong
    assert score.counts["strict_arg_hits"] == 0


def test_missed_call_with_invented_answer():
    score, _ = play(ONE_CALL, [answer("北京今天晴，-5度。")])
    assert reasons(score)[0] == Reason.MISSING_CALL
    assert Reason.ANSWER_MISSING_FACT in reasons(score)


def test_hallucinated_and_wrong_tool():
    score, _ = play(ONE_CALL, [call("get_weather", {"city": "北京"}), answer("小雪 -5")])
    assert Reason.HALLUCINATED_TOOL in reasons(score) and Reason.MISSING_CALL in reasons(score)
    score, _ = play(ONE_CALL, [call("fx_book", {"restaurant": "北京", "people": 1}), answer("小雪 -5")])
    assert score.first_divergence.reason == Reason.WRONG_TOOL


def test_number_fact_does_not_match_inside_another_number():
    score, _ = play(ONE_CALL, [call("fx_weather", {"city": "北京"}), answer("北京小雪，最低-15度。")])
    assert reasons(score) == [Reason.ANSWER_MISSING_FACT]


def test_english_answer_to_chinese_question():
    score, _ = play(ONE_CALL, [call("fx_weather", {"city": "北京"}),
                               answer("It will snow (小雪) in Beijing, low of -5 degrees.")])
    assert reasons(score) == [Reason.ANSWER_WRONG_LANGUAGE]


PARALLEL = """
id: t.parallel
tools: [fx_weather]
""" + WORLD + """
turns:
  - user: 北京和上海天气？
    expect:
      calls:
        - {tool: fx_weather, args: {city: {any_of: [北京, 上海]}}}
        - {tool: fx_weather, args: {city: 北京}}
"""


def test_parallel_calls_use_optimal_not_greedy_matching():
    two = call("fx_weather", {"city": "北京"}) + "\n" + call("fx_weather", {"city": "上海"})
    score, trace = play(PARALLEL, [two, answer("北京小雪，上海多云。")])
    assert len(trace.turns[0].steps[0].parse.calls) == 2
    assert score.passed, reasons(score)


def test_parallel_calls_in_separate_steps_also_pass_when_no_order_declared():
    outputs = [call("fx_weather", {"city": "上海"}), call("fx_weather", {"city": "北京"}), answer("北京小雪，上海多云。")]
    assert play(PARALLEL, outputs)[0].passed


ORDERED = """
id: t.ordered
tools: [fx_weather, fx_book]
""" + WORLD + """
turns:
  - user: 看看北京天气，下雪就订火锅店两人位
    expect:
      calls:
        - {id: w, tool: fx_weather, args: {city: 北京}}
        - {tool: fx_book, after: [w], args: {restaurant: 火锅店, people: 2}}
      answer: {must_mention: [B1]}
expect_state:
  bookings[0].people: 2
  bookings[0].restaurant: 火锅店
"""


def test_declared_order_and_state():
    outputs = [call("fx_weather", {"city": "北京"}), call("fx_book", {"restaurant": "火锅店", "people": 2}),
               answer("北京下雪，已为您预订火锅店，订单号B1。")]
    assert play(ORDERED, outputs)[0].passed


def test_order_violation_when_dependent_call_is_in_the_same_step():
    both = call("fx_weather", {"city": "北京"}) + "\n" + call("fx_book", {"restaurant": "火锅店", "people": 2})
    score, _ = play(ORDERED, [both, answer("已预订，订单号B1。")])
    assert reasons(score) == [Reason.ORDER_VIOLATION]


def test_state_mismatch_is_a_diff_with_path():
    outputs = [call("fx_weather", {"city": "北京"}), call("fx_book", {"restaurant": "火锅店", "people": 3}),
               answer("已预订，订单号B1。")]
    score, _ = play(ORDERED, outputs)
    state = [v for v in score.verdicts if v.reason == Reason.STATE_MISMATCH]
    assert len(state) == 1 and "bookings[0].people" in state[0].message and state[0].actual == 3


DECLINE = """
id: t.decline
tools: [fx_weather]
turns:
  - user: 帮我订一张去上海的机票
    expect: {kind: decline}
"""


def test_decline_turns():
    assert play(DECLINE, [answer("抱歉，我没有订机票的工具。")])[0].passed
    assert reasons(play(DECLINE, [answer("好的，已经为您订好了。")])[0]) == [Reason.NOT_A_DECLINE]
    score, _ = play(DECLINE, [call("fx_weather", {"city": "上海"}), answer("抱歉，无法订票。")])
    assert score.first_divergence.reason == Reason.CALLED_INSTEAD_OF_DECLINING


def test_format_error_is_never_an_abstention():
    score, trace = play(DECLINE, ["Thought: 抱歉\nAction: fx_weather"])
    assert trace.turns[0].termination == "format_error"
    assert not score.passed and score.first_divergence.reason == Reason.FORMAT_ERROR
    assert score.counts["format_error_steps"] == 1


CLARIFY = """
id: t.clarify
tools: [fx_weather]
""" + WORLD + """
turns:
  - user: 帮我查一下天气
    expect:
      kind: clarify
      clarify: {mention_any: [城市, 哪里]}
  - user: 北京
    expect:
      calls: [{tool: fx_weather, args: {city: 北京}}]
"""


def test_clarify_then_context_carries():
    outputs = [answer("请问您想查询哪个城市的天气？"), call("fx_weather", {"city": "北京"}), answer("北京小雪。")]
    score, _ = play(CLARIFY, outputs)
    assert score.passed and score.turns_passed == [True, True]
    guessed = [call("fx_weather", {"city": "北京"}), answer("北京小雪。"), call("fx_weather", {"city": "北京"}),
               answer("北京小雪。")]
    score, _ = play(CLARIFY, guessed)
    assert score.first_divergence.reason == Reason.CALLED_INSTEAD_OF_ASKING
    assert score.turns_passed == [False, True]
    assert reasons(play(CLARIFY, [answer("北京今天小雪。")])[0])[0] == Reason.NOT_A_QUESTION


RECOVER = """
id: t.recover
tools: [fx_weather]
faults: [{tool: fx_weather, times: 1}]
""" + WORLD + """
turns:
  - user: 北京天气？
    expect:
      kind: recover
      calls: [{tool: fx_weather, args: {city: 北京}}]
      answer: {must_mention: [小雪]}
"""


def test_recover_after_transient_fault():
    outputs = [call("fx_weather", {"city": "北京"}), call("fx_weather", {"city": "北京"}), answer("北京小雪。")]
    score, trace = play(RECOVER, outputs)
    assert [o.ok for s in trace.turns[0].steps for o in s.observations] == [False, True]
    assert score.passed, reasons(score)


def test_giving_up_after_error_is_no_recovery():
    score, _ = play(RECOVER, [call("fx_weather", {"city": "北京"}), answer("抱歉，服务不可用。")])
    assert Reason.NO_RECOVERY in reasons(score)


def test_repeating_a_call_that_failed_on_bad_arguments_and_looping():
    bad = call("fx_weather", {"city": "火星"})
    score, _ = play(ONE_CALL, [bad, bad, bad, answer("抱歉")])
    assert Reason.REPEATED_FAILING_CALL in reasons(score) and Reason.LOOP in reasons(score)


def test_step_limit():
    yaml_text = ONE_CALL.replace("id: t.one", "id: t.one\nmax_steps: 2")
    score, trace = play(yaml_text, [call("fx_weather", {"city": "北京"})] * 5)
    assert trace.turns[0].termination == "step_limit" and len(trace.turns[0].steps) == 2
    assert Reason.STEP_LIMIT in reasons(score)


def test_extra_arguments_default_ok_other_unexpected_and_schema():
    ok_default = [call("fx_weather", {"city": "北京", "unit": "c"}), answer("北京小雪，-5度。")]
    assert play(ONE_CALL, ok_default)[0].passed
    score, _ = play(ONE_CALL, [call("fx_weather", {"city": "北京", "unit": "k"}), answer("北京小雪，-5度。")])
    assert Reason.ARG_UNEXPECTED in reasons(score) and Reason.ARG_SCHEMA_INVALID in reasons(score)


IMAGE = """
id: t.image
tools: [fx_image]
turns:
  - user: 画一只猫
    expect:
      calls: [{tool: fx_image, args: {text: {present: true, example: 一只猫}}}]
      answer: {show_images: true, reference: "画好了：![图片](https://images.example.com/gen/0003.png)"}
"""


def test_image_must_be_shown_as_markdown():
    url = "https://images.example.com/gen/0003.png"
    assert play(IMAGE, [call("fx_image", {"text": "一只猫"}), answer(f"画好了：![图片]({url})")])[0].passed
    score, _ = play(IMAGE, [call("fx_image", {"text": "一只猫"}), answer(f"画好了：{url}")])
    assert reasons(score) == [Reason.ANSWER_IMAGE_NOT_SHOWN]


def test_unparseable_arguments_are_recorded_and_scored_as_format_error():
    score, trace = play(ONE_CALL, ["Thought: x\nAction: fx_weather\nAction Input: {city: 北京, ,,}}"])
    step = trace.turns[0].steps[0]
    assert step.parse.error == "ARGS_UNPARSEABLE" and step.parse.calls[0].arguments is None
    assert score.first_divergence.reason == Reason.FORMAT_ERROR


def test_same_trace_gives_byte_identical_verdicts():
    _, trace = play(PARALLEL, [call("fx_weather", {"city": "上海"}), answer("上海多云")])
    scenario = parse_scenario(textwrap.dedent(PARALLEL))
    specs = {"fx_weather": TOOLS["fx_weather"].spec}
    dumps = {json.dumps([v.model_dump(mode="json") for v in score_trace(scenario, trace, specs).verdicts],
                        ensure_ascii=False, sort_keys=True) for _ in range(3)}
    assert len(dumps) == 1


@pytest.mark.parametrize("dialect", ["react_zh", "react_en", "agentfabric", "openai_tools", "qwen", "hermes", "glm4"])
def test_gold_oracle_passes_every_turn_kind(dialect):
    from agentbench.agent.gold import gold_outputs

    for text in (ONE_CALL, PARALLEL, ORDERED, DECLINE, CLARIFY, RECOVER, IMAGE):
        scenario = parse_scenario(textwrap.dedent(text))
        d = dialects.create(dialect)
        model = ScriptedModel({scenario.id: gold_outputs(scenario, d)}, "scripted:gold")
        trace = asyncio.run(run_scenario(scenario, model, d, TOOLS))
        score = score_trace(scenario, trace, {n: TOOLS[n].spec for n in scenario.tools})
        assert score.passed, (scenario.id, reasons(score))


def test_null_for_an_optional_argument_means_not_given():
    score, trace = play(ONE_CALL, [call("fx_weather", {"city": "北京", "unit": None}), answer("北京小雪，-5度。")])
    assert trace.turns[0].steps[0].observations[0].ok
    assert score.passed, reasons(score)


# --- issue 8: argument matching and call scoring -------------------------------------------------------

def test_wrong_tool_even_when_that_tools_schema_rejects_the_arguments():
    score, trace = play(ONE_CALL, [call("fx_book", {"restaurant": "北京"}), answer("小雪，-5度")])
    assert trace.turns[0].steps[0].observations[0].error_kind == "bad_arguments"
    assert Reason.WRONG_TOOL in reasons(score) and Reason.MISSING_CALL not in reasons(score)


def test_enum_case_passes_the_tool_and_the_scorer():
    score, trace = play(ONE_CALL, [call("fx_weather", {"city": "北京", "unit": "C"}), answer("北京小雪，-5度。")])
    assert trace.turns[0].steps[0].observations[0].ok
    assert score.passed, reasons(score)


BOOK = [{"tool": "fx_book", "args": {"restaurant": "火锅店", "people": 2}}]
FX = [TOOLS["fx_weather"].spec, TOOLS["fx_book"].spec]


def failing(verdicts):
    return [v.reason for v in verdicts if not v.passed]


def test_float_for_an_integer_is_a_type_mismatch_unless_allowed():
    from agentbench.scoring import score_calls

    got = score_calls(BOOK, [{"name": "fx_book", "arguments": {"restaurant": "火锅店", "people": 2.0}}], FX)
    assert failing(got) == [Reason.ARG_TYPE_MISMATCH]
    allowed = [{"tool": "fx_book", "args": {"restaurant": "火锅店", "people": {"eq": 2, "allow_float": True}}}]
    assert failing(score_calls(allowed, [{"name": "fx_book", "arguments": {"restaurant": "火锅店", "people": 2.0}}],
                               FX)) == []
    text = score_calls(BOOK, [{"name": "fx_book", "arguments": {"restaurant": "火锅店", "people": "2"}}], FX)
    assert failing(text) == [Reason.ARG_TYPE_MISMATCH]  # reported once, not again as ARG_SCHEMA_INVALID


def test_omitted_optional_argument_equals_its_schema_default():
    from agentbench.scoring import score_calls

    actual = [{"name": "fx_weather", "arguments": {"city": "北京"}}]
    assert failing(score_calls([{"tool": "fx_weather", "args": {"city": "北京", "unit": "c"}}], actual, FX)) == []
    missing = score_calls([{"tool": "fx_weather", "args": {"city": "北京", "unit": "f"}}], actual, FX)
    assert failing(missing) == [Reason.ARG_MISSING]
    optional = [{"tool": "fx_weather", "args": {"city": "北京", "unit": {"optional": ["f"]}}}]
    assert failing(score_calls(optional, actual, FX)) == []
    given = [{"name": "fx_weather", "arguments": {"city": "北京", "unit": "c"}}]
    assert failing(score_calls(optional, given, FX)) == [Reason.ARG_MISMATCH]


def test_score_calls_takes_plain_dicts_and_never_raises_on_calls():
    from agentbench.scoring import Verdict, score_calls, score_trace

    assert callable(score_trace)
    openai_tools = [t.openai() for t in FX]
    expected = [{"tool": "fx_weather", "args": {"city": {"place": "北京"}}, "id": "w"},
                {"tool": "fx_book", "after": ["w"], "args": {"restaurant": "火锅店", "people": 2}}]
    actual = [{"name": "fx_weather", "arguments": '{"city": "Beijing, China"}'},
              {"name": "fx_book", "arguments": {"restaurant": "火锅店", "people": 2}}]
    verdicts = score_calls(expected, actual, openai_tools)
    assert all(isinstance(v, Verdict) for v in verdicts) and failing(verdicts) == []
    assert failing(score_calls(expected, actual[::-1], openai_tools)) == [Reason.ORDER_VIOLATION]
    junk = [{"name": "fx_weather", "arguments": "{city: 北京,,"}, {"name": "get_weather", "arguments": {}},
            {"name": "fx_book", "arguments": [1]}]
    reasons_ = failing(score_calls(expected, junk, {t.name: t for t in FX}))
    assert Reason.FORMAT_ERROR in reasons_ and Reason.HALLUCINATED_TOOL in reasons_
    extra = score_calls(expected[:1], actual, FX)
    assert failing(extra) == [Reason.EXTRA_CALL]


def test_scoring_parallel_calls_never_imports_scipy():
    import subprocess
    import sys

    code = (
        "import sys\nfrom agentbench.scoring import score_calls\n"
        "from agentbench.types import ToolSpec\n"
        "spec = ToolSpec(name='w', description='', parameters={'type': 'object', 'properties': {'city': {}}})\n"
        "exp = [{'tool': 'w', 'args': {'city': c}} for c in '北京 上海 广州'.split()]\n"
        "act = [{'name': 'w', 'arguments': {'city': c}} for c in '广州 北京 上海'.split()]\n"
        "assert all(v.passed for v in score_calls(exp, act, [spec]))\n"
        "print('scipy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
