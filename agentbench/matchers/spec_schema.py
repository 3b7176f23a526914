"""JSON Schema of matcher specs, for `agentbench schema` (editors validate `args:` and `expect_state:`)."""

from __future__ import annotations

from typing import Any

REF = {"$ref": "#/$defs/Matcher"}
_SCALAR = {"type": ["string", "number", "integer", "boolean", "null"]}
_FLOAT = {"allow_float": {"type": "boolean", "description": "an integral float (5.0) is no type error for an "
                                                              "integer parameter"}}


def _op(name: str, value: dict[str, Any], description: str, **options: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "description": description, "required": [name], "additionalProperties": False,
            "properties": {name: value, **options, **_FLOAT}}


def matcher_defs() -> dict[str, Any]:
    """`$defs` entry `Matcher`: a literal, a list (ordered), a one-key matcher object, or a plain mapping."""
    items = {"type": "array", "items": REF}
    ops = [
        _op("eq", _SCALAR, "the literal rule, as a mapping that takes options"),
        _op("exact", {}, "byte-exact, same type"),
        _op("norm", {"type": "string"}, "normalised text", aliases={"type": "array", "items": {"type": "string"}}),
        _op("place", {"type": "string"}, "place name (suffixes, traditional, pinyin, qualifiers)",
            aliases={"type": "array", "items": {"type": "string"}}),
        _op("approx", {"type": "number"}, "number within tolerance", tol={"type": "number"}, rel={"type": "number"}),
        _op("enum", {"type": "array", "minItems": 1}, "any of the literals"),
        _op("regex", {"type": "string"}, "full match", example={}),
        _op("any_of", {**items, "minItems": 1}, "any sub-matcher"),
        _op("optional", {**items, "minItems": 1}, "absent, or any sub-matcher"),
        _op("set", items, "unordered, no repeats"),
        _op("multiset", items, "unordered, repeats count"),
        _op("list", items, "ordered"),
        _op("object", {"type": "object", "additionalProperties": REF}, "nested object",
            allow_extra={"type": "boolean"}),
        _op("present", {"const": True}, "any value", example={}),
    ]
    plain = {"type": "object", "description": "nested object, key by key", "additionalProperties": REF,
             "not": {"anyOf": [{"required": [name]} for name in _names(ops)]}}
    return {"Matcher": {"anyOf": [_SCALAR, items, *ops, plain]}}


def _names(ops: list[dict[str, Any]]) -> list[str]:
    return [op["required"][0] for op in ops]


def with_matchers(schema: dict[str, Any], fields: list[tuple[str, str]]) -> dict[str, Any]:
    """Add `$defs.Matcher` to a pydantic JSON Schema and point the given (definition, property) dict fields'
    values at it (definition "" is the root model)."""
    defs = schema.setdefault("$defs", {})
    defs.update(matcher_defs())
    for definition, prop in fields:
        target = schema if not definition else defs.get(definition, {})
        if prop in target.get("properties", {}):
            target["properties"][prop]["additionalProperties"] = REF
    return schema
