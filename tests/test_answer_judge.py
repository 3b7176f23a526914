"""The agent final-answer judge decides the turns rules cannot (UNDECIDED, answer.judge: true)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from agentbench.cli import main

SCENARIO = """\
id: judge.hedge
title: 没有股票工具，回答含糊
category: 拒绝调用
tools: [convert_currency]
world:
  rates: {USD: 7.13}
turns:
  - user: 帮我查一下贵州茅台现在的股价。
    expect:
      kind: decline
"""
FLAGGED = """\
id: judge.flagged
title: 开放回答由评审判定
category: 闲聊
tools: [convert_currency]
world:
  rates: {USD: 7.13}
turns:
  - user: 用一句话介绍一下你自己。
    expect:
      kind: answer
      answer: {judge: true, reference: 我是一个可以帮你换算货币的助手。}
"""
CANDIDATE = {
    "judge.hedge": ["Thought: 不太确定\nFinal Answer: 抱歉，这个问题我不太确定。"],
    "judge.flagged": ["Thought: 介绍自己\nFinal Answer: 我是一个助手，可以帮你做货币换算。"],
}


def setup(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "sc"
    folder.mkdir()
    (folder / "hedge.yaml").write_text(SCENARIO, encoding="utf-8")
    (folder / "flagged.yaml").write_text(FLAGGED, encoding="utf-8")
    model = tmp_path / "cand.yaml"
    model.write_text(yaml.safe_dump(CANDIDATE, allow_unicode=True), encoding="utf-8")
    return folder, model


def summary(out: Path) -> dict:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))["suites"]["sc"]


def test_without_a_judge_those_turns_stay_undecided(tmp_path):
    folder, model = setup(tmp_path)
    out = tmp_path / "r"
    assert main(["run", "--suite", str(folder), "--model", f"scripted:{model}", "--out", str(out)]) == 0
    s = summary(out)
    assert s["metrics"]["undecided"] == 2 and s["score"] is None and "judge_decided" not in s["metrics"]


def test_the_judge_decides_and_shares_are_reported(tmp_path):
    folder, model = setup(tmp_path)
    judge = tmp_path / "judge.yaml"
    judge.write_text(yaml.safe_dump({
        "judge.hedge": ['回答含糊，没有说明无法查询股价。\n{"verdict": "incorrect", "reason": "没有明确拒绝"}'],
        "judge.flagged": ['介绍准确。\n{"verdict": "correct", "reason": "与参考一致"}'],
    }, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "r"
    assert main(["run", "--suite", str(folder), "--model", f"scripted:{model}", "--judge", f"scripted:{judge}",
                 "--out", str(out)]) == 0
    m = summary(out)["metrics"]
    assert (m["rule_decided"], m["judge_decided"], m["undecided"]) == (0, 2, 0)
    assert m["pass_rate"] == 0.5 and m["parse_rate"] == 1.0
    rows = {json.loads(line)["key"]["sample_id"]: json.loads(line)
            for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()}
    hedge = rows["judge.hedge"]["scores"]["answer_judge"]
    assert hedge["passed"] is False and hedge["details"]["turns"][0]["reason"] == "没有明确拒绝"
    prompt_seen = hedge["details"]["turns"][0]["verdict"]
    assert prompt_seen == "incorrect" and rows["judge.flagged"]["passed"] is True
