"""No reply makes an extractor hang or raise: each pathological input runs in a child process that must
answer within HANG_GUARD_S (typical times are milliseconds; benchmarks/bench_scoring.py prints them)."""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from typing import Any

import pytest

from agentbench.models.scripted import ScriptedModel
from agentbench.runs.run import play
from agentbench.scoring.extraction import (
    MAX_CHARS,
    cut_note,
    extract_choice,
    extract_number,
    normalize_number,
    numbers_equal,
)
from agentbench.suites import SuiteSettings, make_suite
from agentbench.types import ModelOutput

HANG_GUARD_S = 2.0


def _child(queue: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        queue.put(("ok", fn(*args)))
    except BaseException as exc:  # the parent reports it: an extractor must never raise
        queue.put(("raised", f"{type(exc).__name__}: {exc}"))


def within_guard(fn: Callable[..., Any], *args: Any) -> Any:
    """fn(*args) in a forked child; fail if it takes longer than HANG_GUARD_S or raises."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_child, args=(queue, fn, args))
    child.start()
    child.join(HANG_GUARD_S)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail(f"{fn.__name__} still running after {HANG_GUARD_S} s")
    status, value = queue.get(timeout=1)
    assert status == "ok", value
    return value


def _choice(text: str) -> dict[str, str | None]:
    return extract_choice(text, options={"A": "a", "B": "b"}, prompt=text[:200])


def _number(text: str) -> dict[str, str | None]:
    return extract_number(text, prompt=text[:200])


PATHOLOGICAL = {
    "cue, 200 spaces, letter": "选" + " " * 200 + "Z",             # took 44 s before whitespace squeezing
    "cue, 20 000 spaces": "答案" + " " * 20_000 + "是",
    "#### then 10 000 spaces": "####" + " " * 10_000,
    "answer is, spaces, colons": "The answer is" + " :" * 10_000,
    "30 000 digits": "9" * 30_000,
    "fraction of 5 000-digit numbers": "9" * 5_000 + "/" + "7" * 5_000,
    "boxed repeated": "\\boxed{" * 5_000,
    "boxed nested": "\\boxed{" * 5_000 + "}" * 5_000,
    "huge decimal": "12345678901234567890123.5",
    "1 MB of prose": "The cat sat on the mat. " * 44_000,
    "1 MB of numbers": "1 " * 500_000,
    "1 MB of option markers": "A.\n" * 350_000,
    "brackets": "(" * 100_000 + "B",
    "comma groups": "1" + ",111" * 10_000,
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_replies_finish_and_never_raise(name):
    text = PATHOLOGICAL[name]
    choice = within_guard(_choice, text)
    number = within_guard(_number, text)
    assert set(choice) == set(number) == {"strict", "flexible"}


def test_long_numbers_stay_exact():
    big = "9" * 30_000
    assert extract_number(big)["flexible"] == big
    assert numbers_equal(big, big) and not numbers_equal(big, "9" * 29_999 + "8")
    assert normalize_number("12345678901234567890123.5") == "12345678901234567890123.5"
    assert not numbers_equal("12345678901234567890123.5", "12345678901234567890124")
    assert normalize_number("2" * 30 + "/3") == str(int("2" * 30) // 3)  # every digit kept
    assert normalize_number("1/0") == "1"  # a zero denominator is not a fraction


def test_the_innermost_box_is_read():
    assert extract_number("\\boxed{" * 5_000 + "42" + "}" * 5_000)["flexible"] == "42"


def test_a_reply_longer_than_the_window_is_read_at_both_ends_and_says_so():
    filler = "这道题需要仔细分析。" * 100_000  # 1 MB
    assert cut_note("short") is None
    assert "1000000 characters" in cut_note(filler)
    assert extract_choice("答案：B\n" + filler)["strict"] == "B"
    assert extract_choice(filler + "\n答案：C")["strict"] == "C"
    middle = filler[: len(filler) // 2] + "答案：D" + filler[len(filler) // 2 :]
    assert extract_choice(middle) == {"strict": None, "flexible": None}  # outside the window: invalid
    assert len(filler) > MAX_CHARS


def test_a_cut_reply_says_so_in_its_scores(tmp_path):
    root = tmp_path / "gsm8k"
    root.mkdir()
    (root / "test.jsonl").write_text('{"question": "1+1?", "answer": "1+1=2\\n#### 2"}\n', encoding="utf-8")
    suite = make_suite("gsm8k", SuiteSettings(data_dir=tmp_path))
    sample = suite.samples()[0]
    long_reply = "想一想。" * 20_000 + "The answer is 2."
    model = ScriptedModel({}, "scripted:long", fallback=lambda sid: [ModelOutput(text=long_reply)])
    record = asyncio.run(play(suite, sample, model))
    assert record.scores["flexible"].passed is True
    assert "80016 characters" in record.scores["flexible"].details["extraction_cut"]
