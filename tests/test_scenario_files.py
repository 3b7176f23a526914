"""Scenario loading and `agentbench validate`: every mistake names file, line and field; exit code 2."""

import subprocess
import sys
import textwrap

import pytest

from agentbench.errors import ScenarioError
from agentbench.scenario import parse_scenario

GOOD = textwrap.dedent("""\
    id: weather.basic
    tools: [amap_weather]
    world: {}
    turns:
      - user: 北京明天天气怎么样？
        expect:
          calls:
            - tool: amap_weather
              args: {location: {place: 北京}}
          answer:
            must_mention: [小雪]
""")


def error(text):
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "s.yaml")
    return info.value


def test_good_scenario_loads_with_defaults():
    s = parse_scenario(GOOD)
    assert s.turns[0].expect.kind == "call" and s.language == "zh" and s.max_steps == 6


def test_typo_key_names_line_and_field():
    e = error(GOOD.replace("must_mention", "must_mentoin"))
    assert (e.line, e.field) == (11, "turns[0].expect.answer.must_mentoin")
    assert e.message == "unknown key 'must_mentoin' (did you mean 'must_mention'?)"
    assert str(e).startswith("s.yaml:11: turns[0].expect.answer.must_mentoin:")


def test_wrong_type_names_line():
    e = error(GOOD.replace("tools: [amap_weather]", "tools: amap_weather"))
    assert (e.line, e.field) == (2, "tools")


def test_broken_yaml_names_line():
    e = error(GOOD.replace("    turns:", "turns: [").replace("turns:", "turns: ["))
    assert e.line is not None and "invalid YAML" in e.message


def test_bad_matcher_and_inconsistent_kind():
    e = error(GOOD.replace("{place: 北京}", "{place: 北京, tol: 2}"))
    assert e.line == 9 and "tol" in e.message
    e = error(GOOD.replace("    expect:\n", "    expect:\n      kind: decline\n"))
    assert "decline" in e.message and e.field.startswith("turns[0].expect")


def test_duplicate_key_is_an_error():
    e = error(GOOD + "id: again\n")
    assert e.field == "id" and "duplicate" in e.message


def test_unknown_after_reference():
    text = GOOD.replace("        - tool: amap_weather\n", "        - tool: amap_weather\n          after: [nope]\n")
    assert "nope" in error(text).message


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "agentbench.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_validate_cli_exit_codes_and_no_traceback(tmp_path):
    from conftest import FIXTURE_TOOLS

    good = tmp_path / "good.yaml"
    good.write_text(GOOD.replace("amap_weather", "fx_weather").replace("location", "city"), encoding="utf-8")
    result = run_cli("validate", str(good), "--tools-dir", str(FIXTURE_TOOLS))
    assert result.returncode == 0, result.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("must_mention", "must_mentoin"), encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nturns: [\n", encoding="utf-8")
    unknown_tool = tmp_path / "tool.yaml"
    unknown_tool.write_text(GOOD.replace("[amap_weather]", "[no_such_tool]"), encoding="utf-8")
    result = run_cli("validate", str(tmp_path))
    assert result.returncode == 2
    assert f"{bad}:11: turns[0].expect.answer.must_mentoin" in result.stderr
    assert f"{broken}:3:" in result.stderr
    assert f"{unknown_tool}:2: tools: unknown tool(s) ['no_such_tool']" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_schema_cli_prints_json_schema_with_field_docs():
    import json

    result = run_cli("schema")
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    assert "language" in schema["properties"] and schema["properties"]["max_steps"]["description"]


def test_regex_matcher_without_example_is_rejected_at_load():
    e = error(GOOD.replace("{place: 北京}", '{regex: "北京.*"}'))
    assert e.line == 9 and "example" in e.message


def test_a_typo_that_drops_a_required_field_is_named_as_the_typo():
    e = error(GOOD.replace("  - user:", "  - usr:"))
    assert (e.line, e.field) == (5, "turns[0].usr")
    assert e.message == "unknown key 'usr' (did you mean 'user'?)"  # not only "turns[0].user: field required"


def test_an_unknown_key_without_a_close_match_lists_the_allowed_keys():
    e = error(GOOD.replace("world: {}", "world: {}\nzzz: 1"))
    assert (e.line, e.field) == (4, "zzz") and e.message.startswith("unknown key 'zzz'; allowed: id, title, ")


def test_a_key_whose_value_is_a_block_is_reported_on_the_key_line():
    # the value (a list where a mapping belongs) starts on line 11; the mistake is `answer:` on line 10
    e = error(GOOD.replace("must_mention: [小雪]", "- 小雪"))
    assert (e.line, e.field) == (10, "turns[0].expect.answer")
    e = error(GOOD.replace("world: {}", "world:\n  - 北京"))  # wrong type: the key's line, not the value's
    assert (e.line, e.field) == (3, "world")
