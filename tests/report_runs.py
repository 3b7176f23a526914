"""Run directories the report tests read: real runs made with scripted models, one whose model output is
an attack on the page, and hand-written judged-suite runs (alignbench, pairwise summary shapes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED_DATA

import agentbench

PAYLOAD = ("<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">"
           "[x](javascript:window.__pwned=3) </script><script>window.__pwned=4</script><!-- \u2028\u2029 &amp;")
EVIL_SCRIPT = {
    "weather.tomorrow_date": [
        "Thought: " + PAYLOAD + "\nAction: amap_weather\nAction Input: {\"location\": \"北京<img src=x onerror=window.__pwned=5>\","
        " \"date\": \"2026-11-23\"}",
        "Thought: done\nFinal Answer: 北京明天小雪 -5 " + PAYLOAD + " <a href=\"javascript:window.__pwned=6\">y</a>"
        " ![](https://images.example.com/x.png) ![](data:image/png;base64,iVBORw0KGgo=)",
    ],
    "gsm8k/0": ["The answer is 18. " + PAYLOAD],
}


def _run(out: Path, suites: list[str], model: str, **extra) -> Path:
    spec = {"suites": suites, "model": model, "out": str(out), "progress": "off", **extra}
    agentbench.run(spec)
    return out


def _judged(out: Path) -> Path:
    out.mkdir(parents=True)
    (out / "config.json").write_text(json.dumps({
        "agentbench": "0.2.0", "identity": {"judge": {"model": "openai:glm-4-plus"}},
        "spec": {"model": {"model": "openai:cand"}, "judge": {"model": "openai:glm-4-plus"},
                 "baseline": {"model": "openai:gpt-3.5-turbo"}}}), encoding="utf-8")
    abilities = {"语义理解与抽取": (6, 2, 2), "闲聊": (5, 3, 2), "角色扮演": (3, 1, 6), "计算": (2, 2, 6)}
    summary = {"candidate": "openai:cand", "suites": {
        "alignbench": {"n": 20, "errors": 1, "score": 6.41, "scale": "1-10", "metrics": {
            "总分": 6.41, "中文推理": 5.2, "中文语言": 7.62, "ci95": [5.9, 6.9],
            "categories": {"数学计算": {"n": 5, "score": 5.0, "ci95": [4.1, 5.9]},
                           "逻辑推理": {"n": 5, "score": 5.4, "ci95": [4.2, 6.3]},
                           "文本写作": {"n": 10, "score": 7.62, "ci95": [7.0, 8.1]}},
            "dimensions": {"事实正确性": 6.8, "满足用户需求": 6.5, "逻辑连贯性": 7.1},
            "parse_rate": 0.95, "parse_outcomes": {"ok": 19, "no_dict": 1},
            "language_mismatch_rate": 0.05, "judge": "openai:glm-4-plus"}},
        "pairwise": {"n": 40, "errors": 0, "score": 55.0, "metrics": {
            "win_tie_rate": 0.55, "ci95": [0.4, 0.7], "wins": 16, "ties": 6, "losses": 18,
            "consistent_win_tie_rate": 0.5, "position_consistency": 0.8, "first_slot_preference": 0.56,
            "mean_length": {"candidate": 412.0, "baseline": 388.5},
            "abilities": {k: {"games": sum(v), "wins": v[0], "ties": v[1], "losses": v[2],
                              "win_tie_rate": (v[0] + v[1]) / sum(v), "ci95": [0.2, 0.9]} for k, v in abilities.items()},
            "parse_rate": 0.975, "judge": "openai:glm-4-plus"}}}}
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    record = {"key": {"suite": "alignbench", "sample_id": "ab/1", "trial": 0, "candidate": "openai:cand"},
              "category": "数学计算", "output": {"kind": "text", "messages": [{"role": "user", "content": "1+1?"}],
                                              "text": "2"},
              "scores": {"judge": {"passed": None, "value": 7.0, "answer": 7, "details": {"parse": "ok"}}}}
    (out / "records.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "invocations.jsonl").write_text(json.dumps({"agentbench": "0.2.0", "samples": 20, "judge": {
        "calls": 21, "retries": 2, "errors": 1, "prompt_tokens": 30000, "completion_tokens": 9000, "latency_s": 42.0,
        "mean_latency_s": 2.0, "cost_usd": 0.1234, "cache_hits": 0}}) + "\n", encoding="utf-8")
    return out


_MADE: dict[str, Path] = {}


def make_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The runs, made once per test session (both report test files use them)."""
    if not _MADE:
        _MADE.update(_make(tmp_path_factory.mktemp("report-runs")))
    return _MADE


def _make(root: Path) -> dict[str, Path]:
    script = root / "evil.json"
    script.write_text(json.dumps(EVIL_SCRIPT, ensure_ascii=False), encoding="utf-8")
    return {
        "demo": _run(root / "demo", ["agent_zh"], "scripted:demo"),
        "gold": _run(root / "gold", ["agent_zh"], "scripted:gold"),
        "gsm8k": _run(root / "gsm8k", ["gsm8k"], "scripted:random", data_dir=str(SHARED_DATA), limit=5),
        "evil": _run(root / "evil", ["agent_zh"], f"scripted:{script}"),
        "evil_gsm8k": _run(root / "evil_gsm8k", ["gsm8k"], f"scripted:{script}", data_dir=str(SHARED_DATA), limit=2),
        "judged": _judged(root / "judged"),
    }
