"""Per-endpoint concurrency limit plus optional token buckets (requests/min, tokens/min).

    limiter = EndpointLimiter(concurrency=16, requests_per_min=600, tokens_per_min=200_000)
    async with limiter.slot(estimated_tokens=1500) as slot:
        ...request...
        slot.settle(actual_tokens)   # optional: refund or charge the difference

Limiters are safe to share between models that talk to the same endpoint (`shared_limiter(key, ...)`), and
between event loops run one after another (each loop gets its own semaphore; `asyncio.Semaphore` binds to
the first loop that waits on it). Time and sleep are injectable so tests never wait.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any


class TokenBucket:
    """`per_minute` units refill continuously; the bucket holds at most `burst` (default: one minute's worth).

    `acquire(n)` waits until `n` units are there (n is capped at the burst, so one huge request can still go),
    then takes them. `give_back(n)` returns units (negative n charges more, and may leave a debt).
    """

    def __init__(self, per_minute: float, burst: float | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep):
        if per_minute <= 0:
            raise ValueError("a token bucket needs a positive rate")
        self.rate = per_minute / 60.0
        self.capacity = float(burst if burst is not None else per_minute)
        self.level = self.capacity
        self.clock, self.sleep = clock, sleep
        self._stamp = clock()
        self._locks: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _refill(self) -> None:
        now = self.clock()
        self.level = min(self.capacity, self.level + (now - self._stamp) * self.rate)
        self._stamp = now

    def _lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        lock = self._locks.get(loop)
        if lock is None:
            lock = self._locks[loop] = asyncio.Lock()
        return lock

    async def acquire(self, n: float = 1.0) -> None:
        need = min(float(n), self.capacity)
        async with self._lock():  # first come, first served
            self._refill()
            while self.level < need:
                await self.sleep((need - self.level) / self.rate)
                self._refill()
            self.level -= float(n)

    def give_back(self, n: float) -> None:
        self._refill()
        self.level = min(self.capacity, self.level + n)


class _Slot:
    __slots__ = ("limiter", "estimated")

    def __init__(self, limiter: EndpointLimiter, estimated: float):
        self.limiter, self.estimated = limiter, estimated

    def settle(self, actual_tokens: float) -> None:
        """Correct the tokens/min bucket once the real usage is known."""
        if self.limiter.tokens is not None and actual_tokens >= 0:
            self.limiter.tokens.give_back(self.estimated - actual_tokens)
            self.estimated = actual_tokens


class EndpointLimiter:
    """At most `concurrency` requests in flight, plus optional requests/min and tokens/min buckets."""

    def __init__(self, concurrency: int = 16, requests_per_min: float | None = None,
                 tokens_per_min: float | None = None, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep):
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.concurrency = concurrency
        self.requests = TokenBucket(requests_per_min, clock=clock, sleep=sleep) if requests_per_min else None
        self.tokens = TokenBucket(tokens_per_min, clock=clock, sleep=sleep) if tokens_per_min else None
        self._sems: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.in_flight = 0

    def _sem(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        sem = self._sems.get(loop)
        if sem is None:
            sem = self._sems[loop] = asyncio.Semaphore(self.concurrency)
        return sem

    @asynccontextmanager
    async def slot(self, estimated_tokens: float = 0.0):
        sem = self._sem()
        async with sem:
            if self.requests is not None:
                await self.requests.acquire(1)
            if self.tokens is not None and estimated_tokens > 0:
                await self.tokens.acquire(estimated_tokens)
            self.in_flight += 1
            try:
                yield _Slot(self, estimated_tokens if self.tokens is not None else 0.0)
            finally:
                self.in_flight -= 1


_SHARED: dict[tuple, EndpointLimiter] = {}


def shared_limiter(key: str, concurrency: int = 16, requests_per_min: float | None = None,
                   tokens_per_min: float | None = None) -> EndpointLimiter:
    """One limiter per (endpoint, limits): models and judges on the same endpoint share its budget."""
    full = (key, concurrency, requests_per_min, tokens_per_min)
    limiter = _SHARED.get(full)
    if limiter is None:
        limiter = _SHARED[full] = EndpointLimiter(concurrency, requests_per_min, tokens_per_min)
    return limiter
