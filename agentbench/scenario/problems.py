"""Pydantic validation errors of a scenario as (location, message) problems a person can act on.

An unknown key is named with the closest allowed key (`unknown key 'usr' (did you mean 'user'?)`), and
the "field required" error its typo caused is dropped: the typo is the mistake, not the missing field.
"""

from __future__ import annotations

import difflib
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from agentbench.scenario.schema import Scenario

Loc = tuple[str | int, ...]
Problem = tuple[Loc, str]


def did_you_mean(name: str, choices: typing.Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest choice, else ``."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as `list[Turn]` or `AnswerExpect | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None


def model_at(loc: Loc) -> type[BaseModel] | None:
    """The model that validates the mapping at `loc` (None inside free-form values such as `world`)."""
    model: type[BaseModel] | None = Scenario
    for part in loc:
        if isinstance(part, int):  # an item of a list field: same model as the field's items
            continue
        field = model.model_fields.get(part) if model else None
        if field is None:
            return None
        model = _model_in(field.annotation)
    return model


def _clean(loc: tuple[Any, ...]) -> Loc:
    # pydantic adds validator names (`function-after[...]`) and union tags to the location
    return tuple(p for p in loc if not (isinstance(p, str) and p.startswith(("function-", "tagged-"))))


def _problems(exc: ValidationError) -> list[Problem]:
    errors = [(_clean(e["loc"]), e) for e in exc.errors()]
    suggested: set[Loc] = set()
    out: list[Problem] = []
    for loc, err in errors:
        if err["type"] != "extra_forbidden":
            continue
        model = model_at(loc[:-1])
        allowed = list(model.model_fields) if model else []
        hint = did_you_mean(str(loc[-1]), allowed)
        if hint:
            suggested.add((*loc[:-1], hint.split("'")[1]))
        out.append((loc, f"unknown key {loc[-1]!r}{hint or _allowed(allowed)}"))
    for loc, err in errors:
        if err["type"] == "extra_forbidden" or (err["type"] == "missing" and loc in suggested):
            continue
        out.append((loc, err["msg"].removeprefix("Value error, ")))
    return out


def _allowed(names: list[str]) -> str:
    return f"; allowed: {', '.join(names)}" if names else " (see `agentbench schema`)"


def schema_errors(data: dict[str, Any]) -> tuple[Scenario | None, list[Problem]]:
    """The validated scenario, or None and every problem found."""
    try:
        return Scenario.model_validate(data), []
    except ValidationError as exc:
        return None, _problems(exc)
