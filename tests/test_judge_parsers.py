"""Judge parsers: GLM-4-style judgments give exactly the dims and 综合得分; every failure mode of
shared/JUDGES.md has its typed outcome; the official mode reproduces AlignBench's regex behaviour."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agentbench.judges.grading import parse_robust
from agentbench.judges.official import parse_official
from agentbench.judges.verdicts import parse_answer, parse_pairwise

CASES = [json.loads(line) for line in
         (Path(__file__).parent / "fixtures/judgments/glm4.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_robust_parser_reads_exactly_the_judgment(case):
    got = parse_robust(case["judgment"], case["dims"], (1, 10), case.get("finish_reason"))
    assert got.status == case["expect"]["status"], got.reason
    assert got.overall == case["expect"]["overall"]
    assert got.dims == case["expect"]["dims"]


def test_garbage_never_becomes_a_number():
    for text in ("", "还行", "{}", "{'综合得分': '很好'}", "综合得分：好", "[[A]]"):
        got = parse_robust(text, ["事实正确性"])
        assert got.status == "parse_error" and got.overall is None and got.dims == {}


def test_official_mode_reproduces_the_regex_failures():
    by_id = {c["id"]: c["judgment"] for c in CASES}
    glm = parse_official(by_id["glm-fact"])
    assert (glm.status, glm.overall) == ("ok", 6.0)
    assert glm.dims == {"事实正确性": 5, "满足用户需求": 6, "清晰度": 8, "完备性": 6}
    assert parse_official(by_id["glm-json-multiline"]).status == "parse_error"  # JSON quotes, several lines
    assert parse_official(by_id["glm-fullwidth"]).status == "parse_error"  # full-width colon and quotes
    assert parse_official(by_id["glm-decimal-nospace"]).status == "parse_error"  # no space after the colon
    assert parse_official("{'事实正确性': 6.5, '综合得分': 6.5}").overall == 6.0  # decimals truncated
    assert parse_official(by_id["out-of-range"]).overall == 85.0  # accepted
    trailing = parse_official(by_id["glm-trailing-code"])  # the code's braces are picked: dimensions lost,
    assert trailing.dims == {} and trailing.overall == 8.0  # 综合得分 only from the fallback regex
    assert parse_official(by_id["conflict"]).overall == 4.0  # last dict wins silently


def test_pairwise_verdicts_collect_every_marker():
    assert parse_pairwise("分析……\n[[A]]").verdict == "A"
    assert parse_pairwise("两者相当 [[C]]").verdict == "tie"
    assert parse_pairwise("［［B］］").verdict == "B"  # full-width brackets fold
    assert parse_pairwise("[[A]] 不对，应为 [[B]]").status == "parse_error"
    assert parse_pairwise("<think>[[A]]?</think> 最终：[[B]]").verdict == "B"
    assert parse_pairwise("A 更好").status == "parse_error"
    assert parse_pairwise("A 比 B", finish_reason="length").status == "truncated"


def test_answer_verdicts():
    ok = parse_answer('理由……\n{"verdict": "partially_correct", "reason": "漏了温度"}')
    assert (ok.status, ok.verdict, ok.reason) == ("ok", "partially_correct", "漏了温度")
    assert parse_answer("结论：[[正确]]").verdict == "correct"
    assert parse_answer('{"verdict": "correct"} 但 {"verdict": "incorrect"}').status == "parse_error"
    assert parse_answer('{"verdict": "maybe"}').status == "parse_error"
