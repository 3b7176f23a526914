"""Matchers built from other matchers: any_of, optional, lists / sets / multisets, nested objects."""

from __future__ import annotations

from typing import Any

from agentbench.matchers.base import Match, Matcher, show


class AnyOf(Matcher):
    op = "any_of"

    def __init__(self, options: list[Matcher]):
        self.options = options

    def match(self, actual: Any) -> Match:
        return Match(any(m.match(actual).ok for m in self.options))

    def example(self) -> Any:
        return self.options[0].example()

    def spec(self) -> Any:
        return {self.op: [m.spec() for m in self.options]}


class Optional_(AnyOf):
    """`{optional: [a, b]}`: the argument may be left out; when given it must match one of the options
    (BFCL writes this as a possible-answer list containing "")."""

    op = "optional"

    @property
    def accepts_absent(self) -> bool:
        return True


class Sequence_(Matcher):
    """Lists: `list` (ordered), `set` (any order, no repeats), `multiset` (any order, repeats count)."""

    def __init__(self, op: str, items: list[Matcher]):
        self.op, self.items = op, items

    def match(self, actual: Any) -> Match:
        if not isinstance(actual, list):
            return Match(False, "not a list")
        if self.op == "set" and len({show(a) for a in actual}) != len(actual):
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
                if m.accepts_absent:
                    continue
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
