"""Reading judge text: `<think>` blocks, full-width punctuation, balanced `{...}` spans."""

from __future__ import annotations

import re
import unicodedata

_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "『": '"', "』": '"'})


def strip_think(text: str) -> tuple[str, bool]:
    """The text without reasoning blocks, and whether a `<think>` was left open (the judge ran out)."""
    text = _THINK.sub("", text)
    lowered = text.lower()
    if "<think>" in lowered:
        return text[:lowered.index("<think>")], True
    return text.replace("</think>", ""), False


def fold(text: str) -> str:
    """Full-width colons, commas, braces and digits to ASCII (NFKC); curly quotes to straight ones."""
    return unicodedata.normalize("NFKC", text).translate(_QUOTES)


def brace_spans(text: str) -> list[str]:
    """Every outermost balanced `{...}` span, in order (multi-line spans included)."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
            if depth == 0:
                spans.append(text[start:i + 1])
    return spans
