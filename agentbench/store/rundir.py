"""The run directory: the one writer of results.

    DIR/config.json      resolved settings (never a secret)
    DIR/records.jsonl    one JSON line per (model, suite, sample, trial), appended and flushed when done
    DIR/cache.jsonl      model-response cache (content-addressed), see runtime/cache.py
    DIR/summary.json     per-suite n / score / metrics, rebuilt from the records
    DIR/errors.jsonl     records of samples that hit a harness error, set aside when a rerun retries them

Resume: a killed run leaves at most one partial last line; it is cut off before appending, and samples
whose record exists are not run again, so rerunning the same command finishes the run without duplicates.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from agentbench.errors import UsageError

Key = tuple[str, str, str, int]


def record_key(record: dict[str, Any]) -> Key:
    return (record["model"], record["suite"], record["sample_id"], int(record["trial"]))


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Complete lines only: a line cut short by a kill is ignored."""
    if not path.exists():
        return []
    out = []
    with path.open("rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break
            try:
                out.append(json.loads(raw))
            except json.JSONDecodeError:
                continue
    return out


def cut_partial_tail(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb+") as fh:
        data = fh.read()
        if not data.endswith(b"\n"):
            fh.truncate(data.rfind(b"\n") + 1)


class RunDir:
    # settings that, if changed, make the stored records answer a different question
    PINNED = ("model", "dialect", "suite_configs")

    def __init__(self, path: Path):
        self.path = Path(path)
        self.records_path = self.path / "records.jsonl"
        self.cache_path = self.path / "cache.jsonl"
        self._fh = None

    def open(self, config: dict[str, Any]) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        config_path = self.path / "config.json"
        if config_path.exists():
            old = json.loads(config_path.read_text(encoding="utf-8"))
            for key in self.PINNED:
                if key == "suite_configs":
                    shared = set(old.get(key, {})) & set(config.get(key, {}))
                    clash = [s for s in sorted(shared) if old[key][s] != config[key][s]]
                    if clash:
                        raise UsageError(f"{self.path} holds a run of suite(s) {clash} with other settings or data; "
                                         "use another --out (or delete it)")
                elif old.get(key) != config.get(key):
                    raise UsageError(f"{self.path} holds a run with {key}={old.get(key)!r}, not {config.get(key)!r}; "
                                     "use another --out")
            merged = {**old, **config, "suite_configs": {**old.get("suite_configs", {}), **config["suite_configs"]}}
            config = merged
        _atomic_write(config_path, json.dumps(config, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        cut_partial_tail(self.records_path)
        self._set_aside_harness_errors()
        self._fh = self.records_path.open("a", encoding="utf-8")

    def _set_aside_harness_errors(self) -> None:
        """Samples that ended in a harness error (backend down, say) run again: their records move to
        errors.jsonl (kept for the audit trail), so the retry's record is the only one in records.jsonl."""
        records = read_jsonl(self.records_path)
        failed = [r for r in records if r.get("error")]
        if not failed:
            return
        with (self.path / "errors.jsonl").open("a", encoding="utf-8") as fh:
            fh.writelines(dumps(r) + "\n" for r in failed)
        _atomic_write(self.records_path, "".join(dumps(r) + "\n" for r in records if not r.get("error")))

    def config(self) -> dict[str, Any]:
        return json.loads((self.path / "config.json").read_text(encoding="utf-8"))

    def records(self) -> list[dict[str, Any]]:
        """Every record once (the first written wins should a duplicate ever exist)."""
        seen: set[Key] = set()
        out = []
        for record in read_jsonl(self.records_path):
            key = record_key(record)
            if key not in seen:
                seen.add(key)
                out.append(record)
        return out

    def done_keys(self) -> set[Key]:
        return {record_key(r) for r in read_jsonl(self.records_path)}

    def append(self, record: dict[str, Any]) -> None:
        assert self._fh is not None, "RunDir.open() first"
        self._fh.write(dumps(record) + "\n")
        self._fh.flush()

    def write_summary(self, summary: dict[str, Any]) -> None:
        _atomic_write(self.path / "summary.json", json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n")

    def summary(self) -> dict[str, Any]:
        path = self.path / "summary.json"
        if not path.exists():
            raise UsageError(f"{path} not found: is {self.path} a finished agentbench run?")
        return json.loads(path.read_text(encoding="utf-8"))

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
