"""Retries for model endpoints: exponential backoff with full jitter, `Retry-After` aware, finite attempts.

Transport-neutral: a backend hands `call_with_retries` an attempt function and a `classify` function that
turns an exception into a `Failure` (retry it, or fatal). What is retried: 429, 408/409, 5xx, timeouts,
connection errors and resets, unreadable (malformed) responses. Other 4xx fail at once: the backend raises
`BackendFatal` with one line, so a run with a bad key or an unknown model stops instead of retrying.
A request that still fails after `max_attempts` gives `RetriesExhausted`, which the backend turns into
`ModelOutput(error=..., error_kind=...)`: a harness error recorded with the sample, never a score.

A failure can carry a `limit`: at most that many attempts of one request may end in a failure of its kind
before the request stops (as `fatal` says). The openai backend uses it for replies it cannot read (a few
tries, then a harness error) and for an endpoint that has never answered (one quick retry, then the run stops).
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

T = TypeVar("T")
FailureKind = Literal["transport", "http_status", "bad_response", "timeout", "internal"]
"""The backend kinds of `ModelOutput.error_kind` (tool_crash is the agent loop's, not a backend's)."""

RETRYABLE_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524, 529})


def is_retryable_status(status: int) -> bool:
    return status in RETRYABLE_STATUS or status >= 500


def parse_retry_after(headers: Mapping[str, str] | None, now: float | None = None) -> float | None:
    """Seconds to wait from `retry-after-ms`, or `Retry-After` as seconds or an HTTP date; None if absent/bad."""
    if not headers:
        return None
    get = headers.get
    value = get("retry-after-ms") or get("Retry-After-Ms")
    if value:
        try:
            ms = float(value)
            if ms >= 0 and ms == ms:
                return ms / 1000.0
        except ValueError:
            pass
    value = get("retry-after") or get("Retry-After")
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
        return seconds if seconds >= 0 and seconds == seconds else None
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass
class Failure:
    """How one failed attempt is treated."""

    retry: bool
    message: str
    """One line, no secrets: what went wrong (e.g. `429 Too Many Requests`, `timeout after 120 s`)."""
    retry_after_s: float | None = None
    fatal: bool = True
    """For a failure that is not retried, or one that reached its `limit`: True stops the run (bad key,
    unknown model, nothing listening); False fails only this request (e.g. a prompt too long for the model)."""
    kind: FailureKind = "transport"
    limit: int | None = None
    """Retry, but end the request (as `fatal` says) once this many of its attempts ended in a failure of
    this `kind`, or when attempts run out. None: retried until attempts run out, then `RetriesExhausted`."""


class RetriesExhausted(Exception):
    def __init__(self, attempts: int, last: Failure):
        self.attempts, self.last = attempts, last
        super().__init__(f"failed after {attempts} attempt{'s' if attempts != 1 else ''}: {last.message}")


class FatalError(Exception):
    """A failure retrying cannot fix (bad key, unknown model); carries the one-line message."""

    def __init__(self, failure: Failure):
        self.failure = failure
        super().__init__(failure.message)


@dataclass
class RetryPolicy:
    max_attempts: int = 6
    """Total tries, the first included."""
    base_s: float = 0.5
    """Backoff before retry k (k = 1, 2, ...) is uniform(0, min(max_backoff_s, base_s * 2**(k-1)))."""
    max_backoff_s: float = 30.0
    max_retry_after_s: float = 300.0
    """A server's Retry-After is honoured up to this many seconds."""
    retry_after_jitter: float = 0.1
    """Up to this fraction is added to a Retry-After wait, so that clients told the same wait spread out."""
    timeout_s: float | None = 120.0
    """Deadline for one attempt (the whole request, not each socket read)."""
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")

    def delay(self, retry_number: int, failure: Failure) -> float:
        if failure.retry_after_s is not None:
            wait = min(failure.retry_after_s, self.max_retry_after_s)
            return wait + self.rng.uniform(0, wait * self.retry_after_jitter)
        return self.rng.uniform(0, min(self.max_backoff_s, self.base_s * (2 ** (retry_number - 1))))


if sys.version_info >= (3, 11):
    async def _with_deadline(coro: Awaitable[T], timeout_s: float | None) -> T:
        if timeout_s is None:
            return await coro
        async with asyncio.timeout(timeout_s):
            return await coro
else:  # pragma: no cover - 3.10
    async def _with_deadline(coro: Awaitable[T], timeout_s: float | None) -> T:
        return await asyncio.wait_for(coro, timeout_s)


class _OwnTimeout(Exception):
    """A TimeoutError the attempt raised itself (e.g. a connect timeout): classify decides, not the deadline."""

    def __init__(self, inner: BaseException):
        super().__init__(str(inner))
        self.inner = inner


async def _keep_own_timeouts_apart(coro: Awaitable[T]) -> T:
    try:
        return await coro
    except (TimeoutError, asyncio.TimeoutError) as exc:  # the deadline cancels instead: this one is the attempt's
        raise _OwnTimeout(exc) from exc


@dataclass
class RetryStats:
    attempts: int = 0
    retries: int = 0
    waited_s: float = 0.0


async def call_with_retries(attempt: Callable[[], Awaitable[T]], classify: Callable[[BaseException], Failure],
                            policy: RetryPolicy, stats: RetryStats | None = None,
                            on_retry: Callable[[int, Failure, float], None] | None = None) -> T:
    """Run `attempt()` until it succeeds, a failure is fatal (`FatalError`) or attempts run out
    (`RetriesExhausted`). Each attempt runs under `policy.timeout_s`; hitting that deadline is retried
    (kind `timeout`). A TimeoutError the attempt raises itself goes to `classify` like any other error."""
    stats = stats if stats is not None else RetryStats()
    seen: Counter[str] = Counter()  # failures of each kind so far, for `Failure.limit`
    for number in range(1, policy.max_attempts + 1):
        stats.attempts += 1
        try:
            return await _with_deadline(_keep_own_timeouts_apart(attempt()), policy.timeout_s)
        except asyncio.CancelledError:
            raise
        except (TimeoutError, asyncio.TimeoutError):
            failure = Failure(True, f"timeout after {policy.timeout_s:g} s", kind="timeout")
        except _OwnTimeout as own:
            failure = classify(own.inner)
        except Exception as exc:  # noqa: BLE001 - classify decides
            failure = classify(exc)
        seen[failure.kind] += 1
        limited = failure.limit is not None
        if not failure.retry or (limited and seen[failure.kind] >= failure.limit):
            raise FatalError(failure) if failure.fatal else RetriesExhausted(number, failure)
        if number == policy.max_attempts:
            raise FatalError(failure) if limited and failure.fatal else RetriesExhausted(number, failure)
        wait = policy.delay(number, failure)
        stats.retries += 1
        stats.waited_s += wait
        if on_retry is not None:
            on_retry(number, failure, wait)
        await policy.sleep(wait)
    raise AssertionError("unreachable")
