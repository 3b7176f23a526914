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

GSM8K, compared numerically (commas, currency signs and units stripped):

- `strict`: the number after the first `####` or `The answer is`.
- `flexible`: `strict`, else the last `\\boxed{…}`, else `答案是/答案：N`, else the last number in the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

PIPELINES = ("strict", "flexible")
"""Pipeline names, in report order. The primary score uses `flexible`."""

DEFAULT_LETTERS = "ABCD"


def _fold(text: str) -> str:
    """Full-width letters, digits, brackets and colons to ASCII (NFKC); case is kept."""
    return unicodedata.normalize("NFKC", text)


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


def extract_choice_strict(text: str, letters: str = DEFAULT_LETTERS) -> str | None:
    """First explicit answer statement (`答案：B`, `Answer: B`, `the answer is (B)`), else None."""
    best: tuple[int, str] | None = None
    for pattern in _patterns("strict", letters):
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.group(1).upper())
    return best[1] if best else None


def extract_choice_flexible(text: str, letters: str = DEFAULT_LETTERS) -> str | None:
    """`strict`, then looser forms on full-width-folded text (see module docstring), else None."""
    found = extract_choice_strict(text, letters)
    if found:
        return found
    folded = _fold(text)
    found = extract_choice_strict(folded, letters)
    if found:
        return found
    L = _letter_class(letters)
    last: tuple[int, str] | None = None
    for pattern in _patterns("flexible", letters):
        for m in pattern.finditer(folded):
            if last is None or m.start(1) > last[0]:
                last = (m.start(1), m.group(1).upper())
    if last:
        return last[1]
    lone = re.fullmatch(rf"\s*[\(\[（【*]{{0,3}}\s*({L})\s*[\)\]）】*]{{0,3}}\s*[.。、:：,，!！]?\s*", folded)
    if lone:
        return lone.group(1).upper()
    marker = re.search(rf"(?m)^\s*[*_]*\s*(?:\(({L})\)|({L})\s*[.、:：\)）])", folded)
    if marker:
        return (marker.group(1) or marker.group(2)).upper()
    brackets = re.findall(rf"[\(\[]\s*({L})\s*[\)\]]", folded)
    if brackets:
        return brackets[-1].upper()
    return None


CHOICE_PIPELINES: dict[str, Callable[[str, str], str | None]] = {
    "strict": extract_choice_strict,
    "flexible": extract_choice_flexible,
}


def extract_choice(text: str, letters: str = DEFAULT_LETTERS) -> dict[str, str | None]:
    """`{pipeline: letter or None}` for every multiple-choice pipeline."""
    return {name: fn(text, letters) for name, fn in CHOICE_PIPELINES.items()}


# ---------------------------------------------------------------------------------------------- numbers

# 1,600 / 1600 / -3.5 / .5 ; a comma group needs exactly three digits, so "1, 2, 3" stays three numbers.
_NUM = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|-?\.\d+"
_NUM_RE = re.compile(_NUM)
_PREFIX = r"[\s:：]*(?:\$|¥|￥|€|£|USD|RMB)?\s*"


def normalize_number(text: str) -> str | None:
    """Canonical string of the first number in `text` (commas, currency and units dropped), else None.

    `"$1,600.00"` -> `"1600"`, `"-0.50 kg"` -> `"-0.5"`, `"3/4"` -> `"0.75"`.
    """
    folded = _fold(text).replace("−", "-")
    frac = re.search(r"(-?\d+)\s*/\s*(\d+)", folded)
    m = _NUM_RE.search(folded)
    if frac and m and frac.start() == m.start() and int(frac.group(2)) != 0:
        value = Decimal(frac.group(1)) / Decimal(frac.group(2))
    elif m:
        try:
            value = Decimal(m.group(0).replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex only lets numbers through
            return None
    else:
        return None
    return _canonical(value)


def _canonical(value: Decimal) -> str:
    value = value.quantize(Decimal("1e-6")) if value != value.to_integral_value() else value
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def numbers_equal(a: str | None, b: str | None, tol: float = 1e-6) -> bool:
    """Numeric equality of two canonical numbers; None equals nothing."""
    if a is None or b is None:
        return False
    return abs(Decimal(a) - Decimal(b)) <= Decimal(str(tol))


_STRICT_NUM = [
    re.compile(rf"####{_PREFIX}({_NUM})"),
    re.compile(rf"the\s+(?:final\s+)?answer\s+is{_PREFIX}({_NUM})", re.IGNORECASE),
]
_ZH_NUM = re.compile(rf"(?:答案|结果)\s*(?:是|为|:|：)\s*{_PREFIX}({_NUM})")


def extract_number_strict(text: str) -> str | None:
    """Number after the first `####` or `The answer is`, else None."""
    folded = _fold(text)
    best: tuple[int, str] | None = None
    for pattern in _STRICT_NUM:
        m = pattern.search(folded)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.group(1))
    return normalize_number(best[1]) if best else None


def _boxed_contents(text: str) -> list[str]:
    """Contents of every `\\boxed{…}`, braces balanced (`\\boxed{\\frac{1}{2}}` works)."""
    out = []
    for m in re.finditer(r"\\boxed\s*\{", text):
        depth, i = 1, m.end()
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        if depth == 0:
            out.append(text[m.end() : i - 1])
    return out


def _latex_number(body: str) -> str | None:
    frac = re.search(r"\\d?frac\{(-?\d+)\}\{(\d+)\}", body)
    if frac and int(frac.group(2)) != 0:
        return _canonical(Decimal(frac.group(1)) / Decimal(frac.group(2)))
    return normalize_number(body.replace("\\$", "").replace("\\,", ""))


def extract_number_flexible(text: str) -> str | None:
    """`strict`, else the last `\\boxed{}`, else `答案是N`, else the last number in the text."""
    found = extract_number_strict(text)
    if found is not None:
        return found
    folded = _fold(text).replace("−", "-")
    for body in reversed(_boxed_contents(folded)):
        value = _latex_number(body)
        if value is not None:
            return value
    zh = _ZH_NUM.findall(folded)
    if zh:
        return normalize_number(zh[-1])
    numbers = _NUM_RE.findall(folded)
    return normalize_number(numbers[-1]) if numbers else None


NUMBER_PIPELINES: dict[str, Callable[[str], str | None]] = {
    "strict": extract_number_strict,
    "flexible": extract_number_flexible,
}


def extract_number(text: str) -> dict[str, str | None]:
    """`{pipeline: canonical number or None}` for every GSM8K pipeline."""
    return {name: fn(text) for name, fn in NUMBER_PIPELINES.items()}


def gsm8k_gold(answer: str) -> str:
    """The reference number of a GSM8K solution: what follows the last `####`."""
    tail = answer.rsplit("####", 1)[-1]
    value = normalize_number(tail)
    if value is None:
        raise ValueError(f"GSM8K answer has no number after ####: {answer[-80:]!r}")
    return value
