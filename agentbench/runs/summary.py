"""summary.json, rebuilt from records alone by streaming them: the same records give the same bytes."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from agentbench.results import AgentOutput, PairOutput, Record, TextOutput
from agentbench.suites.base import Suite


def output_usage(record: Record) -> tuple[int, int, int, float]:
    """(model calls, prompt tokens, completion tokens, latency seconds) spent on one record's output."""
    out = record.output
    if isinstance(out, TextOutput):
        return 1, out.usage.prompt_tokens, out.usage.completion_tokens, out.latency_s
    if isinstance(out, PairOutput):
        calls = len(out.candidate) + (len(out.baseline) if out.baseline_source == "role" else 0)
        return calls, out.usage.prompt_tokens, out.usage.completion_tokens, out.latency_s
    if isinstance(out, AgentOutput):
        steps = [s.output for t in out.trace.turns for s in t.steps]
        return (len(steps), sum(o.usage.prompt_tokens for o in steps), sum(o.usage.completion_tokens for o in steps),
                sum(o.latency_s for o in steps))
    return 0, 0, 0, 0.0


class SummaryBuilder:
    """Collects each record's flat row (never its output) per suite, then asks each suite to aggregate."""

    def __init__(self, suites: list[Suite]):
        self.suites = {s.name: s for s in suites}
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.versions: dict[str, set[str]] = defaultdict(set)
        self.usage: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0, 0.0])

    def add(self, record: Record) -> None:
        suite = self.suites.get(record.key.suite)
        if suite is None:
            return
        self.rows[suite.name].append(suite.row(record))
        if record.error is None:
            self.versions[suite.name].add(record.scorer_version)
        for i, value in enumerate(output_usage(record)):
            self.usage[suite.name][i] += value

    def build(self, candidate: str, previous: dict[str, Any] | None = None) -> dict[str, Any]:
        kept = (previous or {}).get("suites", {}) if (previous or {}).get("candidate") == candidate else {}
        suites: dict[str, Any] = {k: v for k, v in kept.items() if k not in self.suites}
        for name, suite in self.suites.items():
            entry = suite.aggregate(self.rows.get(name, []))
            versions = sorted(self.versions.get(name, set()))
            entry["scorer_versions"] = versions
            if len(versions) > 1:
                entry["warning"] = (f"records were scored by different scorer versions ({', '.join(versions)}); "
                                    "run `agentbench rescore` to score them all with today's")
            calls, prompt, completion, latency = self.usage.get(name, [0, 0, 0, 0.0])
            entry["usage"] = {"model_calls": int(calls), "prompt_tokens": int(prompt),
                              "completion_tokens": int(completion), "latency_s": round(latency, 3)}
            suites[name] = entry
        return {"candidate": candidate, "suites": dict(sorted(suites.items()))}


class FailureDigest:
    """The failing (and undecided) samples and harness errors of a run, gathered in the same pass that
    builds the summary, so printing them needs no second read of records.jsonl."""

    def __init__(self, keep: int = 40):
        self.keep = keep
        self.shown: list[Record] = []
        """The first `keep` of them, in file order."""
        self.failing = 0
        self.errors = 0

    def add(self, record: Record) -> None:
        if record.error is not None:
            self.errors += 1
        elif record.passed is False or (record.passed is None and _undecided(record)):
            self.failing += 1
        else:
            return
        if len(self.shown) < self.keep:
            self.shown.append(record)


def _undecided(record: Record) -> bool:
    """An agent scenario whose rules could not decide (passed None, with a first divergence)."""
    trace = record.scores.get("trace")
    return trace is not None and bool(trace.details.get("first_divergence"))
