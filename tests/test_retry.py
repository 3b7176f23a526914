"""Retry policy, Retry-After parsing and the endpoint limiter, with injected sleep and clocks (no waiting)."""

from __future__ import annotations

import asyncio
import email.utils
import random
import time

import pytest

from agentbench.runtime.limiter import EndpointLimiter, TokenBucket
from agentbench.runtime.retry import (
    Failure,
    FatalError,
    RetriesExhausted,
    RetryPolicy,
    RetryStats,
    call_with_retries,
    is_retryable_status,
    parse_retry_after,
)


class Recorder:
    def __init__(self):
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def test_parse_retry_after_forms():
    assert parse_retry_after({"retry-after": "3"}) == 3.0
    assert parse_retry_after({"retry-after": "1.5"}) == 1.5
    assert parse_retry_after({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    now = time.time()
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert 28 <= parse_retry_after({"retry-after": date}, now=now) <= 31
    past = email.utils.formatdate(now - 30, usegmt=True)
    assert parse_retry_after({"retry-after": past}, now=now) == 0.0
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after({"retry-after": "-1"}) is None
    assert parse_retry_after({}) is None and parse_retry_after(None) is None


def test_retryable_statuses():
    assert all(is_retryable_status(s) for s in (408, 409, 429, 500, 502, 503, 504, 529))
    assert not any(is_retryable_status(s) for s in (400, 401, 403, 404, 422))


def test_backoff_is_full_jitter_and_capped():
    policy = RetryPolicy(base_s=1.0, max_backoff_s=5.0, rng=random.Random(1))
    for k in range(1, 12):
        d = policy.delay(k, Failure(True, "x"))
        assert 0 <= d <= min(5.0, 2 ** (k - 1))
    honoured = policy.delay(1, Failure(True, "429", retry_after_s=2.0))
    assert 2.0 <= honoured <= 2.2
    assert policy.delay(1, Failure(True, "429", retry_after_s=10_000)) <= policy.max_retry_after_s * 1.1


def run(coro):
    return asyncio.run(coro)


def test_retries_until_success_and_records_waits():
    sleep = Recorder()
    calls = []

    async def attempt():
        calls.append(1)
        if len(calls) < 3:
            raise ConnectionResetError("reset")
        return "ok"

    def classify(exc):
        return Failure(True, type(exc).__name__, retry_after_s=0.5 if len(calls) == 1 else None)

    stats = RetryStats()
    assert run(call_with_retries(attempt, classify, RetryPolicy(sleep=sleep), stats)) == "ok"
    assert stats.attempts == 3 and stats.retries == 2 and len(sleep.delays) == 2
    assert 0.5 <= sleep.delays[0] <= 0.55


def test_exhausted_and_fatal_and_non_fatal():
    sleep = Recorder()

    async def fail():
        raise RuntimeError("boom")

    with pytest.raises(RetriesExhausted, match="failed after 4 attempts: boom"):
        run(call_with_retries(fail, lambda e: Failure(True, str(e)), RetryPolicy(max_attempts=4, sleep=sleep)))
    assert len(sleep.delays) == 3
    with pytest.raises(FatalError, match="401"):
        run(call_with_retries(fail, lambda e: Failure(False, "401 Unauthorized"), RetryPolicy(sleep=sleep)))
    with pytest.raises(RetriesExhausted, match="failed after 1 attempt: too long"):
        run(call_with_retries(fail, lambda e: Failure(False, "too long", fatal=False), RetryPolicy(sleep=sleep)))


def test_per_attempt_timeout_is_retried():
    sleep = Recorder()
    calls = []

    async def slow_then_fast():
        calls.append(1)
        if len(calls) == 1:
            await asyncio.sleep(10)
        return "done"

    policy = RetryPolicy(timeout_s=0.05, sleep=sleep)
    assert run(call_with_retries(slow_then_fast, lambda e: Failure(True, "x"), policy)) == "done"
    assert len(calls) == 2


def test_token_bucket_waits_for_refill():
    now = [0.0]
    slept: list[float] = []

    async def sleep(s):
        slept.append(s)
        now[0] += s

    bucket = TokenBucket(per_minute=60, clock=lambda: now[0], sleep=sleep)  # 1 per second, burst 60

    async def main():
        for _ in range(60):
            await bucket.acquire(1)
        assert not slept
        await bucket.acquire(2)
        assert slept and abs(sum(slept) - 2.0) < 1e-6
        await bucket.acquire(1000)  # larger than the burst: waits for a full bucket, then goes (debt)
        assert bucket.level < 0

    run(main())


def test_limiter_bounds_concurrency_and_settles_tokens():
    limiter = EndpointLimiter(concurrency=3, tokens_per_min=1000)
    peak = [0]

    async def work():
        async with limiter.slot(estimated_tokens=10) as slot:
            peak[0] = max(peak[0], limiter.in_flight)
            await asyncio.sleep(0.001)
            slot.settle(4)

    async def main():
        await asyncio.gather(*(work() for _ in range(20)))

    run(main())
    run(main())  # a second event loop reuses the limiter
    assert peak[0] == 3
    assert 1000 - 40 * 4 - 1 <= limiter.tokens.level <= 1000


def test_a_limited_failure_ends_the_request_at_its_limit():
    sleep = Recorder()
    calls = []

    async def unreadable():
        calls.append(1)
        raise ValueError("bad body")

    bad = Failure(True, "malformed", kind="bad_response", limit=3, fatal=False)
    with pytest.raises(RetriesExhausted, match="failed after 3 attempts: malformed") as info:
        run(call_with_retries(unreadable, lambda e: bad, RetryPolicy(max_attempts=6, sleep=sleep)))
    assert len(calls) == 3 and len(sleep.delays) == 2 and info.value.last.kind == "bad_response"

    calls.clear()
    unreachable = Failure(True, "cannot reach", kind="transport", limit=2, fatal=True)
    with pytest.raises(FatalError, match="cannot reach"):
        run(call_with_retries(unreadable, lambda e: unreachable, RetryPolicy(max_attempts=6, sleep=sleep)))
    assert len(calls) == 2
    calls.clear()
    with pytest.raises(FatalError):  # no retry allowed at all: the limit's verdict still applies
        run(call_with_retries(unreadable, lambda e: unreachable, RetryPolicy(max_attempts=1, sleep=sleep)))
    assert len(calls) == 1


def test_limits_count_failures_of_their_own_kind_only():
    sleep = Recorder()
    kinds = iter(["timeout", "bad_response", "timeout", "bad_response", "ok"])

    async def attempt():
        kind = next(kinds)
        if kind == "ok":
            return "ok"
        raise RuntimeError(kind)

    def classify(exc):
        return Failure(True, str(exc), kind=str(exc), limit=3 if str(exc) == "bad_response" else None, fatal=False)

    assert run(call_with_retries(attempt, classify, RetryPolicy(max_attempts=6, sleep=sleep))) == "ok"


def test_deadline_and_an_attempts_own_timeout_are_told_apart():
    sleep = Recorder()
    seen = []

    async def connect_times_out():
        raise TimeoutError("connect timed out")  # the transport's own, not the per-attempt deadline

    def classify(exc):
        seen.append(type(exc).__name__)
        return Failure(False, "cannot connect", kind="transport", fatal=False)

    with pytest.raises(RetriesExhausted) as info:
        run(call_with_retries(connect_times_out, classify, RetryPolicy(timeout_s=5, sleep=sleep)))
    assert seen == ["TimeoutError"] and info.value.last.kind == "transport"

    async def slow():
        await asyncio.sleep(10)

    with pytest.raises(RetriesExhausted) as info:
        run(call_with_retries(slow, classify, RetryPolicy(max_attempts=1, timeout_s=0.01, sleep=sleep)))
    assert info.value.last.kind == "timeout" and seen == ["TimeoutError"]
