"""Argument verdicts for one aligned (expected, actual) call pair, with Arg-F1 and strict match.

Rules (docs/scenarios.md#matchers):
- an expected argument that is absent is right when its matcher is `optional`, or when the tool's
  schema gives it a default the matcher accepts (symmetric with an extra argument equal to its default);
- an argument of the wrong JSON type is ARG_TYPE_MISMATCH (5.0 for an integer, unless `allow_float`);
- the other schema violations are ARG_SCHEMA_INVALID (one verdict, the first error).
"""

from __future__ import annotations

import json
from typing import Any

from agentbench.errors import Reason
from agentbench.matchers.base import Matcher
from agentbench.matchers.compile import cached_matcher
from agentbench.matchers.scalars import literal_equal
from agentbench.scenario.schema import CallExpect
from agentbench.scoring.verdict import Verdict, fail, ok
from agentbench.tooling.schema_check import first_error, type_error
from agentbench.tooling.tool import drop_null_optionals
from agentbench.types import ToolSpec

_NO_DEFAULT = object()


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _properties(spec: ToolSpec | None) -> dict[str, Any]:
    props = spec.parameters.get("properties", {}) if spec is not None else {}
    return props if isinstance(props, dict) else {}


def _default(spec: ToolSpec | None, name: str) -> Any:
    """The schema default of an optional parameter, or _NO_DEFAULT."""
    if spec is None or name in spec.parameters.get("required", []):
        return _NO_DEFAULT
    prop = _properties(spec).get(name)
    return prop.get("default", _NO_DEFAULT) if isinstance(prop, dict) else _NO_DEFAULT


def absent_is_right(matcher: Matcher, spec: ToolSpec | None, name: str) -> bool:
    if matcher.accepts_absent:
        return True
    default = _default(spec, name)
    return default is not _NO_DEFAULT and matcher.match(default).ok


def expected_hits(exp: CallExpect, args: dict[str, Any], spec: ToolSpec | None) -> int:
    """How many expected arguments are right (used to weigh candidate pairs in alignment)."""
    hits = 0
    for name, mspec in exp.args.items():
        matcher = cached_matcher(mspec, name)
        hits += matcher.match(args[name]).ok if name in args else absent_is_right(matcher, spec, name)
    return hits


def _type_verdicts(exp: CallExpect, args: dict[str, Any], spec: ToolSpec, step: int,
                   turn: int) -> dict[str, Verdict]:
    verdicts = {}
    for name, prop in sorted(_properties(spec).items()):
        if name not in args or not isinstance(prop, dict):
            continue
        allow_float = name in exp.args and cached_matcher(exp.args[name], name).allow_float
        why = type_error(args[name], prop, allow_float)
        if why is not None:
            verdicts[name] = fail("arguments", Reason.ARG_TYPE_MISMATCH, turn, step,
                                  f"{exp.tool}.{name}: {why} (value {_dump(args[name])})",
                                  expected=prop.get("type"), actual=args[name])
    return verdicts


def _schema_verdicts(exp: CallExpect, args: dict[str, Any], spec: ToolSpec, step: int, turn: int) -> list[Verdict]:
    by_name = _type_verdicts(exp, args, spec, step, turn)
    verdicts = list(by_name.values())
    error = first_error(args, spec.parameters, skip=by_name)  # a wrong type is reported once, as a type
    if error is not None:
        verdicts.append(fail("arguments", Reason.ARG_SCHEMA_INVALID, turn, step, f"{exp.tool}: {error.message}",
                             expected=spec.parameters, actual=args))
    return verdicts


def _expected_verdict(exp: CallExpect, name: str, matcher: Matcher, args: dict[str, Any], spec: ToolSpec | None,
                      step: int, turn: int) -> tuple[Verdict, float, bool]:
    """The verdict for one expected argument, its Arg-F1 credit, and whether it was rightly absent."""
    label = f"{exp.tool}.{name}"
    if name not in args:
        if absent_is_right(matcher, spec, name):
            return ok("arguments", turn, step, f"{label} omitted, which is right", expected=matcher.spec()), 1.0, True
        return fail("arguments", Reason.ARG_MISSING, turn, step, f"{label} missing", expected=matcher.spec(),
                    actual=None, matcher=matcher.op), 0.0, False
    result = matcher.match(args[name])
    if result.ok:
        return ok("arguments", turn, step, f"{label} ok", expected=matcher.spec(), actual=args[name]), 1.0, False
    detail = f" ({result.detail})" if result.detail else ""
    return fail("arguments", Reason.ARG_MISMATCH, turn, step,
                f"{label}: expected {_dump(matcher.spec())}, got {_dump(args[name])}{detail}",
                expected=matcher.spec(), actual=args[name], matcher=matcher.op), 0.5, False  # half: present


def arg_verdicts(exp: CallExpect, arguments: dict[str, Any], step: int, spec: ToolSpec | None,
                 turn: int) -> tuple[list[Verdict], float, float]:
    """Argument verdicts for an aligned pair, the Arg-F1 (half credit for present-but-wrong), strict match."""
    args = drop_null_optionals(arguments, spec.parameters) if spec is not None else arguments
    verdicts: list[Verdict] = []
    credit, rightly_absent = 0.0, 0
    for name, mspec in exp.args.items():
        verdict, gained, absent = _expected_verdict(exp, name, cached_matcher(mspec, name), args, spec, step, turn)
        verdicts.append(verdict)
        credit += gained
        rightly_absent += absent
    tolerated = 0  # extra arguments that change nothing (schema default) or are allowed
    for name in sorted(set(args) - set(exp.args)):
        default = _default(spec, name)
        if exp.allow_extra_args or (default is not _NO_DEFAULT and literal_equal(default, args[name])):
            tolerated += 1
            continue
        verdicts.append(fail("arguments", Reason.ARG_UNEXPECTED, turn, step,
                             f"{exp.tool}.{name} not expected (value {_dump(args[name])})",
                             expected=sorted(exp.args), actual=name))
    if spec is not None:
        verdicts += _schema_verdicts(exp, args, spec, step, turn)
    f1 = _f1(credit, len(exp.args), len(args) - tolerated + rightly_absent)
    return verdicts, f1, 1.0 if all(v.passed for v in verdicts) else 0.0


def _f1(credit: float, n_expected: int, n_actual: int) -> float:
    if n_expected == 0 and n_actual == 0:
        return 1.0
    precision = credit / n_actual if n_actual else 0.0
    recall = credit / n_expected if n_expected else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
