"""What every judged suite shares: the judge spec option, judge calls with repeats, parse coverage and
the reliability figures reported beside every judged number."""

from __future__ import annotations

from collections import Counter
from typing import Any

from agentbench.judges.ask import ask
from agentbench.judges.outcome import SCORED, STATUSES, Judgment
from agentbench.judges.spec import JudgeSpec
from agentbench.models.base import ChatModel
from agentbench.results import HarnessError, Score
from agentbench.suites.options import OptionSpec

PARSE_THRESHOLD = 0.98
JUDGE_OPTIONS = {
    "judge_repeats": OptionSpec(int, 1, "judge each item K times at temperature 0 and report agreement"),
    "parse_threshold": OptionSpec(float, PARSE_THRESHOLD, "minimum judge parse rate; below it the run exits 6"),
}


async def judge_repeatedly(judge: ChatModel, spec: JudgeSpec, prompt: str, sample_id: str, first_call: int,
                           repeats: int, dims: list[str] = ()) -> list[tuple[Judgment, dict[str, Any]]]:
    """`repeats` calls of the same prompt (call indexes first_call .. first_call+repeats-1)."""
    return [await ask(judge, spec, prompt, sample_id, first_call + r, dims) for r in range(max(1, repeats))]


def judge_error(scores: dict[str, Score], scorer: str) -> HarnessError | None:
    """A judge call that failed after the runtime's retries: a harness error (a rerun retries it)."""
    score = scores.get(scorer)
    errors = (score.details.get("errors") or []) if score else []
    if not errors:
        return None
    first = errors[0]
    return HarnessError(kind=first.get("kind", "transport"), message=f"judge: {first.get('message', '')}"[:2000])


def parse_figures(statuses: list[str], threshold: float) -> dict[str, Any]:
    """parse_rate (scored outcomes / judge calls), outcomes by kind, and the threshold it is held to."""
    counts = Counter(statuses)
    total = len(statuses)
    rate = round(sum(counts[s] for s in SCORED) / total, 6) if total else None
    return {"parse_rate": rate, "parse_outcomes": {s: counts[s] for s in STATUSES if counts[s]},
            "parse_threshold": threshold, "judge_calls": total}


def repeat_agreement(groups: list[list[Any]]) -> float | None:
    """Share of items whose repeated judgments all agree (only items judged more than once, all parsed)."""
    comparable = [g for g in groups if len(g) > 1 and all(v is not None for v in g)]
    return round(sum(len(set(g)) == 1 for g in comparable) / len(comparable), 6) if comparable else None


def judge_names(rows: list[dict[str, Any]]) -> str | None:
    names = sorted({r["judge"] for r in rows if r.get("judge")})
    return ", ".join(names) if names else None


def below_threshold(entry: dict[str, Any]) -> str | None:
    """The message for a suite summary whose judge parse rate is under its threshold, else None."""
    metrics = entry.get("metrics") or {}
    rate, threshold = metrics.get("parse_rate"), metrics.get("parse_threshold")
    if rate is None or threshold is None or rate >= threshold:
        return None
    outcomes = ", ".join(f"{k} {v}" for k, v in (metrics.get("parse_outcomes") or {}).items())
    return f"judge parse rate {100 * rate:.1f}% is below {100 * threshold:.0f}% ({outcomes})"
