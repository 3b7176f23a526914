"""Scenarios that can never pass are rejected at validate and at suite load, naming file:line; hostile
YAML (alias bombs, deep nesting, bytes that are not UTF-8) is one error line, quickly."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest
from conftest import FIXTURE_TOOLS

from agentbench.errors import ScenarioError
from agentbench.scenario.loader import load_scenario, parse_scenario
from agentbench.scenario.validate import validate_paths
from agentbench.suites.agent import AgentSuite
from agentbench.tooling import discover_tools

TOOLS = discover_tools([FIXTURE_TOOLS])

OK = textwrap.dedent("""\
    id: fx.check
    tools: [fx_weather]
    faults:
      - {tool: fx_weather, times: 1}
    turns:
      - user: 北京天气怎么样？
        expect:
          kind: recover
          calls:
            - tool: fx_weather
              args: {city: {place: 北京}}
""")


def problem(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "s.yaml", TOOLS)
    return info.value


def test_the_good_scenario_passes_the_tool_checks():
    assert parse_scenario(OK, "s.yaml", TOOLS).id == "fx.check"


@pytest.mark.parametrize("edit,line,field,message", [
    (("- tool: fx_weather", "- tool: fx_book"), 10, "turns[0].expect.calls[0].tool",
     "expects a call to 'fx_book', which this scenario does not offer (add it to `tools`)"),
    (("- tool: fx_weather", "- tool: fx_wether"), 10, "turns[0].expect.calls[0].tool",
     "expects a call to unknown tool 'fx_wether' (did you mean 'fx_weather'?)"),
    (("{city: {place: 北京}}", "{city: 北京, town: 北京}"), 11, "turns[0].expect.calls[0].args.town",
     "fx_weather has no argument 'town'; its arguments: city, unit"),
    (("{city: {place: 北京}}", "{cty: 北京}"), 11, "turns[0].expect.calls[0].args.cty",
     "fx_weather has no argument 'cty' (did you mean 'city'?); its arguments: city, unit"),
    (("{place: 北京}", "{plase: 北京}"), 11, "turns[0].expect.calls[0].args.city",
     "unknown matcher 'plase' (did you mean 'place'?)"),
    (("{place: 北京}", "{any_of: [{plase: 北京}, 首都]}"), 11, "turns[0].expect.calls[0].args.city",
     "unknown matcher 'plase' (did you mean 'place'?)"),
    (("{tool: fx_weather, times: 1}", "{tool: fx_image, times: 1}"), 4, "faults[0].tool",
     "fault on tool 'fx_image', which this scenario does not offer (tools: fx_weather)"),
    (("times: 1}", "times: 1, turn: 3}"), 4, "faults[0].turn", "turn 3 does not exist (turns are 0..0)"),
    (("tools: [fx_weather]", "tools: [fx_weather, fx_nope]"), 2, "tools", "unknown tool(s) ['fx_nope']"),
])
def test_expectations_that_can_never_pass_are_named(edit, line, field, message):
    e = problem(OK.replace(*edit))
    assert (e.file, e.line, e.field) == ("s.yaml", line, field)
    assert e.message.startswith(message), e.message


def test_a_required_argument_left_out_of_args_can_never_pass():
    text = OK.replace("{city: {place: 北京}}", "{unit: c}")
    e = problem(text)
    assert e.field == "turns[0].expect.calls[0].args" and "requires ['city']" in e.message
    parse_scenario(text.replace("args: {unit: c}", "args: {unit: c}\n          allow_extra_args: true"), "s.yaml", TOOLS)


def test_validate_paths_reports_every_problem_and_the_cli_prints_them(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(OK.replace("{place: 北京}", "{plase: 北京}").replace("{tool: fx_weather,", "{tool: fx_book,"),
                   encoding="utf-8")
    (tmp_path / "good.yaml").write_text(OK.replace("fx.check", "fx.good"), encoding="utf-8")
    errors = validate_paths([tmp_path], TOOLS)
    assert [(e.line, e.field) for e in errors] == [(4, "faults[0].tool"), (11, "turns[0].expect.calls[0].args.city")]
    result = subprocess.run([sys.executable, "-m", "agentbench.cli", "validate", str(tmp_path), "--tools-dir",
                             str(FIXTURE_TOOLS)], capture_output=True, text=True)
    assert result.returncode == 2
    assert f"{bad}:11: turns[0].expect.calls[0].args.city: unknown matcher 'plase'" in result.stderr
    assert "1 valid, 1 invalid" in result.stderr and "Traceback" not in result.stderr


def test_a_suite_load_runs_the_same_checks(tmp_path):
    (tmp_path / "s.yaml").write_text(OK.replace("{place: 北京}", "{plase: 北京}"), encoding="utf-8")
    with pytest.raises(ScenarioError, match="unknown matcher 'plase'"):
        AgentSuite("t", [tmp_path], tools_dirs=[FIXTURE_TOOLS])


# ------------------------------------------------------------------------------ hostile files

BILLION_LAUGHS = "".join(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
                         for prev, name in zip("abcdefgh", "bcdefghi", strict=True)).replace("*a", '"lol"')


def test_an_alias_bomb_is_one_error_in_milliseconds():
    assert len(BILLION_LAUGHS) < 420  # 9**8 = 43 million values once expanded
    start = time.perf_counter()
    e = problem("id: x\n" + BILLION_LAUGHS)
    assert time.perf_counter() - start < 2.0
    assert (e.line, e.field) == (9, "i") and "expands to more than" in e.message


@pytest.mark.parametrize("text", [
    "id: x\nworld: " + "[" * 1000 + "]" * 1000 + "\n",                      # flow, libyaml's own limit
    "id: x\nworld: " + "[" * 200 + "]" * 200 + "\n",                        # under libyaml's limit, over ours
    "id: x\nworld:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 1000)) + "  " * 1000 + "v\n",  # block
])
def test_deep_nesting_is_one_error_not_a_recursion_error(text):
    start = time.perf_counter()
    e = problem(text)
    assert time.perf_counter() - start < 2.0
    assert "nest" in e.message and e.line is not None


def test_bytes_that_are_not_utf8_name_the_line(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes(OK.encode("utf-8").replace("北京天气怎么样？".encode(), "北京天气怎么样？".encode("gbk")))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.line == 6 and info.value.message.startswith("not UTF-8 text: byte 0xb1 at column 11")
