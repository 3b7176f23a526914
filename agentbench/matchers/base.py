"""What every matcher is: `match(actual)`, an `example()` for the gold oracle, a JSON-able `spec()`."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any


class MatcherSpecError(ValueError):
    """A matcher spec in a scenario is malformed; `path` says where inside the value."""

    def __init__(self, path: str, message: str):
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


@dataclass(frozen=True)
class Match:
    ok: bool
    detail: str = ""


def show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class Matcher(ABC):
    op: str = ""
    allow_float: bool = False
    """`allow_float: true` in the spec: an integral float (5.0) is no type error for an integer parameter."""

    @property
    def accepts_absent(self) -> bool:
        """True when leaving the argument (or object key) out is also right (`optional`)."""
        return False

    @abstractmethod
    def match(self, actual: Any) -> Match: ...

    @abstractmethod
    def example(self) -> Any: ...

    @abstractmethod
    def spec(self) -> Any:
        """JSON-able description of what is expected (shown in verdicts)."""
