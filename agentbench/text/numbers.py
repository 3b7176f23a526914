"""The numbers a text states: Arabic (2,358 / 1.5), Chinese (两千三百五十八 / 三点五), mixed (2万3千 / 1.5万),
with a sign (零下五度 / 零下5℃ / 负五 / -5 / minus 5).

Rule-based on purpose: cn2an (the maintained library) turns 零下五度 into "0下5度", leaves 2万3千 alone in
its text mode, rewrites words such as 一共 / 一下 into 1共 / 1下, warns on stderr and raises ValueError on
input it dislikes. An answer checker needs the opposite: never raise, and read a lone Chinese digit as a
number only where it is one (两位 / 五度 / 三到五天), not inside words (一共, 万一, 一点儿, 十分).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10**4, "亿": 10**8}

_ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CN_DIGIT = "零〇一二三四五六七八九两"
_CN_ALL = _CN_DIGIT + "十百千万亿"
_CN_PART = rf"[{_CN_DIGIT}十百万亿]|千(?![米克瓦])"  # 3千米 is 3 km, not 3000 m
# 零上 / 零下 are signs, not the digit 零; "零下 -60°C" (seen in the wild) is still -60.
_SIGN = r"零下\s*-?|零上|负|-|\+|minus\s+|negative\s+"
_START = rf"(?:{_ARABIC}|[{_CN_DIGIT}十])"
_PART = rf"(?:{_ARABIC}|{_CN_PART}|点(?=[{_CN_DIGIT}]))"
_NUMBER = re.compile(rf"(?P<sign>{_SIGN})?(?P<body>{_START}{_PART}*)", re.IGNORECASE)
_TOKEN = re.compile(rf"{_ARABIC}|点[{_CN_DIGIT}]+|[{_CN_ALL}]")

# After a lone Chinese digit these make it a count or a measure: 两位, 五度, 三个, 七天, 九折.
# Not 点 (一点儿 "a bit") and not 分 (十分 "very"); clock times are facts like "18:00".
MEASURES = (
    "小时", "分钟", "公里", "千米", "公斤", "毫升", "摄氏度", "个", "位", "名", "人", "口", "次", "回", "遍", "趟",
    "天", "日", "号", "月", "年", "岁", "周", "秒", "度", "℃", "°", "元", "块", "角", "毛", "张", "本", "只", "条",
    "件", "台", "辆", "架", "间", "家", "座", "层", "楼", "份", "杯", "碗", "盘", "瓶", "桌", "套", "双", "对", "倍",
    "成", "折", "米", "里", "斤", "克", "吨", "升", "页", "章", "篇", "首", "句", "行", "站", "晚", "夜", "室", "级",
    "班", "场", "局", "%", "‰",
)
_RANGE = re.compile(rf"\s*(?:到|至|~|～|-|—|或)\s*(?:\d|[{_CN_ALL}]|零下|负)")
_CJK = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")


@dataclass(frozen=True)
class Number:
    value: float
    start: int
    end: int
    """Span in the folded text (see `fold`)."""


def fold(text: str) -> str:
    """Width-folded (NFKC, so ２３ and －５ read as 23 and -5), lower-cased, the minus sign as '-'."""
    return unicodedata.normalize("NFKC", text).lower().replace("\u2212", "-")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and bool(_CJK.match(ch))


def _blocked_before(text: str, start: int) -> bool:
    """Part of something else: an id (R0001), a date or version (2026-11-23, 1.2.3), a list written 1,2."""
    before = text[max(0, start - 2):start]
    return bool(before) and (before[-1].isascii() and before[-1].isalnum()
                             or len(before) == 2 and before[0].isdigit() and before[1] in ".,-")


def _lone_digit_is_number(text: str, start: int, end: int) -> bool:
    rest = text[end:]
    if rest.startswith(MEASURES) or _RANGE.match(rest):
        return True
    prev = text[start - 1] if start else ""
    return not _is_cjk(prev) and not _is_cjk(rest[:1])


def _positional(body: str) -> float | None:
    """二〇二六 -> 2026. Two digits without a unit (两三天, 三四个) are a vague amount, not a number."""
    if "两" in body or len(body) < 3 and not set(body) & {"零", "〇"}:
        return None
    return float("".join(str(DIGITS[c]) for c in body))


def chinese_value(body: str) -> float | None:
    """Value of a numeral written with Chinese digits and units, Arabic digits allowed (2万3千, 1.5万)."""
    if body and all(c in DIGITS for c in body):
        return _positional(body) if len(body) > 1 else float(DIGITS[body])
    total = section = 0.0
    pending: float | None = None
    unit_before = 0  # the unit right before the pending digit: 三百五 = 350, 两千三 = 2300, 一万二 = 12000
    last_unit = 0
    for tok in _TOKEN.findall(body):
        if tok[0] == "点":
            pending = (pending or 0.0) + float("0." + "".join(str(DIGITS[c]) for c in tok[1:]))
            last_unit = unit_before = 0
        elif tok in SMALL_UNITS or tok in BIG_UNITS:
            unit = SMALL_UNITS.get(tok) or BIG_UNITS[tok]
            if tok in SMALL_UNITS:
                section += (1.0 if pending is None else pending) * unit
            else:
                base = section + (pending or 0.0)
                total = (total + base) * unit if unit > 10**4 else total + base * unit
                section = 0.0
            pending, last_unit, unit_before = None, unit, 0
        elif tok in ("零", "〇"):
            last_unit = 0  # a placeholder: 一百零五 = 105
        elif tok in DIGITS:
            pending, unit_before, last_unit = float(DIGITS[tok]), last_unit, 0
        else:
            pending, unit_before, last_unit = float(tok.replace(",", "")), last_unit, 0
    if pending is not None and unit_before >= 100 and pending < 10 and pending.is_integer():
        pending *= unit_before // 10
    return total + section + (pending or 0.0)


def _sign_of(sign: str) -> float:
    return -1.0 if sign and (sign.startswith(("零下", "负", "-", "minus", "negative"))) else 1.0


def read_numbers(text: str) -> list[Number]:
    """Every number the text states, in order, standing alone: 2 is not read in 12, 2.5, R0002 or 2026-11-02."""
    folded = fold(text)
    found: list[Number] = []
    for m in _NUMBER.finditer(folded):
        sign, body = m.group("sign") or "", m.group("body")
        if _blocked_before(folded, m.start()):
            continue
        chinese_start = body[0] in _CN_DIGIT or body[0] == "十"
        if len(body) == 1 and chinese_start and not sign and not _lone_digit_is_number(folded, m.start(), m.end()):
            continue
        value = chinese_value(body)
        if value is None:
            continue
        found.append(Number(_sign_of(sign) * value, m.start(), m.end()))
    return found


def as_number(text: str) -> float | None:
    """The value when the whole text is one number (a fact such as "-5", "零下五", "2,358", "1.5万")."""
    folded = fold(text).strip()
    numbers = read_numbers(folded)
    if len(numbers) == 1 and numbers[0].start == 0 and numbers[0].end == len(folded):
        return numbers[0].value
    return None
