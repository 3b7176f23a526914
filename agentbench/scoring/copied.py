"""Text a reply copied from its prompt is not an answer: find it and blank it before extraction.

Two kinds, both measured against an echo server (`agentbench mock-server --mode echo`), which before
this module scored about 24 on ARC and C-Eval by "choosing" the first option line it repeated:

- `mask_copied_prompt`: runs of reply lines that reproduce consecutive prompt lines (two or more lines,
  or one line of at least `MIN_COPIED_CHARS` characters). This also covers completion-style prompts,
  whose few-shot `答案：C` lines would otherwise be read as the reply's answer.
- `mask_listed_options`: a listing of two or more of the sample's options (`A. text`, `(B) text`), each
  at the start of a line or right after another listed option. One restated option (`B. 细菌`) is a
  choice and stays; an option named inside a sentence (`我选C. 细菌`) stays too.

Both take text already squeezed by `squeeze` (one character per whitespace run), so the patterns that
read the remainder never face long whitespace runs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

MASK = "⋯"
"""Stands in for copied text: not a letter, digit, bracket, colon or space, so no pattern reads across it."""

MIN_COPIED_LINES = 2
MIN_COPIED_CHARS = 40
_MAX_CANDIDATES = 64  # prompt positions tried per reply line: bounds the work on repetitive prompts

_BLANKS = re.compile(r"[^\S\n]+")
_NEWLINE_RUN = re.compile(r"[ \n]*\n[ \n]*")


def squeeze(text: str) -> str:
    """Each whitespace run becomes one newline (if it held one) or one space.

    Patterns with several optional `\\s*` in a row backtrack polynomially on long runs
    (`'选' + ' ' * 200 + 'Z'` took 44 s); with runs of one character they cannot. Two passes in C (no
    per-match Python call): blanks to one space, then each run of spaces and newlines to one newline.
    """
    return _NEWLINE_RUN.sub("\n", _BLANKS.sub(" ", text))


def _copied_run(reply: list[str], start: int, prompt: list[str], where: dict[str, list[int]]) -> int:
    """Length of the longest run of reply lines from `start` that equals consecutive prompt lines."""
    best = 0
    for j in where.get(reply[start], ())[:_MAX_CANDIDATES]:
        k = 1
        while start + k < len(reply) and j + k < len(prompt) and reply[start + k] == prompt[j + k]:
            k += 1
        best = max(best, k)
    return best


def mask_copied_prompt(text: str, prompt: str | None) -> str:
    """`text` with every run of lines copied from `prompt` replaced by MASK (both already squeezed)."""
    if not prompt:
        return text
    prompt_lines = [line.strip() for line in prompt.split("\n") if line.strip()]
    where: dict[str, list[int]] = {}
    for j, line in enumerate(prompt_lines):
        where.setdefault(line, []).append(j)
    lines = [line.strip() for line in text.split("\n")]
    out: list[str] = []
    i = 0
    while i < len(lines):
        run = _copied_run(lines, i, prompt_lines, where) if lines[i] else 0
        if run >= MIN_COPIED_LINES or (run == 1 and len(lines[i]) >= MIN_COPIED_CHARS):
            out.append(MASK)
            i += run
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)


_MARKERS: dict[str, re.Pattern[str]] = {}


def _markers(letters: str) -> re.Pattern[str]:
    """Option markers (`A.`, `A、`, `A)`, `(A)`, `【A】`) for these letters; one compiled pattern per set."""
    if letters not in _MARKERS:
        L = f"[{re.escape(letters)}]"
        _MARKERS[letters] = re.compile(rf"(?<![A-Za-z])(?:[\(\[（【]\s?({L})\s?[\)\]）】]|({L})\s?[.、:：\)）])\s?")
    return _MARKERS[letters]


def _option_spans(text: str, options: Mapping[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, letter) of every marker followed by that letter's own option text."""
    spans = []
    for m in _markers("".join(sorted(options))).finditer(text):
        letter = m.group(1) or m.group(2)
        option = options[letter]
        if option and text.startswith(option, m.end()):
            spans.append((m.start(), m.end() + len(option), letter))
    return spans


_BULLET = re.compile(r"[ \-*•>#_]{0,8}")
_BETWEEN = re.compile(r"[\s,，;；]{0,8}")


def _starts_line(text: str, start: int) -> bool:
    """Only a short bullet (`- `, `* `, `**`) between the line's start and `start`."""
    head = text[max(0, start - 9):start]
    if "\n" in head:
        head = head.rsplit("\n", 1)[1]
    elif start > 8:
        return False
    return _BULLET.fullmatch(head) is not None


def mask_listed_options(text: str, options: Mapping[str, str] | None) -> str:
    """`text` with a listing of two or more options (marker + the option's own text) replaced by MASK."""
    if not options:
        return text
    spans = _option_spans(text, {letter: squeeze(option.strip()) for letter, option in options.items()})
    listed: list[tuple[int, int, str]] = []
    for start, end, letter in spans:
        after_listed = (bool(listed) and start >= listed[-1][1]
                        and _BETWEEN.fullmatch(text, listed[-1][1], start) is not None)
        if after_listed or _starts_line(text, start):
            listed.append((start, end, letter))
    if len({letter for _, _, letter in listed}) < 2:
        return text
    out, last = [], 0
    for start, end, _ in listed:
        if start >= last:
            out.append(text[last:start] + MASK)
            last = end
    return "".join(out) + text[last:]
