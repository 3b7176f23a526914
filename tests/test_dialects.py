"""Every dialect: format_output -> parse round trip, rendering of tools and observations, honesty rules."""

from __future__ import annotations

import json

import pytest

from agentbench.registry import dialects
from agentbench.types import Message, ModelOutput, ParseResult, ToolCall, ToolSpec

ALL = ["react_zh", "react_en", "agentfabric", "openai_tools", "qwen", "hermes", "glm4"]
TEXT = [d for d in ALL if d != "openai_tools"]

WEATHER = ToolSpec(
    name="amap_weather", description="查询指定城市或区县的实时天气",
    parameters={"type": "object", "properties": {"location": {"type": "string", "description": "城市或区县名"}},
                "required": ["location"]},
)
IMAGE = ToolSpec(
    name="image_gen", description="根据文本描述生成图片，返回图片URL",
    parameters={"type": "object", "properties": {
        "text": {"type": "string"}, "resolution": {"type": "string", "enum": ["1024*1024", "720*1280", "1280*720"]},
    }, "required": ["text"]},
)
TOOLS = [WEATHER, IMAGE]
SINGLE = [("amap_weather", {"location": "北京市朝阳区"})]
PARALLEL = [("amap_weather", {"location": "上海"}), ("image_gen", {"text": "雪中的故宫，水墨风格", "resolution": "1024*1024"})]
NESTED = [("image_gen", {"text": "引号\"与换行\n与：冒号 Action: 关键词 }", "n": [1, 2.5, None, True], "o": {"深": {}}})]


def create(name: str):
    return dialects.create(name)


def same_calls(res: ParseResult, calls: list) -> None:
    assert res.error is None, res.error_detail
    assert [(c.name, c.arguments) for c in res.calls] == calls
    assert all(c.repairs == [] and c.parse_error is None for c in res.calls)


@pytest.mark.parametrize("name", ALL)
def test_registered(name):
    d = create(name)
    assert d.name == name
    assert name in dialects.names()


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("calls", [SINGLE, PARALLEL, NESTED], ids=["single", "parallel", "nested"])
@pytest.mark.parametrize("thought", ["", "我需要先查询天气。"])
def test_round_trip_calls(name, calls, thought):
    d = create(name)
    out = d.format_output(calls, thought=thought)
    res = d.parse(out, step=3)
    same_calls(res, calls)
    assert res.kind == "call" and res.repairs == [] and res.history_text is None and res.answer is None
    assert res.thought == (thought if name != "glm4" else "")  # GLM-4 writes no thought with a call
    if not d.native:
        assert [c.id for c in res.calls] == [f"call_3_{i}" for i in range(len(calls))]
    written = out.tool_calls[0].raw if d.native else out.text
    assert "\\u" not in written and json.dumps(calls[0][1], ensure_ascii=False) in written  # Chinese kept as is


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("answer", ["北京明天小雪，-5℃到2℃，建议穿羽绒服。", "多行回答：\n1. 晴\n2. ![图片](http://x/a.png)"])
def test_round_trip_answer(name, answer):
    d = create(name)
    res = d.parse(d.format_output([], answer=answer), step=1)
    assert res.kind == "answer" and res.answer == answer and res.repairs == [] and res.calls == []


@pytest.mark.parametrize("name", ALL)
def test_render_lists_every_tool_and_parameter(name):
    d = create(name)
    messages, tools_param = d.render([Message(role="user", content="北京天气？")], TOOLS, "你是天气助手。")
    if d.native:
        assert tools_param == [t.openai() for t in TOOLS]
        assert messages[0] == {"role": "system", "content": "你是天气助手。"}
    else:
        assert tools_param is None
        system = messages[0]
        assert system["role"] == "system" and "你是天气助手。" in system["content"]
        for tool in TOOLS:
            assert tool.name in system["content"] and tool.description in system["content"]
            for param in tool.parameters["properties"]:
                assert f'"{param}"' in system["content"]
        assert "\\u" not in system["content"]
    assert messages[-1] == {"role": "user", "content": "北京天气？"}


def history_with_results(d, calls) -> list[Message]:
    out = d.format_output(calls, thought="查一下")
    parsed = d.parse(out, step=0)
    hist = [Message(role="user", content="两个问题"),
            Message(role="assistant", content=out.text if not d.native else out.text, tool_calls=parsed.calls)]
    for i, call in enumerate(parsed.calls):
        hist.append(Message(role="tool", content=f"结果{i}：晴", tool_call_id=call.id, name=call.name))
    return hist


OBSERVATION = {
    "react_zh": "Observation: 结果0：晴\nObservation: 结果1：晴",
    "react_en": "Observation: 结果0：晴\nObservation: 结果1：晴",
    "agentfabric": "Observation: <result>结果0：晴</result>\nObservation: <result>结果1：晴</result>\nAnswer:",
    "qwen": "✿RESULT✿: 结果0：晴\n✿RESULT✿: 结果1：晴",
    "hermes": "<tool_response>\n结果0：晴\n</tool_response>\n<tool_response>\n结果1：晴\n</tool_response>",
}


@pytest.mark.parametrize("name", ALL)
def test_render_places_observations(name):
    d = create(name)
    messages, _ = d.render(history_with_results(d, PARALLEL), TOOLS)
    roles = [m["role"] for m in messages]
    if name == "openai_tools":
        assert roles == ["user", "assistant", "tool", "tool"]
        calls = messages[1]["tool_calls"]
        assert [c["function"]["name"] for c in calls] == ["amap_weather", "image_gen"]
        assert json.loads(calls[0]["function"]["arguments"]) == {"location": "上海"}
        assert [m["tool_call_id"] for m in messages[2:]] == [c["id"] for c in calls]
        assert messages[3]["content"] == "结果1：晴"
    elif name == "glm4":
        assert roles == ["system", "user", "assistant", "observation", "observation"]
        assert [m["content"] for m in messages[3:]] == ["结果0：晴", "结果1：晴"]
    else:
        assert roles == ["system", "user", "assistant", "user"]  # ONE user message for all results
        assert messages[-1]["content"] == OBSERVATION[name]
        assert messages[2]["content"] == d.format_output(PARALLEL, thought="查一下").text


@pytest.mark.parametrize("name", TEXT)
def test_render_assistant_calls_without_text(name):
    """A neutral history (calls, no raw text) is written the dialect's way."""
    d = create(name)
    calls = [ToolCall(id="c1", name="amap_weather", arguments={"location": "北京"})]
    hist = [Message(role="user", content="q"), Message(role="assistant", content="", tool_calls=calls)]
    messages, _ = d.render(hist, TOOLS)
    same_calls(d.parse(ModelOutput(text=messages[-1]["content"])), [("amap_weather", {"location": "北京"})])


@pytest.mark.parametrize("name", ALL)
def test_empty_output_is_format_error(name):
    res = create(name).parse(ModelOutput(text="  \n"), step=0)
    assert res.error == "EMPTY_OUTPUT" and res.kind == "format_error" and res.answer is None


@pytest.mark.parametrize("name", TEXT)
@pytest.mark.parametrize("text", ["{", "✿FUNCTION✿", "<tool_call>", "Action:", "a\n{", "<|assistant|>", "\x00"])
def test_never_raises(name, text):
    assert create(name).parse(ModelOutput(text=text)).kind in ("call", "answer", "format_error")


# --- openai_tools ----------------------------------------------------------------------------------

def native(raw: str, name: str = "amap_weather") -> ModelOutput:
    return ModelOutput(tool_calls=[ToolCall(id="srv_1", name=name, raw=raw)])


def test_openai_tools_parses_raw_json_string_and_keeps_native_id():
    res = create("openai_tools").parse(native('{"location": "北京"}'))
    assert res.calls[0].id == "srv_1" and res.calls[0].arguments == {"location": "北京"} and res.repairs == []


def test_openai_tools_json5_repair():
    res = create("openai_tools").parse(native("{location: '北京',}"))
    assert res.calls[0].arguments == {"location": "北京"} and res.repairs


def test_openai_tools_garbage_args_unparseable():
    res = create("openai_tools").parse(native('{"location": 北京'))
    assert res.error == "ARGS_UNPARSEABLE" and res.calls[0].arguments is None and res.calls[0].raw == '{"location": 北京'


def test_openai_tools_string_args_unparseable():
    res = create("openai_tools").parse(native('"北京"'))
    assert res.error == "ARGS_UNPARSEABLE"


def test_openai_tools_no_name():
    res = create("openai_tools").parse(native("{}", name=""))
    assert res.error == "NO_ACTION_NAME"


def test_openai_tools_text_is_answer():
    res = create("openai_tools").parse(ModelOutput(text="北京晴"))
    assert res.kind == "answer" and res.answer == "北京晴"


# --- qwen ----------------------------------------------------------------------------------------

def qparse(text: str) -> ParseResult:
    return create("qwen").parse(ModelOutput(text=text), step=0)


def test_qwen_stop_words():
    assert create("qwen").stop == ["✿RESULT✿", "✿RETURN✿"]


def test_qwen_parallel_and_fullwidth():
    res = qparse('想一想\n✿FUNCTION✿：amap_weather\n✿ARGS✿：{"location": "北京"}\n✿FUNCTION✿: amap_weather\n✿ARGS✿: {\'location\': \'上海\'}')
    assert [c.arguments for c in res.calls] == [{"location": "北京"}, {"location": "上海"}]
    assert res.thought == "想一想" and "fullwidth_colon" in res.repairs and "python_literal_args" in res.repairs


def test_qwen_fabricated_result_cut():
    res = qparse('✿FUNCTION✿: amap_weather\n✿ARGS✿: {"location": "北京"}\n✿RESULT✿: 晴\n✿RETURN✿: 晴')
    assert len(res.calls) == 1 and res.answer is None and "fabricated_observation_cut" in res.repairs
    assert res.history_text == '✿FUNCTION✿: amap_weather\n✿ARGS✿: {"location": "北京"}'


def test_qwen_errors():
    assert qparse("✿FUNCTION✿: amap_weather").error == "MISSING_ACTION_INPUT"
    assert qparse("✿ARGS✿: {}").error == "MISSING_ACTION"
    assert qparse("✿FUNCTION✿: \n✿ARGS✿: {}").error == "NO_ACTION_NAME"
    res = qparse("✿FUNCTION✿: amap_weather\n✿ARGS✿: 北京")
    assert res.error == "ARGS_UNPARSEABLE" and res.calls[0].raw == "北京"


def test_qwen_plain_text_answer():
    assert qparse("你好，有什么可以帮你？").answer == "你好，有什么可以帮你？"


# --- hermes --------------------------------------------------------------------------------------

def hparse(text: str) -> ParseResult:
    return create("hermes").parse(ModelOutput(text=text), step=0)


def test_hermes_ignores_calls_in_think():
    res = hparse('<think>maybe <tool_call>{"name": "x", "arguments": {}}</tool_call></think>不需要工具。')
    assert res.kind == "answer" and res.answer == "不需要工具。" and "think_block_stripped" in res.repairs


def test_hermes_parallel_blocks():
    text = ('<tool_call>\n{"name": "amap_weather", "arguments": {"location": "北京"}}\n</tool_call>\n'
            '<tool_call>\n{"name": "amap_weather", "arguments": "{\\"location\\": \\"上海\\"}"}\n</tool_call>')
    res = hparse(text)
    assert [c.arguments for c in res.calls] == [{"location": "北京"}, {"location": "上海"}]
    assert res.calls[1].repairs == ["string_arguments"]


def test_hermes_errors():
    assert hparse('<tool_call>{"name": "amap_weather"}</tool_call>').error == "MISSING_ACTION_INPUT"
    assert hparse('<tool_call>{"arguments": {}}</tool_call>').error == "NO_ACTION_NAME"
    res = hparse('<tool_call>{"name": "amap_weather", "arguments": {"location": 北京}</tool_call>')
    assert res.error == "ARGS_UNPARSEABLE" and res.calls[0].name == "amap_weather"


def test_hermes_fabricated_response_cut():
    res = hparse('<tool_call>\n{"name": "a", "arguments": {}}\n</tool_call>\n<tool_response>\n晴\n</tool_response>')
    assert len(res.calls) == 1 and "fabricated_observation_cut" in res.repairs and res.history_text


# --- glm4 ----------------------------------------------------------------------------------------

def gparse(text: str) -> ParseResult:
    return create("glm4").parse(ModelOutput(text=text), step=0)


def test_glm4_call_and_answer():
    res = gparse('amap_weather\n{"location": "北京"}')
    assert res.calls[0].name == "amap_weather" and res.calls[0].arguments == {"location": "北京"}
    assert gparse("北京今天晴。\n明天多云。").answer == "北京今天晴。\n明天多云。"
    assert gparse("Sure\nHere it is.").kind == "answer"


def test_glm4_garbage_args():
    res = gparse('amap_weather\n{"location": 北京')
    assert res.error == "ARGS_UNPARSEABLE" and res.calls[0].arguments is None


def test_glm4_trailing_text_cut():
    res = gparse('amap_weather\n{"location": "北京"}\n北京今天晴')
    assert len(res.calls) == 1 and "trailing_text_cut" in res.repairs
    assert res.history_text == 'amap_weather\n{"location": "北京"}'


def test_glm4_observation_role_configurable():
    d = dialects.create("glm4")
    d.observation_role = "user"
    messages, _ = d.render([Message(role="user", content="q"), Message(role="tool", content="r")], [WEATHER])
    assert messages[-1] == {"role": "user", "content": "r"}
