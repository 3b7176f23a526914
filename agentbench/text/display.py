"""Text for terminals: strip control characters from model text, pad by display width (CJK = 2 columns)."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def safe(text: str) -> str:
    """Model or tool text made harmless for a terminal: escape sequences and control characters removed
    (newlines and tabs kept), lone surrogates shown as U+FFFD."""
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
               for c in text)


def ljust(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def rjust(text: str, columns: int) -> str:
    return " " * max(0, columns - width(text)) + text


def table(rows: list[list[str]], right: set[int] = frozenset(), indent: str = "  ") -> list[str]:
    """Rows aligned by display width; columns in `right` are right-aligned."""
    if not rows:
        return []
    widths = [max(width(r[i]) for r in rows if i < len(r)) for i in range(max(len(r) for r in rows))]
    lines = []
    for row in rows:
        cells = [(rjust if i in right else ljust)(cell, widths[i]) for i, cell in enumerate(row)]
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines
