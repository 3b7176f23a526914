"""The pytest plugin through pytester: collection, markers, -k, pass, fail with the diff, trials, xdist,
silence when unused, a scripted model (no endpoint) and the mock server over HTTP."""

import json
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path
from xml.etree import ElementTree

import pytest

from agentbench.cli import main

pytest_plugins = ["pytester"]
REPO = Path(__file__).resolve().parents[1]
AGENT_ZH = REPO / "scenarios" / "agent_zh"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
INSTALLED = any(ep.value == "agentbench.pytest_plugin" for ep in entry_points(group="pytest11"))
PLUGIN = [] if INSTALLED else ["-p", "agentbench.pytest_plugin"]
"""The plugin loads from its entry point once agentbench is installed; before that, by name. Every run is a
subprocess: pytester's in-process runs drop the modules they imported, and a later lazy import would then
make a second copy of a class (`ModelOutput` is not `ModelOutput`)."""


@pytest.fixture
def project(pytester):
    """A project with agent_zh under scenarios/ (agentbench_paths) and a gold script with one wrong argument."""
    shutil.copytree(AGENT_ZH, pytester.path / "scenarios" / "agent_zh")
    pytester.makeini("[pytest]\nagentbench_paths = scenarios\n")
    # a subprocess too: pytester drops modules first imported inside a test (yaml's resolvers among them)
    subprocess.run([sys.executable, "-m", "agentbench.cli", "export-gold", "--suite", "agent_zh", "--out",
                    str(pytester.path / "gold.json")], check=True, capture_output=True, timeout=120)
    gold = json.loads((pytester.path / "gold.json").read_text(encoding="utf-8"))
    gold["weather.basic_today"][0]["text"] = gold["weather.basic_today"][0]["text"].replace("广州", "深圳")
    (pytester.path / "wrong.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return pytester


def records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]


def test_gold_passes_every_item_and_the_run_directory_opens_in_show(project, capsys):
    result = project.runpytest_subprocess(*PLUGIN, "scenarios/agent_zh", "--agentbench-model", "scripted:gold")
    result.assert_outcomes(passed=26)
    out = project.path / ".agentbench" / "pytest" / "scripted_gold-react_zh"
    result.stdout.fnmatch_lines([f"agentbench: results in {out}*"])
    assert len(records(out)) == 26
    assert main(["show", str(out)]) == 0
    assert "agent_zh: score 100.0" in capsys.readouterr().out


def test_one_wrong_argument_fails_exactly_that_item_naming_argument_expected_and_actual(project):
    result = project.runpytest_subprocess(*PLUGIN, "--agentbench-model", f"scripted:{project.path / 'wrong.json'}",
                               "--agentbench-out", "runs/wrong")
    result.assert_outcomes(passed=25, failed=1)
    text = result.stdout.str()
    assert "FAILED scenarios/agent_zh/weather_basic_today.yaml::weather.basic_today" in text
    result.stdout.fnmatch_lines([
        "*weather.basic_today (trial 0) failed at turn 1, step 1: ARG_MISMATCH: amap_weather.location*",
        '*expected: {"place": "广州"}  (matcher norm)',
        '*actual:   "深圳"',
        "*model output of that step:",
        '*Action Input: {"location": "深圳"}',
        "*stored trace: *runs/wrong/records.jsonl:*",
    ])


def test_markers_keywords_and_reportinfo(project):
    result = project.runpytest_subprocess(*PLUGIN, "--collect-only", "-q", "-m", "参数澄清")
    ids = [line for line in result.stdout.lines if "::" in line]
    assert sorted(i.split("::")[1] for i in ids) == ["booking.ask_people", "image.ask_content", "weather.ask_city"]
    result = project.runpytest_subprocess(*PLUGIN, "--collect-only", "-q", "-k", "weather and city")
    ids = [line.split("::")[1] for line in result.stdout.lines if "::" in line]
    assert ids and all("weather" in i and "city" in i for i in ids)
    project.runpytest_subprocess(*PLUGIN, "-k", "booking_ask_people", "--junitxml", "j.xml",
                                 "-o", "junit_family=xunit1")
    (case,) = ElementTree.parse(project.path / "j.xml").getroot().iter("testcase")
    assert case.get("file") == "scenarios/agent_zh/booking_ask_people.yaml" and case.get("line") == "0"


def test_k_selection_runs_only_the_selected_scenarios(project):
    result = project.runpytest_subprocess(*PLUGIN, "-k", "weather", "--agentbench-model", "scripted:gold",
                               "--agentbench-out", "runs/k")
    outcomes = result.parseoutcomes()
    assert outcomes["passed"] == len(records(project.path / "runs" / "k")) >= 5
    assert all("weather" in r["key"]["sample_id"] for r in records(project.path / "runs" / "k"))


def test_trials_make_one_item_per_trial(project):
    result = project.runpytest_subprocess(*PLUGIN, "-k", "booking", "--agentbench-model", "scripted:gold",
                               "--agentbench-trials", "2", "--agentbench-out", "runs/t")
    result.assert_outcomes(passed=4)
    result.stdout.no_fnmatch_line("*FAILED*")
    keys = sorted((r["key"]["sample_id"], r["key"]["trial"]) for r in records(project.path / "runs" / "t"))
    ids = sorted({k[0] for k in keys})
    assert len(ids) == 2 and keys == [(i, t) for i in ids for t in (0, 1)]


def test_xdist_workers_share_one_run_directory_without_duplicates(project):
    pytest.importorskip("xdist")
    result = project.runpytest_subprocess(*PLUGIN, "-n", "2", "--agentbench-model", "scripted:gold",
                                          "--agentbench-out", "runs/x")
    result.assert_outcomes(passed=26)
    keys = [tuple(r["key"].values()) for r in records(project.path / "runs" / "x")]
    assert len(keys) == len(set(keys)) == 26
    result.stdout.fnmatch_lines(["agentbench: results in *runs/x*"])


def test_a_rerun_resumes_and_a_different_model_in_the_same_out_is_one_error_line(project):
    project.runpytest_subprocess(*PLUGIN, "-k", "booking", "--agentbench-model", "scripted:gold", "--agentbench-out", "o")
    again = project.runpytest_subprocess(*PLUGIN, "-k", "booking", "--agentbench-model", "scripted:gold",
                              "--agentbench-out", "o")
    again.assert_outcomes(passed=2)
    assert len(records(project.path / "o")) == 2
    other = project.runpytest_subprocess(*PLUGIN, "-k", "booking", "--agentbench-model", "scripted:random",
                              "--agentbench-out", "o")
    other.assert_outcomes(failed=2)
    other.stdout.fnmatch_lines(["*agentbench: error: *holds finished results made with other settings*"])


def test_without_a_model_scenario_items_are_skipped_with_the_flag_to_give(project):
    result = project.runpytest_subprocess(*PLUGIN, "-rs", "-k", "booking")
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(["*no model: give --agentbench-model SPEC*"])


def test_silent_in_a_run_that_collects_no_scenario(pytester):
    pytester.makepyfile(test_plain="def test_one():\n    assert True\n")
    (pytester.path / "settings.yaml").write_text("a: 1\n", encoding="utf-8")
    result = pytester.runpytest_subprocess(*PLUGIN, "--agentbench-model", "scripted:gold")
    result.assert_outcomes(passed=1)
    # pytest's own header names installed plugins ("plugins: agentbench-0.2.0"): that line is not ours
    ours = [line for line in (result.stdout.str() + result.stderr.str()).splitlines() if not line.startswith("plugins:")]
    assert not [line for line in ours if "agentbench" in line]
    assert not (pytester.path / ".agentbench").exists()


def test_the_project_suite_does_not_collect_scenario_files():
    """Our own `pytest` walks tests/ only; tests/fixtures/scenarios is not under agentbench_paths."""
    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *PLUGIN,
                           "tests/fixtures"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 5, proc.stdout + proc.stderr  # 5: no tests collected
    ours = [line for line in (proc.stdout + proc.stderr).splitlines() if not line.startswith("plugins:")]
    assert not [line for line in ours if "agentbench" in line]


def test_scenario_files_by_pattern_anywhere_with_a_tools_dir(pytester):
    shutil.copy(FIXTURES / "scenarios" / "book.yaml", pytester.path / "book.scenario.yaml")
    (pytester.path / "other.yaml").write_text("not: a scenario\n", encoding="utf-8")
    result = pytester.runpytest_subprocess(*PLUGIN, "--agentbench-model", "scripted:gold",
                                "--agentbench-tools-dir", str(FIXTURES / "tools"), "--agentbench-out", "r")
    result.assert_outcomes(passed=1)
    assert [r["key"]["suite"] for r in records(pytester.path / "r")] == ["book.scenario"]


def test_a_broken_scenario_file_is_a_collection_error_naming_file_and_line(pytester):
    (pytester.path / "bad.scenario.yaml").write_text("id: x\ntools: []\nturns:\n  - usr: hi\n", encoding="utf-8")
    result = pytester.runpytest_subprocess(*PLUGIN)
    result.stdout.fnmatch_lines(["*bad.scenario.yaml:4*"])
    assert result.ret != 0


def test_over_http_against_the_mock_server(project, mock_server, monkeypatch):
    url = mock_server("--mode", "scripted", "--script", str(project.path / "wrong.json"))
    monkeypatch.setenv("AGENTBENCH_TEST_KEY", "sk-agentbench-test-0123456789abcdef")
    result = project.runpytest_subprocess(*PLUGIN, "-k", "weather_basic or booking", "--agentbench-model", "openai:mock",
                               "--agentbench-base-url", url, "--agentbench-api-key-env", "AGENTBENCH_TEST_KEY")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(['*actual:   "深圳"'])
    out = project.path / ".agentbench" / "pytest" / "openai_mock-react_zh"
    for path in out.rglob("*"):
        if path.is_file():
            assert "sk-agentbench-test" not in path.read_text(encoding="utf-8", errors="replace")
