"""`Action Input` that is not a JSON object but still says clearly what the tool gets.

Two readings, each a named repair, tried only after strict JSON / Python literal / JSON5 failed:

- keyword style, `city="北京", date="2026-11-23"` or `city=北京, date=2026-11-23` (`keyword_args`): when
  the tool is known, every key must be one of its parameters (else `x=2+3` for a calculator would be
  read as an argument named x);
- the raw text, for a tool with exactly one required string parameter (`raw_string_args`): LangChain's
  ReAct parser hands a bare `Action Input` to such a tool as the string, quotes stripped
  (langchain-ai/langchain, libs/langchain/langchain/agents/output_parsers/react_single_input.py).
  Only a single line that does not start like JSON (`{`, `[`, a fence): broken JSON stays broken, and
  text spanning lines is prose glued to the input, not the input.
"""

from __future__ import annotations

import json
import re
from typing import Any

from agentbench.dialects.args import load_value
from agentbench.types import ToolSpec

KEY_RE = re.compile(r"[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*[=＝][ \t]*")
NEXT_KEY_RE = re.compile(r"[,，;；\n][ \t]*(?=[A-Za-z_][A-Za-z0-9_]*[ \t]*[=＝])")
"""Where a bare value ends: a separator followed by the next `key=`."""
SEP_RE = re.compile(r"[ \t]*(?:[,，;；\n][ \t]*)?")
SCALARS: dict[str, Any] = {"true": True, "false": False, "null": None, "True": True, "False": False, "None": None}


def _quoted_end(text: str, i: int) -> int | None:
    """Index just past the string literal starting with the quote at text[i]; None if it never closes."""
    j = i + 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == text[i]:
            return j + 1
        if text[j] == "\n":
            return None
        j += 1
    return None


def _bare_value(text: str) -> Any:
    value = text.strip()
    if value in SCALARS:
        return SCALARS[value]
    if re.fullmatch(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?", value):
        return json.loads(value)
    return value


def keyword_args(text: str) -> dict[str, Any] | None:
    """`a="x", b=2` / `a=x, b=y` as a dict, or None when the text is not entirely in that form."""
    out: dict[str, Any] = {}
    pos = 0
    while pos < len(text):
        key = KEY_RE.match(text, pos)
        if key is None or key.group(1) in out:
            return None
        pos = key.end()
        if pos < len(text) and text[pos] in "\"'":
            end = _quoted_end(text, pos)
            value, _, error = load_value(text[pos:end]) if end else (None, None, "unclosed")
            if end is None or error is not None or not isinstance(value, str):
                return None
            out[key.group(1)] = value
            sep = SEP_RE.match(text, end)
            pos = sep.end() if sep else end
            if sep is not None and sep.end() == end and pos < len(text):
                return None  # two values with nothing between them
        else:
            nxt = NEXT_KEY_RE.search(text, pos)
            stop = nxt.start() if nxt else len(text)
            if not text[pos:stop].strip():
                return None
            out[key.group(1)] = _bare_value(text[pos:stop])
            pos = nxt.end() if nxt else stop
    return out or None


def single_string_param(spec: ToolSpec | None) -> str | None:
    """The tool's parameter name when it has exactly one required parameter and that one is a string."""
    if spec is None:
        return None
    required = spec.parameters.get("required") or []
    props = spec.parameters.get("properties") or {}
    if len(required) != 1 or not isinstance(props.get(required[0]), dict):
        return None
    return required[0] if props[required[0]].get("type") == "string" else None


def loose_arguments(raw: str, spec: ToolSpec | None) -> tuple[dict[str, Any], str] | None:
    """(arguments, repair name) for argument text no strict reader accepted, or None (a format error)."""
    text = raw.strip()
    if not text or text.startswith(("{", "[", "```")):
        return None
    kwargs = keyword_args(text)
    props = (spec.parameters.get("properties") or {}) if spec else {}
    if kwargs is not None and (not props or set(kwargs) <= set(props)):
        return kwargs, "keyword_args"
    param = single_string_param(spec)
    if param is None or "\n" in text:
        return None
    value, _, error = load_value(text)
    return {param: value if error is None and isinstance(value, str) else text}, "raw_string_args"
