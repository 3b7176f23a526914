"""What a judge's reply parses to: a typed outcome, never a defaulted number."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["ok", "ok_fallback", "parse_error", "out_of_range", "truncated", "transport_error"]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]
SCORED = frozenset({"ok", "ok_fallback"})
"""Outcomes whose numbers enter scores (ok_fallback: the overall score only, no dimensions)."""


@dataclass
class Judgment:
    status: Status
    overall: float | None = None
    """综合得分 (single grading); None unless status is ok / ok_fallback."""
    dims: dict[str, float] = field(default_factory=dict)
    verdict: str | None = None
    """Pairwise: A, B or tie; answer judge: correct, partially_correct or incorrect."""
    reason: str = ""
    """The judge's reason (answer judge) or why parsing failed."""

    @property
    def scored(self) -> bool:
        return self.status in SCORED

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "overall": self.overall, "dims": self.dims}
        if self.verdict is not None:
            out["verdict"] = self.verdict
        if self.reason:
            out["reason"] = self.reason
        return out


def failed(status: Status, reason: str) -> Judgment:
    return Judgment(status=status, reason=reason)
