"""Typed suite options (`--suite-option K=V`, `suite_options:` in a run config).

Every suite declares its options with a type and a default; an option it does not declare is an error
naming the ones it knows, and a value of the wrong type is an error naming the option (never a silent
truthy string: `cot=no` is False).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from agentbench.errors import UsageError

TRUE = {"true", "1", "yes", "on"}
FALSE = {"false", "0", "no", "off"}


@dataclass(frozen=True)
class OptionSpec:
    type: type | Callable[[Any], Any]
    default: Any
    help: str = ""


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(f"expected true/false/1/0/yes/no, got {value!r}")


def to_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f"expected an integer, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    if text.lstrip("+-").isdigit():
        return int(text)
    raise ValueError(f"expected an integer, got {value!r}")


def to_float(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"expected a number, got {value!r}") from None


def to_str_list(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [s.strip() for s in str(value).split(",") if s.strip()]


COERCE: dict[Any, Callable[[Any], Any]] = {bool: to_bool, int: to_int, float: to_float, list: to_str_list, str: str}


def parse_options(suite: str, given: dict[str, Any], specs: dict[str, OptionSpec]) -> dict[str, Any]:
    """`given` checked and coerced against `specs`, defaults filled in."""
    unknown = sorted(set(given) - set(specs))
    if unknown:
        known = ", ".join(f"{k} ({s.help})" if s.help else k for k, s in sorted(specs.items())) or "none"
        raise UsageError(f"suite {suite!r}: unknown option(s) {', '.join(unknown)}; it takes: {known}")
    out: dict[str, Any] = {}
    for name, spec in specs.items():
        if name not in given or given[name] is None:
            out[name] = spec.default
            continue
        coerce = COERCE.get(spec.type, spec.type)
        try:
            out[name] = coerce(given[name])
        except (TypeError, ValueError) as exc:
            raise UsageError(f"suite {suite!r}: option {name}: {exc}") from None
    return out
