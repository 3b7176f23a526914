"""A tiny random local model runs the agent suite end to end on CPU, through the CLI (scores near 0 are honest)."""

import json

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from test_local_model import build_tiny_model  # noqa: E402

from agentbench.cli import main  # noqa: E402
from agentbench.jsonl import read_jsonl  # noqa: E402


@pytest.mark.parametrize("dialect", ["react_zh", "hermes"])
def test_tiny_local_model_runs_agent_suite(tmp_path, dialect):
    model_dir = build_tiny_model(tmp_path / "tiny")
    out = tmp_path / "run"
    code = main(["run", "--suite", "agent_zh", "--model", f"transformers:{model_dir}", "--dialect", dialect,
                 "--limit", "3", "--concurrency", "4", "--suite-option", "max_tokens=24", "--out", str(out)])
    assert code == 0
    records = read_jsonl(out / "records.jsonl")
    assert len(records) == 3 and not any(r["error"] for r in records)
    steps = [s for r in records for t in r["output"]["trace"]["turns"] for s in t["steps"]]
    assert steps and all(s["output"]["usage"]["completion_tokens"] > 0 for s in steps)
    summary = json.loads((out / "summary.json").read_text())["suites"]["agent_zh"]
    assert summary["n"] == 3 and 0 <= summary["score"] <= 100
