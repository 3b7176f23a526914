"""Judged suites end to end: the scripted demo judge, garbage judgments leaving the score (exit 6), a judge
behind the mock server with 429/500/hangs, rescore with a second judge, identity, the agent answer judge."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from agentbench.cli import main
from agentbench.paths import builtin_dir

DEMO = builtin_dir("judges") / "demo" / "judge-demo.yaml"
BASE = ["run", "--suite", "alignbench,pairwise", "--suite-option", "alignbench.data=demo",
        "--baseline", "scripted:random:1", "--limit", "10"]


def summary(out: Path) -> dict:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))["suites"]


def records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]


def demo_script() -> dict:
    return yaml.safe_load(DEMO.read_text(encoding="utf-8"))


def test_scripted_demo_judge_end_to_end(tmp_path, capsys):
    out = tmp_path / "run"
    assert main([*BASE, "--judge", "scripted:judge-demo", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    s = summary(out)
    align, pair = s["alignbench"], s["pairwise"]
    assert align["scale"] == "1-10" and align["n"] == 8
    m = align["metrics"]
    cats = {c: v["score"] for c, v in m["categories"].items()}
    assert m["中文推理"] == (cats["数学计算"] + cats["逻辑推理"]) / 2
    language = [v for c, v in cats.items() if c not in ("数学计算", "逻辑推理")]
    assert abs(m["中文语言"] - sum(language) / len(language)) < 1e-3
    assert align["score"] == m["总分"] == round((m["中文推理"] + m["中文语言"]) / 2, 4)
    assert m["parse_rate"] == 1.0 and m["parse_outcomes"] == {"ok": 8} and m["judge"].startswith("scripted:judge-demo@")
    assert m["ci95"][0] <= m["总分"] <= m["ci95"][1] and set(m["dimensions"]) >= {"事实正确性", "满足用户需求"}
    pm = pair["metrics"]
    assert pair["n"] == 10 and pm["games"] == 20 and pm["wins"] + pm["ties"] + pm["losses"] == 20
    assert pair["score"] == pm["win_tie_rate"] == round(100 * (pm["wins"] + pm["ties"]) / 20, 4)
    assert 0 <= pm["position_consistency"] <= 1 and pm["mean_length"]["candidate"] > 0
    assert sum(a["games"] for a in pm["abilities"].values()) == 20
    assert "胜和率" in text and "position consistency" in text and "总分" in text


def test_garbage_judgment_leaves_the_score_and_the_run_exits_6(tmp_path, capsys):
    script = demo_script()
    script["alignbench/6"] = ["这个回答不错，我给它打高分！"]
    judge = tmp_path / "judge.yaml"
    judge.write_text(yaml.safe_dump(script, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "run"
    assert main([*BASE, "--judge", f"scripted:{judge}", "--out", str(out)]) == 6
    assert "parse rate 87.5% is below 98%" in capsys.readouterr().err
    m = summary(out)["alignbench"]["metrics"]
    assert m["parse_outcomes"] == {"ok": 7, "parse_error": 1} and summary(out)["alignbench"]["n"] == 7
    assert "文本写作" not in m["categories"]  # its only item left the score instead of scoring -1 or 5
    bad = next(r for r in records(out) if r["key"]["sample_id"] == "alignbench/6")
    assert bad["scores"]["judge"]["value"] is None and bad["scores"]["judge"]["answer"] == "parse_error"


def test_judge_behind_mock_server_retries_faults_and_never_scores_them(tmp_path, mock_server):
    url = mock_server("--mode", "scripted", "--script", str(DEMO), "--fault-429", "0.2", "--fault-500", "0.1",
                      "--fault-hang", "2", "--retry-after", "0.05", "--seed", "3")
    out = tmp_path / "run"
    args = [*BASE, "--judge", "openai:glm-4-plus", "--judge-base-url", url, "--judge-timeout", "1",
            "--judge-option", "max_attempts=8", "--out", str(out)]
    assert main(args) == 0
    s = summary(out)
    assert s["alignbench"]["metrics"]["parse_outcomes"] == {"ok": 8}
    assert s["pairwise"]["metrics"]["parse_rate"] == 1.0 and s["pairwise"]["errors"] == 0
    stats = json.loads((out / "invocations.jsonl").read_text().splitlines()[-1])["judge"]
    assert stats["retries"] > 0


def test_a_judge_that_keeps_failing_gives_harness_errors_not_scores(tmp_path, mock_server):
    url = mock_server("--mode", "scripted", "--script", str(DEMO), "--fault-500", "1.0")
    out = tmp_path / "run"
    args = [*BASE, "--judge", "openai:glm-4-plus", "--judge-base-url", url, "--judge-option", "max_attempts=2",
            "--no-cache", "--out", str(out)]
    assert main(args) == 4
    s = summary(out)["alignbench"]
    assert s["n"] == 0 and s["errors"] == 8 and s["score"] is None
    assert all(r["error"]["kind"] == "http_status" for r in records(out) if r["key"]["suite"] == "alignbench")


def test_rescore_with_a_second_judge_changes_scores_and_identity_with_no_candidate_call(tmp_path, mock_server):
    script = {f"alignbench/{i}": [f"答案 {i}"] for i in range(1, 9)}
    candidate = tmp_path / "cand.yaml"
    candidate.write_text(yaml.safe_dump(script, allow_unicode=True), encoding="utf-8")
    url = mock_server("--mode", "scripted", "--script", str(candidate))
    out = tmp_path / "run"
    run = ["run", "--suite", "alignbench", "--suite-option", "data=demo", "--model", "openai:cand",
           "--base-url", url, "--judge", "scripted:judge-demo", "--out", str(out)]
    assert main(run) == 0
    calls = json.loads((out / "invocations.jsonl").read_text().splitlines()[-1])["candidate"]["calls"]
    assert calls == 8
    harsh = {k: ["太差了。{'事实正确性': 2, '满足用户需求': 2, '综合得分': 2}"] for k in script}
    second = tmp_path / "harsh.yaml"
    second.write_text(yaml.safe_dump(harsh, allow_unicode=True), encoding="utf-8")
    before = json.loads((out / "config.json").read_text())["identity"]["judge"]
    new = tmp_path / "rescored"
    assert main(["rescore", str(out), "--judge", f"scripted:{second}", "--out", str(new)]) == 0
    assert summary(new)["alignbench"]["score"] == 2.0 != summary(out)["alignbench"]["score"]
    after = json.loads((new / "config.json").read_text())["identity"]["judge"]
    assert after != before
    assert [r["output"] for r in records(new)] == [r["output"] for r in records(out)]
    invocations = (out / "invocations.jsonl").read_text().splitlines()
    assert len(invocations) == 1  # the candidate endpoint was not called again
    # and rerunning the original directory with the other judge is refused (identity changed)
    assert main([*run[:-4], "--judge", f"scripted:{second}", "--out", str(out)]) == 2


def test_judge_spec_version_is_part_of_the_suite_identity(tmp_path):
    from agentbench.suites import SuiteSettings, make_suite

    spec = yaml.safe_load((builtin_dir("judges") / "alignbench_zh.yaml").read_text(encoding="utf-8"))
    spec["version"] = 2
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    one = make_suite("alignbench", SuiteSettings(options={"data": "demo"})).identity()
    two = make_suite("alignbench", SuiteSettings(options={"data": "demo", "judge_spec": str(path)})).identity()
    assert one["judge_spec"] == "alignbench_zh@1" and two["judge_spec"] == "alignbench_zh@2"
    assert one["judge_spec_sha256"] != two["judge_spec_sha256"]


def test_missing_alignbench_data_names_the_file_and_the_command(tmp_path, capsys):
    assert main(["run", "--suite", "alignbench", "--judge", "scripted:judge-demo", "--data-dir", str(tmp_path),
                 "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert "data_v1.1_release.jsonl" in err and "agentbench prefetch alignbench" in err


def test_same_model_as_judge_warns(tmp_path, capsys):
    out = tmp_path / "run"
    main(["run", "--suite", "alignbench", "--suite-option", "data=demo", "--model", "scripted:judge-demo",
          "--judge", "scripted:judge-demo", "--out", str(out)])
    assert "the judge (scripted:judge-demo) is the candidate model" in capsys.readouterr().err


def test_pairwise_baseline_from_a_previous_run(tmp_path):
    first = tmp_path / "base"
    assert main([*BASE, "--judge", "scripted:judge-demo", "--out", str(first)]) == 0
    out = tmp_path / "vs"
    args = ["run", "--suite", "pairwise", "--suite-option", f"baseline_run={first}", "--judge", "scripted:judge-demo",
            "--limit", "10", "--out", str(out)]
    assert main(args) == 0
    rows = [r for r in records(out)]
    assert rows and all(r["output"]["baseline_source"] == f"run:{first}" for r in rows)
    assert rows[0]["output"]["baseline"] == rows[0]["output"]["candidate"]  # the same demo answers
