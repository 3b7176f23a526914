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
MAX_CALLS = 64
"""Calls read from one reply; more is a repetition loop (no scenario expects that many). The rest of the
reply is cut with the repair `call_limit_cut`: the calls kept are already far too many for any turn, and
reading 10 000 of them would take a parser most of a second."""
JSON5_BUDGET = 4_000
"""Characters of JSON5 reading one reply may spend; each attempt costs at least JSON5_MIN_CHARGE. The json5
package reads ~10 µs a character, even to fail (pure Python), so without a budget a 100 000-char reply or
thousands of broken `Action Input`s stall a parser for seconds. Past it, text that is neither JSON nor a
Python literal is unparseable; real arguments that long are JSON or Python literals."""
JSON5_MIN_CHARGE = 200


class Budget:
    """What slow lenient reading one reply may still spend (one per parse, shared by its calls)."""

    def __init__(self, json5_chars: int = JSON5_BUDGET):
        self.json5_chars = json5_chars

    def take_json5(self, length: int) -> bool:
        cost = max(length, JSON5_MIN_CHARGE)
        if cost > self.json5_chars:
            return False
        self.json5_chars -= cost
        return True

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


def load_value(text: str, budget: Budget | None = None) -> tuple[Any, str | None, str | None]:
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
    if not (budget or Budget()).take_json5(len(text)):
        return None, None, json_error
    try:
        return json5.loads(text), "json5_args", None
    except Exception:  # json5 raises several types (ValueError, its own errors); all mean "not JSON5"
        return None, None, json_error


def parse_arguments(raw: str, *, note_multiline: bool = False,
                    budget: Budget | None = None) -> tuple[dict[str, Any] | None, list[str], str | None]:
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
    value, how, error = load_value(text, budget)
    if error is not None:
        return None, repairs, error
    if how:
        repairs.append(how)
    if isinstance(value, str) and value.strip()[:1] == "{":
        inner, inner_how, inner_error = load_value(value.strip(), budget)
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
              repairs: list[str] | None = None, budget: Budget | None = None) -> tuple[ToolCall, tuple[str, str] | None]:
    """Build one ToolCall from a name and argument text; (call, (format error code, detail) or None).

    `raw=None` means the arguments are missing altogether (MISSING_ACTION_INPUT)."""
    call_repairs = list(repairs or [])
    call = ToolCall(id=call_id, name=name, raw=raw or "")
    error: tuple[str, str] | None = None
    if raw is None:
        call.parse_error = "no arguments"
        error = ("MISSING_ACTION_INPUT", f"{call_id} ({name!r}): the call has no arguments")
    else:
        args, arg_repairs, problem = parse_arguments(raw, note_multiline=note_multiline, budget=budget)
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
