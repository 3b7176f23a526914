"""The agent suite over HTTP: agentbench -> openai backend -> mock server (subprocess) on loopback."""

import json
from pathlib import Path

import pytest
from conftest import free_port

from agentbench.cli import main

SECRET = "sk-agentbench-test-0123456789abcdef"




@pytest.mark.parametrize("dialect", ["react_zh", "agentfabric", "openai_tools", "qwen", "hermes", "glm4"])
def test_gold_replies_served_over_http_score_100_in_every_dialect(tmp_path, mock_server, monkeypatch, dialect):
    script = tmp_path / "gold.json"
    assert main(["export-gold", "--suite", "agent_zh", "--dialect", dialect, "--out", str(script)]) == 0
    url = mock_server("--mode", "scripted", "--script", str(script))
    monkeypatch.setenv("AGENTBENCH_TEST_KEY", SECRET)
    out = tmp_path / "run"
    assert main(["run", "--suite", "agent_zh", "--model", "openai:mock", "--base-url", url, "--dialect", dialect,
                 "--api-key-env", "AGENTBENCH_TEST_KEY", "--concurrency", "8", "--out", str(out)]) == 0
    summary = json.loads((out / "summary.json").read_text())["suites"]["agent_zh"]
    assert summary["score"] == 100.0, summary["metrics"]["failures_by_reason"]
    for path in Path(out).rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text(encoding="utf-8", errors="replace"), path


def test_wrong_key_stops_the_run_with_one_line(tmp_path, mock_server, monkeypatch, capsys):
    monkeypatch.setenv("SERVER_KEY", "the-right-key")
    url = mock_server("--api-key-env", "SERVER_KEY")
    monkeypatch.setenv("AGENTBENCH_TEST_KEY", SECRET)
    code = main(["run", "--suite", "agent_zh", "--model", "openai:mock", "--base-url", url,
                 "--api-key-env", "AGENTBENCH_TEST_KEY", "--out", str(tmp_path / "run")])
    err = capsys.readouterr().err
    assert code == 3
    error_lines = [line for line in err.splitlines() if line.startswith("agentbench: error")]
    assert len(error_lines) == 1 and "401" in error_lines[0] and "AGENTBENCH_TEST_KEY" in error_lines[0]
    assert SECRET not in err and "Traceback" not in err


def test_unknown_model_stops_the_run_with_one_line(tmp_path, mock_server, capsys):
    url = mock_server("--models", "served-model")
    code = main(["run", "--suite", "agent_zh", "--model", "openai:typo-model", "--base-url", url,
                 "--out", str(tmp_path / "run")])
    err = capsys.readouterr().err
    assert code == 3
    lines = [line for line in err.splitlines() if line.startswith("agentbench: error")]
    assert len(lines) == 1 and "404" in lines[0] and "typo-model" in lines[0]


def test_faults_429_500_reset_every_sample_exactly_once_and_full_score(tmp_path, mock_server):
    script = tmp_path / "gold.json"
    assert main(["export-gold", "--suite", "agent_zh", "--dialect", "hermes", "--out", str(script)]) == 0
    url = mock_server("--mode", "scripted", "--script", str(script), "--fault-429", "0.1", "--fault-500", "0.05",
                      "--fault-reset", "0.03", "--retry-after", "0.05", "--seed", "7")
    out = tmp_path / "run"
    args = ["run", "--suite", "agent_zh", "--model", "openai:mock", "--base-url", url, "--dialect", "hermes",
            "--trials", "3", "--concurrency", "16", "--no-cache", "--out", str(out)]
    assert main(args) == 0
    records = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
    keys = [(r["key"]["sample_id"], r["key"]["trial"]) for r in records]
    from agentbench.suites import make_suite

    assert len(keys) == 3 * len(make_suite("agent_zh").samples()) == len(set(keys))
    full = json.loads((out / "summary.json").read_text())
    summary = full["suites"]["agent_zh"]
    assert summary["score"] == 100.0 and summary["metrics"]["harness_errors"] == 0
    stats = last_invocation(out)
    assert stats["retries"] > 0 and stats["errors"] == 0 and stats["ok"] == stats["calls"]


def last_invocation(out):
    """This command's backend figures for the candidate (invocations.jsonl, one line per command)."""
    return json.loads((out / "invocations.jsonl").read_text().splitlines()[-1])["candidate"]


def test_response_cache_replays_paid_calls_and_no_cache_bypasses_it(tmp_path, mock_server):
    script = tmp_path / "gold.json"
    assert main(["export-gold", "--suite", "agent_zh", "--dialect", "react_zh", "--out", str(script)]) == 0
    url = mock_server("--mode", "scripted", "--script", str(script))
    out = tmp_path / "run"
    args = ["run", "--suite", "agent_zh", "--model", "openai:mock", "--base-url", url, "--limit", "5", "--out", str(out)]
    assert main(args) == 0
    first = json.loads((out / "summary.json").read_text())
    first["last_invocation"] = last_invocation(out)
    assert first["last_invocation"]["calls"] > 0 and (out / "cache.jsonl").stat().st_size > 0
    (out / "records.jsonl").unlink()  # every sample must run again: its model calls come from the cache
    assert main(args) == 0
    second = json.loads((out / "summary.json").read_text())
    second["last_invocation"] = last_invocation(out)
    assert second["last_invocation"]["calls"] == 0
    assert second["last_invocation"]["cache_hits"] == first["last_invocation"]["calls"]
    assert second["suites"] == first["suites"]
    (out / "records.jsonl").unlink()
    assert main([*args, "--no-cache"]) == 0
    assert last_invocation(out)["calls"] == first["last_invocation"]["calls"]


def test_harness_errors_are_not_scored_and_a_rerun_retries_them(tmp_path, mock_server):
    script = tmp_path / "gold.json"
    assert main(["export-gold", "--suite", "agent_zh", "--out", str(script)]) == 0
    port = free_port()
    out = tmp_path / "run"
    args = ["run", "--suite", "agent_zh", "--model", "openai:mock", "--base-url", f"http://127.0.0.1:{port}/v1",
            "--limit", "4", "--no-cache", "--out", str(out)]
    down = mock_server("--mode", "scripted", "--script", str(script), "--fault-500", "1.0", port=port)
    assert main([*args, "--model-option", "max_attempts=2"]) == 4  # finished, with harness errors
    summary = json.loads((out / "summary.json").read_text())["suites"]["agent_zh"]
    assert summary["metrics"]["harness_errors"] == 4 and summary["score"] is None  # not a score of 0
    mock_server.stop(down)
    mock_server("--mode", "scripted", "--script", str(script), port=port)  # the endpoint is back
    assert main(args) == 0
    records = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
    assert len(records) == 4 and not any(r["error"] for r in records)
    assert len((out / "errors.jsonl").read_text().splitlines()) == 4
    assert json.loads((out / "summary.json").read_text())["suites"]["agent_zh"]["score"] == 100.0
