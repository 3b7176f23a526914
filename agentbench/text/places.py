"""Place names: 北京 / 北京市 / Beijing / Beijing, China / 北京，中国 / ＢＥＩＪＩＮＧ are one place, 臺北 is 台北.

How two names are compared (`same_place`):
1. Split on commas; the first part names the place. Trailing parts may only qualify it (China or a
   province-level region: `Hangzhou, Zhejiang, China`); a leading 中国 / province prefix is dropped too.
2. Traditional to simplified (OpenCC t2s), width and case folding, exonyms (Peking, Hong Kong, Taipei),
   administrative suffixes (市/区/县/省…, city/district…).
3. A Chinese name against a Latin one compares by toneless pinyin (pypinyin), so Chengdu, Xi'an and
   Chongqing need no alias table.
opencc and pypinyin load lazily, at the first place comparison that needs them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agentbench.text.normalize import fold_value, has_cjk, width_fold

ADMIN_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "地区", "新区", "省", "市", "区", "县", "镇", "乡")
_LATIN_SUFFIXES = ("municipality", "province", "district", "county", "city", "shi", "sheng")

# Names whose English form is not their toneless pinyin (postal, Wade-Giles, Cantonese, Tibetan...).
# Pinyin names (Chengdu, Xi'an) need no entry; scenarios add their own with `aliases:`.
EXONYMS: dict[str, str] = {
    "peking": "北京", "canton": "广州", "amoy": "厦门", "hongkong": "香港", "macau": "澳门", "macao": "澳门",
    "taipei": "台北", "kaohsiung": "高雄", "taichung": "台中", "hsinchu": "新竹", "keelung": "基隆",
    "harbin": "哈尔滨", "urumqi": "乌鲁木齐", "hohhot": "呼和浩特", "lhasa": "拉萨", "tibet": "西藏",
    "innermongolia": "内蒙古", "京": "北京", "沪": "上海",
}
COUNTRY = {"中国", "中华人民共和国", "china", "prc", "p.r.china", "cn"}
# Province-level regions that may qualify or prefix a place (municipalities excluded: "Beijing, Shanghai"
# is two places, not one qualified). Full autonomous-region names map to the short form.
PROVINCES = set(
    "河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南 陕西 甘肃 "
    "青海 台湾 内蒙古 广西 西藏 宁夏 新疆".split()
)
_REGION_FULL = {"广西壮族": "广西", "宁夏回族": "宁夏", "新疆维吾尔": "新疆"}
_SPLIT = re.compile(r"[,，、]")


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC  # lazy: opencc-python-reimplemented, pure Python, loads its dictionaries

    return OpenCC("t2s")


@lru_cache(maxsize=8192)
def pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin  # lazy: about half a second and tens of MB on first use

    return "".join(lazy_pinyin(text))


def _strip_suffix(key: str) -> str:
    suffixes = ADMIN_SUFFIXES if has_cjk(key) else _LATIN_SUFFIXES
    for suffix in suffixes:
        if key.endswith(suffix) and len(key) - len(suffix) >= 2:
            key = key[: -len(suffix)]
            break
    return _REGION_FULL.get(key, key)


def _part_key(part: str, aliases: dict[str, str]) -> str:
    folded = fold_value(_t2s().convert(part) if has_cjk(part) else part)
    if not has_cjk(folded):
        folded = folded.replace("'", "").replace("-", "")  # Xi'an, Xi-an
    folded = aliases.get(folded, EXONYMS.get(folded, folded))
    return _strip_suffix(folded)


def _is_region(key: str) -> bool:
    return key in COUNTRY or key in PROVINCES or any(key == pinyin(p) for p in PROVINCES) and not has_cjk(key)


def _drop_prefixes(key: str) -> str:
    """中国北京市 -> 北京, 浙江省杭州市 -> 杭州 (only when a name of two or more characters is left)."""
    for prefix in ("中华人民共和国", "中国", *sorted(PROVINCES, key=len, reverse=True)):
        rest = key[len(prefix):].removeprefix("省").removeprefix("自治区")
        if key.startswith(prefix) and len(rest) >= 2:
            return _strip_suffix(rest)
    return key


@lru_cache(maxsize=8192)
def place_key(text: str, aliases: tuple[tuple[str, str], ...] = ()) -> str | None:
    """The comparable form of a place name, or None when its trailing parts are not mere qualifiers."""
    table = {fold_value(k): v for k, v in aliases}
    parts = [p for p in _SPLIT.split(width_fold(text)) if p.strip()]
    if not parts:
        return ""
    keys = [_part_key(p, table) for p in parts]
    if not all(_is_region(k) for k in keys[1:]):
        return None
    return _drop_prefixes(keys[0]) if has_cjk(keys[0]) else keys[0]


def norm_place(text: str, aliases: dict[str, str] | None = None) -> str:
    """Normalise a place name: 上海市 / 上海 / Shanghai / ＳＨＡＮＧＨＡＩ all give 上海 (Latin names stay Latin)."""
    key = place_key(text, tuple(sorted((aliases or {}).items())))
    return key if key is not None else fold_value(text)


def same_place(a: str, b: str, aliases: dict[str, str] | None = None) -> bool:
    """One place? `aliases` maps extra names to a canonical name (a world's `weather_aliases`: 魔都 -> 上海)."""
    table = tuple(sorted((aliases or {}).items()))
    ka, kb = place_key(a, table), place_key(b, table)
    if ka is None or kb is None or not ka or not kb:
        return False
    if ka == kb:
        return True
    cjk_a, cjk_b = has_cjk(ka), has_cjk(kb)
    if cjk_a == cjk_b:
        return False
    chinese, latin = (ka, kb) if cjk_a else (kb, ka)
    return latin.isascii() and pinyin(chinese) == latin
