"""Progress on stderr: a redrawn line on a terminal, a plain line every few seconds otherwise."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO


def _duration(seconds: float) -> str:
    seconds = int(max(0, seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class Progress:
    """done / total, rate, ETA, harness errors and backend retries."""

    def __init__(self, total: int, mode: str = "auto", stream: IO[str] | None = None,
                 retries: Callable[[], int] | None = None, every_s: float = 10.0):
        self.stream = stream or sys.stderr
        if mode == "auto":
            mode = "bar" if getattr(self.stream, "isatty", lambda: False)() else "lines"
        self.mode, self.total, self.done, self.errors = mode, total, 0, 0
        self.retries = retries or (lambda: 0)
        self.every_s = every_s if mode == "lines" else 0.5
        self._start = self._last = time.monotonic()

    def line(self) -> str:
        elapsed = time.monotonic() - self._start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.done) / rate if rate > 0 else 0.0
        pct = 100 * self.done / self.total if self.total else 100.0
        return (f"{self.done}/{self.total} samples ({pct:.0f}%)  {rate:.1f}/s  ETA {_duration(eta)}  "
                f"errors {self.errors}  retries {self.retries()}")

    def tick(self, error: bool = False) -> None:
        self.done += 1
        self.errors += bool(error)
        if self.mode == "off":
            return
        now = time.monotonic()
        finished = self.done == self.total
        if now - self._last < self.every_s and not finished:
            return
        self._last = now
        try:
            if self.mode == "bar":
                self.stream.write("\r" + self.line() + ("\n" if finished else ""))
            else:
                self.stream.write("agentbench: " + self.line() + "\n")
            self.stream.flush()
        except (OSError, ValueError):  # a closed stderr must not stop the run
            self.mode = "off"
