"""Issue 8 parser classes: names against the offered tools, Chinese ReACT keywords, loose Action Input,
repeated ✿ARGS✿ and truncated markers, untagged Hermes calls, the per-reply call limit."""

from __future__ import annotations

import pytest

from agentbench.dialects.names import clean_name
from agentbench.registry import dialects
from agentbench.types import ModelOutput, ParseResult, ToolSpec

FAMILY = ["react_zh", "react_en", "agentfabric"]


def tool(name: str, required: list[str] | None = None, **props: str) -> ToolSpec:
    return ToolSpec(name=name, description=name, parameters={
        "type": "object", "properties": {k: {"type": v} for k, v in props.items()}, "required": required or []})


WEATHER = tool("amap_weather", ["location"], location="string", date="string")
SEARCH = tool("search_tool", ["query"], query="string")
CALC = tool("Calculator Tool", ["expression"], expression="string")
BOOK = tool("book", ["city", "people"], city="string", people="integer")


def parse(dialect: str, text: str, tools: list[ToolSpec] | None = None) -> ParseResult:
    return dialects.create(dialect).parse(ModelOutput(text=text), 0, tools)


# --- 1. names are cleaned only into an offered tool ---------------------------------------------------

@pytest.mark.parametrize("name", ["search_tool", "weather_api", "openapi", "mock_tool", "Calculator Tool", "天气工具"])
def test_an_offered_name_is_never_cut(name):
    assert clean_name(name, {name}) == (name, False)


@pytest.mark.parametrize("name", ["search_tool", "weather_api", "openapi", "mock_tool"])
def test_identifier_names_survive_without_the_offered_list(name):
    assert clean_name(name) == (name, False)


@pytest.mark.parametrize("written", ["`search_tool`", '"search_tool"', "search_tool()", "[search_tool]",
                                     "search_tool API", "search_tool 搜索一下"])
def test_decoration_is_stripped_into_the_offered_name(written):
    assert clean_name(written, {"search_tool"}) == ("search_tool", True)


def test_an_unknown_name_is_kept_as_written_when_tools_are_known():
    assert clean_name("`amap_wether`", {"amap_weather"}) == ("`amap_wether`", False)


@pytest.mark.parametrize("d", FAMILY)
def test_react_keeps_a_declared_name_with_a_space(d):
    res = parse(d, 'Action: Calculator Tool\nAction Input: {"expression": "2+3"}', [CALC])
    assert res.calls[0].name == "Calculator Tool" and res.repairs == []


@pytest.mark.parametrize("d", ["qwen", "glm4"])
def test_qwen_and_glm4_keep_a_declared_name_with_a_space(d):
    text = {"qwen": '✿FUNCTION✿: Calculator Tool\n✿ARGS✿: {"expression": "2+3"}',
            "glm4": 'Calculator Tool\n{"expression": "2+3"}'}[d]
    res = parse(d, text, [CALC])
    assert res.kind == "call" and res.calls[0].name == "Calculator Tool" and res.repairs == []


# --- 3. Chinese ReACT keywords ----------------------------------------------------------------------

@pytest.mark.parametrize("colon", ["：", ":"])
def test_react_zh_reads_chinese_keywords(colon):
    text = f'思考{colon}要查天气\n行动{colon}amap_weather\n行动输入{colon}{{"location": "北京"}}\n观察{colon}晴'
    res = parse("react_zh", text, [WEATHER])
    assert res.kind == "call" and res.calls[0].arguments == {"location": "北京"} and res.thought == "要查天气"
    assert "chinese_keyword" in res.repairs and "fabricated_observation_cut" in res.repairs


def test_react_zh_chinese_final_answer_is_an_answer_with_a_repair():
    res = parse("react_zh", "思考：我知道了\n最终答案：北京今天晴。")
    assert res.answer == "北京今天晴。" and res.repairs == ["chinese_keyword"]


def test_chinese_keywords_mid_sentence_are_text():
    res = parse("react_zh", "我的思考：今天会下雨吗？")
    assert res.answer == "我的思考：今天会下雨吗？" and res.repairs == ["bare_answer"]


# --- 4. Action Input that is not a JSON object --------------------------------------------------------

@pytest.mark.parametrize("d", FAMILY)
@pytest.mark.parametrize("raw, value", [("https://example.com/a?b=1", "https://example.com/a?b=1"),
                                        ("/data/报告.pdf", "/data/报告.pdf"), ("北京今天的天气", "北京今天的天气"),
                                        ('"北京"', "北京")])
def test_raw_input_for_a_single_string_parameter(d, raw, value):
    res = parse(d, f"Action: search_tool\nAction Input: {raw}", [SEARCH])
    assert res.kind == "call" and res.calls[0].arguments == {"query": value}
    assert res.calls[0].repairs == ["raw_string_args"] and res.calls[0].raw == raw


@pytest.mark.parametrize("d", FAMILY)
def test_raw_input_stays_an_error_without_a_single_string_parameter(d):
    res = parse(d, "Action: book\nAction Input: 北京两位", [BOOK])
    assert res.error == "ARGS_UNPARSEABLE"
    assert parse(d, "Action: search_tool\nAction Input: 北京", []).error == "ARGS_UNPARSEABLE"  # tool unknown


@pytest.mark.parametrize("d", FAMILY)
@pytest.mark.parametrize("raw", ['{"query": "北京"', "北京\n我等结果", "[北京"])
def test_broken_json_or_several_lines_are_not_a_raw_string(d, raw):
    assert parse(d, f"Action: search_tool\nAction Input: {raw}", [SEARCH]).error == "ARGS_UNPARSEABLE"


@pytest.mark.parametrize("d", FAMILY)
@pytest.mark.parametrize("raw", ['location="北京", date="2026-11-23"', "location=北京, date=2026-11-23",
                                 "location='北京'，date='2026-11-23'"])
def test_keyword_style_input(d, raw):
    res = parse(d, f"Action: amap_weather\nAction Input: {raw}", [WEATHER])
    assert res.calls[0].arguments == {"location": "北京", "date": "2026-11-23"}
    assert res.calls[0].repairs == ["keyword_args"]


def test_keyword_values_keep_their_type():
    res = parse("react_zh", "Action: book\nAction Input: city=上海, people=2", [BOOK])
    assert res.calls[0].arguments == {"city": "上海", "people": 2}


def test_keyword_style_with_undeclared_keys_is_the_raw_string():
    res = parse("react_zh", "Action: Calculator Tool\nAction Input: x=2+3", [CALC])
    assert res.calls[0].arguments == {"expression": "x=2+3"} and res.repairs == ["raw_string_args"]


# --- 2. qwen: several ✿ARGS✿ for one ✿FUNCTION✿, truncated markers --------------------------------------

def test_qwen_repeated_args_are_several_calls():
    text = '✿FUNCTION✿: amap_weather\n✿ARGS✿: {"location": "北京"}\n✿ARGS✿: {"location": "上海"}'
    res = parse("qwen", text, [WEATHER])
    assert [c.arguments for c in res.calls] == [{"location": "北京"}, {"location": "上海"}]
    assert [c.name for c in res.calls] == ["amap_weather"] * 2 and res.repairs == ["repeated_args"]


@pytest.mark.parametrize("tail", ["✿RESULT", "✿RES", "✿", "\n✿result"])
def test_qwen_complete_args_then_truncated_marker_is_a_call(tail):
    head = '✿FUNCTION✿: amap_weather\n✿ARGS✿: {"location": "北京"}\n'
    res = parse("qwen", head + tail, [WEATHER])
    assert res.kind == "call" and res.calls[0].arguments == {"location": "北京"}
    assert res.repairs == ["truncated_marker_cut"] and res.history_text == head.rstrip()


def test_qwen_text_after_the_arguments_is_cut():
    res = parse("qwen", '✿FUNCTION✿: amap_weather\n✿ARGS✿: {"location": "北京"} <!-- 注释 -->', [WEATHER])
    assert res.calls[0].arguments == {"location": "北京"} and res.repairs == ["trailing_text_cut"]


def test_qwen_answer_with_a_truncated_marker():
    res = parse("qwen", "北京今天晴。✿RET")
    assert res.answer == "北京今天晴。" and res.repairs == ["truncated_marker_cut"]


# --- 5. hermes: a bare tool-call object --------------------------------------------------------------

@pytest.mark.parametrize("text", ['{"name": "amap_weather", "arguments": {"location": "北京"}}',
                                  '```json\n{"name": "amap_weather", "arguments": {"location": "北京"}}\n```',
                                  '{"name": "amap_weather", "parameters": {"location": "北京"}}'])
def test_hermes_untagged_call_object(text):
    res = parse("hermes", text, [WEATHER])
    assert res.kind == "call" and res.calls[0].arguments == {"location": "北京"}
    assert "untagged_tool_call" in res.repairs


@pytest.mark.parametrize("text", ['{"name": "张三", "arguments": {}}', '{"name": "amap_weather"}',
                                  '{"city": "北京", "weather": "晴"}', '好的：{"name": "amap_weather", "arguments": {}}'])
def test_hermes_json_that_is_not_a_call_stays_an_answer(text):
    res = parse("hermes", text, [WEATHER])
    assert res.kind == "answer" and res.answer == text and res.repairs == []


def test_hermes_bare_object_without_known_tools_stays_an_answer():
    assert parse("hermes", '{"name": "amap_weather", "arguments": {}}').kind == "answer"


# --- 6. the call limit --------------------------------------------------------------------------------

@pytest.mark.parametrize("d, one", [("react_zh", 'Action: a\nAction Input: {"x": 1}\n'), ("qwen", '✿FUNCTION✿: a\n✿ARGS✿: {"x": 1}\n'),
                                    ("hermes", '<tool_call>{"name": "a", "arguments": {"x": 1}}</tool_call>\n'),
                                    ("glm4", 'a\n{"x": 1}<|assistant|>')])
def test_a_repetition_loop_is_cut_at_the_call_limit(d, one):
    res = parse(d, one * 200)
    assert len(res.calls) == 64 and "call_limit_cut" in res.repairs and res.error is None
    assert res.history_text is not None and len(res.history_text) < len(one * 200)
