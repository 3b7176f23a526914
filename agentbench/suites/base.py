"""What a suite is: where samples come from, how one is solved, how its output is scored, how scores roll up.

Generation and scoring are separate steps:

- `solve(sample, roles, trial) -> Output` calls the models (the candidate; a baseline where a suite needs one);
- `score(sample, output, judge) -> {scorer: Score}` is pure given the judge's replies, so `rescore` can
  rerun it on stored outputs with zero candidate calls;
- `row(record)` flattens one stored record into the few fields `aggregate(rows)` needs, so summaries are
  built by streaming records without holding outputs in memory.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from agentbench.models.base import ChatModel
from agentbench.results import HarnessError, Output, Record, Score
from agentbench.types import ModelOutput


@dataclass
class Sample:
    id: str
    data: Any
    category: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Roles:
    """The models of one run, by role. Only `candidate` is always there; a suite lists what else it needs."""

    candidate: ChatModel
    judge: ChatModel | None = None
    baseline: ChatModel | None = None


ROLE_FLAGS = {"judge": "--judge", "baseline": "--baseline"}


class Suite(ABC):
    name: str = ""
    needs: ClassVar[tuple[str, ...]] = ()
    """Roles besides the candidate this suite cannot run without ("judge", "baseline")."""
    primary: ClassVar[str] = ""
    """The scorer whose verdict is the record's `passed`."""
    scorer_version: ClassVar[str] = "1"
    """Bump when scoring changes what it decides: summaries say which versions produced them."""
    prewarm: ClassVar[tuple[str, ...]] = ()
    """Modules `aggregate` will need (numpy for CIs): imported in the background while requests are in
    flight, so the summary at the end does not wait for them."""
    uses: ClassVar[frozenset[str]] = frozenset()
    """Run-wide settings this suite reads (`dialect`, `shots`, `style`); others given to it are an error."""

    @abstractmethod
    def samples(self) -> list[Sample]:
        """Every sample, in a stable order (the runner applies --limit)."""

    @abstractmethod
    async def solve(self, sample: Sample, roles: Roles, trial: int) -> Output:
        """Run the models on one sample. Never raises on model behaviour; backend failures end up in the
        output (see `harness_error`)."""

    @abstractmethod
    async def score(self, sample: Sample, output: Output, judge: ChatModel | None = None) -> dict[str, Score]:
        """Scores of one output, by scorer name. Pure given the judge's replies."""

    @abstractmethod
    def aggregate(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        """`{"n": scored samples, "errors": harness errors, "score": 0..100, "metrics": {...}}`."""

    def harness_error(self, output: Output) -> HarnessError | None:
        """The harness error an output carries (a backend that failed after retries), if any."""
        return None

    def score_error(self, scores: dict[str, Score]) -> HarnessError | None:
        """The harness error scoring ran into (a judge that failed after retries), if any: the record keeps
        its output and scores but counts as an error, and a rerun retries it."""
        return None

    def verdict(self, scores: dict[str, Score]) -> bool | None:
        primary = scores.get(self.primary)
        return primary.passed if primary else None

    def meta(self, sample: Sample) -> dict[str, Any]:
        """Small facts stored with each record for reports to group by."""
        return {}

    def row(self, record: Record) -> dict[str, Any]:
        """The flat view of one record that `aggregate` reads."""
        return {"sample_id": record.key.sample_id, "trial": record.key.trial, "category": record.category,
                "error": record.error is not None, "passed": record.passed, **record.meta}

    def gold(self, sample: Sample) -> list[ModelOutput]:
        """The outputs a perfect model gives for this sample, in call order (for `scripted:gold`)."""
        raise NotImplementedError(f"suite {self.name!r} has no gold oracle")

    def identity(self) -> dict[str, Any]:
        """Every setting of this suite that changes results (part of the run identity). No secrets."""
        return {}

    def config(self) -> dict[str, Any]:
        """What config.json says about this suite: its identity plus descriptive facts."""
        return {**self.identity(), "scorer_version": self.scorer_version}


def model_error(output: ModelOutput) -> HarnessError | None:
    """A backend output's failure as a typed harness error."""
    if output.error is None:
        return None
    kind = getattr(output, "error_kind", None) or "transport"
    return HarnessError(kind=kind, message=output.error)


@dataclass
class SuiteSettings:
    """Run-wide settings a suite factory may read (each suite says which in `uses`)."""

    dialect: str | None = None
    data_dir: Any = None
    tools_dirs: list[Any] = field(default_factory=list)
    shots: int | None = None
    style: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
