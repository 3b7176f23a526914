"""`agentbench rescore RUN [--judge SPEC] [--out NEW]`: every score again from the stored outputs.

Zero candidate calls: outputs are read, `Suite.score` runs again with today's scorers (and a judge when
given, its calls cached by content), and records and summary are written anew. With nothing changed the
new summary is byte-identical to the old.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

from agentbench.errors import UsageError
from agentbench.jsonl import dumps
from agentbench.results import Record
from agentbench.runs.build import rebuild_suite
from agentbench.runs.identity import role_key
from agentbench.runs.roles import build_role
from agentbench.runs.run import RunResult
from agentbench.runs.spec import RoleSpec, RunSpec
from agentbench.runs.summary import FailureDigest, SummaryBuilder
from agentbench.store import RunReader, RunStore
from agentbench.suites.base import Sample, Suite

BATCH = 64


def _suites(config: dict[str, Any]) -> list[Suite]:
    suites = []
    for name, entry in sorted(config.get("suites", {}).items()):
        settings = entry.get("settings")
        if not settings:
            raise UsageError(f"suite {name!r} in this run has no stored settings (made by an older agentbench); "
                             "run it again instead")
        suites.append(rebuild_suite(settings))
    return suites


async def _rescored(record: Record, suites: dict[str, Suite], samples: dict[str, dict[str, Sample]],
                    judge: Any) -> Record:
    suite = suites.get(record.key.suite)
    sample = samples.get(record.key.suite, {}).get(record.key.sample_id)
    if record.error is not None or record.output is None or suite is None or sample is None:
        return record
    scores = await suite.score(sample, record.output, judge)
    return record.model_copy(update={"scores": scores, "passed": suite.verdict(scores),
                                     "scorer_version": suite.scorer_version})


async def rescore_async(run_dir: Path, judge: RoleSpec | str | None = None, out: Path | None = None) -> RunResult:
    source = RunReader(Path(run_dir)).require()
    config = source.config()
    spec = RunSpec.model_validate(config["spec"])
    if isinstance(judge, str):
        judge = RoleSpec(model=judge)
    if judge is not None:
        spec = spec.model_copy(update={"judge": judge})
    target = Path(out) if out is not None else source.path
    if target.resolve() != source.path.resolve():
        if (target / "records.jsonl").exists():
            raise UsageError(f"{target} already holds records; choose a new --out")
        target.mkdir(parents=True, exist_ok=True)
        if (source.path / "cache.jsonl").is_file():
            shutil.copyfile(source.path / "cache.jsonl", target / "cache.jsonl")
    suites = _suites(config)
    by_name = {s.name: s for s in suites}
    samples = {s.name: {x.id: x for x in s.samples()} for s in suites}
    store = RunStore(target)
    judge_role = build_role("judge", spec.judge, suites, store.cache_path) if spec.judge else None
    judge_model = judge_role.model if judge_role else None
    candidate = config.get("identity", {}).get("candidate", {})
    summary = SummaryBuilder(suites)
    failures = FailureDigest()
    tmp = target / "records.jsonl.rescore"
    batch: list[Record] = []
    seen: list[str] = []

    async def flush(fh: Any) -> None:
        for record in await asyncio.gather(*(_rescored(r, by_name, samples, judge_model) for r in batch)):
            fh.write(_line(record))
            summary.add(record)
            failures.add(record)
        batch.clear()

    with tmp.open("w", encoding="utf-8") as fh:
        for record in source.records():
            if not seen:
                seen.append(record.key.candidate)
            batch.append(record)
            if len(batch) >= BATCH:
                await flush(fh)
        await flush(fh)
    tmp.replace(target / "records.jsonl")
    if judge_model is not None:
        await judge_model.aclose()
    warnings = [str(p) for p in source.problems]
    identity = dict(config.get("identity", {}))
    if judge_role is not None:
        identity["judge"] = judge_role.identity
    # the records now answer to today's scorers (judge spec versions included): the identity says so too
    identity["suites"] = {**identity.get("suites", {}), **{s.name: s.identity() for s in suites}}
    store.write_config({**config, "spec": spec.model_dump(mode="json"), "identity": identity})
    key = seen[0] if seen else _key(candidate)
    result = summary.build(key)
    store.write_summary(result)
    return RunResult(spec, target, result, ran=0, errors=sum(e.get("errors", 0) or 0 for e in result["suites"].values()),
                     warnings=warnings, failures=failures,
                     invocation={"judge": judge_model.stats()} if judge_model is not None and hasattr(judge_model, "stats") else {})


def _line(record: Record) -> str:
    return dumps(record.model_dump(mode="json"), sort_keys=False) + "\n"


def _key(identity: dict[str, Any]) -> str:
    return role_key(identity) if identity else "?"


def rescore(run_dir: Path, judge: RoleSpec | str | None = None, out: Path | None = None) -> RunResult:
    return asyncio.run(rescore_async(run_dir, judge, out))
