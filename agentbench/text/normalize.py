"""Chinese-aware text normalisation used by argument matchers and answer checks."""

from __future__ import annotations

import re
import unicodedata

# Chinese punctuation that carries no meaning for an argument value.
_PUNCT = re.compile(r"[\s\u3000，。、；：！？“”‘’「」『』（）《》【】·…—,.;:!?\"'()\[\]<>{}\-_/\\|]+")

ADMIN_SUFFIXES = ("特别行政区", "自治区", "自治州", "省", "市", "区", "县")

# A few well-known place aliases; scenarios add their own with `aliases:`.
PLACE_ALIASES: dict[str, str] = {
    "beijing": "北京", "peking": "北京", "京": "北京",
    "shanghai": "上海", "沪": "上海",
    "guangzhou": "广州", "shenzhen": "深圳", "hangzhou": "杭州", "chengdu": "成都",
    "wuhan": "武汉", "nanjing": "南京", "xian": "西安", "xi'an": "西安", "chongqing": "重庆",
    "tianjin": "天津", "hongkong": "香港", "hong kong": "香港",
}


def width_fold(text: str) -> str:
    """Full-width letters, digits and punctuation to half-width (NFKC), lower-cased."""
    return unicodedata.normalize("NFKC", text).lower()


def norm_text(text: str) -> str:
    """Width-folded, case-folded, punctuation and whitespace removed."""
    return _PUNCT.sub("", width_fold(text))


def strip_admin_suffix(text: str) -> str:
    for suffix in ADMIN_SUFFIXES:
        if text.endswith(suffix) and len(text) - len(suffix) >= 2:
            return text[: -len(suffix)]
    return text


def norm_place(text: str, aliases: dict[str, str] | None = None) -> str:
    """Normalise a place name: 上海市 / 上海 / Shanghai / ＳＨＡＮＧＨＡＩ all give 上海."""
    folded = width_fold(text).strip()
    table = {**PLACE_ALIASES, **{width_fold(k): v for k, v in (aliases or {}).items()}}
    folded = table.get(folded, folded)
    return strip_admin_suffix(norm_text(folded))


_CJK = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_URLISH = re.compile(r"!\[[^\]]*\]\([^)]*\)|https?://\S+")


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
