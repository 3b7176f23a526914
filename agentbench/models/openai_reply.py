"""Reading an OpenAI-compatible chat completion body into a ModelOutput, whatever the endpoint sent.

Every shape an endpoint can send ends in one of two places: a ModelOutput (odd but usable data is
normalised: content parts joined, null content as "", odd usage counts as 0, lone surrogates as U+FFFD)
or `MalformedResponse` (the body is not a chat completion: not JSON, nested too deeply for the parser, no
choices, no message, content of the wrong type), which the backend retries a few times and then records
as a `bad_response` harness error. Nothing here raises anything else.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from agentbench.types import ModelOutput, ToolCall, Usage

_SURROGATES = re.compile("[\ud800-\udfff]")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_MAX_TOKEN_COUNT = 10**9
"""A usage count above this is not believable (and would overflow float cost sums): it counts as 0."""
_TEXT_PART_TYPES = (None, "text", "output_text")


class MalformedResponse(Exception):
    """The endpoint answered 200 but not with a readable chat completion."""


def safe_text(text: str) -> str:
    """`text` writable as UTF-8: lone surrogates (JSON `"\\ud800"`, or CESU bytes) become U+FFFD."""
    return _SURROGATES.sub("\ufffd", text) if _SURROGATES.search(text) else text


def one_line(text: object, limit: int = 200) -> str:
    text = safe_text(" ".join(str(text).split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def what(value: object) -> str:
    """`a list`, `null`, ... for messages about a value of the wrong type (never the value itself)."""
    if value is None:
        return "null"
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number",
             float: "a number"}
    return names.get(type(value), f"a {type(value).__name__}")


def describe_body(body: str, limit: int = 160) -> str:
    """A short description of a body that is not the JSON expected (empty, an HTML page, other text)."""
    stripped = body.strip()
    if not stripped:
        return "an empty body"
    if stripped.startswith("<"):
        title = _TITLE.search(stripped[:4096])
        return f"an HTML page ({one_line(title.group(1), 80)!r})" if title else "an HTML page"
    return one_line(stripped, limit)


def loads(content: bytes | str) -> Any:
    """json.loads that raises only MalformedResponse (bad JSON, too deep, invalid UTF-8 repaired first)."""
    try:
        return json.loads(content)
    except UnicodeDecodeError:  # invalid UTF-8 is the text's problem, not the structure's: keep the reply
        assert isinstance(content, bytes)
        return loads(content.decode("utf-8", "replace"))
    except RecursionError:  # e.g. "[" * 100000: the C parser gives up with RecursionError, not ValueError
        raise MalformedResponse("JSON nested too deeply to read") from None
    except ValueError as exc:
        text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
        raise MalformedResponse(f"not JSON ({getattr(exc, 'msg', exc)}): {describe_body(text, 80)}") from None


def read_completion(content: bytes, latency_s: float) -> ModelOutput:
    """The ModelOutput of a 200 body, or MalformedResponse."""
    data = loads(content)
    if not isinstance(data, dict):
        raise MalformedResponse(f"the body is {what(data)}, not an object")
    choices = data.get("choices")
    if not isinstance(choices, list) or not choices:
        if data.get("error"):  # some providers answer 200 with an error object
            raise MalformedResponse(f"error in a 200 reply: {one_line(_error_text(data['error']), 160)}")
        raise MalformedResponse("no choices" if choices in (None, []) else f"choices is {what(choices)}, not a list")
    choice = choices[0]
    if not isinstance(choice, dict):
        raise MalformedResponse(f"choices[0] is {what(choice)}, not an object")
    message = choice.get("message")
    if not isinstance(message, dict):
        raise MalformedResponse("choices[0] has no message" if message is None
                                else f"choices[0].message is {what(message)}, not an object")
    finish = choice.get("finish_reason")
    return ModelOutput(text=safe_text(content_text(message.get("content"))), tool_calls=tool_calls(message),
                       usage=usage(data.get("usage")), latency_s=latency_s,
                       finish_reason=safe_text(finish) if isinstance(finish, str) else None)


def _error_text(error: Any) -> str:
    if isinstance(error, dict):
        return str(error.get("message") or error)
    return str(error)


def content_text(content: Any) -> str:
    """A message's content as text: a string, OpenAI content parts (text parts joined), or null ("")."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for part in content:
            if isinstance(part, str):
                texts.append(part)
            elif isinstance(part, dict) and part.get("type") in _TEXT_PART_TYPES and isinstance(part.get("text"), str):
                texts.append(part["text"])
        return "".join(texts)
    raise MalformedResponse(f"message content is {what(content)}, not text or content parts")


def tool_calls(message: dict[str, Any]) -> list[ToolCall]:
    """Native tool calls, arguments kept as text for the dialect to parse (and record repairs)."""
    raw_calls = message.get("tool_calls")
    if raw_calls is None:
        return []
    if not isinstance(raw_calls, list):
        raise MalformedResponse(f"tool_calls is {what(raw_calls)}, not a list")
    calls = []
    for i, call in enumerate(raw_calls):
        if not isinstance(call, dict):
            raise MalformedResponse(f"tool_calls[{i}] is {what(call)}, not an object")
        fn = call.get("function")
        if fn is None:
            fn = {}
        if not isinstance(fn, dict):
            raise MalformedResponse(f"tool_calls[{i}].function is {what(fn)}, not an object")
        calls.append(_tool_call(i, call.get("id"), fn.get("name"), fn.get("arguments")))
    return calls


def _tool_call(index: int, call_id: Any, name: Any, arguments: Any) -> ToolCall:
    problems = []
    if name is not None and not isinstance(name, str):
        problems.append(f"the function name is {what(name)}, not a string")
    if arguments is None or isinstance(arguments, str):
        raw = arguments or ""
    else:
        # an object is what the string should have held: keep it as JSON text; anything else is the
        # model's (or the server's) mistake, recorded as a parse error of this call
        try:
            raw = json.dumps(arguments, ensure_ascii=False)
        except (ValueError, RecursionError):
            raise MalformedResponse(f"tool_calls[{index}] arguments cannot be read back as JSON") from None
        if not isinstance(arguments, dict):
            problems.append(f"arguments are {what(arguments)}, not a JSON object string")
    return ToolCall(id=safe_text(call_id) if isinstance(call_id, str) and call_id else f"call_{index}",
                    name=safe_text(name) if isinstance(name, str) else "", raw=safe_text(raw), arguments=None,
                    parse_error="; ".join(problems) or None)


def usage(raw: Any) -> Usage:
    """Token counts; a count that is not a non-negative number (string, null, object, negative) is 0."""
    if not isinstance(raw, dict):
        return Usage()
    return Usage(prompt_tokens=_count(raw.get("prompt_tokens")), completion_tokens=_count(raw.get("completion_tokens")))


def _count(value: Any) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, str) and 0 < len(value.strip()) <= 12 and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())  # a few servers quote numbers
    if isinstance(value, float):
        value = int(value) if math.isfinite(value) else 0
    if isinstance(value, int) and 0 <= value <= _MAX_TOKEN_COUNT:
        return value
    return 0
