"""World-state checks: dotted JSON paths into the final world, each compared with a matcher."""

from __future__ import annotations

import re
from typing import Any

from agentbench.errors import Reason
from agentbench.matchers.matchers import compile_matcher
from agentbench.scoring.verdict import Verdict, fail, ok

_TOKEN = re.compile(r"([^.\[\]]+)|\[(-?\d+)\]")
MISSING = "<missing>"


def resolve(data: Any, path: str) -> Any:
    """`bookings[0].restaurant` -> value, or MISSING."""
    current = data
    for name, index in _TOKEN.findall(path):
        if index:
            if not isinstance(current, list) or not -len(current) <= int(index) < len(current):
                return MISSING
            current = current[int(index)]
        else:
            if not isinstance(current, dict) or name not in current:
                return MISSING
            current = current[name]
    return current


def check_state(expected: dict[str, Any], world: dict[str, Any]) -> list[Verdict]:
    verdicts = []
    for path, spec in expected.items():
        matcher = compile_matcher(spec, path)
        actual = resolve(world, path)
        if actual != MISSING and matcher.match(actual).ok:
            verdicts.append(ok("state", None, None, f"{path} ok", expected=matcher.spec(), actual=actual))
        else:
            verdicts.append(fail("state", Reason.STATE_MISMATCH, None, None, f"{path}: expected "
                                 f"{matcher.spec()!r}, found {actual!r}", expected=matcher.spec(), actual=actual,
                                 matcher=matcher.op))
    return verdicts
