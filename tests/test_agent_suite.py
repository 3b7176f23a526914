"""The built-in agent_zh suite end to end through the CLI, as a user runs it."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from agentbench.cli import main
from agentbench.jsonl import read_jsonl
from agentbench.suites import make_suite

REPO = Path(__file__).resolve().parents[1]
DIALECTS = ["react_zh", "react_en", "agentfabric", "openai_tools", "qwen", "hermes", "glm4"]
ACCURACY = ["pass_rate", "turn_accuracy", "act_em", "arg_f1", "strict_arg_match", "irrelevance_accuracy",
            "clarification_accuracy", "recovery_accuracy", "macro_pass_rate"]


def run(tmp_path, model, *extra):
    out = tmp_path / model.replace(":", "_")
    assert main(["run", "--suite", "agent_zh", "--model", model, "--out", str(out), *extra]) == 0
    return out, json.loads((out / "summary.json").read_text())["suites"]["agent_zh"]


def test_suite_covers_every_turn_kind_and_weather_and_image():
    suite = make_suite("agent_zh")
    scenarios = [s.data for s in suite.samples()]
    assert len(scenarios) >= 15
    kinds = {t.expect.kind for s in scenarios for t in s.turns}
    assert kinds == {"call", "answer", "decline", "clarify", "recover"}
    tools = {t for s in scenarios for t in s.tools}
    assert {"amap_weather", "image_gen"} <= tools
    assert any(len(t.expect.calls) > 1 and not t.expect.ordered and not any(c.after for c in t.expect.calls)
               for s in scenarios for t in s.turns), "no parallel-call turn"
    assert any(t.expect.ordered or any(c.after for c in t.expect.calls) for s in scenarios for t in s.turns)
    assert any(s.expect_state for s in scenarios) and any(len(s.turns) > 1 for s in scenarios)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_gold_scores_100_in_every_dialect(tmp_path, dialect):
    _, summary = run(tmp_path, "scripted:gold", "--dialect", dialect)
    assert summary["score"] == 100.0, summary["metrics"]["failures_by_reason"]
    assert summary["dialect"] == dialect


def test_random_text_scores_zero_on_every_agent_metric(tmp_path):
    _, summary = run(tmp_path, "scripted:random")
    metrics = summary["metrics"]
    assert summary["score"] == 0
    for key in ACCURACY:
        assert metrics[key] == 0, key


def test_demo_shows_real_diagnostics(tmp_path, capsys):
    out, summary = run(tmp_path, "scripted:demo")
    assert 0 < summary["score"] < 100
    failing = [r["scores"]["trace"] | {"sample_id": r["key"]["sample_id"]}
               for r in read_jsonl(out / "records.jsonl") if not r["passed"]]
    for r in failing:
        r.update(r["details"])
    reasons = {r["first_divergence"]["reason"] for r in failing}
    assert {"ARG_MISMATCH", "MISSING_CALL", "FORMAT_ERROR", "ANSWER_WRONG_LANGUAGE"} <= reasons | {
        v["reason"] for r in failing for v in r["verdicts"] if not v["passed"]}
    capsys.readouterr()
    assert main(["show", str(out)]) == 0
    listing = capsys.readouterr().out
    for r in failing:
        assert f"{r['sample_id']} #0  {r['first_divergence']['reason']} at turn" in listing
    assert main(["show", str(out), "--scenario", failing[0]["sample_id"]]) == 0
    trace_text = capsys.readouterr().out
    assert "first divergence:" in trace_text and failing[0]["first_divergence"]["reason"] in trace_text


def test_wheel_ships_tools_and_scenarios_and_works_when_installed(tmp_path):
    wheel_dir = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(REPO)],
                   check=True, capture_output=True)
    wheel = next(wheel_dir.glob("agentbench-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "agentbench/_builtin/tools/weather.py" in names
    assert any(n.startswith("agentbench/_builtin/scenarios/agent_zh/") for n in names)
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    code = ("import agentbench.paths as p; from agentbench.suites import make_suite;"
            "s = make_suite('agent_zh'); print(p.builtin_dir('tools'), len(s.samples()))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path,
                         env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}).stdout
    assert str(target) in out and int(out.split()[-1]) >= 15
