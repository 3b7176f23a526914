"""Matchers of single values: literals, exact, normalised text and places, numbers, enums, regex, present."""

from __future__ import annotations

import math
import re
from typing import Any

from agentbench.matchers.base import Match, Matcher, MatcherSpecError
from agentbench.text.normalize import fold_value, width_fold
from agentbench.text.places import same_place


def as_number(value: Any) -> float | None:
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


def literal_equal(expected: Any, actual: Any) -> bool:
    """The literal rule: strings fold (fold_value), numbers compare by value, the rest is equality."""
    if isinstance(expected, bool) or expected is None:
        return actual is expected or actual == expected and type(actual) is type(expected)
    if isinstance(expected, (int, float)):
        num = as_number(actual)
        return num is not None and num == expected
    if isinstance(expected, str):
        if not isinstance(actual, (str, int, float)) or isinstance(actual, bool):
            return False
        return fold_value(str(actual)) == fold_value(expected)
    return actual == expected


def enum_member(value: Any, members: list[Any]) -> Any:
    """The member `value` stands for under the literal rule, or None. One rule for enum matchers and for
    `enum` in tool schemas; an exact member wins over a folded one."""
    if value in members and any(type(m) is type(value) for m in members if m == value):
        return value
    return next((m for m in members if literal_equal(m, value)), None)


class Literal_(Matcher):
    op = "literal"

    def __init__(self, value: Any):
        self.value = value

    def match(self, actual: Any) -> Match:
        if isinstance(self.value, str) and (not isinstance(actual, (str, int, float)) or isinstance(actual, bool)):
            return Match(False, "not a string")
        return Match(literal_equal(self.value, actual))

    def example(self) -> Any:
        return self.value

    def spec(self) -> Any:
        return self.value


class Eq(Literal_):
    """`{eq: 5, allow_float: true}`: the literal rule, written as a mapping so it can take options."""

    op = "eq"

    def spec(self) -> Any:
        return {"eq": self.value, **({"allow_float": True} if self.allow_float else {})}


class Exact(Literal_):
    op = "exact"

    def match(self, actual: Any) -> Match:
        return Match(actual == self.value and type(actual) is type(self.value))

    def spec(self) -> Any:
        return {"exact": self.value}


class Norm(Matcher):
    op = "norm"

    def __init__(self, value: str, aliases: list[str] | None = None, place: bool = False):
        self.value, self.aliases, self.place = value, list(aliases or []), place
        self._want = {fold_value(v) for v in [value, *self.aliases]}

    def match(self, actual: Any) -> Match:
        if not isinstance(actual, str):
            return Match(False, "not a string")
        if self.place:
            return Match(any(same_place(actual, v) for v in [self.value, *self.aliases]))
        return Match(fold_value(actual) in self._want)

    def example(self) -> Any:
        return self.value

    def spec(self) -> Any:
        out: dict[str, Any] = {"place" if self.place else "norm": self.value}
        if self.aliases:
            out["aliases"] = self.aliases
        return out


class Approx(Matcher):
    op = "approx"

    def __init__(self, value: float, tol: float = 1e-6, rel: float = 0.0):
        self.value, self.tol, self.rel = float(value), float(tol), float(rel)

    def match(self, actual: Any) -> Match:
        num = as_number(actual)
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
        self.values = list(values)

    def match(self, actual: Any) -> Match:
        return Match(enum_member(actual, self.values) is not None)

    def example(self) -> Any:
        return self.values[0]

    def spec(self) -> Any:
        return {"enum": self.values}


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
