"""ReACT family (react_zh, react_en, agentfabric): one test per tolerance (named repair) and format error."""

from __future__ import annotations

import pytest

from agentbench.registry import dialects
from agentbench.types import ModelOutput, ParseResult

REACT = ["react_zh", "react_en"]
FAMILY = REACT + ["agentfabric"]


def parse(dialect: str, text: str, step: int = 0) -> ParseResult:
    return dialects.create(dialect).parse(ModelOutput(text=text), step)


def one_call(res: ParseResult) -> dict:
    assert res.error is None, res.error_detail
    assert len(res.calls) == 1
    return res.calls[0].arguments


# --- calls ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("d", FAMILY)
def test_plain_json_call_no_repairs(d):
    res = parse(d, 'Thought: 查天气\nAction: amap_weather\nAction Input: {"location": "北京"}', step=2)
    assert res.kind == "call" and res.repairs == [] and res.thought == "查天气"
    assert res.calls[0].id == "call_2_0" and res.calls[0].name == "amap_weather"
    assert res.calls[0].arguments == {"location": "北京"} and res.calls[0].raw == '{"location": "北京"}'


@pytest.mark.parametrize("d", FAMILY)
def test_python_dict_args_ms_swift(d):
    res = parse(d, "Action: amap_weather\nAction Input: {'location': '朝阳区', 'days': 1, 'ok': True}")
    assert one_call(res) == {"location": "朝阳区", "days": 1, "ok": True}
    assert res.calls[0].repairs == ["python_literal_args"] and "python_literal_args" in res.repairs


@pytest.mark.parametrize("d", FAMILY)
def test_json5_args(d):
    res = parse(d, "Action: amap_weather\nAction Input: {location: '北京', /* 城市 */ date: \"明天\",}")
    assert one_call(res) == {"location": "北京", "date": "明天"}
    assert "json5_args" in res.repairs and "json5_args" in res.calls[0].repairs


@pytest.mark.parametrize("d", FAMILY)
def test_python_literal_never_evaluates(d):
    res = parse(d, "Action: x\nAction Input: {'a': __import__('os').getcwd()}")
    assert res.error == "ARGS_UNPARSEABLE" and res.calls[0].arguments is None


@pytest.mark.parametrize("d", FAMILY)
def test_fullwidth_colon(d):
    res = parse(d, 'Action：amap_weather\nAction Input：{"location": "上海"}')
    assert one_call(res) == {"location": "上海"} and "fullwidth_colon" in res.repairs


@pytest.mark.parametrize("d", FAMILY)
def test_keyword_case(d):
    res = parse(d, 'ACTION: amap_weather\naction input: {"location": "上海"}')
    assert one_call(res) == {"location": "上海"} and "keyword_case" in res.repairs


@pytest.mark.parametrize("d", FAMILY)
def test_fenced_args(d):
    res = parse(d, 'Action: amap_weather\nAction Input: ```json\n{"location": "杭州"}\n```')
    assert one_call(res) == {"location": "杭州"}
    assert "fenced_args" in res.calls[0].repairs and "multiline_args" not in res.repairs


@pytest.mark.parametrize("d", FAMILY)
def test_multiline_args_brace_balanced(d):
    text = 'Action: image_gen\nAction Input: {\n  "text": "a: b\\nAction: 不是关键词 }",\n  "resolution": "1024*1024"\n}'
    res = parse(d, text)
    assert one_call(res) == {"text": "a: b\nAction: 不是关键词 }", "resolution": "1024*1024"}
    assert "multiline_args" in res.calls[0].repairs


@pytest.mark.parametrize("d", FAMILY)
@pytest.mark.parametrize("raw", ["`amap_weather`", '"amap_weather"', "amap_weather API", "amap_weather()", "[amap_weather]"])
def test_action_name_cleaned(d, raw):
    res = parse(d, f'Action: {raw}\nAction Input: {{"location": "北京"}}')
    assert res.calls[0].name == "amap_weather" and res.calls[0].repairs == ["action_name_cleaned"]


@pytest.mark.parametrize("d", FAMILY)
def test_two_action_pairs_become_two_calls_in_order(d):
    text = ('Thought: 两个城市\nAction: amap_weather\nAction Input: {"location": "北京"}\n'
            'Action: amap_weather\nAction Input: {"location": "上海"}')
    res = parse(d, text, step=1)
    assert [c.arguments["location"] for c in res.calls] == ["北京", "上海"]
    assert [c.id for c in res.calls] == ["call_1_0", "call_1_1"] and res.repairs == []


@pytest.mark.parametrize("d", FAMILY)
def test_fabricated_observation_cut(d):
    text = 'Action: amap_weather\nAction Input: {"location": "北京"}\nObservation: 北京晴，25度\nFinal Answer: 晴'
    res = parse(d, text)
    assert one_call(res) == {"location": "北京"} and res.answer is None
    assert "fabricated_observation_cut" in res.repairs
    assert res.history_text == 'Action: amap_weather\nAction Input: {"location": "北京"}'


@pytest.mark.parametrize("d", FAMILY)
def test_stop_word_left_in_text_is_cut_not_fabricated(d):
    res = parse(d, 'Action: amap_weather\nAction Input: {"location": "北京"}\nObservation:')
    assert one_call(res) and res.repairs == ["trailing_observation_cut"]
    assert res.history_text == 'Action: amap_weather\nAction Input: {"location": "北京"}'


@pytest.mark.parametrize("d", FAMILY)
def test_answer_after_action_cut(d):
    res = parse(d, 'Action: amap_weather\nAction Input: {"location": "北京"}\nFinal Answer: 北京晴')
    assert one_call(res) and res.answer is None and "answer_after_action_cut" in res.repairs
    assert res.history_text == 'Action: amap_weather\nAction Input: {"location": "北京"}'


@pytest.mark.parametrize("d", FAMILY)
def test_trailing_text_after_args_cut(d):
    res = parse(d, 'Action: amap_weather\nAction Input: {"location": "北京"}\n北京今天晴天。')
    assert one_call(res) and "trailing_text_cut" in res.repairs
    assert res.history_text == 'Action: amap_weather\nAction Input: {"location": "北京"}'


@pytest.mark.parametrize("d", FAMILY)
def test_think_block_stripped(d):
    res = parse(d, '<think>用户要天气</think>\nAction: amap_weather\nAction Input: {"location": "北京"}')
    assert one_call(res) and "think_block_stripped" in res.repairs and res.thought == "用户要天气"


@pytest.mark.parametrize("d", FAMILY)
def test_action_inside_think_is_not_a_call(d):
    res = parse(d, '<think>Action: amap_weather\nAction Input: {"location": "北京"}</think>不用查。', step=1)
    assert res.kind == "answer" and res.calls == [] and "不用查" in res.answer


@pytest.mark.parametrize("d", FAMILY)
def test_inline_keywords(d):
    res = parse(d, '我来查。Action: amap_weather Action Input: {"location": "北京"}')
    assert one_call(res) == {"location": "北京"} and res.calls[0].name == "amap_weather"
    assert "inline_keyword" in res.repairs


@pytest.mark.parametrize("d", FAMILY)
def test_double_encoded_args(d):
    res = parse(d, 'Action: amap_weather\nAction Input: "{\\"location\\": \\"北京\\"}"')
    assert one_call(res) == {"location": "北京"} and "double_encoded_args" in res.repairs


# --- answers -------------------------------------------------------------------------------------

@pytest.mark.parametrize("d", REACT)
def test_react_final_answer(d):
    res = parse(d, "Thought: I now know the final answer\nFinal Answer: 北京明天小雪。")
    assert res.kind == "answer" and res.answer == "北京明天小雪。" and res.repairs == []
    assert res.thought == "I now know the final answer"


@pytest.mark.parametrize("d", REACT)
def test_react_answer_keyword_is_repair(d):
    res = parse(d, "Thought: 好\nAnswer: 北京明天小雪。")
    assert res.answer == "北京明天小雪。" and res.repairs == ["final_answer_keyword"]


def test_agentfabric_final_answer_is_repair():
    res = parse("agentfabric", "Final Answer: 朝阳区今天晴。", step=1)
    assert res.answer == "朝阳区今天晴。" and res.repairs == ["final_answer_keyword"]


def test_agentfabric_answer_keyword_no_repair():
    res = parse("agentfabric", "Answer: 朝阳区今天晴。![图片](http://x/y.png)", step=1)
    assert res.answer == "朝阳区今天晴。![图片](http://x/y.png)" and res.repairs == []


@pytest.mark.parametrize("d", REACT)
def test_react_bare_text_is_bare_answer(d):
    res = parse(d, "你好！今天有什么可以帮你？北京的天气我可以查询。")
    assert res.kind == "answer" and res.calls == [] and res.repairs == ["bare_answer"]
    assert res.answer == "你好！今天有什么可以帮你？北京的天气我可以查询。"


def test_agentfabric_plain_text_is_the_normal_answer():
    res = parse("agentfabric", "朝阳区今天晴，气温25度。", step=1)
    assert res.kind == "answer" and res.answer == "朝阳区今天晴，气温25度。" and res.repairs == []


@pytest.mark.parametrize("d", REACT)
def test_untagged_thought(d):
    res = parse(d, '好的，我查一下。\nAction: amap_weather\nAction Input: {"location": "北京"}')
    assert one_call(res) and res.thought == "好的，我查一下。" and res.repairs == ["untagged_thought"]


def test_agentfabric_marker_and_text_before_is_thought():
    res = parse("agentfabric", '好的，我查一下。\n工具调用\nAction: amap_weather\nAction Input: {"location": "北京"}')
    assert one_call(res) and res.thought == "好的，我查一下。" and res.repairs == []


# --- format errors -------------------------------------------------------------------------------

@pytest.mark.parametrize("d", FAMILY)
@pytest.mark.parametrize("text", ["", "   \n\t", "<think>只在想</think>"])
def test_empty_output(d, text):
    res = parse(d, text)
    assert res.error == "EMPTY_OUTPUT" and res.kind == "format_error" and res.answer is None


@pytest.mark.parametrize("d", FAMILY)
def test_missing_action_input(d):
    res = parse(d, "Thought: 查天气\nAction: amap_weather")
    assert res.error == "MISSING_ACTION_INPUT" and res.error_detail and res.answer is None
    assert res.calls[0].name == "amap_weather" and res.calls[0].arguments is None


@pytest.mark.parametrize("d", FAMILY)
def test_missing_action(d):
    res = parse(d, 'Thought: 查天气\nAction Input: {"location": "北京"}')
    assert res.error == "MISSING_ACTION" and res.kind == "format_error"


@pytest.mark.parametrize("d", REACT)
def test_thought_only_is_missing_action_not_an_answer(d):
    res = parse(d, "Thought: 我需要调用天气工具")
    assert res.error == "MISSING_ACTION" and res.answer is None


@pytest.mark.parametrize("d", FAMILY)
def test_only_fabricated_observation(d):
    res = parse(d, "Observation: 北京晴")
    assert res.error == "MISSING_ACTION" and "fabricated_observation_cut" in res.repairs


@pytest.mark.parametrize("d", FAMILY)
def test_no_action_name(d):
    res = parse(d, 'Action: ``\nAction Input: {"location": "北京"}')
    assert res.error == "NO_ACTION_NAME" and res.calls[0].name == ""


@pytest.mark.parametrize("d", FAMILY)
@pytest.mark.parametrize("raw", ["北京", "location: 北京", '{"location": "北京"', "{{{{", "[1, 2]", "{1, 2}"])
def test_garbage_args_unparseable_call_kept(d, raw):
    res = parse(d, f"Thought: 查\nAction: amap_weather\nAction Input: {raw}")
    assert res.error == "ARGS_UNPARSEABLE" and res.kind == "format_error" and res.error_detail
    call = res.calls[0]
    assert call.name == "amap_weather" and call.arguments is None and call.parse_error and call.raw == raw


@pytest.mark.parametrize("d", FAMILY)
def test_string_location_is_args_unparseable(d):
    res = parse(d, 'Action: amap_weather\nAction Input: "北京"')
    assert res.error == "ARGS_UNPARSEABLE" and "string" in res.calls[0].parse_error


@pytest.mark.parametrize("d", FAMILY)
def test_empty_args_unparseable(d):
    res = parse(d, "Action: amap_weather\nAction Input: \n")
    assert res.error == "ARGS_UNPARSEABLE"


@pytest.mark.parametrize("d", FAMILY)
def test_second_call_bad_first_kept(d):
    res = parse(d, 'Action: a\nAction Input: {"x": 1}\nAction: b\nAction Input: oops')
    assert res.error == "ARGS_UNPARSEABLE" and "call 1" in res.error_detail
    assert res.calls[0].arguments == {"x": 1} and res.calls[1].arguments is None


@pytest.mark.parametrize("d", FAMILY)
@pytest.mark.parametrize("text", [
    "Action:", "Action Input:", "Observation:", "Final Answer:", "```", "{", "<think>", "</think>",
    "Action: a\nAction Input: ```json\n{", "Action: a\nAction Input: {'a': '", "\x00\ufeff：：",
    "Action Input: [" * 50, "{" * 5000, "Answer：Answer：Answer：",
])
def test_never_raises(d, text):
    res = parse(d, text)
    assert isinstance(res, ParseResult)
    assert res.kind in ("call", "answer", "format_error")


def test_stop_words():
    for name in FAMILY:
        stop = dialects.create(name).stop
        assert "Observation:" in stop and "Observation：" in stop
