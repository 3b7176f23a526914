"""Argument matchers: how a scenario says which argument values are right.

In scenario YAML an expected value is either a literal or a one-key matcher object:

    location: 北京                         literal string: equal after width/case/punctuation folding
    location: {place: 北京}                 place name: also 市/区/省 suffixes and aliases (Beijing)
    query: {exact: "ls -la"}                byte-exact
    resolution: {enum: [1024*1024, 720*1280]}
    temperature: {approx: 21.5, tol: 0.5}   numeric, numeric strings accepted
    date: {regex: "2026-11-2[34]", example: "2026-11-23"}
    city: {any_of: [{place: 北京}, 首都]}
    tags: {set: [猫, 狗]}                   unordered, no repeats; {multiset: …}; {list: …} ordered
    filters: {object: {...}, allow_extra: true}   nested object (a plain mapping also works)
    note: {present: true, example: "x"}      any value

Every matcher can produce an `example()` value: the gold oracle uses it to write a correct call.
"""

from __future__ import annotations

import json
import math
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from agentbench.text.normalize import norm_place, norm_text, width_fold


class MatcherSpecError(ValueError):
    """A matcher spec in a scenario is malformed; `path` says where inside the value."""

    def __init__(self, path: str, message: str):
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


@dataclass(frozen=True)
class Match:
    ok: bool
    detail: str = ""


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class Matcher(ABC):
    op: str = ""

    @abstractmethod
    def match(self, actual: Any) -> Match: ...

    @abstractmethod
    def example(self) -> Any: ...

    @abstractmethod
    def spec(self) -> Any:
        """JSON-able description of what is expected (shown in verdicts)."""


class Literal_(Matcher):
    op = "literal"

    def __init__(self, value: Any):
        self.value = value

    def match(self, actual: Any) -> Match:
        v = self.value
        if isinstance(v, bool) or v is None:
            return Match(actual is v or actual == v and type(actual) is type(v))
        if isinstance(v, (int, float)):
            num = _as_number(actual)
            return Match(num is not None and num == v)
        if isinstance(v, str):
            if not isinstance(actual, (str, int, float)) or isinstance(actual, bool):
                return Match(False, "not a string")
            return Match(norm_text(str(actual)) == norm_text(v))
        return Match(actual == v)

    def example(self) -> Any:
        return self.value

    def spec(self) -> Any:
        return self.value


class Exact(Literal_):
    op = "exact"

    def match(self, actual: Any) -> Match:
        return Match(actual == self.value and type(actual) is type(self.value))

    def spec(self) -> Any:
        return {"exact": self.value}


class Norm(Matcher):
    op = "norm"

    def __init__(self, value: str, aliases: list[str] | None = None, place: bool = False, alias_map=None):
        self.value, self.aliases, self.place = value, list(aliases or []), place
        self.alias_map = dict(alias_map or {})

    def _key(self, text: str) -> str:
        return norm_place(text, self.alias_map) if self.place else norm_text(text)

    def match(self, actual: Any) -> Match:
        if not isinstance(actual, str):
            return Match(False, "not a string")
        want = {self._key(v) for v in [self.value, *self.aliases]}
        return Match(self._key(actual) in want)

    def example(self) -> Any:
        return self.value

    def spec(self) -> Any:
        out: dict[str, Any] = {"place" if self.place else "norm": self.value}
        if self.aliases:
            out["aliases"] = self.aliases
        return out


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(width_fold(value).replace(",", "").strip())
        except ValueError:
            return None
    return None


class Approx(Matcher):
    op = "approx"

    def __init__(self, value: float, tol: float = 1e-6, rel: float = 0.0):
        self.value, self.tol, self.rel = float(value), float(tol), float(rel)

    def match(self, actual: Any) -> Match:
        num = _as_number(actual)
        if num is None:
            return Match(False, "not a number")
        return Match(math.isclose(num, self.value, abs_tol=self.tol, rel_tol=self.rel))

    def example(self) -> Any:
        return int(self.value) if self.value.is_integer() else self.value

    def spec(self) -> Any:
        return {"approx": self.value, "tol": self.tol, **({"rel": self.rel} if self.rel else {})}


class Enum_(Matcher):
    op = "enum"

    def __init__(self, values: list[Any]):
        self.values = [Literal_(v) for v in values]

    def match(self, actual: Any) -> Match:
        return Match(any(m.match(actual).ok for m in self.values))

    def example(self) -> Any:
        return self.values[0].value

    def spec(self) -> Any:
        return {"enum": [m.value for m in self.values]}


class Regex(Matcher):
    op = "regex"

    def __init__(self, pattern: str, example: Any = None):
        self.pattern, self._example = pattern, example
        self.compiled = re.compile(pattern)

    def match(self, actual: Any) -> Match:
        if not isinstance(actual, (str, int, float)) or isinstance(actual, bool):
            return Match(False, "not a string")
        return Match(self.compiled.fullmatch(str(actual)) is not None)

    def example(self) -> Any:
        if self._example is None:
            raise MatcherSpecError("", "regex matcher needs `example:` for the gold oracle")
        return self._example

    def spec(self) -> Any:
        return {"regex": self.pattern}


class Present(Matcher):
    op = "present"

    def __init__(self, example: Any = None):
        self._example = example

    def match(self, actual: Any) -> Match:
        return Match(True)

    def example(self) -> Any:
        if self._example is None:
            raise MatcherSpecError("", "present matcher needs `example:` for the gold oracle")
        return self._example

    def spec(self) -> Any:
        return {"present": True}


class AnyOf(Matcher):
    op = "any_of"

    def __init__(self, options: list[Matcher]):
        self.options = options

    def match(self, actual: Any) -> Match:
        return Match(any(m.match(actual).ok for m in self.options))

    def example(self) -> Any:
        return self.options[0].example()

    def spec(self) -> Any:
        return {"any_of": [m.spec() for m in self.options]}


class Sequence_(Matcher):
    """Lists: `list` (ordered), `set` (any order, no repeats), `multiset` (any order, repeats count)."""

    def __init__(self, op: str, items: list[Matcher]):
        self.op, self.items = op, items

    def match(self, actual: Any) -> Match:
        if not isinstance(actual, list):
            return Match(False, "not a list")
        if self.op == "set" and len({_show(a) for a in actual}) != len(actual):
            return Match(False, "repeated items in a set")
        if len(actual) != len(self.items):
            return Match(False, f"{len(actual)} items, expected {len(self.items)}")
        if self.op == "list":
            bad = [i for i, (m, a) in enumerate(zip(self.items, actual, strict=True)) if not m.match(a).ok]
            return Match(not bad, f"item {bad[0]} differs" if bad else "")
        return Match(_perfect_matching(self.items, actual), "no one-to-one match of items")

    def example(self) -> Any:
        return [m.example() for m in self.items]

    def spec(self) -> Any:
        return {self.op: [m.spec() for m in self.items]}


def _perfect_matching(matchers: list[Matcher], values: list[Any]) -> bool:
    """True when every matcher can take a distinct value (bipartite matching, Kuhn's algorithm)."""
    owner: dict[int, int] = {}

    def take(i: int, seen: set[int]) -> bool:
        for j, value in enumerate(values):
            if j in seen or not matchers[i].match(value).ok:
                continue
            seen.add(j)
            if j not in owner or take(owner[j], seen):
                owner[j] = i
                return True
        return False

    return all(take(i, set()) for i in range(len(matchers)))


class Object_(Matcher):
    op = "object"

    def __init__(self, fields: dict[str, Matcher], allow_extra: bool = False):
        self.fields, self.allow_extra = fields, allow_extra

    def match(self, actual: Any) -> Match:
        if not isinstance(actual, dict):
            return Match(False, "not an object")
        for key, m in self.fields.items():
            if key not in actual:
                return Match(False, f"missing key {key!r}")
            if not m.match(actual[key]).ok:
                return Match(False, f"key {key!r} differs")
        extra = sorted(set(actual) - set(self.fields))
        if extra and not self.allow_extra:
            return Match(False, f"unexpected keys {extra}")
        return Match(True)

    def example(self) -> Any:
        return {k: m.example() for k, m in self.fields.items()}

    def spec(self) -> Any:
        return {k: m.spec() for k, m in self.fields.items()}


# op -> option keys it accepts besides itself
_OPS: dict[str, set[str]] = {
    "exact": set(), "norm": {"aliases"}, "place": {"aliases"}, "approx": {"tol", "rel"},
    "enum": set(), "regex": {"example"}, "any_of": set(), "set": set(), "multiset": set(),
    "list": set(), "object": {"allow_extra"}, "present": {"example"},
}


MATCHER_OPS = tuple(_OPS)
"""Names of the matchers (the first key of a matcher mapping)."""


def is_matcher_spec(spec: Any) -> bool:
    return isinstance(spec, dict) and bool(spec) and next(iter(spec)) in _OPS


def compile_matcher(spec: Any, path: str = "") -> Matcher:
    """Turn a scenario value into a Matcher; raises MatcherSpecError naming the path inside it."""
    if isinstance(spec, list):
        return Sequence_("list", [compile_matcher(s, f"{path}[{i}]") for i, s in enumerate(spec)])
    if not isinstance(spec, dict):
        return Literal_(spec)
    if not is_matcher_spec(spec):
        return Object_({k: compile_matcher(v, f"{path}.{k}" if path else k) for k, v in spec.items()})
    op = next(iter(spec))
    extra = set(spec) - {op} - _OPS[op]
    if extra:
        raise MatcherSpecError(path, f"unknown option(s) {sorted(extra)} for matcher {op!r}; allowed: {sorted(_OPS[op])}")
    arg = spec[op]
    try:
        return _build(op, arg, spec, path)
    except MatcherSpecError:
        raise
    except (TypeError, ValueError, re.error) as exc:
        raise MatcherSpecError(path, f"bad {op!r} matcher: {exc}") from None


def _build(op: str, arg: Any, spec: dict[str, Any], path: str) -> Matcher:
    def need(kind: type | tuple[type, ...], what: str) -> None:
        if not isinstance(arg, kind) or isinstance(arg, bool) and kind is not bool:
            raise MatcherSpecError(path, f"{op!r} takes {what}, got {_show(arg)}")

    if op == "exact":
        return Exact(arg)
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
        need(list, "a non-empty list")
        if not arg:
            raise MatcherSpecError(path, "any_of needs at least one option")
        return AnyOf([compile_matcher(s, f"{path}.any_of[{i}]") for i, s in enumerate(arg)])
    if op in ("set", "multiset", "list"):
        need(list, "a list")
        return Sequence_(op, [compile_matcher(s, f"{path}.{op}[{i}]") for i, s in enumerate(arg)])
    if op == "object":
        need(dict, "a mapping")
        fields = {k: compile_matcher(v, f"{path}.{k}") for k, v in arg.items()}
        return Object_(fields, bool(spec.get("allow_extra", False)))
    if op == "present":
        return Present(spec.get("example"))
    raise MatcherSpecError(path, f"unknown matcher {op!r}")  # pragma: no cover - _OPS guards this
