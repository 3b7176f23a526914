"""AlignBench's own grade parser, reimplemented for comparison (`--mode official`).

Behaviour of `post_process` in THUDM/AlignBench judge.py (commit 5b79d4a): the last `{...}` on one line
(`{(.*?)}(?![^{]*{)`, no DOTALL), pairs `'(.*?)': (\\d+)` read as int (6.5 -> 6, JSON double quotes and a
missing space after the colon are not read), then `'综合得分': N` anywhere as a fallback, else -1. No
range check (85 is accepted). Where the original returns -1 (which then enters category means), we say
`parse_error`.
"""

from __future__ import annotations

import re

from agentbench.judges.outcome import Judgment, failed

_LAST_DICT = re.compile(r"{(.*?)}(?![^{]*{)")
_PAIR = re.compile(r"'(.*?)': (\d+)")
_SCORE = re.compile(r"'综合得分': (\d+(\.\d{1,2})?)")


def parse_official(text: str, dims: list[str] = (), scale: tuple[float, float] = (1, 10),
                   finish_reason: str | None = None) -> Judgment:
    match = _LAST_DICT.search(text or "")
    rating = {k: int(v) for k, v in _PAIR.findall(match.group(1))} if match else {}
    score: float = rating.get("综合得分", -1)
    if score == -1:
        found = _SCORE.search(text or "")
        score = float(found.group(1)) if found else -1
    if score == -1:
        return failed("parse_error", "official parser: no 综合得分 (the original scores -1)")
    return Judgment("ok", overall=float(score), dims={k: float(v) for k, v in rating.items() if k != "综合得分"})
