"""The robust AlignBench-style grade parser: the last well-formed score dict anywhere in the reply.

Handles what the official regex does not (shared/JUDGES.md): JSON or Python quotes, no space or a
full-width colon after a key, a dict over several lines, decimals (6.5 stays 6.5), key aliases
(总分 / 综合评分 / overall -> 综合得分), `<think>` blocks, braces in trailing code (a span with no score
key is skipped). Values outside the scale are `out_of_range`; dicts that disagree on 综合得分 are a
`parse_error`; no dict but one `综合得分: N` line is `ok_fallback` (overall only); a reply cut off by the
token limit before any dict is `truncated`.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

from agentbench.judges.outcome import Judgment, failed
from agentbench.judges.text import brace_spans, fold, strip_think

OVERALL = "综合得分"
OVERALL_ALIASES = ("综合得分", "综合分数", "综合评分", "综合分", "总分", "总体得分", "总得分", "整体得分", "最终得分",
                   "overall", "overall_score", "overall score", "score", "总评分")
DIM_ALIASES = {"用户需求满足": "满足用户需求", "满足用户需求程度": "满足用户需求", "事实准确性": "事实正确性",
               "公平与可负责": "公平与可负责程度", "公平性与可负责程度": "公平与可负责程度", "逻辑一致性": "逻辑连贯性",
               "完整性": "完备性", "丰富性": "丰富度", "创意性": "创造性", "清晰性": "清晰度"}
_KV = re.compile(r"""["']?([^"'{},:\n]+?)["']?\s*:\s*["']?(-?\d+(?:\.\d+)?)(?:\s*/\s*10)?\s*分?["']?""")
_LINE = re.compile(r"(?:综合得分|综合评分|综合分数|总分)\s*(?:为|是)?\s*[:：]?\s*(-?\d+(?:\.\d+)?)")


def canonical_key(key: str, dims: list[str]) -> str:
    k = re.sub(r"\s+", "", str(key)).strip("'\"*") if not str(key).isascii() else str(key).strip(" '\"*").lower()
    if k in OVERALL_ALIASES or k.replace(" ", "_") in OVERALL_ALIASES:
        return OVERALL
    k = DIM_ALIASES.get(k, k)
    return next((d for d in dims if d == k), k)


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    match = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*(?:/\s*10)?\s*分?\s*", str(value))
    return float(match.group(1)) if match else None


def _read_dict(span: str) -> dict[str, Any] | None:
    for loader in (json.loads, ast.literal_eval):
        try:
            data = loader(span)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
        if isinstance(data, dict):
            return data
    pairs = _KV.findall(span)
    return {k: v for k, v in pairs} if pairs else None


def score_dicts(text: str, dims: list[str]) -> list[dict[str, float]]:
    """Every `{...}` span that reads as a dict of numeric scores with a known key, canonical keys."""
    found = []
    for span in brace_spans(text):
        data = _read_dict(span)
        if not data:
            continue
        scores: dict[str, float] = {}
        for key, value in data.items():
            number = _as_number(value)
            if number is not None:
                scores[canonical_key(key, dims)] = number
        if OVERALL in scores or any(d in scores for d in dims):
            found.append(scores)
    return found


def parse_robust(text: str, dims: list[str] = (), scale: tuple[float, float] = (1, 10),
                 finish_reason: str | None = None) -> Judgment:
    body, open_think = strip_think(text or "")
    body = fold(body)
    cut = finish_reason == "length" or open_think
    dicts = [d for d in score_dicts(body, list(dims))]
    with_overall = [d for d in dicts if OVERALL in d]
    if with_overall:
        if len({d[OVERALL] for d in with_overall}) > 1:
            return failed("parse_error", "conflicting 综合得分 values: "
                          + ", ".join(f"{d[OVERALL]:g}" for d in with_overall))
        return _checked(with_overall[-1], list(dims), scale)
    lines = {float(m) for m in _LINE.findall(body)}
    if len(lines) == 1:
        value = lines.pop()
        if not scale[0] <= value <= scale[1]:
            return failed("out_of_range", f"综合得分 {value:g} outside {scale[0]:g}-{scale[1]:g}")
        return Judgment("ok_fallback", overall=value, reason="no score dict; 综合得分 read from the text")
    if len(lines) > 1:
        return failed("parse_error", "conflicting 综合得分 lines: " + ", ".join(f"{v:g}" for v in sorted(lines)))
    if cut:
        return failed("truncated", "the reply ended (token limit or open <think>) before a score dict")
    if dicts:
        return failed("parse_error", "a score dict without 综合得分")
    return failed("parse_error", "no score dict and no 综合得分 in the reply")


def _checked(scores: dict[str, float], dims: list[str], scale: tuple[float, float]) -> Judgment:
    lo, hi = scale
    wanted = [k for k in scores if k == OVERALL or k in dims or not dims]
    bad = [f"{k}={scores[k]:g}" for k in wanted if not lo <= scores[k] <= hi]
    if bad:
        return failed("out_of_range", f"outside {lo:g}-{hi:g}: {', '.join(bad)}")
    return Judgment("ok", overall=scores[OVERALL], dims={k: v for k, v in scores.items() if k != OVERALL and k in wanted})
