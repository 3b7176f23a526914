"""`agentbench compare BASE_RUN TUNED_RUN`: the forgetting table between two runs.

Reads each run's `records.jsonl` (never calls a model). Per suite, per category (C-Eval subject, ARC
split, agent category) and per group (C-Eval STEM/…, when records carry `group`), it compares the two
runs on the samples both have (same suite + sample_id), with a paired bootstrap CI of `tuned - base`;
a row is significant when its CI excludes 0.

A record's value is `correct` (general suites, flexible pipeline), else `passed`, else `score`; a sample's
value is its mean over trials; records with `error` are left out. Boolean values are shown in percent.
Suite rows use the suite's own average: the mean over categories for C-Eval (subjects) and ARC (splits),
the plain mean over samples otherwise.
"""

from __future__ import annotations

import argparse
import html
import json
import math
import sys
from pathlib import Path
from typing import Any

from agentbench.errors import UsageError
from agentbench.runs.identity import diff
from agentbench.scoring.stats import N_RESAMPLES, SEED, paired_bootstrap
from agentbench.store.reader import RunReader

MACRO_SUITES = {"ceval", "arc"}
"""Suites whose headline is the mean of per-category scores (the deltas use the same average)."""


def load_records(run: Path) -> list[dict[str, Any]]:
    """A run's records through the run reader (first record wins, corrupt lines skipped with a warning),
    as the flat rows compare needs: candidate, suite, sample_id, trial, category, group, passed, error."""
    reader = RunReader(Path(run))
    if not reader.records_path.is_file():
        raise UsageError(f"no records.jsonl in run {run}")
    rows = [{"model": r.key.candidate, "suite": r.key.suite, "sample_id": r.key.sample_id, "trial": r.key.trial,
             "category": r.category, "group": r.meta.get("group"), "passed": r.passed, "error": r.error is not None}
            for r in reader.records()]
    for problem in reader.problems:
        print(f"agentbench: warning: {problem}", file=sys.stderr)
    return rows


def setting_differences(base_dir: Path, tuned_dir: Path, suites: list[str]) -> list[str]:
    """Result-affecting settings (shots, style, dialect, data, judge) in which the two runs differ."""
    base, tuned = RunReader(Path(base_dir)).config(), RunReader(Path(tuned_dir)).config()
    a, b = base.get("identity") or {}, tuned.get("identity") or {}
    lines = []
    for suite in suites:
        x, y = (a.get("suites") or {}).get(suite), (b.get("suites") or {}).get(suite)
        if x is not None and y is not None and x != y:
            lines += diff(x, y, suite)
    if a.get("judge") != b.get("judge") and (a.get("judge") or b.get("judge")):
        lines += diff(a.get("judge"), b.get("judge"), "judge")
    return lines


def _pick_model(records: list[dict[str, Any]], model: str | None, run: Path) -> list[dict[str, Any]]:
    models = sorted({str(r.get("model")) for r in records})
    if model is None:
        if len(models) > 1:
            raise UsageError(f"run {run} has several models ({', '.join(models)}); choose one")
        return records
    chosen = [r for r in records if str(r.get("model")) == model]
    if not chosen:
        raise UsageError(f"run {run} has no records of model {model!r}; it has {', '.join(models)}")
    return chosen


def record_value(rec: dict[str, Any]) -> tuple[float, bool] | None:
    """(value, is_boolean) of one record, or None when it has no verdict (harness error)."""
    if rec.get("error"):
        return None
    for key in ("correct", "passed"):
        if isinstance(rec.get(key), bool):
            return float(rec[key]), True
    score = rec.get("score")
    if isinstance(score, (int, float)) and not isinstance(score, bool) and math.isfinite(score):
        return float(score), False
    return None


def _per_sample(records: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    units: dict[tuple[str, str], dict[str, Any]] = {}
    for rec in records:
        got = record_value(rec)
        if got is None:
            continue
        key = (str(rec.get("suite")), str(rec.get("sample_id")))
        unit = units.setdefault(key, {"sum": 0.0, "n": 0, "boolean": True,
                                      "category": str(rec.get("category", "")), "group": rec.get("group")})
        unit["sum"] += got[0]
        unit["n"] += 1
        unit["boolean"] = unit["boolean"] and got[1]
    for unit in units.values():
        unit["value"] = unit["sum"] / unit["n"]
    return units


def _row(label: str, keys: list[tuple[str, str]], base: dict, tuned: dict, macro_by: str | None,
         n_resamples: int, seed: int) -> dict[str, Any]:
    boolean = all(base[k]["boolean"] and tuned[k]["boolean"] for k in keys)
    scale = 100.0 if boolean else 1.0
    strata = [str(base[k][macro_by]) for k in keys] if macro_by else None
    d = paired_bootstrap([base[k]["value"] * scale for k in keys], [tuned[k]["value"] * scale for k in keys],
                         strata=strata, macro=macro_by is not None, n_resamples=n_resamples, seed=seed)

    def r(x: float) -> float | None:
        return None if math.isnan(x) else round(x, 4)

    return {"label": label, "n": d.n, "unit": "%" if boolean else "score",
            "average": f"mean over {macro_by}" if macro_by else "mean over samples",
            "base": r(d.base), "tuned": r(d.tuned), "delta": r(d.delta), "ci95": [r(d.ci95[0]), r(d.ci95[1])],
            "p_value": r(d.p_value), "significant": d.significant}


def compare_runs(base_dir: Path, tuned_dir: Path, base_model: str | None = None,
                 tuned_model: str | None = None, n_resamples: int = N_RESAMPLES, seed: int = SEED,
                 ) -> dict[str, Any]:
    """Per-suite, per-group and per-category deltas (tuned - base) on shared samples, with paired CIs."""
    base_dir, tuned_dir = Path(base_dir), Path(tuned_dir)
    base_recs = _pick_model(load_records(base_dir), base_model, base_dir)
    tuned_recs = _pick_model(load_records(tuned_dir), tuned_model, tuned_dir)
    base, tuned = _per_sample(base_recs), _per_sample(tuned_recs)
    result: dict[str, Any] = {
        "base": {"run": str(base_dir), "model": sorted({str(r.get("model")) for r in base_recs})},
        "tuned": {"run": str(tuned_dir), "model": sorted({str(r.get("model")) for r in tuned_recs})},
        "n_resamples": n_resamples, "seed": seed, "suites": [],
    }
    for suite in sorted({s for s, _ in base} | {s for s, _ in tuned}):
        b_keys = {k for k in base if k[0] == suite}
        t_keys = {k for k in tuned if k[0] == suite}
        shared = sorted(b_keys & t_keys)
        entry: dict[str, Any] = {"suite": suite, "shared": len(shared), "base_only": len(b_keys - t_keys),
                                 "tuned_only": len(t_keys - b_keys), "overall": None, "groups": [],
                                 "categories": []}
        if shared:
            macro = "category" if suite in MACRO_SUITES else None
            entry["overall"] = _row(suite, shared, base, tuned, macro, n_resamples, seed)
            groups = sorted({str(base[k]["group"]) for k in shared if base[k]["group"] is not None})
            for group in groups:
                keys = [k for k in shared if str(base[k]["group"]) == group]
                entry["groups"].append(_row(group, keys, base, tuned, macro, n_resamples, seed))
            categories = sorted({base[k]["category"] for k in shared})
            if len(categories) > 1 or groups:
                for cat in categories:
                    keys = [k for k in shared if base[k]["category"] == cat]
                    entry["categories"].append(_row(cat, keys, base, tuned, None, n_resamples, seed))
        result["suites"].append(entry)
    result["setting_differences"] = setting_differences(base_dir, tuned_dir, [e["suite"] for e in result["suites"]])
    return result


# ------------------------------------------------------------------------------------------ renderers


def _rows(result: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    rows = []
    for entry in result["suites"]:
        if entry["overall"] is None:
            continue
        rows.append((entry["suite"], "(all)", entry["overall"]))
        rows += [(entry["suite"], f"[{g['label']}]", g) for g in entry["groups"]]
        rows += [(entry["suite"], c["label"], c) for c in entry["categories"]]
    return rows


def _fmt(x: float | None, signed: bool = False) -> str:
    if x is None:
        return "n/a"
    return f"{x:+.2f}" if signed else f"{x:.2f}"


def _ci(row: dict[str, Any]) -> str:
    lo, hi = row["ci95"]
    return f"[{_fmt(lo, True)}, {_fmt(hi, True)}]"


def _notes(result: dict[str, Any]) -> list[str]:
    notes = []
    for e in result["suites"]:
        if e["overall"] is None:
            notes.append(f"{e['suite']}: no shared samples (base {e['base_only']}, tuned {e['tuned_only']})")
        elif e["base_only"] or e["tuned_only"]:
            notes.append(f"{e['suite']}: compared on {e['shared']} shared samples; "
                         f"{e['base_only']} only in base, {e['tuned_only']} only in tuned (left out)")
    return notes


def to_text(result: dict[str, Any]) -> str:
    head = (f"base:  {result['base']['run']} ({', '.join(result['base']['model'])})\n"
            f"tuned: {result['tuned']['run']} ({', '.join(result['tuned']['model'])})\n"
            f"delta = tuned - base, paired bootstrap 95% CI ({result['n_resamples']} resamples, "
            f"seed {result['seed']}); * = CI excludes 0\n")
    rows = _rows(result)
    width = max([len(c) for _, c, _ in rows] + [8])
    lines = [head, f"{'suite':<14}{'category':<{width + 2}}{'n':>6}{'base':>9}{'tuned':>9}{'delta':>9}  95% CI"]
    for suite, cat, row in rows:
        mark = " *" if row["significant"] else ""
        lines.append(f"{suite:<14}{cat:<{width + 2}}{row['n']:>6}{_fmt(row['base']):>9}{_fmt(row['tuned']):>9}"
                     f"{_fmt(row['delta'], True):>9}  {_ci(row)}{mark}")
    lines += [f"note: {n}" for n in _notes(result)]
    return "\n".join(lines) + "\n"


def md(text: Any) -> str:
    """A table cell that cannot break the table or inject HTML."""
    return html.escape(str(text), quote=False).replace("|", "\\|").replace("\n", " ")


def to_markdown(result: dict[str, Any]) -> str:
    lines = [
        f"Base: `{md(result['base']['run'])}` ({md(', '.join(result['base']['model']))}) — "
        f"tuned: `{md(result['tuned']['run'])}` ({md(', '.join(result['tuned']['model']))}). "
        f"Δ = tuned − base on shared samples; paired bootstrap 95% CI; **bold** = CI excludes 0.",
        "",
        "| suite | category | n | base | tuned | Δ | 95% CI | significant |",
        "|---|---|---:|---:|---:|---:|---|:---:|",
    ]
    for suite, cat, row in _rows(result):
        delta = _fmt(row["delta"], True)
        if row["significant"]:
            delta = f"**{delta}**"
        lines.append(f"| {md(suite)} | {md(cat)} | {row['n']} | {_fmt(row['base'])} | {_fmt(row['tuned'])} | {delta} | "
                     f"{_ci(row)} | {'yes' if row['significant'] else 'no'} |")
    notes = _notes(result)
    if notes:
        lines += [""] + [f"- {md(n)}" for n in notes]
    return "\n".join(lines) + "\n"


def to_json(result: dict[str, Any]) -> str:
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"text": to_text, "markdown": to_markdown, "json": to_json}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base_run", type=Path, help="run directory of the base model")
    parser.add_argument("tuned_run", type=Path, help="run directory of the fine-tuned model")
    parser.add_argument("--format", choices=sorted(RENDERERS), default="text")
    parser.add_argument("--base-model", default=None, help="model of the base run (when it holds several)")
    parser.add_argument("--tuned-model", default=None, help="model of the tuned run (when it holds several)")
    parser.add_argument("--resamples", type=int, default=N_RESAMPLES, help="bootstrap resamples")
    parser.add_argument("--seed", type=int, default=SEED, help="bootstrap seed")


def run(args: argparse.Namespace) -> int:
    result = compare_runs(args.base_run, args.tuned_run, args.base_model, args.tuned_model,
                          n_resamples=args.resamples, seed=args.seed)
    for line in result["setting_differences"]:
        print(f"agentbench: warning: the runs differ in a result-affecting setting: {line}", file=sys.stderr)
    if not any(e["shared"] for e in result["suites"]):
        raise UsageError(f"{args.base_run} and {args.tuned_run} share no sample: nothing to compare")
    print(RENDERERS[args.format](result), end="")
    return 0
