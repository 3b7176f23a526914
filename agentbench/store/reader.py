"""The one read-only reader of run directories: records, errors, config and summary.

Streaming (records are yielded one at a time, never all held), tolerant (the partial last line a kill
leaves is ignored; a corrupt line or a record of an unknown shape is reported as file:line and skipped,
never fatal), and first-record-wins should a duplicate key ever exist. `show`, `compare`, summaries,
`rescore` and every later view read runs through it; it never calls a model.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from agentbench.errors import UsageError
from agentbench.jsonl import BadLine, iter_numbered
from agentbench.results import Record


class RunReader:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.records_path = self.path / "records.jsonl"
        self.errors_path = self.path / "errors.jsonl"
        self.problems: list[BadLine] = []
        """Lines skipped by the last pass (file:line and why)."""

    def require(self) -> RunReader:
        if not (self.path / "config.json").is_file():
            if not self.path.exists():
                raise UsageError(f"{self.path}: no such run directory")
            raise UsageError(f"{self.path} is not an agentbench run directory (no config.json)")
        return self

    def _json(self, name: str) -> dict[str, Any] | None:
        path = self.path / name
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(f"{path}: unreadable ({str(exc)[:80]}); delete it or restore it") from None
        if not isinstance(data, dict):
            raise UsageError(f"{path}: not a JSON object")
        return data

    def config(self) -> dict[str, Any]:
        return self._json("config.json") or {}

    def summary(self) -> dict[str, Any] | None:
        return self._json("summary.json")

    def _records(self, path: Path, dedupe: bool) -> Iterator[Record]:
        for _, record in self.numbered(path, dedupe):
            yield record

    def numbered(self, path: Path | None = None, dedupe: bool = True) -> Iterator[tuple[int, Record]]:
        """(line number, record) pairs of records.jsonl (or `path`)."""
        path = path or self.records_path
        self.problems = []
        seen: set[tuple[str, str, int, str]] = set()
        for line, data in iter_numbered(path, self.problems):
            try:
                record = Record.model_validate(data)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                self.problems.append(BadLine(path, line, f"not a record ({where}: {first['msg']})"))
                continue
            key = record.key.tuple()
            if dedupe:
                if key in seen:
                    continue
                seen.add(key)
            yield line, record

    def records(self, suite: str | None = None) -> Iterator[Record]:
        """Every record once, in file order (optionally of one suite)."""
        for record in self._records(self.records_path, dedupe=True):
            if suite is None or record.key.suite == suite:
                yield record

    def errors(self) -> Iterator[Record]:
        """Records set aside when a rerun retried their samples (the audit trail of harness errors)."""
        return self._records(self.errors_path, dedupe=False)


def read_runs(paths: list[Path]) -> list[RunReader]:
    """Readers for several runs read together (compare, report)."""
    return [RunReader(p).require() for p in paths]
