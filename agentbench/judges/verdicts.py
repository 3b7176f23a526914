"""Verdict parsers: pairwise `[[A]]` / `[[B]]` / `[[C]]`, and the agent final-answer judge.

Every verdict marker in the reply is collected: one kind is the verdict, two different kinds are a
`parse_error` (FastChat picks A whenever `[[A]]` appears anywhere, even beside `[[B]]`; we do not).
"""

from __future__ import annotations

import ast
import json
import re

from agentbench.judges.outcome import Judgment, failed
from agentbench.judges.text import brace_spans, fold, strip_think

_PAIR = re.compile(r"\[\[\s*(A|B|C|TIE|平局|平手)\s*\]\]", re.IGNORECASE)
_PAIR_WORD = {"a": "A", "b": "B", "c": "tie", "tie": "tie", "平局": "tie", "平手": "tie"}

ANSWER_VERDICTS = ("correct", "partially_correct", "incorrect")
_ANSWER_WORD = {"correct": "correct", "正确": "correct", "partially_correct": "partially_correct",
                "partially correct": "partially_correct", "部分正确": "partially_correct", "incorrect": "incorrect",
                "错误": "incorrect", "不正确": "incorrect", "wrong": "incorrect"}
_ANSWER_MARK = re.compile(r"\[\[\s*(correct|partially[_ ]correct|incorrect|正确|部分正确|错误|不正确)\s*\]\]",
                          re.IGNORECASE)


def _body(text: str, finish_reason: str | None) -> tuple[str, bool]:
    body, open_think = strip_think(text or "")
    return fold(body), finish_reason == "length" or open_think


def parse_pairwise(text: str, dims: list[str] = (), scale: tuple[float, float] = (1, 10),
                   finish_reason: str | None = None) -> Judgment:
    body, cut = _body(text, finish_reason)
    kinds = {_PAIR_WORD[m.lower()] for m in _PAIR.findall(body)}
    if len(kinds) == 1:
        return Judgment("ok", verdict=kinds.pop())
    if len(kinds) > 1:
        return failed("parse_error", f"conflicting verdicts: {', '.join(sorted(kinds))}")
    if cut:
        return failed("truncated", "the reply ended before a [[A]] / [[B]] / [[C]] verdict")
    return failed("parse_error", "no [[A]] / [[B]] / [[C]] verdict")


def _answer_dicts(body: str) -> list[tuple[str, str]]:
    out = []
    for span in brace_spans(body):
        data = None
        for loader in (json.loads, ast.literal_eval):
            try:
                data = loader(span)
                break
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                continue
        if isinstance(data, dict):
            raw = str(data.get("verdict", data.get("判定", data.get("结论", "")))).strip().lower()
            if raw in _ANSWER_WORD:
                out.append((_ANSWER_WORD[raw], str(data.get("reason", data.get("理由", "")))))
    return out


def parse_answer(text: str, dims: list[str] = (), scale: tuple[float, float] = (1, 10),
                 finish_reason: str | None = None) -> Judgment:
    """`{"verdict": "correct|partially_correct|incorrect", "reason": "..."}`, or a `[[correct]]` marker."""
    body, cut = _body(text, finish_reason)
    found = _answer_dicts(body)
    kinds = {v for v, _ in found} | {_ANSWER_WORD[m.lower().replace("_", " ") if m.lower() not in _ANSWER_WORD
                                                  else m.lower()] for m in _ANSWER_MARK.findall(body)}
    if len(kinds) == 1:
        verdict = kinds.pop()
        return Judgment("ok", verdict=verdict, reason=next((r for v, r in reversed(found) if r), ""))
    if len(kinds) > 1:
        return failed("parse_error", f"conflicting verdicts: {', '.join(sorted(kinds))}")
    if cut:
        return failed("truncated", "the reply ended before a verdict")
    return failed("parse_error", "no verdict (correct / partially_correct / incorrect)")
