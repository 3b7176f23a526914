"""`agentbench.run(spec) -> RunResult`: the run lifecycle the CLI, the pytest plugin and notebooks share.

One pass over an existing run directory finds what is done, what to retry and the rows of the summary;
one worker pool runs what is pending (memory flat in the number of samples); every record is written the
moment it exists; the summary is rebuilt from records alone.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agentbench import __version__
from agentbench.errors import EXIT_HARNESS_ERRORS, EXIT_JUDGE_PARSE, AgentbenchError
from agentbench.judges.ask import same_model_warning
from agentbench.results import HarnessError, Record, RecordKey
from agentbench.runs.build import build_suites, check_roles, suite_settings_of
from agentbench.runs.identity import check_compatible
from agentbench.runs.progress import Progress
from agentbench.runs.roles import BuiltRole, build_role
from agentbench.runs.spec import ROLES, RunSpec, build_spec
from agentbench.runs.summary import FailureDigest, SummaryBuilder
from agentbench.store import RunReader, RunStore
from agentbench.suites.base import Roles, Sample, Suite

log = logging.getLogger("agentbench")


@dataclass
class RunResult:
    spec: RunSpec
    out: Path
    summary: dict[str, Any]
    ran: int = 0
    """Samples run by this call (the rest were already done)."""
    errors: int = 0
    """Records of this run's suites that ended in a harness error (a rerun retries them)."""
    warnings: list[str] = field(default_factory=list)
    failures: FailureDigest = field(default_factory=FailureDigest)
    """This run's failing samples and harness errors (its suites, its candidate), from the same pass."""
    invocation: dict[str, Any] = field(default_factory=dict)
    """This call's backend figures by role: calls, retries, tokens, latency, cost, cache hits."""

    @property
    def exit_code(self) -> int:
        if self.errors:
            return EXIT_HARNESS_ERRORS
        return EXIT_JUDGE_PARSE if self.judge_problems() else 0

    def judge_problems(self) -> list[str]:
        """One line per judged suite whose judge parse rate is below its threshold (exit code 6)."""
        from agentbench.suites.judged import below_threshold

        return [f"{name}: {message}" for name, entry in self.summary.get("suites", {}).items()
                if (message := below_threshold(entry))]

    def records(self, suite: str | None = None) -> Iterator[Record]:
        return RunReader(self.out).records(suite)


@dataclass
class Work:
    suite: Suite
    sample: Sample
    trial: int


async def solve_and_score(item: Work, roles: Roles, candidate: str) -> Record:
    """One record. Model behaviour never raises; a crash of our own code becomes an `internal` harness error
    on that sample (the run goes on); a fatal backend error (bad key, no endpoint) propagates."""
    suite, sample = item.suite, item.sample
    key = RecordKey(suite=suite.name, sample_id=sample.id, trial=item.trial, candidate=candidate)
    base = {"key": key, "category": sample.category, "meta": suite.meta(sample), "scorer_version": suite.scorer_version}
    try:
        output = await suite.solve(sample, roles, item.trial)
    except (AgentbenchError, asyncio.CancelledError):
        raise
    except Exception as exc:  # noqa: BLE001 - recorded, never a crash of the whole run
        log.exception("internal error while solving %s", sample.id)
        return Record(**base, error=HarnessError(kind="internal", message=f"{type(exc).__name__}: {exc}"[:2000]))
    error = suite.harness_error(output)
    if error is not None:
        return Record(**base, output=output, error=error)
    try:
        scores = await suite.score(sample, output, roles.judge)
    except (AgentbenchError, asyncio.CancelledError):
        raise
    except Exception as exc:  # noqa: BLE001
        log.exception("internal error while scoring %s", sample.id)
        return Record(**base, output=output,
                      error=HarnessError(kind="internal", message=f"scoring: {type(exc).__name__}: {exc}"[:2000]))
    error = suite.score_error(scores)
    return Record(**base, output=output, scores=scores, passed=None if error else suite.verdict(scores), error=error)


async def play(suite: Suite, sample: Sample, model: Any, trial: int = 0, judge: Any = None) -> Record:
    """One sample through one suite with one candidate model, outside a run (tests, notebooks)."""
    return await solve_and_score(Work(suite, sample, trial), Roles(candidate=model, judge=judge), model.identity)


async def run_pool(work: list[Work], roles: Roles, candidate: str, concurrency: int, sink: Any,
                   progress: Progress | None) -> None:
    """At most `concurrency` samples in flight, pulled from one iterator; the first fatal error cancels
    the rest and propagates."""
    items = iter(work)

    async def worker() -> None:
        for item in items:
            record = await solve_and_score(item, roles, candidate)
            sink(record)
            if progress:
                progress.tick(record.error is not None)

    tasks = [asyncio.create_task(worker()) for _ in range(max(1, min(concurrency, len(work))))]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def pending(suites: list[Suite], done: set[tuple[str, str, int, str]], candidate: str, trials: int,
            limit: int | None, only: list[str] | None = None) -> list[Work]:
    out = []
    wanted = set(only) if only is not None else None
    for suite in suites:
        samples = suite.samples()
        if wanted is not None:
            samples = [s for s in samples if s.id in wanted]
        for sample in samples[:limit] if limit is not None else samples:
            for trial in range(trials):
                if (suite.name, sample.id, trial, candidate) not in done:
                    out.append(Work(suite, sample, trial))
    return out


@dataclass
class Scan:
    """One pass over an existing records.jsonl: what is done, what to retry, and (fed to `summary` and
    `failures`) the rows of this candidate's summary."""

    done: set[tuple[str, str, int, str]] = field(default_factory=set)
    failed_lines: set[int] = field(default_factory=set)
    """Harness-error records of this run's suites: set aside and retried."""
    finished: dict[str, int] = field(default_factory=dict)
    """Finished records per suite (any candidate): what locks the directory's identity."""

    @classmethod
    def of(cls, reader: RunReader, candidate: str, summary: SummaryBuilder, failures: FailureDigest) -> Scan:
        scan = cls()
        for line, record in reader.numbered():
            ours = record.key.suite in summary.suites
            if record.error is not None:
                if ours:  # another suite's errors wait for a run of that suite
                    scan.failed_lines.add(line)
                continue
            scan.finished[record.key.suite] = scan.finished.get(record.key.suite, 0) + 1
            scan.done.add(record.key.tuple())
            if record.key.candidate == candidate:
                summary.add(record)
                if ours:
                    failures.add(record)
        return scan


def _retries(roles: list[BuiltRole]) -> int:
    total = 0
    for role in roles:
        stats = getattr(role.model, "stats", None)
        total += int((stats() if stats else {}).get("retries", 0) or 0)
    return total


async def run_async(spec: RunSpec | dict[str, Any]) -> RunResult:
    spec = spec if isinstance(spec, RunSpec) else build_spec(spec)
    out = spec.out_dir()
    suites, warnings = build_suites(spec)
    check_roles(spec, suites)
    store = RunStore(out)
    built = [build_role(name, role, suites, store.cache_path if spec.cache else None)
             for name in ROLES if (role := spec.role(name)) is not None]
    candidate = built[0]
    if spec.judge is not None and (same := same_model_warning(spec.model.model, spec.judge.model)):
        warnings.append(same)
    identity = {"candidate": candidate.identity, **{r.name: r.identity for r in built[1:]},
                "suites": {s.name: s.identity() for s in suites}}
    reader = RunReader(out)
    old_config = reader.config() if (out / "config.json").is_file() else None
    summary, failures = SummaryBuilder(suites), FailureDigest()
    scan = Scan.of(reader, candidate.key, summary, failures)
    done, failed_lines, finished = scan.done, scan.failed_lines, scan.finished
    warnings += [str(p) for p in reader.problems]
    role_suites = {"candidate": set(finished) | {s.name for s in suites},
                   **{r.name: {s.name for s in suites if r.name in s.needs} for r in built[1:]}}
    old_identity = (old_config or {}).get("identity")
    check_compatible(old_identity, identity, finished, str(out), role_suites)
    store.prepare()
    store.write_config(_config(spec, identity, suites, old_config))
    store.set_aside(failed_lines)
    work = pending(suites, done, candidate.key, spec.trials, spec.limit, spec.samples)
    roles = Roles(candidate=candidate.model, **{r.name: r.model for r in built[1:]})
    prewarm(suites, work)
    progress = Progress(len(work), spec.progress, retries=lambda: _retries(built)) if work else None
    store.open()

    def sink(record: Record) -> None:
        store.append(record)
        summary.add(record)
        failures.add(record)

    try:
        await run_pool(work, roles, candidate.key, spec.model.concurrency, sink, progress)
    finally:
        store.close()
        for role in built:
            await role.model.aclose()
    invocation = {r.name: r.model.stats() for r in built if hasattr(r.model, "stats")}
    previous = reader.summary() if (out / "summary.json").is_file() else None
    result_summary = summary.build(candidate.key, previous)
    store.write_summary(result_summary)
    if invocation:
        store.log_invocation({"agentbench": __version__, "samples": len(work), **invocation})
    errors = sum(entry.get("errors", 0) or 0 for name, entry in result_summary["suites"].items()
                 if name in {s.name for s in suites})
    return RunResult(spec, out, result_summary, ran=len(work), errors=errors, warnings=warnings,
                     failures=failures, invocation=invocation)


def prewarm(suites: list[Suite], work: list[Work]) -> None:
    """Import what the suites' roll-ups need (numpy) on a thread while the first requests are in flight."""
    modules = sorted({m for s in suites for m in s.prewarm} - set(sys.modules))
    if work and modules:
        threading.Thread(target=lambda: [importlib.import_module(m) for m in modules], daemon=True,
                         name="agentbench-prewarm").start()


def run(spec: RunSpec | dict[str, Any]) -> RunResult:
    """Run (or resume) every suite of `spec` into its run directory and return the summary.

    From inside a running event loop (a notebook), `await run_async(spec)` instead."""
    return asyncio.run(run_async(spec))


def _config(spec: RunSpec, identity: dict[str, Any], suites: list[Suite], old: dict[str, Any] | None,
            ) -> dict[str, Any]:
    """config.json: this command's spec and identity, and every suite the directory holds."""
    old = old or {}
    suite_configs = dict(old.get("suites", {})) if isinstance(old.get("suites"), dict) else {}
    suite_identities = dict((old.get("identity") or {}).get("suites", {}))
    for suite in suites:
        suite_configs[suite.name] = {**suite.config(), "settings": suite_settings_of(spec, suite)}
        suite_identities[suite.name] = identity["suites"][suite.name]
    return {"agentbench": __version__, "spec": spec.model_dump(mode="json"),
            "identity": {**identity, "suites": dict(sorted(suite_identities.items()))},
            "suites": dict(sorted(suite_configs.items()))}
