"""The one runner shared by the CLI and pytest: every (suite, sample, trial) not yet done, concurrently."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from agentbench.models.base import ChatModel
from agentbench.store.rundir import RunDir
from agentbench.suites.base import Sample, Suite


@dataclass
class Work:
    suite: Suite
    sample: Sample
    trial: int


def pending_work(suites: list[Suite], model_identity: str, done: set, trials: int, limit: int | None) -> list[Work]:
    out = []
    for suite in suites:
        samples = suite.samples()
        for sample in samples[:limit] if limit is not None else samples:
            for trial in range(trials):
                if (model_identity, suite.name, sample.id, trial) not in done:
                    out.append(Work(suite, sample, trial))
    return out


class Progress:
    """One line on stderr, redrawn at most every 0.5 s; silent when stderr is not a terminal."""

    def __init__(self, total: int, enabled: bool | None = None):
        self.total, self.done, self.failed = total, 0, 0
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._last = 0.0
        self._start = time.monotonic()

    def tick(self, passed: bool | None) -> None:
        self.done += 1
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.5 or self.done == self.total):
            self._last = now
            rate = self.done / max(now - self._start, 1e-9)
            sys.stderr.write(f"\r{self.done}/{self.total} samples  {rate:.1f}/s ")
            if self.done == self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


async def run_work(work: list[Work], model: ChatModel | Callable[[Suite], ChatModel], store: RunDir,
                   concurrency: int, progress: Progress | None = None) -> None:
    """Run every item with at most `concurrency` in flight; each record is stored the moment it exists.

    A worker pool pulls from one iterator, so memory stays flat however many samples there are. The
    first exception (e.g. BackendFatal for a bad key) cancels the rest and propagates.
    """
    items: Iterator[Work] = iter(work)

    async def worker() -> None:
        for item in items:
            chosen = model(item.suite) if callable(model) and not isinstance(model, ChatModel) else model
            body = await item.suite.solve(item.sample, chosen, item.trial)
            record: dict[str, Any] = {"suite": item.suite.name, "sample_id": item.sample.id,
                                      "trial": item.trial, "model": chosen.identity, **body}
            store.append(record)
            if progress:
                progress.tick(record.get("passed"))

    tasks = [asyncio.create_task(worker()) for _ in range(max(1, min(concurrency, len(work))))]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def summarize(suites: list[Suite], store: RunDir, model_identity: str) -> dict[str, Any]:
    records = [r for r in store.records() if r["model"] == model_identity]
    out: dict[str, Any] = {"model": model_identity, "suites": {}}
    for suite in suites:
        mine = [r for r in records if r["suite"] == suite.name]
        out["suites"][suite.name] = suite.aggregate(mine)
    return out
