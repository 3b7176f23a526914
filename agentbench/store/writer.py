"""The run directory's one writer.

    DIR/config.json        the resolved spec, the run identity and every suite's settings (never a secret)
    DIR/records.jsonl      one Record per (suite, sample, trial, candidate), appended and flushed when done
    DIR/errors.jsonl       records of samples that hit a harness error, set aside when a rerun retries them
    DIR/cache.jsonl        model-response cache (content-addressed), see runtime/cache.py
    DIR/summary.json       per-suite n / errors / score / metrics, rebuilt from the records alone
    DIR/invocations.jsonl  one line per command: backend calls, retries, tokens, latency, cost

Resume: a killed run leaves at most one partial last line; it is cut before appending, and samples whose
record exists are not run again, so rerunning the same command finishes the run without duplicates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from agentbench.errors import StorageError
from agentbench.jsonl import atomic_write, cut_partial_tail, dumps, iter_numbered
from agentbench.results import Record


def pretty(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class RunStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.records_path = self.path / "records.jsonl"
        self.cache_path = self.path / "cache.jsonl"
        self._fh: Any = None

    def prepare(self) -> None:
        """Create the folder and cut what a kill left half-written."""
        with StorageError.guard(self.path):
            self.path.mkdir(parents=True, exist_ok=True)
            cut_partial_tail(self.records_path)
            cut_partial_tail(self.cache_path)

    def write_config(self, config: dict[str, Any]) -> None:
        with StorageError.guard(self.path / "config.json"):
            atomic_write(self.path / "config.json", pretty(config))

    def set_aside(self, failed_lines: set[int]) -> None:
        """Move the records on `failed_lines` (harness errors) to errors.jsonl, so the retry's record is
        the only one in records.jsonl. Streams: the file is never held in memory."""
        if not failed_lines:
            return
        tmp = self.records_path.with_name("records.jsonl.tmp")
        with StorageError.guard(self.path), tmp.open("w", encoding="utf-8") as keep, \
                (self.path / "errors.jsonl").open("a", encoding="utf-8") as aside:
            for number, data in iter_numbered(self.records_path):
                (aside if number in failed_lines else keep).write(dumps(data, sort_keys=False) + "\n")
            keep.flush()
        with StorageError.guard(self.records_path):
            tmp.replace(self.records_path)

    def open(self) -> None:
        with StorageError.guard(self.records_path):
            self._fh = self.records_path.open("a", encoding="utf-8")

    def append(self, record: Record) -> None:
        assert self._fh is not None, "RunStore.open() first"
        with StorageError.guard(self.records_path):
            self._fh.write(dumps(record.model_dump(mode="json"), sort_keys=False) + "\n")
            self._fh.flush()

    def write_summary(self, summary: dict[str, Any], path: Path | None = None) -> None:
        target = path or self.path / "summary.json"
        with StorageError.guard(target):
            atomic_write(target, pretty(summary))

    def log_invocation(self, entry: dict[str, Any]) -> None:
        with StorageError.guard(self.path / "invocations.jsonl"), \
                (self.path / "invocations.jsonl").open("a", encoding="utf-8") as fh:
            fh.write(dumps(entry) + "\n")

    def close(self) -> None:
        if self._fh is not None:
            try:
                self._fh.close()
            except OSError:
                pass
            self._fh = None
