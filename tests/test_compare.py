"""compare: deltas on shared samples, paired bootstrap CIs, significance, renderers, CLI hooks."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from agentbench.errors import UsageError
from agentbench.report.compare import add_arguments, compare_runs, run, to_markdown, to_text
from agentbench.scoring.stats import paired_bootstrap


def write_run(path: Path, records: list[dict]) -> Path:
    path.mkdir(parents=True)
    (path / "records.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                        encoding="utf-8")
    return path


def rec(suite, sid, correct, model, category="c", trial=0, group=None, error=None):
    """A stored Record (the envelope the run writes) with just what compare reads."""
    return {"key": {"suite": suite, "sample_id": sid, "trial": trial, "candidate": model}, "category": category,
            "meta": {"group": group} if group else {}, "passed": None if error else correct,
            "error": {"kind": "timeout", "message": error} if error else None}


@pytest.fixture
def runs(tmp_path):
    base, tuned = [], []
    for i in range(200):
        # gsm8k: the tuned model forgot 60 of 160 answers it used to get right -> a clear drop
        base.append(rec("gsm8k", f"g{i}", i < 160, "base"))
        tuned.append(rec("gsm8k", f"g{i}", i < 100, "tuned"))
        # arc: identical except two samples that flip each way -> delta 0, not significant
        split = "ARC-Easy" if i % 2 else "ARC-Challenge"
        b = i % 3 == 0
        t = (not b) if i in (3, 4) else b
        base.append(rec("arc", f"a{i}", b, "base", split))
        tuned.append(rec("arc", f"a{i}", t, "tuned", split))
    base.append(rec("gsm8k", "only-in-base", True, "base"))
    tuned.append(rec("gsm8k", "g0", True, "tuned", trial=1))  # second trial of g0 for tuned: mean 1.0
    tuned.append(rec("gsm8k", "g1", True, "tuned", trial=1, error="timeout"))  # left out
    return write_run(tmp_path / "base", base), write_run(tmp_path / "tuned", tuned)


def test_deltas_on_shared_samples_with_significance(runs):
    result = compare_runs(*runs)
    suites = {e["suite"]: e for e in result["suites"]}
    g = suites["gsm8k"]
    assert g["shared"] == 200 and g["base_only"] == 1 and g["tuned_only"] == 0
    row = g["overall"]
    assert row["base"] == pytest.approx(80.0) and row["tuned"] == pytest.approx(50.0)
    assert row["delta"] == pytest.approx(-30.0)
    lo, hi = row["ci95"]
    assert lo < -30.0 < hi < 0 and row["significant"] is True and row["unit"] == "%"

    a = suites["arc"]["overall"]
    assert a["delta"] == pytest.approx(0.0, abs=1e-9)
    assert a["ci95"][0] < 0 < a["ci95"][1] and a["significant"] is False
    assert a["average"] == "mean over category"
    assert [c["label"] for c in suites["arc"]["categories"]] == ["ARC-Challenge", "ARC-Easy"]


def test_identical_runs_have_zero_delta_and_no_significance(tmp_path):
    records = [rec("ceval", f"s{i}", i % 2 == 0, "m", "logic" if i < 10 else "law", group="Humanities")
               for i in range(20)]
    a, b = write_run(tmp_path / "a", records), write_run(tmp_path / "b", records)
    result = compare_runs(a, b)
    entry = result["suites"][0]
    assert entry["overall"]["delta"] == 0.0 and entry["overall"]["ci95"] == [0.0, 0.0]
    assert not entry["overall"]["significant"]
    assert [g["label"] for g in entry["groups"]] == ["Humanities"]
    assert {c["label"] for c in entry["categories"]} == {"logic", "law"}


def test_renderers_show_the_forgetting_table(runs):
    result = compare_runs(*runs)
    md = to_markdown(result)
    assert "| suite | category | n | base | tuned | Δ | 95% CI | significant |" in md
    assert "| gsm8k | (all) | 200 | 80.00 | 50.00 | **-30.00** |" in md
    assert "only in base" in md
    text = to_text(result)
    assert "gsm8k" in text and "-30.00" in text and " *" in text
    json.dumps(result)  # the JSON format is the dict itself


def test_cli_hooks(runs, capsys):
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args([str(runs[0]), str(runs[1]), "--format", "json", "--resamples", "200"])
    assert run(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["n_resamples"] == 200 and out["suites"][1]["suite"] == "gsm8k"


def test_runs_with_several_models_need_a_choice(tmp_path):
    a = write_run(tmp_path / "a", [rec("gsm8k", "x", True, "m1"), rec("gsm8k", "x", False, "m2")])
    b = write_run(tmp_path / "b", [rec("gsm8k", "x", True, "m1")])
    with pytest.raises(UsageError, match="several models"):
        compare_runs(a, b)
    assert compare_runs(a, b, base_model="m2")["suites"][0]["overall"]["delta"] == 100.0
    with pytest.raises(UsageError, match="no records.jsonl"):
        compare_runs(tmp_path / "nope", b)


def test_paired_bootstrap_is_paired_and_seeded():
    base = [0.0, 1.0] * 50
    shifted = [1.0] * 100
    d = paired_bootstrap(base, shifted)
    assert d.delta == pytest.approx(0.5) and d.significant and d == paired_bootstrap(base, shifted)
    # the same values in a different pairing would not be a constant shift; pairing matters
    same = paired_bootstrap(base, base)
    assert same.ci95 == (0.0, 0.0) and not same.significant and same.p_value == 1.0


def test_markdown_cells_escape_pipes_and_html(tmp_path):
    records = [rec("gsm8k", f"s{i}", i % 2 == 0, "m", "a|b<script>alert(1)</script>" if i < 2 else "plain")
               for i in range(4)]
    a, b = write_run(tmp_path / "a", records), write_run(tmp_path / "b", records)
    md = to_markdown(compare_runs(a, b))
    assert "<script>" not in md and "a\\|b&lt;script&gt;" in md


def test_runs_that_share_no_sample_exit_non_zero(tmp_path, capsys):
    a = write_run(tmp_path / "a", [rec("gsm8k", "x", True, "m")])
    b = write_run(tmp_path / "b", [rec("gsm8k", "y", True, "m")])
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    with pytest.raises(UsageError, match="share no sample"):
        run(parser.parse_args([str(a), str(b)]))


def test_a_corrupt_line_is_skipped_with_file_and_line(tmp_path, capsys):
    a = write_run(tmp_path / "a", [rec("gsm8k", "x", True, "m"), rec("gsm8k", "y", False, "m")])
    lines = (a / "records.jsonl").read_text().splitlines()
    (a / "records.jsonl").write_text(lines[0] + "\n{broken\n" + lines[1] + "\n")
    result = compare_runs(a, a)
    assert result["suites"][0]["shared"] == 2
    assert "records.jsonl:2: skipped" in capsys.readouterr().err
