"""Scenario value -> Matcher. A malformed spec is a MatcherSpecError naming the path inside the value."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from agentbench.matchers.base import Matcher, MatcherSpecError, show
from agentbench.matchers.composite import AnyOf, Object_, Optional_, Sequence_
from agentbench.matchers.scalars import Approx, Enum_, Eq, Exact, Literal_, Norm, Present, Regex

# op -> option keys it accepts besides itself and `allow_float` (which every op takes)
OPS: dict[str, set[str]] = {
    "eq": set(), "exact": set(), "norm": {"aliases"}, "place": {"aliases"}, "approx": {"tol", "rel"},
    "enum": set(), "regex": {"example"}, "any_of": set(), "optional": set(), "set": set(), "multiset": set(),
    "list": set(), "object": {"allow_extra"}, "present": {"example"},
}


def is_matcher_spec(spec: Any) -> bool:
    return isinstance(spec, dict) and bool(spec) and next(iter(spec)) in OPS


def compile_matcher(spec: Any, path: str = "") -> Matcher:
    """Turn a scenario value into a Matcher; raises MatcherSpecError naming the path inside it."""
    if isinstance(spec, list):
        return Sequence_("list", [compile_matcher(s, f"{path}[{i}]") for i, s in enumerate(spec)])
    if not isinstance(spec, dict):
        return Literal_(spec)
    if not is_matcher_spec(spec):
        return Object_({k: compile_matcher(v, f"{path}.{k}" if path else k) for k, v in spec.items()})
    op = next(iter(spec))
    extra = set(spec) - {op, "allow_float"} - OPS[op]
    if extra:
        allowed = sorted(OPS[op] | {"allow_float"})
        raise MatcherSpecError(path, f"unknown option(s) {sorted(extra)} for matcher {op!r}; allowed: {allowed}")
    if not isinstance(spec.get("allow_float", False), bool):
        raise MatcherSpecError(path, "allow_float must be true or false")
    try:
        matcher = _build(op, spec[op], spec, path)
    except MatcherSpecError:
        raise
    except (TypeError, ValueError, re.error) as exc:
        raise MatcherSpecError(path, f"bad {op!r} matcher: {exc}") from None
    matcher.allow_float = bool(spec.get("allow_float", False))
    return matcher


@lru_cache(maxsize=4096)
def _cached(key: str, path: str) -> Matcher:
    return compile_matcher(json.loads(key), path)


def cached_matcher(spec: Any, path: str = "") -> Matcher:
    """compile_matcher, memoised: the scorer compiles the same expectation for every pair it weighs.
    Matchers are never mutated after compiling, so sharing one is safe."""
    return _cached(json.dumps(spec, ensure_ascii=False, sort_keys=False), path)


def _build(op: str, arg: Any, spec: dict[str, Any], path: str) -> Matcher:
    def need(kind: type | tuple[type, ...], what: str) -> None:
        if not isinstance(arg, kind) or isinstance(arg, bool) and kind is not bool:
            raise MatcherSpecError(path, f"{op!r} takes {what}, got {show(arg)}")

    def options(what: str) -> list[Matcher]:
        need(list, "a non-empty list")
        if not arg:
            raise MatcherSpecError(path, f"{what} needs at least one option")
        return [compile_matcher(s, f"{path}.{op}[{i}]") for i, s in enumerate(arg)]

    if op in ("eq", "exact"):
        if isinstance(arg, (dict, list)) and op == "eq":
            raise MatcherSpecError(path, "'eq' takes a string, number, boolean or null")
        return Eq(arg) if op == "eq" else Exact(arg)
    if op in ("norm", "place"):
        need(str, "a string")
        aliases = spec.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise MatcherSpecError(path, "aliases must be a list of strings")
        return Norm(arg, aliases, place=op == "place")
    if op == "approx":
        need((int, float), "a number")
        return Approx(arg, spec.get("tol", 1e-6), spec.get("rel", 0.0))
    if op == "enum":
        need(list, "a non-empty list")
        if not arg:
            raise MatcherSpecError(path, "enum needs at least one value")
        return Enum_(arg)
    if op == "regex":
        need(str, "a pattern string")
        return Regex(arg, spec.get("example"))
    if op == "any_of":
        return AnyOf(options("any_of"))
    if op == "optional":
        return Optional_(options("optional"))
    if op in ("set", "multiset", "list"):
        need(list, "a list")
        return Sequence_(op, [compile_matcher(s, f"{path}.{op}[{i}]") for i, s in enumerate(arg)])
    if op == "object":
        need(dict, "a mapping")
        fields = {k: compile_matcher(v, f"{path}.{k}") for k, v in arg.items()}
        return Object_(fields, bool(spec.get("allow_extra", False)))
    if op == "present":
        return Present(spec.get("example"))
    raise MatcherSpecError(path, f"unknown matcher {op!r}")  # pragma: no cover - OPS guards this
