"""Run directory and resume: killing a run at any moment and rerunning completes it, no duplicates."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import FIXTURE_TOOLS

from agentbench.cli import main
from agentbench.jsonl import read_jsonl

SCENARIOS = Path(__file__).resolve().parent / "fixtures" / "scenarios"
BASE = ["run", "--suite", str(SCENARIOS), "--tools-dir", str(FIXTURE_TOOLS), "--model", "scripted:gold"]


def keys(out: Path):
    return [tuple(r["key"].values()) for r in read_jsonl(out / "records.jsonl")]


def test_run_writes_config_records_summary(tmp_path, capsys):
    out = tmp_path / "run"
    assert main([*BASE, "--out", str(out), "--trials", "2"]) == 0
    config = json.loads((out / "config.json").read_text())
    assert config["spec"]["model"]["model"] == "scripted:gold" and config["spec"]["trials"] == 2
    assert config["identity"]["candidate"]["model"] == "scripted:gold" and config["suites"]["scenarios"]
    records = read_jsonl(out / "records.jsonl")
    assert len(records) == 8 and {"suite", "sample_id", "trial", "candidate"} == set(records[0]["key"])
    summary = json.loads((out / "summary.json").read_text())
    suite = summary["suites"]["scenarios"]
    assert suite["n"] == 8 and suite["score"] == 100.0 and suite["metrics"]["pass^2"] == 1.0
    assert "scenarios: score 100.0 (0-100)  n=8" in capsys.readouterr().out


def test_rerun_is_a_no_op_and_limit_then_full_extends(tmp_path):
    out = tmp_path / "run"
    assert main([*BASE, "--out", str(out), "--limit", "2"]) == 0
    assert len(keys(out)) == 2
    assert main([*BASE, "--out", str(out)]) == 0
    assert main([*BASE, "--out", str(out)]) == 0
    assert len(keys(out)) == 4 == len(set(keys(out)))


def test_partial_last_line_from_a_kill_is_cut_not_duplicated(tmp_path):
    out = tmp_path / "run"
    assert main([*BASE, "--out", str(out), "--limit", "1"]) == 0
    with (out / "records.jsonl").open("a") as fh:
        fh.write('{"suite": "scenarios", "sample_id": "fx.bo')  # what a SIGKILL mid-write leaves
    assert main([*BASE, "--out", str(out)]) == 0
    lines = (out / "records.jsonl").read_text().splitlines()
    assert len(lines) == 4 and all(json.loads(line) for line in lines)


def test_changed_settings_refuse_to_mix_into_the_same_run(tmp_path, capsys):
    out = tmp_path / "run"
    assert main([*BASE, "--out", str(out), "--limit", "1"]) == 0
    assert main([*BASE, "--out", str(out), "--dialect", "agentfabric"]) == 2
    assert "use another --out" in capsys.readouterr().err


SLOW_RUN = """
import asyncio, sys
import agentbench.models.scripted as scripted
original = scripted.ScriptedModel.generate
async def slow(self, request):
    await asyncio.sleep(0.03)
    return await original(self, request)
scripted.ScriptedModel.generate = slow
from agentbench.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_sigkill_at_random_points_then_rerun_gives_the_uninterrupted_summary(tmp_path):
    reference = tmp_path / "reference"
    args = [*BASE, "--trials", "6", "--concurrency", "3"]
    assert main([*args, "--out", str(reference)]) == 0
    expected = json.loads((reference / "summary.json").read_text())
    out = tmp_path / "killed"
    for wait_for in (2, 9):  # kill twice, at different points
        proc = subprocess.Popen([sys.executable, "-c", SLOW_RUN, *args, "--out", str(out)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(keys(out)) < wait_for and proc.poll() is None:
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert 0 < len(keys(out)) < 24
    assert main([*args, "--out", str(out)]) == 0
    assert len(keys(out)) == 24 == len(set(keys(out)))
    assert json.loads((out / "summary.json").read_text()) == expected
