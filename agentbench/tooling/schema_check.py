"""Validating tool-call arguments against a tool's JSON Schema, the same way for the Toolbox and the scorer.

- One validator per schema, built (and the schema checked against its metaschema) once, then reused:
  `jsonschema.validate` re-checks the schema on every call, which was most of the scoring time.
- `enum` compares under the literal rule of the matchers (`enum_member`): `"C"` is the enum member
  `"c"`, as `unit: c` in a scenario would accept it. The Toolbox hands the tool the member itself.
- `type_errors`: BFCL's type rule for top-level parameters — an integer parameter takes an int, never a
  float (5.0), unless the scenario allows it (`allow_float`); a number parameter takes an int too.
  Reference: ShishirPatil/gorilla berkeley-function-call-leaderboard/bfcl_eval/eval_checker/ast_eval/
  ast_checker.py (`type_checker`, and the int -> float conversion in `simple_function_checker`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from agentbench.errors import UsageError
from agentbench.matchers.scalars import enum_member

_JSON_TYPE = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object",
              type(None): "null"}


def _folded_enum(validator: Any, members: Any, instance: Any, schema: Any) -> Iterable[Any]:
    from jsonschema import ValidationError

    if enum_member(instance, list(members)) is None:
        yield ValidationError(f"{json.dumps(instance, ensure_ascii=False)} is not one of "
                              f"{json.dumps(members, ensure_ascii=False)}")


@lru_cache(maxsize=256)
def _validator(schema_json: str) -> Any:
    import jsonschema  # lazy: keeps `import agentbench` light

    schema = json.loads(schema_json)
    base = jsonschema.validators.validator_for(schema)
    try:
        base.check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise UsageError(f"tool parameters are not a valid JSON Schema: {exc.message}") from None
    return jsonschema.validators.extend(base, {"enum": _folded_enum})(schema)


def validator_for(schema: dict[str, Any]) -> Any:
    """The cached validator of a tool's parameter schema (keyed by its canonical JSON)."""
    return _validator(json.dumps(schema, sort_keys=True, ensure_ascii=False))


def first_error(arguments: dict[str, Any], schema: dict[str, Any], skip: Iterable[str] = ()) -> Any:
    """The first validation error (jsonschema's order), ignoring errors under the top-level keys in `skip`."""
    skipped = set(skip)
    for error in validator_for(schema).iter_errors(arguments):
        path = list(error.absolute_path)
        if not (path and path[0] in skipped):
            return error
    return None


def json_type(value: Any) -> str:
    return _JSON_TYPE.get(type(value), "object")


def type_error(value: Any, prop: dict[str, Any], allow_float: bool = False) -> str | None:
    """Why `value` has the wrong JSON type for the parameter schema `prop`, or None."""
    declared = prop.get("type")
    if declared is None:
        return None
    wanted = {declared} if isinstance(declared, str) else set(declared)
    actual = json_type(value)
    if actual in wanted or actual == "integer" and "number" in wanted:
        return None
    if actual == "number" and "integer" in wanted and allow_float and float(value).is_integer():
        return None
    return f"{actual} for a parameter of type {'/'.join(sorted(wanted))}"


def canonical_enums(arguments: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Top-level enum values (and enum items of arrays) replaced by the member they stand for."""
    props = schema.get("properties", {})
    out = dict(arguments)
    for name, value in arguments.items():
        prop = props.get(name) if isinstance(props, dict) else None
        if not isinstance(prop, dict):
            continue
        if "enum" in prop:
            member = enum_member(value, prop["enum"])
            out[name] = value if member is None else member
        elif isinstance(value, list) and isinstance(prop.get("items"), dict) and "enum" in prop["items"]:
            members = prop["items"]["enum"]
            out[name] = [v if enum_member(v, members) is None else enum_member(v, members) for v in value]
    return out
