"""Chinese-aware text normalisation used by argument matchers and answer checks.

Two folds with different jobs:
- `fold_value` for argument values: folds only what carries no meaning (width, case, whitespace,
  decorative punctuation, quote styles) and keeps signs, decimal points, date/time separators, `@`, `/`
  and `.` — `"-5"` is not `"5"`, `"3.5"` is not `"35"`, `"2026-1-12"` is not `"2026-11-2"`.
- `norm_text` for containment of a fact in a free-text answer (answer checks): drops all punctuation.
"""

from __future__ import annotations

import re
import unicodedata

# Chinese punctuation that carries no meaning for a fact inside an answer (answer checks only).
_PUNCT = re.compile(r"[\s\u3000，。、；：！？“”‘’「」『』（）《》【】·…—,.;:!?\"'()\[\]<>{}\-_/\\|]+")

# Dashes and minus signs NFKC leaves alone; all mean the ASCII hyphen-minus in a value.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2212\ufe63", "-"))
# Quote styles fold to one double and one single quote: a quote inside a value is kept, its style is not.
_QUOTES = str.maketrans({**dict.fromkeys("“”„«»「」『』〝〞", '"'), **dict.fromkeys("‘’‚‹›′`", "'")})
# Pairs that may wrap a whole value without being part of it (after the quote fold).
_WRAPPERS = {'"': '"', "'": "'", "《": "》", "【": "】", "〈": "〉", "〔": "〕"}
# Decorative: sentence punctuation and separators. Kept (as one separator) between two digits.
_DECOR_RUN = re.compile(r"[\s,;!?、。…—·・]+")
_EDGE_LEAD = "\t\n\r ,;!?、。…—·・"
_EDGE_TRAIL = _EDGE_LEAD + "."  # a trailing full stop ends a sentence; a leading one is ".5"


def width_fold(text: str) -> str:
    """Full-width letters, digits and punctuation to half-width (NFKC), lower-cased."""
    return unicodedata.normalize("NFKC", text).lower()


def norm_text(text: str) -> str:
    """Width-folded, case-folded, punctuation and whitespace removed (fact containment in answers)."""
    return _PUNCT.sub("", width_fold(text))


def norm_place(text: str, aliases: dict[str, str] | None = None) -> str:
    """Kept for tools written against the old path; compare places with `places.same_place`."""
    from agentbench.text.places import norm_place as place_norm  # places imports this module

    return place_norm(text, aliases)


def _strip_edges(text: str) -> str:
    while True:
        stripped = text.lstrip(_EDGE_LEAD).rstrip(_EDGE_TRAIL)
        if len(stripped) >= 2 and _WRAPPERS.get(stripped[0]) == stripped[-1]:
            stripped = stripped[1:-1]
        if stripped == text:
            return text
        text = stripped


def _keep_between_digits(m: re.Match[str]) -> str:
    text, start, end = m.string, m.start(), m.end()
    if 0 < start and end < len(text) and text[start - 1].isdigit() and text[end].isdigit():
        run = m.group().strip()
        return run[0] if run else " "  # "1, 2" -> "1,2"; "1  2" -> "1 2": never "12"
    return ""


def fold_value(text: str) -> str:
    """Fold an argument value for comparison: width, case, whitespace, decorative punctuation, quote style."""
    folded = width_fold(text).translate(_DASHES).translate(_QUOTES)
    return _DECOR_RUN.sub(_keep_between_digits, _strip_edges(folded))


_CJK = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_URLISH = re.compile(r"!\[[^\]]*\]\([^)]*\)|https?://\S+")


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def language_of(text: str) -> str | None:
    """'zh', 'en' or None (no letters at all). URLs and markdown images are ignored.

    Chinese when CJK characters are at least as many as Latin words: an English sentence quoting a
    Chinese place name stays English, a Chinese sentence quoting an English term stays Chinese.
    """
    body = _URLISH.sub(" ", text)
    cjk = len(_CJK.findall(body))
    words = len(_LATIN_WORD.findall(body))
    if cjk == 0 and words == 0:
        return None
    return "zh" if cjk >= words else "en"
