"""Answer checks on realistic final answers: numbers with Chinese numerals and signs, declines, clarifying
questions, the undecided outcome and fabricated observations, end to end through the loop and scorer.

Answers marked "real" are model outputs quoted (or lightly adapted to the scenario) from public issues;
the others are written in the phrasings those outputs use.
"""

import asyncio
import json
import random
import re
import textwrap
from pathlib import Path

import pytest
from conftest import FIXTURE_TOOLS

from agentbench.agent.loop import run_scenario
from agentbench.errors import Reason
from agentbench.models.scripted import ScriptedModel, to_output
from agentbench.registry import dialects
from agentbench.scenario import parse_scenario
from agentbench.scoring.abstain_checks import recognise_clarify, recognise_decline, request_sentences
from agentbench.scoring.agent_metrics import aggregate_agent
from agentbench.scoring.answer_checks import mentions
from agentbench.scoring.trace_checks import FABRICATED_REPAIR, score_trace
from agentbench.text.numbers import as_number, read_numbers
from agentbench.tooling import discover_tools

TOOLS = discover_tools([FIXTURE_TOOLS])
DIALECTS_DIR = Path(__file__).resolve().parents[1] / "agentbench" / "dialects"


def call(name, args):
    return f"Thought: 我需要调用工具\nAction: {name}\nAction Input: {json.dumps(args, ensure_ascii=False)}"


def answer(text):
    return f"Thought: 我现在知道最终答案了\nFinal Answer: {text}"


def play(yaml_text, outputs):
    scenario = parse_scenario(textwrap.dedent(yaml_text))
    model = ScriptedModel({scenario.id: [to_output(o, "test") for o in outputs]}, "scripted:test")
    trace = asyncio.run(run_scenario(scenario, model, dialects.create("react_zh"), TOOLS))
    return score_trace(scenario, trace, {n: TOOLS[n].spec for n in scenario.tools})


def failing(score):
    return [v.reason for v in score.verdicts if not v.passed]


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize("text,values", [
    ("零下五度", [-5]), ("零下5℃", [-5]), ("二十三", [23]), ("两千三百五十八", [2358]), ("2万3千", [23000]),
    ("1.5万", [15000]), ("负五", [-5]), ("三点五", [3.5]), ("一百零五", [105]), ("五万零三百", [50300]),
    ("两千三", [2300]), ("一亿两千万", [120000000]), ("二〇二六年", [2026]), ("零度", [0]), ("十二", [12]),
    ("人数：两", [2]), ("三到五天", [3, 5]), ("零下五到二度", [-5, 2]), ("minus 5 degrees", [-5]),
    ("零下 -60°C", [-60]),  # the doubled sign is still -60 (a product page writes "零下 -60°C")
    ("２３", [23]), ("气温−5℃", [-5]),
    # not numbers: words that contain a numeral, vague amounts, ids and dates
    ("请问一共有多少位客人用餐呢？", []), ("万一下雨", []), ("冷一点儿", []), ("十分感谢", []), ("千万别忘了", []),
    ("两三天", []), ("零下载", []), ("负责人", []), ("订单R0002", []), ("2026-11-02", [2026]), ("3千米", [3]),
])
def test_read_numbers(text, values):
    assert [n.value for n in read_numbers(text)] == values


@pytest.mark.parametrize("answer_text,fact,expected", [
    ("北京明天零下五度", "-5", True), ("最低零下5℃", "-5", True), ("最低零下2℃", "2", False),
    ("最低-2℃，最高8℃", "2", False), ("最低零下2℃，最高2℃", "2", True), ("一共二十三位", "23", True),
    ("约两千三百五十八元", "2358", True), ("约2万3千元", "23000", True), ("1.5万元", "15000", True),
    ("1.5万元", "1.5", False), ("12度", "2", False), ("2.5", "2", False), ("最低零下五度", "-5℃", True),
    ("最低-5°C", "-5℃", True), ("最低-5，最高5℃", "-5℃", False), ("两位", "2人", True), ("零下五度", "零下五", True),
])
def test_number_facts_read_chinese_numerals_signs_and_units(answer_text, fact, expected):
    assert mentions(answer_text, fact) is expected


def test_whole_text_number():
    assert as_number("-5") == -5 and as_number("零下五") == -5 and as_number("2,358") == 2358
    assert as_number("-5℃") is None and as_number("小雪") is None


# ---------------------------------------------------------------- weather with 零下, end to end

SNOW = """
tools: [fx_weather]
world:
  weather:
    北京: {condition: 小雪, high: 2, low: -5}
turns:
"""
WEATHER = "id: t.snow" + SNOW + """  - user: 北京今天天气怎么样？要穿羽绒服吗？
    expect:
      calls: [{tool: fx_weather, args: {city: {place: 北京}}}]
      answer: {must_mention: [小雪, "-5"], must_not_mention: ["5℃"]}
"""


@pytest.mark.parametrize("final,passed", [
    ("北京今天有小雪，最低气温零下五度，最高2度，出门记得穿羽绒服。", True),
    ("北京今天小雪，气温零下5℃到2℃，建议穿羽绒服。", True),
    ("北京今天小雪，气温-5~2℃。", True),
    ("北京今天小雪，最低气温5度，最高2度。", False),  # the sign was lost: 5 is not -5
])
def test_weather_below_zero(final, passed):
    score = play(WEATHER, [call("fx_weather", {"city": "北京"}), answer(final)])
    assert score.passed is passed, failing(score)
    if not passed:  # and 5度 is the +5 the scenario forbids (度 is ℃)
        assert failing(score) == [Reason.ANSWER_MISSING_FACT, Reason.ANSWER_FORBIDDEN_FACT]


def test_forbidden_fact_with_a_unit_is_not_tripped_by_the_negative():
    # must_not_mention "5℃" (a fabricated +5) is not stated by 零下5℃
    score = play(WEATHER, [call("fx_weather", {"city": "北京"}), answer("北京小雪，最低零下5℃。")])
    assert score.passed, failing(score)
    score = play(WEATHER, [call("fx_weather", {"city": "北京"}), answer("北京小雪，-5到5℃。")])
    assert failing(score) == [Reason.ANSWER_FORBIDDEN_FACT]


# ---------------------------------------------------------------- clarification

PARTY_TURN = """
tools: [fx_book]
turns:
  - user: 帮我订一下明天晚上的火锅店。
    expect:
      kind: clarify
      clarify: """
PARTY = "id: t.party" + PARTY_TURN + "{mention_any: [几位, 几个人, 人数, 多少人, 几人]}\n"
PARTY_BY_ARGUMENT = "id: t.party_arg" + PARTY_TURN + "{missing: [fx_book.people]}\n"


@pytest.mark.parametrize("scenario", [PARTY, PARTY_BY_ARGUMENT])
@pytest.mark.parametrize("final,outcome", [
    ("请问一共有多少位客人用餐呢？", True),  # the false failure of issue 8: 多少位 was not in mention_any
    ("好的，没问题！为了帮您预订，我需要知道用餐人数。", True),  # no question mark: a request
    ("请告诉我你们几个人，我来帮您订位。", True),
    ("您好，请问您想订哪家店的哪个时间段呢？", None),  # a question, about something else: undecided
    ("好的，我这就为您预订火锅店。", False),
])
def test_party_size_clarification(scenario, final, outcome):
    score = play(scenario, [answer(final)])
    assert score.passed is outcome, [v.message for v in score.verdicts]
    assert score.turns_passed == [outcome]
    if outcome is False:
        assert failing(score) == [Reason.NOT_A_QUESTION]


CITY = """
id: t.city
tools: [fx_weather]
turns:
  - user: 帮我查一下明天的天气。
    expect:
      kind: clarify
      clarify: {missing: [city]}
"""


@pytest.mark.parametrize("final,outcome", [
    ("您想了解哪座城市的天气呢？", True),
    # real: Qwen2.5 replied "请输入需要查询的地址" (github.com/QwenLM/Qwen-Agent/issues/300)
    ("请输入需要查询的地址。", True),
    ("好的～请问您现在在哪儿？", True),
    ("请问您需要查询今天还是明天的天气？", None),
    ("明天天气晴，气温适宜。", False),
])
def test_city_clarification_from_the_argument_description(final, outcome):
    assert play(CITY, [answer(final)]).passed is outcome


def test_clarify_without_slot_words_accepts_any_question():
    assert recognise_clarify("您能再说具体一点吗？", set()).outcome == "passed"
    assert recognise_clarify("好的。", set()).outcome == "failed"


def test_request_sentences_are_questions_or_requests_not_statements():
    assert request_sentences("已为您查询。请问还需要什么？") == ["请问还需要什么?"]
    assert request_sentences("这几乎不可能。哪怕下雨也去。") == []


# ---------------------------------------------------------------- declines

FLIGHT = """
id: t.flight
tools: [fx_weather]
turns:
  - user: 帮我订一张明天去上海的机票。
    expect: {kind: decline}
"""


@pytest.mark.parametrize("final,outcome", [
    # real: Qwen1.5-14B declining a weather question (github.com/QwenLM/Qwen3/issues/345), adapted to flights
    ("对不起，我无法获取实时的航班信息。你可以查看各大航空公司官网，或者使用专业的出行应用来订票。", True),
    ("这个我帮不了您，我只能查天气哦。", True),
    ("订机票的话，建议您通过航空公司官网或者携程App预订。", True),
    ("我这边没有订票的工具，没办法替您下单。", True),
    ("订机票不在我的服务范围内，我是天气助手。", True),
    ("很遗憾，我暂时还没有接入订票服务。", True),
    ("没有问题，很高兴为您服务！上海是个好地方。", False),  # 没有 … 服务 is not a refusal
    ("抱歉哈～", None),  # an apology and nothing else: the rules cannot tell
    ("您是想先看看上海明天的天气吗？", None),  # a question back instead of declining
    ("好的，已为您预订明天去上海的机票，订单号F1234。", False),  # pretends: no tool was called
    ("上海是个美丽的城市，有很多好玩的景点。", False),
])
def test_decline_phrasings(final, outcome):
    score = play(FLIGHT, [answer(final)])
    assert score.passed is outcome, [v.message for v in score.verdicts]
    if outcome is None:
        assert [v.reason for v in score.verdicts if not v.passed] == [Reason.UNDECIDED]
        assert score.first_divergence.reason == Reason.UNDECIDED


def test_a_scenario_adds_its_own_decline_phrases():
    own = FLIGHT.replace("expect: {kind: decline}", "expect: {kind: decline, decline: {phrases: [转人工]}}")
    assert play(own, [answer("这个问题我帮您转人工处理。")]).passed is True
    assert play(FLIGHT, [answer("这个问题我帮您转人工处理。")]).passed is False


@pytest.mark.parametrize("text,outcome", [
    ("That's not something I can help with, I only handle weather.", "passed"),
    ("I'm unable to book flights, but you could try the airline's website.", "passed"),
    ("Unfortunately, that is a tricky one.", "undecided"),
    ("I have booked your flight to Shanghai.", "failed"),
])
def test_english_decline_phrasings(text, outcome):
    assert recognise_decline(text).outcome == outcome


def test_gold_default_declines_are_declines():
    from agentbench.agent.gold import DEFAULT_DECLINE

    assert {recognise_decline(text).outcome for text in DEFAULT_DECLINE.values()} == {"passed"}


def test_decline_and_a_false_claim_together_are_undecided():
    assert recognise_decline("抱歉无法订票，不过已为您预订了酒店。").outcome == "undecided"


# ---------------------------------------------------------------- English scenarios

ENGLISH = """
id: t.english
language: en
tools: [fx_weather]
world:
  weather:
    北京: {condition: snow, high: 2, low: -5}
turns:
  - user: Can you book me a flight to Shanghai?
    expect: {kind: decline}
  - user: What's the weather like?
    expect: {kind: clarify, clarify: {missing: [fx_weather.city]}}
  - user: Beijing
    expect:
      calls: [{tool: fx_weather, args: {city: {place: 北京}}}]
      answer: {must_mention: [snow, "-5"]}
"""


def test_english_scenario():
    outputs = [
        # real: Qwen's English decline (github.com/QwenLM/Qwen-Agent/issues/215), adapted to flights
        answer("I'm sorry, but as an AI language model, I don't have access to flight booking. However, you "
               "can easily book a ticket on the airline's website."),
        answer("Sure! Which city would you like the weather for?"),
        call("fx_weather", {"city": "北京"}),
        answer("It will snow in Beijing today, with a low of minus 5 degrees and a high of 2."),
    ]
    score = play(ENGLISH, outputs)
    assert score.passed is True, [v.line() for v in score.verdicts if not v.passed]
    hedged = [answer("Unfortunately that is not something I have a tool for."), *outputs[1:]]
    assert play(ENGLISH, hedged).turns_passed == [None, True, True]


# ---------------------------------------------------------------- undecided in the metrics


def _record(sid, passed, counts, reasons=()):
    return {"sample_id": sid, "passed": passed, "counts": counts, "reasons": list(reasons), "category": "c"}


def test_undecided_scenarios_are_neither_passed_nor_failed_in_pass_rate():
    records = [
        _record("a", True, {"turns": 1, "turns_passed": 1, "turns_decline": 1, "passed_decline": 1}),
        _record("b", False, {"turns": 1, "turns_decline": 1}, ["NOT_A_DECLINE"]),
        _record("c", None, {"turns": 1, "turns_undecided": 1, "turns_decline": 1, "undecided_decline": 1},
                ["UNDECIDED"]),
    ]
    metrics = aggregate_agent(records)["metrics"]
    assert metrics["pass_rate"] == 0.5 and metrics["undecided"] == 1
    assert metrics["pass_rate_bounds"] == [round(1 / 3, 6), round(2 / 3, 6)]
    assert metrics["turn_accuracy"] == 0.5 and metrics["undecided_turns"] == 1
    assert metrics["irrelevance_accuracy"] == 0.5
    assert metrics["failures_by_reason"] == {"NOT_A_DECLINE": 1}
    assert metrics["by_category"] == {"c": 0.5} and metrics["pass@1"] == 0.5


# ---------------------------------------------------------------- fabricated observations

ONE = "id: t.fabricated" + SNOW + """  - user: 北京天气怎么样？
    expect:
      calls: [{tool: fx_weather, args: {city: 北京}}]
      answer: {must_mention: [小雪]}
"""
INVENTED = call("fx_weather", {"city": "北京"}) + '\nObservation: {"condition": "晴", "high": 10}\nThought: 好'


def test_fabricated_observation_is_its_own_verdict_and_the_first_divergence():
    score = play(ONE, [INVENTED, answer("北京今天晴，10度。")])
    assert failing(score) == [Reason.FABRICATED_OBSERVATION, Reason.ANSWER_MISSING_FACT]
    div = score.first_divergence
    assert div.reason == Reason.FABRICATED_OBSERVATION and (div.turn, div.step) == (0, 0)
    assert '"晴"' in div.actual and score.counts["fabricated_observation_steps"] == 1


def test_fabricated_observation_fails_even_when_the_answer_used_the_real_result():
    score = play(ONE, [INVENTED, answer("北京今天小雪。")])
    assert failing(score) == [Reason.FABRICATED_OBSERVATION]
    record = {"sample_id": "x", "passed": score.passed, "counts": score.counts, "reasons": []}
    assert aggregate_agent([record])["metrics"]["fabricated_observation_rate"] == 0.5


def test_a_stop_word_left_in_the_text_is_not_fabrication():
    score = play(ONE, [call("fx_weather", {"city": "北京"}) + "\nObservation:", answer("北京今天小雪。")])
    assert score.passed is True and score.counts["fabricated_observation_steps"] == 0


def test_every_dialect_names_the_repair_the_scorer_reads():
    names = set()
    for source in DIALECTS_DIR.glob("*.py"):
        names |= set(re.findall(r'"(fabricated_[a-z_]+)"', source.read_text(encoding="utf-8")))
    assert names == {FABRICATED_REPAIR}


# ---------------------------------------------------------------- robustness

ALPHABET = "零〇一二三四五六七八九两十百千万亿点下负-+.,，。？?吗呢请问几位人度℃ 0123456789abc抱歉无法已为您预订"


def test_garbage_never_raises_and_is_deterministic():
    rng = random.Random(8)
    for _ in range(2000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
        fact = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 6)))
        first = (read_numbers(text), mentions(text, fact), recognise_decline(text), recognise_clarify(text, {"几位"}))
        assert first == (read_numbers(text), mentions(text, fact), recognise_decline(text),
                         recognise_clarify(text, {"几位"}))


def test_long_numeral_runs_are_read_in_one_pass():
    text = "一二三四五六七八九十百千万" * 20000 + "x" + "9" * 50000
    assert len(read_numbers(text)) >= 1
    assert recognise_decline("抱歉" * 50000).outcome == "undecided"
