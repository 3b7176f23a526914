"""Reading the tool name a model wrote: decoration is stripped only when that yields an offered tool.

Models decorate names (`` `amap_weather` ``, `"amap_weather"`, `amap_weather API`, `amap_weather()`,
`[amap_weather]`, `amap_weather 查询北京天气`). A blind cleaner cuts real names instead: `search_tool`,
`weather_api`, `openapi` and a declared `Calculator Tool` are names, not `search_` / `weather_` / `open` /
`Calculator`. So with the offered names known, the name is kept as written when it is offered, else the
first, least aggressive cleaning that gives an offered name wins, else it is kept as written (a call to
an unknown tool is the scorer's business, and it should see what the model wrote). Without offered names
(a parser called on its own) only decoration that no identifier can contain is stripped.
"""

from __future__ import annotations

from collections.abc import Collection

DECORATION = "`'\"“”‘’[]【】<>()（）*。.,，;；:："
"""Characters no tool identifier starts or ends with: quotes, brackets, call parentheses, punctuation."""
SUFFIX_WORDS = ("api", "tool", "工具")
"""Words models append to a name (`amap_weather API`); cut only as a separate word or after a CJK name."""


def candidates(first: str) -> list[str]:
    """Cleanings of one name line, least aggressive first (each a plain string operation: linear)."""
    out = [first]
    bare = first.strip(DECORATION + " \t")
    out.append(bare)
    words = bare.split()
    if len(words) > 1 and words[-1].lower() in SUFFIX_WORDS:
        out.append(bare[:bare.rfind(words[-1])].strip(DECORATION + " \t"))
    elif bare.endswith("工具") and len(bare) > 2:
        out.append(bare[:-2].strip(DECORATION + " \t"))
    if words:
        out.append(words[0].strip(DECORATION))
    return [c for c in dict.fromkeys(out) if c]


def clean_name(raw: str, offered: Collection[str] = ()) -> tuple[str, bool]:
    """(tool name, whether it differs from what the model wrote) for the text after an `Action:`-like key.

    Only the first non-empty line counts (the rest is never part of a name)."""
    written = raw.strip()
    first = next((ln.strip() for ln in written.splitlines() if ln.strip()), "")
    options = candidates(first)
    if len(options) < 2 and not first.strip(DECORATION + " \t"):
        return "", bool(written)  # only decoration (`Action: ``): no name at all
    if offered:
        name = next((c for c in options if c in offered), first)
    else:
        name = options[-1]
    return name, name != written
