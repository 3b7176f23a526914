"""The Python API of the plugin (the `agent` fixture, TraceView helpers) and LangChain tools in tool folders."""

import shutil
import textwrap
from pathlib import Path

import pytest
from test_pytest_plugin import PLUGIN

from agentbench.tooling import discover_tools

pytest_plugins = ["pytester"]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

TESTS = '''
from langchain_core.tools import StructuredTool, tool as lc_tool

from agentbench.tooling import World, tool


def weather(city: str) -> str:
    """查询城市天气

    Args:
        city: 城市名称
    """
    return f"{city}今天晴，18到26度"


@lc_tool
def exchange(amount: float, currency: str) -> str:
    """把外币换算成人民币"""
    return f"{amount} {currency} = {amount * 7} CNY"


@tool(name="remember")
def remember(world: World, note: str) -> str:
    """记下一条备忘"""
    world.data.setdefault("notes", []).append(note)
    return "已记下"


echo = StructuredTool.from_function(func=lambda text: text, name="echo", description="原样返回")


def test_calls_and_answer(agent):
    trace = agent.play("北京天气怎么样", tools=[weather, exchange, remember, echo])
    trace.assert_called("weather", city={"place": "北京"})
    assert trace.called("weather", city="北京市") and not trace.called("weather", city="上海")
    assert trace.calls[0].result.startswith("北京市今天晴")
    assert trace.final_answer == "北京今天晴。"
    assert trace.turn(0).texts[0].startswith("Action: weather")


def test_two_turns_with_langchain_and_world_tools(agent):
    trace = agent.play(["100美元是多少人民币", "记一下"], tools=[exchange, remember])
    trace.assert_called("exchange", amount=100, currency="USD")
    assert trace.turn(0).calls[0].result == "100.0 USD = 700.0 CNY"
    assert trace.turn(1).calls[0].result == "已记下"


def test_wrong_city(agent):
    agent.play("北京天气怎么样", tools=[weather]).assert_called("weather", city="上海")


def test_scenario_file(agent):
    agent.play_scenario("book.yaml").assert_passed()
'''

SCRIPT = '''
test_calls_and_answer:
  - "Action: weather\\nAction Input: {\\"city\\": \\"北京市\\"}"
  - "Final Answer: 北京今天晴。"
test_two_turns_with_langchain_and_world_tools:
  - "Action: exchange\\nAction Input: {\\"amount\\": 100, \\"currency\\": \\"USD\\"}"
  - "Final Answer: 700元"
  - "Action: remember\\nAction Input: {\\"note\\": \\"换汇\\"}"
  - "Final Answer: 好的"
test_wrong_city:
  - "Action: weather\\nAction Input: {\\"city\\": \\"北京\\"}"
  - "Final Answer: 北京今天晴。"
'''


def test_agent_fixture_plays_and_asserts(pytester):
    pytest.importorskip("langchain_core")
    pytester.makepyfile(test_agent=TESTS)
    (pytester.path / "script.yaml").write_text(SCRIPT, encoding="utf-8")
    shutil.copy(FIXTURES / "scenarios" / "book.yaml", pytester.path / "book.yaml")
    result = pytester.runpytest_subprocess(*PLUGIN, "--agentbench-model", f"scripted:{pytester.path / 'script.yaml'}",
                                           "--agentbench-tools-dir", str(FIXTURES / "tools"))
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines([
        '*AssertionError: expected a call weather({"city": "上海"}); 1 call(s) of weather, none matches*',
        '*ARG_MISMATCH: weather.city: expected "上海", got "北京"',
        '*>> step 1 model: Action: weather',
        "*scenario fx.book did not pass: FORMAT_ERROR*",  # book.yaml has no script: the model said nothing
    ])


def test_gold_plays_a_scenario_file(pytester):
    pytester.makepyfile(test_gold=(
        "def test_book(agent):\n"
        "    trace = agent.play_scenario('book.yaml')\n"
        "    trace.assert_passed()\n"
        "    trace.assert_called('fx_book', people=2)\n"))
    shutil.copy(FIXTURES / "scenarios" / "book.yaml", pytester.path / "book.yaml")
    result = pytester.runpytest_subprocess(*PLUGIN, "--agentbench-model", "scripted:gold",
                                           "--agentbench-tools-dir", str(FIXTURES / "tools"))
    result.assert_outcomes(passed=1)


def test_langchain_tools_in_a_tools_dir_are_discovered(tmp_path):
    pytest.importorskip("langchain_core")
    (tmp_path / "lc.py").write_text(textwrap.dedent('''
        from langchain_core.tools import StructuredTool, tool

        @tool
        def lc_add(a: int, b: int) -> int:
            """Add two integers."""
            return a + b

        lc_upper = StructuredTool.from_function(func=lambda text: text.upper(), name="lc_upper",
                                                description="upper-case a text")
    '''), encoding="utf-8")
    tools = discover_tools([tmp_path])
    add, upper = tools["lc_add"], tools["lc_upper"]
    assert add.spec.parameters["required"] == ["a", "b"]
    assert add.spec.parameters["properties"]["a"]["type"] == "integer"
    assert add.fn(None, a=2, b=3) == 3 + 2 and upper.fn(None, text="ab") == "AB"
    assert "amap_weather" in tools  # the built-in tools are still there
