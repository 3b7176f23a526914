"""Text scanning every parser shares: `<think>` blocks, bracket-balanced argument extents.

Each helper is linear in the text (pathological replies such as 20 000 `<think>` tags or thousands of
unclosed `{` must not hang a parser): plain `str.find` loops and regexes without nested quantifiers.
"""

from __future__ import annotations

import re

_STRUCTURE = {"\"'": re.compile(r"[{\[]+|[}\]]+|[\"']"), '"': re.compile(r'[{\[]+|[}\]]+|"')}
"""What a balanced scan looks at outside strings: runs of opening or closing brackets (one step each, so
50 000 `{` are one match) and quotes; everything between them is skipped in C."""
_STRING = {q: re.compile(rf"{q}(?:[^{q}\\]|\\.)*{q}", re.S) for q in "\"'"}
"""A whole string literal, escapes included, matched in one call (a run of backslashes stays linear)."""


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
    depth, pos = 0, i
    structure = _STRUCTURE[quotes]
    while True:
        m = structure.search(text, pos)
        if m is None:
            return None
        ch = m.group()
        if ch in ("\"", "'"):
            string = _STRING[ch].match(text, m.start())
            if string is None:  # the string never closes, so neither does the bracket
                return None
            pos = string.end()
            continue
        if ch[0] in "{[":
            depth += len(ch)
        elif depth == 0:  # text[i] was not an opening bracket
            return None
        elif len(ch) >= depth:
            return m.start() + depth
        else:
            depth -= len(ch)
        pos = m.end()


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
