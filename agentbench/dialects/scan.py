"""Text scanning every parser shares: `<think>` blocks, bracket-balanced argument extents.

Each helper is linear in the text (pathological replies such as 20 000 `<think>` tags or thousands of
unclosed `{` must not hang a parser): plain `str.find` loops and regexes without nested quantifiers.
"""

from __future__ import annotations

import re

_SPECIAL = {"\"'": re.compile(r"[{}\[\]\"'\\]"), '"': re.compile(r'[{}\[\]"\\]')}
"""Characters a balanced scan must look at; everything between them is skipped in C, not in Python."""


def split_think(text: str) -> tuple[str, str, bool]:
    """(text without <think> blocks, their content, whether any was found).

    A `</think>` with no opening tag means the chat template opened the block: everything before it is
    thinking. An unterminated `<think>` makes the rest thinking. One left-to-right pass with `find`."""
    thinks: list[str] = []
    found = False
    close = text.find("</think>")
    first_open = text.find("<think>")
    if close >= 0 and (first_open < 0 or close < first_open):
        thinks.append(text[:close])
        text, found = text[close + len("</think>"):], True
    parts: list[str] = []
    pos = 0
    while True:
        start = text.find("<think>", pos)
        if start < 0:
            parts.append(text[pos:])
            break
        found = True
        parts.append(text[pos:start])
        end = text.find("</think>", start + len("<think>"))
        if end < 0:  # unterminated: the rest is thinking
            thinks.append(text[start + len("<think>"):])
            break
        thinks.append(text[start + len("<think>"):end])
        pos = end + len("</think>")
    body = "".join(parts)
    return body, "\n".join(t.strip() for t in thinks if t.strip()), found


def begin_parse(text: str | None) -> tuple[str, str, list[str], list[tuple[str, str]]]:
    """(text without <think>, the think text, repairs so far, errors so far): how every parser starts."""
    body, think, had_think = split_think(text or "")
    return body, think, ["think_block_stripped"] if had_think else [], []


def balanced_end(text: str, i: int, quotes: str) -> int | None:
    """Index just past the bracket closing the one at text[i], skipping quoted strings; None if unclosed."""
    depth, quote, skip_at = 0, "", -1
    for m in _SPECIAL[quotes].finditer(text, i):
        ch, at = m.group(), m.start()
        if at == skip_at:  # the character after a backslash inside a string
            continue
        if quote:
            if ch == "\\":
                skip_at = at + 1
            elif ch == quote:
                quote = ""
        elif ch in quotes:
            quote = ch
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                return m.end()
    return None


def args_extent(text: str, start: int) -> tuple[int, int] | None:
    """(start, end) of argument text at `start` read by a balanced scan (`{`, `[` or a ``` fence), or None
    when the text there is not bracketed or never closes."""
    i = start
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    if text.startswith("```", i):
        close = text.find("```", i + 3)
        return (i, close + 3) if close >= 0 else None
    if i < len(text) and text[i] in "{[":
        end = balanced_end(text, i, "\"'") or balanced_end(text, i, '"')
        return (i, end) if end else None
    return None
