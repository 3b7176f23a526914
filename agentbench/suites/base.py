"""What a suite is: where samples come from, how one is solved and scored, how scores roll up.

The runner and store are shared by every suite. A suite's `solve` returns a JSON-able record body; the
runner adds `suite`, `sample_id`, `trial` and `model` and hands it to the store the moment it exists.
`aggregate` must be a pure function of the records, so `summary.json` can always be rebuilt from them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from agentbench.models.base import ChatModel
from agentbench.types import ModelOutput


@dataclass
class Sample:
    id: str
    data: Any
    category: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


class Suite(ABC):
    name: str = ""

    @abstractmethod
    def samples(self) -> list[Sample]:
        """Every sample, in a stable order (the runner applies --limit)."""

    @abstractmethod
    async def solve(self, sample: Sample, model: ChatModel, trial: int) -> dict[str, Any]:
        """Run the model on one sample and score it. The record must carry `passed` (bool) or `score`."""

    @abstractmethod
    def aggregate(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        """`{"n": int, "score": 0..100, "metrics": {...}}` from this suite's records of one model."""

    def gold(self, sample: Sample) -> list[ModelOutput]:
        """The outputs a perfect model gives for this sample, in call order (for `scripted:gold`)."""
        raise NotImplementedError(f"suite {self.name!r} has no gold oracle")

    def config(self) -> dict[str, Any]:
        """Settings that change results (recorded in the run's config.json). No secrets."""
        return {}
