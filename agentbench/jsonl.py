"""JSON lines on disk: one canonical encoder, a tolerant streaming reader, atomic writes.

Below every part that stores anything (store/, runtime/cache): no agentbench imports.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def dumps(obj: Any, sort_keys: bool = True) -> str:
    """One-line JSON. Text with lone surrogates (which UTF-8 cannot hold) is written escaped (`\\ud800`),
    so it is kept exactly rather than crashing the write.

    `sort_keys=False` keeps the objects' own order, so what is read back is what was scored (records:
    a model's argument order shows in verdict messages, and a rescore must reproduce them byte for byte)."""
    try:
        text = json.dumps(obj, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"))
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return json.dumps(obj, ensure_ascii=True, sort_keys=sort_keys, separators=(",", ":"))


def atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@dataclass
class BadLine:
    """A line that is not a JSON object: where it is and why (reported, never fatal)."""

    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: skipped ({self.reason})"


def iter_jsonl(path: Path, bad: list[BadLine] | None = None) -> Iterator[dict[str, Any]]:
    """Stream the JSON objects of a file. The unterminated last line a kill leaves is ignored; a corrupt
    line is appended to `bad` (file:line, reason) and skipped."""
    for _, obj in iter_numbered(path, bad):
        yield obj


def iter_numbered(path: Path, bad: list[BadLine] | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """`iter_jsonl` with each object's line number."""
    if not path.exists():
        return
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            if not raw.endswith(b"\n"):
                break  # cut short by a kill: the writer cuts it before appending
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except (ValueError, RecursionError) as exc:
                if bad is not None:
                    bad.append(BadLine(path, number, f"not JSON: {str(exc)[:80]}"))
                continue
            if not isinstance(obj, dict):
                if bad is not None:
                    bad.append(BadLine(path, number, "not a JSON object"))
                continue
            yield number, obj


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return list(iter_jsonl(path))


def cut_partial_tail(path: Path) -> None:
    """Drop an unterminated last line (what a SIGKILL mid-write leaves) before appending."""
    if not path.exists():
        return
    size = path.stat().st_size
    if size == 0:
        return
    with path.open("rb+") as fh:
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return
        # walk back in blocks to the last newline: the file can be large
        pos = size
        while pos > 0:
            start = max(0, pos - 65536)
            fh.seek(start)
            block = fh.read(pos - start)
            cut = block.rfind(b"\n")
            if cut >= 0:
                fh.truncate(start + cut + 1)
                return
            pos = start
        fh.truncate(0)
