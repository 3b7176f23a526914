"""Answer extraction for the general suites: named pipelines, each with an explicit invalid outcome.

Every extractor returns the extracted value or None. None means "nothing could be extracted" and is
counted as *invalid*, its own outcome in every report: never turned into a wrong letter or a zero.

Multiple choice (ARC, C-Eval), letters restricted to the sample's own option labels:

- `strict`: an explicit answer statement, the first one in the text:
  `答案：B`, `答案: B`, `答案是B` / `答案为B`, `Answer: B`, `the answer is (B)`.
- `flexible`: `strict`, else (on the NFKC-folded text, so `Ｂ` and `（B）` count) the last cue phrase
  (`正确答案是B`, `选B`, `应选择B`, `B选项`, `选项B`, `answer is B`, `option B` …), else a reply that is just
  the letter (`B`, `(B)`, `B.`), else an option marker at the start of a line (`B. …`, `B、…`, `(B) …`),
  else the last parenthesised letter `(B)`. A letter is never taken out of an English word: "A plant"
  or "Because" give nothing.

  A listing of two or more of the sample's options (`A. …\nB. …`, given `options`) is blanked first, and
  option markers at line starts count only when they name one letter: restating the options is not a choice.

GSM8K, compared numerically (commas, currency signs and units stripped):

- `strict`: the number after the first `####` or `The answer is`.
- `flexible`: `strict`, else the last `\\boxed{…}`, else `答案是/答案：N`, else the last number in the text.

Every pipeline reads the reply minus what it copied from `prompt` (see `agentbench.scoring.copied`), and
at most `MAX_CHARS` characters of it (the head and the tail; `cut_note` says when). Whitespace runs are
squeezed to one character first, so no pattern backtracks on them: each sample takes milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, localcontext
from typing import Any

from agentbench.scoring.copied import mask_copied_prompt, mask_listed_options, squeeze

PIPELINES = ("strict", "flexible")
"""Pipeline names, in report order. The primary score uses `flexible`."""

DEFAULT_LETTERS = "ABCD"

MAX_CHARS = 32_000
"""Longer replies are read as their first and last MAX_CHARS // 2 characters: far beyond any max_tokens
of the suites, and it keeps a 1 MB reply to milliseconds."""


def cut_note(text: str) -> str | None:
    """Why extraction did not read all of `text`, for the record; None when it did."""
    if len(text) <= MAX_CHARS:
        return None
    return f"reply of {len(text)} characters: extraction read the first and last {MAX_CHARS // 2}"


def _bounded(text: str) -> str:
    if len(text) <= MAX_CHARS:
        return text
    return text[: MAX_CHARS // 2] + "\n" + text[-(MAX_CHARS // 2) :]


def _fold(text: str) -> str:
    """Full-width letters, digits, brackets and colons to ASCII (NFKC); case is kept."""
    return unicodedata.normalize("NFKC", text)


def _read(text: str, prompt: str | None, fold: bool) -> str:
    """What the patterns search: bounded, (folded,) whitespace squeezed, copied prompt lines blanked."""
    text = _bounded(text)
    if fold:
        text = _fold(text).replace("−", "-")
    return mask_copied_prompt(squeeze(text), _prepared_prompt(prompt, fold))


def _prepared_prompt(prompt: str | None, fold: bool) -> str | None:
    if not prompt:
        return None
    return squeeze(_fold(prompt).replace("−", "-") if fold else prompt)


def prompt_text(messages: Iterable[Mapping[str, Any]]) -> str:
    """Everything the model was shown, one message after another: what a copying reply copies from."""
    return "\n".join(str(m.get("content") or "") for m in messages)


def _letter_class(letters: Iterable[str]) -> str:
    chars = "".join(sorted({c.upper() for c in letters}))
    if not chars or not chars.isalpha() or not chars.isascii():
        raise ValueError(f"option letters must be ASCII letters, got {letters!r}")
    return f"[{chars}]"


# The letter must not continue into an ASCII word ("Answer: Because" is not B).
_END = r"(?![A-Za-z])"
_OPEN = r"[\(\[（【*]{0,3}\s*"


def _strict_patterns(letters: str) -> list[re.Pattern[str]]:
    L = _letter_class(letters)
    return [
        re.compile(rf"答案\s*(?:[:：]|是|为)\s*{_OPEN}({L}){_END}"),
        re.compile(rf"\banswer\s*[:：]\s*{_OPEN}({L}){_END}", re.IGNORECASE),
        re.compile(rf"\bthe\s+(?:correct\s+)?answer\s+is\s*[:：]?\s*{_OPEN}({L}){_END}", re.IGNORECASE),
    ]


def _flexible_patterns(letters: str) -> list[re.Pattern[str]]:
    """Cue phrases, searched on folded text; the last hit anywhere wins."""
    L = _letter_class(letters)
    cue_zh = r"(?:正确答案|正确选项|答案|选项|应当选择|应该选择|应当选|应该选|应选择|应选|选择|选)"
    return [
        re.compile(rf"{cue_zh}\s*(?:应该|应当|应|就)?\s*(?:是|为|:|：)?\s*(?:选项)?\s*{_OPEN}({L}){_END}"),
        re.compile(rf"(?<![A-Za-z])({L})\s*(?:选项|项)?\s*(?:是|为)?\s*(?:正确|对的|最合适|符合)"),
        re.compile(rf"(?<![A-Za-z])({L})\s*选项"),
        re.compile(
            rf"\b(?:answer|option|choice)\s*(?:is|would\s+be|should\s+be|:)?\s*{_OPEN}({L}){_END}",
            re.IGNORECASE,
        ),
    ]


_cache: dict[tuple[str, str], list[re.Pattern[str]]] = {}


def _patterns(kind: str, letters: str) -> list[re.Pattern[str]]:
    key = (kind, letters)
    if key not in _cache:
        _cache[key] = _strict_patterns(letters) if kind == "strict" else _flexible_patterns(letters)
    return _cache[key]


def extract_choice_strict(text: str, letters: str = DEFAULT_LETTERS, *, options: Mapping[str, str] | None = None,
                          prompt: str | None = None) -> str | None:
    """First explicit answer statement (`答案：B`, `Answer: B`, `the answer is (B)`), else None.

    `options` is accepted for a uniform pipeline signature: an explicit statement needs no listing check.
    """
    return _first_statement(_read(text, prompt, fold=False), letters)


def _first_statement(text: str, letters: str) -> str | None:
    best: tuple[int, str] | None = None
    for pattern in _patterns("strict", letters):
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.group(1).upper())
    return best[1] if best else None


def extract_choice_flexible(text: str, letters: str = DEFAULT_LETTERS, *,
                            options: Mapping[str, str] | None = None, prompt: str | None = None) -> str | None:
    """`strict`, then looser forms on full-width-folded text (see module docstring), else None."""
    found = extract_choice_strict(text, letters, prompt=prompt)
    if found:
        return found
    folded = _read(text, prompt, fold=True)
    found = _first_statement(folded, letters)
    if found:
        return found
    folded = mask_listed_options(folded, _folded_options(options))
    return _last_cue(folded, letters) or _lone_letter(folded, letters) or _line_marker(folded, letters) \
        or _last_bracket(folded, letters)


def _folded_options(options: Mapping[str, str] | None) -> dict[str, str] | None:
    if not options:
        return None
    return {letter.upper(): _fold(str(text)) for letter, text in options.items()}


def _last_cue(text: str, letters: str) -> str | None:
    last: tuple[int, str] | None = None
    for pattern in _patterns("flexible", letters):
        for m in pattern.finditer(text):
            if last is None or m.start(1) > last[0]:
                last = (m.start(1), m.group(1).upper())
    return last[1] if last else None


def _lone_letter(text: str, letters: str) -> str | None:
    L = _letter_class(letters)
    lone = re.fullmatch(rf"\s*[\(\[（【*]{{0,3}}\s*({L})\s*[\)\]）】*]{{0,3}}\s*[.。、:：,，!！]?\s*", text)
    return lone.group(1).upper() if lone else None


def _line_marker(text: str, letters: str) -> str | None:
    """An option marker starting a line (`B. …`), when the markers name one letter only: markers for
    several letters are a listing of the options, not a choice."""
    L = _letter_class(letters)
    named = {(m.group(1) or m.group(2)).upper()
             for m in re.finditer(rf"(?m)^\s*[*_]*\s*(?:\(({L})\)|({L})\s*[.、:：\)）])", text)}
    return named.pop() if len(named) == 1 else None


def _last_bracket(text: str, letters: str) -> str | None:
    brackets = re.findall(rf"[\(\[]\s*({_letter_class(letters)})\s*[\)\]]", text)
    return brackets[-1].upper() if brackets else None


CHOICE_PIPELINES: dict[str, Callable[..., str | None]] = {
    "strict": extract_choice_strict,
    "flexible": extract_choice_flexible,
}


def extract_choice(text: str, letters: str = DEFAULT_LETTERS, *, options: Mapping[str, str] | None = None,
                   prompt: str | None = None) -> dict[str, str | None]:
    """`{pipeline: letter or None}` for every multiple-choice pipeline.

    `options` (letter -> option text) lets a restated listing of the options be recognised; `prompt`
    (the text the model was shown) lets copied prompt lines be ignored. Suites pass both.
    """
    return {name: fn(text, letters, options=options, prompt=prompt) for name, fn in CHOICE_PIPELINES.items()}


# ---------------------------------------------------------------------------------------------- numbers

# 1,600 / 1600 / -3.5 / .5 ; a comma group needs exactly three digits, so "1, 2, 3" stays three numbers.
_NUM = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|-?\.\d+"
_NUM_RE = re.compile(_NUM)
_FRAC = re.compile(r"(-?\d+)\s*/\s*(\d+)")
# The space after a currency sign is only tried after a sign, so two `\s*` never compete for one run.
_PREFIX = r"[\s:：]*(?:(?:\$|¥|￥|€|£|USD|RMB)\s*)?"


def normalize_number(text: str) -> str | None:
    """Canonical string of the first number in `text` (commas, currency and units dropped), else None.

    `"$1,600.00"` -> `"1600"`, `"-0.50 kg"` -> `"-0.5"`, `"3/4"` -> `"0.75"`. Exact at any length
    (a 30 000-digit number stays itself): the decimal context is sized to the digits read.
    """
    folded = squeeze(_fold(_bounded(text))).replace("−", "-")
    m = _NUM_RE.search(folded)
    if not m:
        return None
    frac = _FRAC.match(folded, m.start())  # a fraction only where the first number starts
    value = _divide(frac.group(1), frac.group(2)) if frac else None
    return _canonical(value if value is not None else Decimal(m.group(0).replace(",", "")))


def _divide(numerator: str, denominator: str) -> Decimal | None:
    """numerator / denominator to 6 decimals and every integer digit; None for a zero denominator."""
    with localcontext() as ctx:
        ctx.prec = len(numerator) + len(denominator) + 12
        if Decimal(denominator) == 0:
            return None
        return Decimal(numerator) / Decimal(denominator)


def _canonical(value: Decimal) -> str:
    with localcontext() as ctx:
        ctx.prec = max(28, len(value.as_tuple().digits) + 8)
        value = value.quantize(Decimal("1e-6")) if value != value.to_integral_value() else value
        text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def numbers_equal(a: str | None, b: str | None, tol: float = 1e-6) -> bool:
    """Numeric equality of two canonical numbers (exact at any length); None equals nothing."""
    if a is None or b is None:
        return False
    with localcontext() as ctx:
        ctx.prec = len(a) + len(b) + 8
        return abs(Decimal(a) - Decimal(b)) <= Decimal(str(tol))


_STRICT_NUM = [
    re.compile(rf"####{_PREFIX}({_NUM})"),
    re.compile(rf"the\s+(?:final\s+)?answer\s+is{_PREFIX}({_NUM})", re.IGNORECASE),
]
_ZH_NUM = re.compile(rf"(?:答案|结果)\s*(?:是|为|:|：){_PREFIX}({_NUM})")


def extract_number_strict(text: str, *, prompt: str | None = None) -> str | None:
    """Number after the first `####` or `The answer is`, else None."""
    return _first_number_statement(_read(text, prompt, fold=True))


def _first_number_statement(folded: str) -> str | None:
    best: tuple[int, str] | None = None
    for pattern in _STRICT_NUM:
        m = pattern.search(folded)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.group(1))
    return normalize_number(best[1]) if best else None


_BRACE = re.compile(r"\\boxed\s*\{|[{}]")


def _boxed_contents(text: str) -> list[str]:
    """Contents of every `\\boxed{…}` that holds no other box, braces balanced (`\\boxed{\\frac{1}{2}}`
    works), in order. One pass over the braces: `\\boxed{` repeated thousands of times stays linear."""
    stack: list[list[Any]] = []  # [content start, is a box, holds a box]
    spans: list[tuple[int, int]] = []
    for m in _BRACE.finditer(text):
        if m.group() != "}":
            stack.append([m.end(), m.group() != "{", False])
        elif stack:
            start, is_box, holds_box = stack.pop()
            if is_box and not holds_box:
                spans.append((start, m.start()))
            if stack and (is_box or holds_box):
                stack[-1][2] = True
    return [text[a:b] for a, b in sorted(spans)]


def _latex_number(body: str) -> str | None:
    frac = re.search(r"\\d?frac\{(-?\d+)\}\{(\d+)\}", body)
    value = _divide(frac.group(1), frac.group(2)) if frac else None
    if value is not None:
        return _canonical(value)
    return normalize_number(body.replace("\\$", "").replace("\\,", ""))


def extract_number_flexible(text: str, *, prompt: str | None = None) -> str | None:
    """`strict`, else the last `\\boxed{}`, else `答案是N`, else the last number in the text."""
    folded = _read(text, prompt, fold=True)
    found = _first_number_statement(folded)
    if found is not None:
        return found
    for body in reversed(_boxed_contents(folded)):
        value = _latex_number(body)
        if value is not None:
            return value
    zh = _last_match(_ZH_NUM, folded)
    if zh:
        return normalize_number(zh.group(1))
    last = _last_match(_NUM_RE, folded)
    return normalize_number(last.group(0)) if last else None


def _last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    last = deque(pattern.finditer(text), maxlen=1)  # no list of every number in a long reply
    return last[0] if last else None


NUMBER_PIPELINES: dict[str, Callable[..., str | None]] = {
    "strict": extract_number_strict,
    "flexible": extract_number_flexible,
}


def extract_number(text: str, *, prompt: str | None = None) -> dict[str, str | None]:
    """`{pipeline: canonical number or None}` for every GSM8K pipeline; `prompt` as in `extract_choice`."""
    return {name: fn(text, prompt=prompt) for name, fn in NUMBER_PIPELINES.items()}


def gsm8k_gold(answer: str) -> str:
    """The reference number of a GSM8K solution: what follows the last `####`."""
    tail = answer.rsplit("####", 1)[-1]
    value = normalize_number(tail)
    if value is None:
        raise ValueError(f"GSM8K answer has no number after ####: {answer[-80:]!r}")
    return value
