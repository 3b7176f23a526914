"""Reading tool-call arguments the way models actually write them, every tolerance named.

Order: strict JSON, then a Python literal (`ast.literal_eval`, never eval: ms-swift conversions write
`{'location': '北京'}`), then JSON5 (unquoted keys, comments). Anything that is not a JSON object in the
end (a bare string, a list, a set) is unparseable: the parser says why, it never guesses.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

import json5

from agentbench.types import ParseResult, ToolCall

MAX_LITERAL_CHARS = 100_000
"""ast.literal_eval on huge or deeply nested text can exhaust memory; longer text skips that step."""
MAX_JSON5_CHARS = 8_000
"""The json5 package reads ~10 µs a character (pure Python): longer text skips that step, so a 100 000-char
reply cannot stall a parser for a second. Long arguments are JSON or Python literals in practice."""

FENCE_RE = re.compile(r"^```[ \t]*[A-Za-z0-9_+-]*[ \t]*\r?\n?(.*?)\r?\n?[ \t]*```$", re.S)


def dump_args(arguments: dict[str, Any]) -> str:
    """How a perfect model writes arguments: one-line JSON, Chinese kept as is (never `\\u4e0a`)."""
    return json.dumps(arguments, ensure_ascii=False)


def _jsonable(value: Any) -> tuple[bool, Any]:
    """(ok, value with tuples turned into lists); ok is False for sets, bytes, complex, non-str keys."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return True, value
    if isinstance(value, (list, tuple)):
        out = []
        for item in value:
            ok, item = _jsonable(item)
            if not ok:
                return False, None
            out.append(item)
        return True, out
    if isinstance(value, dict):
        res: dict[str, Any] = {}
        for key, item in value.items():
            ok, item = _jsonable(item)
            if not ok or not isinstance(key, str):
                return False, None
            res[key] = item
        return True, res
    return False, None


def load_value(text: str) -> tuple[Any, str | None, str | None]:
    """(value, repair name or None, error or None)."""
    try:
        return json.loads(text), None, None
    except (ValueError, RecursionError) as exc:
        json_error = f"not JSON ({exc})"
    if len(text) <= MAX_LITERAL_CHARS:
        try:
            return ast.literal_eval(text), "python_literal_args", None
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            pass
    if len(text) > MAX_JSON5_CHARS:
        return None, None, json_error
    try:
        return json5.loads(text), "json5_args", None
    except Exception:  # json5 raises several types (ValueError, its own errors); all mean "not JSON5"
        return None, None, json_error


def parse_arguments(raw: str, *, note_multiline: bool = False) -> tuple[dict[str, Any] | None, list[str], str | None]:
    """(arguments or None, repairs applied, parse error or None) for argument text as the model wrote it.

    `note_multiline`: record `multiline_args` when the object spans lines (text dialects whose reference
    parsers read one line only)."""
    repairs: list[str] = []
    text = raw.strip()
    fence = FENCE_RE.match(text)
    if fence:
        text = fence.group(1).strip()
        repairs.append("fenced_args")
    if not text:
        return None, repairs, "empty arguments"
    if note_multiline and "\n" in text:
        repairs.append("multiline_args")
    value, how, error = load_value(text)
    if error is not None:
        return None, repairs, error
    if how:
        repairs.append(how)
    if isinstance(value, str) and value.strip()[:1] == "{":
        inner, inner_how, inner_error = load_value(value.strip())
        if inner_error is None and isinstance(inner, dict):
            value = inner
            repairs.append("double_encoded_args")
            if inner_how:
                repairs.append(inner_how)
    if not isinstance(value, dict):
        kind = "a string" if isinstance(value, str) else f"a {type(value).__name__}"
        return None, repairs, f"arguments are {kind}, not a JSON object"
    ok, value = _jsonable(value)
    if not ok:
        return None, repairs, "arguments hold a value JSON cannot carry (set, bytes, complex, non-string key)"
    return value, repairs, None


def read_call(call_id: str, name: str, raw: str | None, *, note_multiline: bool = False,
              repairs: list[str] | None = None) -> tuple[ToolCall, tuple[str, str] | None]:
    """Build one ToolCall from a name and argument text; (call, (format error code, detail) or None).

    `raw=None` means the arguments are missing altogether (MISSING_ACTION_INPUT)."""
    call_repairs = list(repairs or [])
    call = ToolCall(id=call_id, name=name, raw=raw or "")
    error: tuple[str, str] | None = None
    if raw is None:
        call.parse_error = "no arguments"
        error = ("MISSING_ACTION_INPUT", f"{call_id} ({name!r}): the call has no arguments")
    else:
        args, arg_repairs, problem = parse_arguments(raw, note_multiline=note_multiline)
        call_repairs.extend(arg_repairs)
        if problem is not None:
            call.parse_error = problem
            error = ("ARGS_UNPARSEABLE", f"{call_id} ({name!r}): {problem}: {raw.strip()[:200]!r}")
        call.arguments = args
    if not name:
        call.parse_error = call.parse_error or "no tool name"
        error = error or ("NO_ACTION_NAME", f"{call_id}: the call names no tool")
    call.repairs = call_repairs
    return call, error


def finish(result: ParseResult, errors: list[tuple[str, str]], repairs: list[str]) -> ParseResult:
    """Set the first format error (with a count of the others) and the de-duplicated repair list."""
    for call in result.calls:
        repairs.extend(call.repairs)
    result.repairs = list(dict.fromkeys(repairs))
    if errors:
        code, detail = errors[0]
        if len(errors) > 1:
            detail += f" (and {len(errors) - 1} more problem(s))"
        result.error, result.error_detail, result.answer = code, detail, None  # type: ignore[assignment]
    return result
