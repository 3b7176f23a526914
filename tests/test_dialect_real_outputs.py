"""Model outputs pasted in public issues and code, and how we read each one (the source is next to it).

Texts are shortened where the issue pasted a long transcript; the part that decides the parse is verbatim.
"""

from __future__ import annotations

from agentbench.registry import dialects
from agentbench.types import ModelOutput, ParseResult, ToolSpec


def tool(name: str, **props: str) -> ToolSpec:
    return ToolSpec(name=name, description=name, parameters={
        "type": "object", "properties": {k: {"type": v} for k, v in props.items()}, "required": list(props)[:1]})


def parse(dialect: str, text: str, tools: list[ToolSpec]) -> ParseResult:
    return dialects.create(dialect).parse(ModelOutput(text=text), 0, tools)


# langchain-ai/langchain#21912 (a Hugging Face model in a LangChain ReAct agent): tool names with spaces,
# bare-string inputs, and observations the model made up itself.
LANGCHAIN_21912 = """Question: Write an academic abstract about Bitcoin
Thought: I need to research the topic to write a good abstract
Action: Wikipedia Research Tool
Action Input: Bitcoin
Observation: The first result is about the history of Bitcoin, it seems to be a decentralized digital currency
Thought: I need to know more about the technical aspects of Bitcoin
Action: Duck Duck Go Search Results Tool
Action Input: Bitcoin technical aspects"""
RESEARCH = [tool("Wikipedia Research Tool", query="string"), tool("Duck Duck Go Search Results Tool", query="string")]


def test_langchain_21912_spaced_names_and_raw_input():
    res = parse("react_en", LANGCHAIN_21912, RESEARCH)
    assert [(c.name, c.arguments) for c in res.calls] == [("Wikipedia Research Tool", {"query": "Bitcoin"})]
    assert {"raw_string_args", "fabricated_observation_cut"} <= set(res.repairs) and res.error is None
    assert "Observation" not in res.history_text


# OpenBMB/AgentVerse#72 ("Failed to parse output of the model"): a bare input spanning lines. Several lines
# are prose glued to the input, so even for a one-string-parameter tool it stays a format error.
AGENTVERSE_72 = """Action: Speak
Action Input: Good morning, everyone! I hope you're all doing well today. For those who don't know me, my name is Professor Michael, and I'll be your instructor for today's lecture on the Transformer architecture of neural networks. Before we dive into the topic, I just want to remind you
that if you have any questions, please feel free to raise
your hand, and I'll be happy to address them. Now, let's get started!"""


def test_agentverse_72_multiline_bare_input_is_a_format_error():
    res = parse("react_en", AGENTVERSE_72, [tool("Speak", content="string")])
    assert res.error == "ARGS_UNPARSEABLE" and res.calls[0].name == "Speak"


# ollama/ollama#6390: Hermes 3's raw reply (the server did not parse it), a <tool_call> with escaped code.
OLLAMA_6390 = ('\n<tool_call>\n{"name": "code_interpreter", "arguments": {"code": "def reverse_list(lst):\\n    '
               'return lst[::-1]\\n\\noriginal = [1, 2, 3, 4, 5]\\nreversed_list = reverse_list(original)\\n'
               "print('Original:', original)\\nprint('Reversed:', reversed_list)\"}}\n</tool_call>")


def test_ollama_6390_hermes3_tool_call():
    res = parse("hermes", OLLAMA_6390, [tool("code_interpreter", code="string")])
    assert res.kind == "call" and res.repairs == []
    assert res.calls[0].arguments["code"].startswith("def reverse_list(lst):\n    return lst[::-1]")


# agentscope-ai/QwenPaw#2825 and #2839: Qwen3.5 answered a Hermes prompt in the Qwen3-Coder XML call form.
# Inside <tool_call> it is a call attempt whose body is not JSON: a format error, never an answer.
QWENPAW_2825 = ('<tool_call> <function=execute_shell_command> <parameter=command> del '
                '"C:\\Users\\Administrator\\.copaw\\workspaces\\default\\BOOTSTRAP.md" </parameter> </function> </tool_call>')
QWENPAW_2839 = "<tool_call>\n<function=browser_use>\n<parameter=action>\nstart\n</parameter>\n<parameter=headed>\nTrue\n</parameter>\n</function>\n</tool_call>"


def test_qwenpaw_xml_calls_in_hermes_are_format_errors():
    for text in (QWENPAW_2825, QWENPAW_2839):
        res = parse("hermes", text, [tool("execute_shell_command", command="string"), tool("browser_use", action="string")])
        assert res.error == "ARGS_UNPARSEABLE" and res.answer is None


# jyjeanne/crustly#39: Qwen2.5-Coder "often replies with bare JSON or a fenced ```json block shaped like a
# function call" under a Hermes prompt; NousResearch/hermes-agent#742: Hermes-4 writes bare call JSON and
# `</think>{...}</tool_call>` with the opening tag missing. Both shapes as those threads describe them.
CRUSTLY_39 = '```json\n{"name": "read_file", "arguments": {"path": "src/main.rs"}}\n```'
HERMES_AGENT_742 = '</think>{"name": "web_search", "arguments": {"query": "latest rust release"}}</tool_call>'


def test_untagged_hermes_calls_from_qwen_coder_and_hermes4():
    tools = [tool("read_file", path="string"), tool("web_search", query="string")]
    coder = parse("hermes", CRUSTLY_39, tools)
    assert coder.calls[0].arguments == {"path": "src/main.rs"} and "untagged_tool_call" in coder.repairs
    hermes4 = parse("hermes", HERMES_AGENT_742, tools)
    assert hermes4.calls[0].name == "web_search" and "untagged_tool_call" in hermes4.repairs


# ggml-org/llama.cpp#18183: llama-server's Hermes parser took JSON inside a code answer for a call to a tool
# that does not exist. A JSON answer that is not a call to an offered tool stays an answer here.
LLAMA_CPP_18183 = 'Here is a sample config:\n```json\n{"name": "my-app", "version": "1.0.0"}\n```'


def test_llama_cpp_18183_json_in_an_answer_is_not_a_call():
    res = parse("hermes", LLAMA_CPP_18183, [tool("read_file", path="string")])
    assert res.kind == "answer" and res.answer == LLAMA_CPP_18183


# zai-org/GLM-4#175: the call glm-4-9b-chat makes for "What's the Celsius temperature in San Francisco?"
# (the issue pastes it as the parsed tool_call; the raw reply is the name line plus the JSON).
GLM4_175 = 'get_current_weather\n{"location": "San Francisco, CA", "format": "celsius"}'


def test_glm4_175_call():
    res = parse("glm4", GLM4_175, [tool("get_current_weather", location="string", format="string")])
    assert res.calls[0].arguments == {"location": "San Francisco, CA", "format": "celsius"} and res.repairs == []


# QwenLM/Qwen-Agent#128 (weather bot: "the model's reply used two tools, but after parsing only one was used"):
# two ✿FUNCTION✿ blocks in one reply are two calls, in order. Shape as the Qwen-Agent weather demo writes it.
QWEN_AGENT_128 = ('✿FUNCTION✿: amap_weather\n✿ARGS✿: {"location": "北京"}\n'
                  '✿FUNCTION✿: image_gen\n✿ARGS✿: {"prompt": "雪中的北京城"}\n✿RESULT')  # stop word half emitted


def test_qwen_agent_128_two_functions_two_calls():
    res = parse("qwen", QWEN_AGENT_128, [tool("amap_weather", location="string"), tool("image_gen", prompt="string")])
    assert [c.name for c in res.calls] == ["amap_weather", "image_gen"] and res.error is None
    assert "truncated_marker_cut" in res.repairs


# QwenLM/Qwen-Agent qwen_agent/llm/fncall_prompts/qwen_fncall_prompt.py splits one ✿FUNCTION✿ part on every
# ✿ARGS✿ (`part[i + len(arg_sep):].split(arg_sep)`): one call per arguments block. We read it the same way.
QWEN_REPEATED = '✿FUNCTION✿: amap_weather\n✿ARGS✿: {"location": "北京"}\n✿ARGS✿: {"location": "上海"}\n✿RESULT✿:'


def test_qwen_agent_repeated_args_semantics():
    res = parse("qwen", QWEN_REPEATED, [tool("amap_weather", location="string")])
    assert [c.arguments["location"] for c in res.calls] == ["北京", "上海"]
    assert {"repeated_args", "trailing_observation_cut"} <= set(res.repairs)


# run-llama/llama_index#11608 ("ReActOutputParser not support chinese"): the reference regex reads only
# [a-zA-Z0-9_] names, so a Chinese tool name broke parsing. An offered Chinese name is read as is.
def test_llama_index_11608_chinese_tool_name():
    res = parse("react_zh", 'Thought: 查天气\nAction: 天气查询\nAction Input: {"城市": "北京"}', [tool("天气查询", 城市="string")])
    assert res.calls[0].name == "天气查询" and res.calls[0].arguments == {"城市": "北京"} and res.repairs == []
