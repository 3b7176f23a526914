"""The run as a library: agentbench.run, rescore, run identity, roles, the reader, robust records and CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURE_TOOLS, free_port

import agentbench
from agentbench.cli import main, typed_value
from agentbench.errors import UsageError
from agentbench.jsonl import read_jsonl
from agentbench.registry import suites as suite_registry
from agentbench.results import Score
from agentbench.runs import RunSpec, build_spec, rescore, run
from agentbench.suites.agent import AgentSuite
from agentbench.suites.options import OptionSpec, parse_options

SCENARIOS = Path(__file__).resolve().parent / "fixtures" / "scenarios"
FX = ["--suite", str(SCENARIOS), "--tools-dir", str(FIXTURE_TOOLS)]


def spec(out: Path, model: str = "scripted:gold", **extra) -> RunSpec:
    return RunSpec(suites=[str(SCENARIOS)], tools_dirs=[FIXTURE_TOOLS], model=model, out=out, progress="off", **extra)


def script(path: Path, replies: dict) -> str:
    path.write_text(json.dumps(replies, ensure_ascii=True), encoding="utf-8")
    return f"scripted:{path}"


# ------------------------------------------------------------------------------ the library and rescore


def test_run_from_python_returns_the_summary(tmp_path):
    result = agentbench.run(agentbench.RunSpec(suites=["agent_zh"], model="scripted:demo", out=tmp_path / "x",
                                               progress="off"))
    entry = result.summary["suites"]["agent_zh"]
    assert 0 < entry["score"] < 100 and entry["n"] == 26 and entry["errors"] == 0
    assert result.exit_code == 0 and result.ran == 26
    assert sum(1 for _ in result.records()) == 26


def test_rescore_makes_no_model_call_and_reproduces_the_summary_byte_for_byte(tmp_path, monkeypatch):
    out = tmp_path / "run"
    run(spec(out, "scripted:demo", trials=2))
    summary, records = (out / "summary.json").read_bytes(), (out / "records.jsonl").read_bytes()

    def no_calls(*args, **kwargs):
        raise AssertionError("rescore called a model")

    monkeypatch.setattr("agentbench.models.scripted.ScriptedModel.generate", no_calls)
    monkeypatch.setattr("agentbench.runs.roles.make_model", no_calls)
    result = rescore(out)
    assert result.ran == 0
    assert (out / "summary.json").read_bytes() == summary
    assert (out / "records.jsonl").read_bytes() == records


def test_rescore_recomputes_scores_with_todays_scorers(tmp_path):
    out = tmp_path / "run"
    run(spec(out))
    lines = (out / "records.jsonl").read_text().splitlines()
    stale = json.loads(lines[0])
    stale["passed"], stale["scores"]["trace"]["passed"], stale["scorer_version"] = False, False, "trace/0"
    (out / "records.jsonl").write_text("\n".join([json.dumps(stale, ensure_ascii=False), *lines[1:]]) + "\n")
    assert main(["show", str(out)]) == 0  # a record scored by an older version is still readable
    result = rescore(out, out=tmp_path / "new")
    assert result.summary["suites"]["scenarios"]["score"] == 100.0
    assert result.summary["suites"]["scenarios"]["scorer_versions"] == [AgentSuite.scorer_version]
    assert json.loads((out / "records.jsonl").read_text().splitlines()[0])["scorer_version"] == "trace/0"


def test_records_scored_by_different_versions_are_warned_about(tmp_path):
    out = tmp_path / "run"
    run(spec(out, limit=2))
    first = json.loads((out / "records.jsonl").read_text().splitlines()[0])
    first["scorer_version"] = "trace/0"
    (out / "records.jsonl").write_text(json.dumps(first) + "\n" + (out / "records.jsonl").read_text().split("\n", 1)[1])
    result = run(spec(out))
    entry = result.summary["suites"]["scenarios"]
    assert entry["scorer_versions"] == ["trace/0", AgentSuite.scorer_version] and "rescore" in entry["warning"]


# ------------------------------------------------------------------------------ identity


def test_a_typod_model_fixed_and_rerun_into_the_same_out_just_works(tmp_path, capsys):
    out = tmp_path / "run"
    dead = f"http://127.0.0.1:{free_port()}/v1"
    assert main(["run", *FX, "--model", "openai:gpt-typo", "--base-url", dead, "--out", str(out)]) == 3
    assert main(["run", *FX, "--model", "scripted:gold", "--out", str(out)]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["candidate"] == "scripted:gold" and summary["suites"]["scenarios"]["score"] == 100.0


def test_a_changed_extra_body_is_refused_with_the_diff_and_runtime_settings_are_not(tmp_path, mock_server, capsys):
    gold = tmp_path / "gold.json"
    assert main(["export-gold", *FX, "--out", str(gold)]) == 0
    url = mock_server("--mode", "scripted", "--script", str(gold))
    out = tmp_path / "run"
    base = ["run", *FX, "--model", "openai:mock", "--base-url", url, "--out", str(out), "--limit", "1"]
    assert main([*base, "--model-option", 'extra_body={"top_k": 1}']) == 0
    capsys.readouterr()
    assert main([*base, "--model-option", 'extra_body={"top_k": 2}']) == 2
    err = capsys.readouterr().err
    assert "candidate.options.extra_body.top_k: 1 -> 2" in err and "use another --out" in err
    other = mock_server("--mode", "scripted", "--script", str(gold))  # another port, other limits: same results
    assert main(["run", *FX, "--model", "openai:mock", "--base-url", other, "--out", str(out), "--concurrency", "3",
                 "--timeout", "30", "--rpm", "6000", "--model-option", 'extra_body={"top_k": 1}',
                 "--api-key-env", "MY_KEY"]) == 0
    assert len(read_jsonl(out / "records.jsonl")) == 4


def test_cache_keys_follow_the_result_affecting_options(tmp_path):
    from agentbench.runs.identity import canonical
    from agentbench.runs.spec import RoleSpec
    from agentbench.runtime.cache import request_key
    from agentbench.types import ChatRequest

    request = ChatRequest(messages=[{"role": "user", "content": "hi"}])
    one = RoleSpec(model="openai:m", options={"extra_body": {"a": 1}, "timeout_s": 5})
    two = RoleSpec(model="openai:m", options={"extra_body": {"a": 2}, "timeout_s": 5})
    slow = RoleSpec(model="openai:m", options={"extra_body": {"a": 1}, "timeout_s": 50}, base_url="http://h:1/v1")
    keys = [request_key(canonical(r.identity()), request) for r in (one, two, slow)]
    assert keys[0] != keys[1] and keys[0] == keys[2]


def test_nothing_listening_stops_the_run_with_one_line_within_seconds(tmp_path):
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "agentbench.cli", "run", "--suite", "agent_zh", "--model", "openai:m",
                           "--base-url", f"http://127.0.0.1:{free_port()}/v1", "--out", str(tmp_path / "r")],
                          capture_output=True, text=True, timeout=60)
    assert time.monotonic() - start < 10
    assert proc.returncode == 3 and "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("agentbench: error:")]
    assert len(errors) == 1 and "connection refused" in errors[0]


# ------------------------------------------------------------------------------ roles and settings


class JudgedSuite(AgentSuite):
    needs = ("judge",)


def test_a_suite_that_needs_a_judge_fails_at_start_naming_the_flag(tmp_path, capsys):
    @suite_registry.register("needs_judge_fixture")
    def make(settings):
        return JudgedSuite("needs_judge_fixture", [SCENARIOS], settings.dialect, [FIXTURE_TOOLS], settings.options)

    make.uses = JudgedSuite.uses
    assert main(["run", "--suite", "needs_judge_fixture", "--out", str(tmp_path / "r")]) == 2
    assert "needs a judge model: give --judge SPEC" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()
    assert main(["run", "--suite", "needs_judge_fixture", "--judge", "scripted:gold", "--model", "scripted:gold",
                 "--out", str(tmp_path / "r")]) == 0


def test_settings_a_suite_ignores_are_errors_or_warnings_never_silently_recorded(tmp_path, capsys):
    assert main(["run", *FX, "--shots", "3", "--out", str(tmp_path / "a")]) == 2
    assert "--shots does not apply" in capsys.readouterr().err
    assert main(["run", *FX, "--suite-option", "cot=true", "--out", str(tmp_path / "b")]) == 2
    assert "unknown option(s) cot" in capsys.readouterr().err
    assert main(["run", *FX, "--suite-option", "max_tokens=lots", "--out", str(tmp_path / "c")]) == 2
    assert "expected an integer" in capsys.readouterr().err


def test_typed_options():
    assert [typed_value(v) for v in ("2.5", "true", "0.8", "7", "abc", '{"a": [1]}')] == [2.5, True, 0.8, 7, "abc",
                                                                                       {"a": [1]}]
    specs = {"cot": OptionSpec(bool, False), "n": OptionSpec(int, 1), "subjects": OptionSpec(list, None)}
    assert parse_options("s", {"cot": "no", "n": "3", "subjects": "law,logic"}, specs) == {
        "cot": False, "n": 3, "subjects": ["law", "logic"]}
    assert parse_options("s", {"cot": "yes"}, specs)["cot"] is True
    with pytest.raises(UsageError, match="true/false"):
        parse_options("s", {"cot": "maybe"}, specs)


def test_a_suite_named_twice_runs_once_and_a_folder_suite_reports_its_failures(tmp_path, capsys):
    folder = str(SCENARIOS)
    assert main(["run", "--suite", f"{folder},{folder}", "--tools-dir", str(FIXTURE_TOOLS), "--model",
                 "scripted:random", "--out", str(tmp_path / "r")]) == 0
    out = capsys.readouterr().out
    assert len(read_jsonl(tmp_path / "r" / "records.jsonl")) == 4
    assert "no failing sample" not in out and "scenarios/fx.one #0" in out


def test_run_config_yaml_with_flags_overriding_it(tmp_path):
    config = tmp_path / "run.yaml"
    config.write_text(f"suites: [{SCENARIOS}]\ntools_dirs: [{FIXTURE_TOOLS}]\nmodel: scripted:random\n"
                      f"out: {tmp_path / 'r'}\ntrials: 2\n", encoding="utf-8")
    assert main(["run", "--config", str(config), "--model", "scripted:gold", "--progress", "off"]) == 0
    stored = json.loads((tmp_path / "r" / "config.json").read_text())
    assert stored["spec"]["model"]["model"] == "scripted:gold" and stored["spec"]["trials"] == 2
    assert main(["run", "--config", str(tmp_path / "missing.yaml")]) == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("suites: [agent_zh]\nmodle: scripted:gold\n", encoding="utf-8")
    with pytest.raises(UsageError, match="modle"):
        RunSpec.from_yaml(bad)


def test_config_describes_every_suite_the_directory_holds(tmp_path):
    out = tmp_path / "r"
    run(spec(out))
    run(RunSpec(suites=["agent_zh"], model="scripted:gold", out=out, progress="off", limit=2))
    config = json.loads((out / "config.json").read_text())
    assert set(config["suites"]) == {"scenarios", "agent_zh"} == set(config["identity"]["suites"])
    summary = json.loads((out / "summary.json").read_text())
    assert set(summary["suites"]) == {"scenarios", "agent_zh"}


# ------------------------------------------------------------------------------ robust records and CLI


def test_lone_surrogates_in_model_text_are_recorded_and_a_rerun_does_not_crash(tmp_path, capsys):
    replies = {"fx.one": ["Final Answer: \ud800 北京小雪 \udfff"], "fx.book": ["\ud83d"]}
    model = script(tmp_path / "s.json", replies)
    out = tmp_path / "r"
    assert main(["run", *FX, "--model", model, "--out", str(out)]) == 0
    assert main(["run", *FX, "--model", model, "--out", str(out)]) == 0
    assert len(read_jsonl(out / "records.jsonl")) == 4
    capsys.readouterr()
    assert main(["show", str(out), "--scenario", "fx.one"]) == 0
    assert "\ufffd" in capsys.readouterr().out


def test_show_strips_terminal_control_characters(tmp_path, capsys):
    model = script(tmp_path / "s.json", {"fx.one": ["Final Answer: \x1b[2J\x1b]0;pwned\x07北京\x1b[31m小雪\x08"]})
    out = tmp_path / "r"
    main(["run", *FX, "--model", model, "--out", str(out)])
    capsys.readouterr()
    assert main(["show", str(out), "--scenario", "scenarios/fx.one #0"]) == 0
    text = capsys.readouterr().out
    assert "\x1b" not in text and "\x07" not in text and "\x08" not in text and "北京小雪" in text


def test_show_into_a_closed_pipe_ends_quietly(tmp_path):
    out = tmp_path / "r"
    run(spec(out, "scripted:random", trials=40))
    proc = subprocess.run(f"{sys.executable} -m agentbench.cli show {out} | head -n 2", shell=True,
                          capture_output=True, text=True, timeout=60)
    assert proc.stderr == "" and len(proc.stdout.splitlines()) == 2


def test_an_unwritable_run_directory_is_one_line_and_loses_nothing(tmp_path, capsys, monkeypatch):
    out = tmp_path / "r"
    assert main(["run", *FX, "--model", "scripted:gold", "--out", str(out), "--limit", "2"]) == 0
    before = (out / "records.jsonl").read_bytes()

    monkeypatch.setattr("agentbench.store.writer.dumps", lambda *a, **k: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    capsys.readouterr()
    assert main(["run", *FX, "--model", "scripted:gold", "--out", str(out)]) == 5
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("agentbench: error:") and "No space left" in err[-1] and "Traceback" not in "".join(err)
    monkeypatch.undo()
    assert (out / "records.jsonl").read_bytes().startswith(before)
    (tmp_path / "file").write_text("x")
    assert main(["run", *FX, "--out", str(tmp_path / "file" / "sub")]) == 5


def test_secrets_given_as_flags_are_refused_and_never_written(tmp_path, capsys):
    key = "sk-live-0123456789abcdefABCDEF"
    assert main(["run", *FX, "--model", "openai:m", "--api-key-env", key, "--out", str(tmp_path / "a")]) == 2
    err = capsys.readouterr().err
    assert key not in err and "NAME of an environment variable" in err and not (tmp_path / "a").exists()
    assert main(["run", *FX, "--model", "openai:m", "--base-url", "https://me:hunter2@api.example.com/v1",
                 "--out", str(tmp_path / "b")]) == 2
    err = capsys.readouterr().err
    assert "hunter2" not in err and not (tmp_path / "b").exists()
    with pytest.raises(UsageError):
        build_spec({"suites": ["agent_zh"], "model": {"model": "openai:m", "base_url": "http://h/v1?api_key=abc"}})


def test_the_reader_reports_a_corrupt_line_and_keeps_the_first_record(tmp_path, capsys):
    from agentbench.store import RunReader

    out = tmp_path / "r"
    run(spec(out))
    lines = (out / "records.jsonl").read_text().splitlines()
    changed = json.loads(lines[0])
    changed["passed"] = False
    (out / "records.jsonl").write_text("\n".join([lines[0], "{not json", json.dumps(changed), *lines[1:]]) + "\n")
    reader = RunReader(out)
    records = list(reader.records())
    assert len(records) == 4 and records[0].passed is True
    assert [p.line for p in reader.problems] == [2] and "records.jsonl:2" in str(reader.problems[0])
    capsys.readouterr()
    assert main(["show", str(out)]) == 0
    assert "records.jsonl:2: skipped" in capsys.readouterr().err
    assert run(spec(out)).summary["suites"]["scenarios"]["n"] == 4  # the rerun reads past it too


def test_show_accepts_ids_as_the_summary_prints_them(tmp_path, capsys):
    out = tmp_path / "r"
    run(spec(out, "scripted:random", trials=2))
    for wanted in ("fx.one", "scenarios/fx.one", "scenarios/fx.one #1", "fx.one #0"):
        capsys.readouterr()
        assert main(["show", str(out), "--scenario", wanted]) == 0, wanted
        text = capsys.readouterr().out
        assert text.count("scenario scenarios/fx.one #") == (1 if "#" in wanted else 2)
    assert main(["show", str(out), "--scenario", "nope"]) == 2


def test_list_prints_every_kind_with_one_line_each(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for line in ("suites:", "dialects:", "models:", "judges:", "tools:", "agent_zh", "react_zh", "openai",
                 "amap_weather", "gsm8k"):
        assert line in out
    assert main(["list", "dialects"]) == 0
    assert "suites:" not in capsys.readouterr().out


def test_registry_reads_entry_points_lazily(monkeypatch):
    from importlib.metadata import EntryPoint

    from agentbench.registry import Registry

    points = [EntryPoint("extra", "json:dumps", "agentbench.widgets")]
    monkeypatch.setattr("importlib.metadata.entry_points", lambda group: [p for p in points if p.group == group])
    registry = Registry("widget", [])
    assert "extra" in registry.names()
    assert registry.get("extra") is json.dumps
    with pytest.raises(UsageError, match="unknown widget"):
        registry.get("missing")


def test_no_two_parts_import_each_other():
    """Imports point down the data flow: no pair of agentbench's parts imports each other."""
    import ast

    root = Path(agentbench.__file__).parent
    edges: dict[str, set[str]] = {}
    for file in root.rglob("*.py"):
        part = file.relative_to(root).parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("agentbench."):
                target = node.module.split(".")[1]
                if target != part:
                    edges.setdefault(part, set()).add(target)
    both = sorted({tuple(sorted((a, b))) for a, targets in edges.items() for b in targets
                   if a in edges.get(b, set())})
    assert both == []


def test_scores_are_typed_records():
    score = Score(passed=True, value=1.0, answer="A", expected="A")
    assert Score.model_validate_json(score.model_dump_json()) == score


DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.mark.skipif(not (DATA / "gsm8k" / "test.jsonl").is_file(), reason=f"no GSM8K data at {DATA}")
def test_a_general_suite_sample_shows_prompt_output_extraction_and_gold(tmp_path, capsys):
    out = tmp_path / "r"
    assert main(["run", "--suite", "gsm8k", "--data-dir", str(DATA), "--model", "scripted:random", "--limit", "3",
                 "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["show", str(out), "--scenario", "gsm8k/0 #0"]) == 0
    text = capsys.readouterr().out
    for part in ("prompt (last message):", "Janet", "model wrote:", "flexible", "strict", "expected 18", "FAIL"):
        assert part in text, part
    record = next(RunReaderFor(out).records())
    assert record.output.kind == "text" and record.scores["flexible"].expected == "18"


def RunReaderFor(out):  # noqa: N802 - reads like a constructor
    from agentbench.store import RunReader

    return RunReader(out)


def test_progress_prints_plain_lines_when_not_on_a_terminal():
    import io

    from agentbench.runs.progress import Progress

    stream = io.StringIO()
    progress = Progress(3, "auto", stream=stream, retries=lambda: 2, every_s=0.0)
    for error in (False, True, False):
        progress.tick(error)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3 and lines[-1].startswith("agentbench: 3/3 samples (100%)")
    assert "errors 1" in lines[-1] and "retries 2" in lines[-1] and "ETA" in lines[-1]


def test_tables_align_chinese_text_by_display_width_and_rates_print_on_one_scale():
    from agentbench.report.text import render_summary
    from agentbench.text.display import table, width

    rows = table([["单工具调用", "57.1"], ["no_tool", "100.0"]], {1})
    assert width(rows[0]) == width(rows[1]) and rows[0].endswith(" 57.1")
    summary = {"candidate": "m", "suites": {"s": {"n": 2, "errors": 0, "score": 50.0, "metrics": {
        "pass_rate": 0.5, "act_em": 0.25, "by_category": {"参数澄清": 0.5}, "accuracy": 50.0,
        "invalid_rate": {"strict": 1.0, "flexible": 0.125}}}}}
    text = render_summary(summary)
    assert ["pass_rate", "50.0"] in [line.split() for line in text.splitlines()]
    assert ["invalid_rate", "strict=100.0,", "flexible=12.5"] in [line.split() for line in text.splitlines()]
    assert "{" not in text and "0.25" not in text and "25.0" in text


def test_rescore_works_from_another_folder_for_relative_paths(tmp_path, monkeypatch):
    import shutil

    work = tmp_path / "work"
    shutil.copytree(SCENARIOS, work / "scen")
    shutil.copytree(FIXTURE_TOOLS, work / "tools")
    monkeypatch.chdir(work)
    result = run(RunSpec(suites=["scen"], tools_dirs=[Path("tools")], model="scripted:gold", out=Path("out"),
                         progress="off"))
    assert result.summary["suites"]["scen"]["score"] == 100.0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    again = rescore(work / "out")
    assert again.summary == result.summary


def test_a_run_retries_only_its_own_suites_harness_errors(tmp_path):
    out = tmp_path / "r"
    run(spec(out, limit=1))
    other = {"key": {"suite": "gsm8k", "sample_id": "gsm8k/0", "trial": 0, "candidate": "scripted:gold"},
             "error": {"kind": "timeout", "message": "slow"}}
    with (out / "records.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(other) + "\n")
    run(spec(out))
    kept = [r for r in read_jsonl(out / "records.jsonl") if r["key"]["suite"] == "gsm8k"]
    assert kept == [other | kept[0]] and not (out / "errors.jsonl").exists()


def test_a_crashing_simulated_tool_is_a_tool_crash_harness_error_not_a_model_failure(tmp_path, capsys):
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "broken.py").write_text(
        'from agentbench.tooling import World, tool\n\n\n@tool(name="fx_weather")\n'
        'def fx_weather(world: World, city: str) -> dict:\n    """查询城市天气。\n\n    Args:\n        city: 城市名称\n    """\n'
        '    return {"temp": 1 / 0}\n', encoding="utf-8")
    out = tmp_path / "r"
    code = main(["run", "--suite", str(SCENARIOS), "--tools-dir", str(FIXTURE_TOOLS), "--tools-dir", str(tools),
                 "--model", "scripted:gold", "--out", str(out)])
    assert code == 4
    crashed = [r for r in read_jsonl(out / "records.jsonl") if r["error"]]
    assert crashed and all(r["error"]["kind"] == "tool_crash" and "ZeroDivisionError" in r["error"]["message"]
                           for r in crashed)
    assert "HARNESS ERROR (tool_crash)" in capsys.readouterr().out
