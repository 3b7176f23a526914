"""AlignBench roll-ups: category means, 中文推理 / 中文语言 macro means, 总分, with stratified bootstrap CIs."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from agentbench.scoring.stats import N_RESAMPLES, SEED, bootstrap_ci

REASONING = ("数学计算", "逻辑推理")
"""中文推理; the other categories (专业能力, 中文理解, 基本任务, 综合问答, 文本写作, 角色扮演) are 中文语言."""


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)


def by_category(rows: list[dict[str, Any]]) -> dict[str, list[float]]:
    groups: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        groups[r.get("category") or "未分类"].append(float(r["overall"]))
    return dict(sorted(groups.items()))


def category_table(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out = {}
    for cat, values in by_category(rows).items():
        lo, hi = bootstrap_ci(values)
        out[cat] = {"n": len(values), "score": _r(sum(values) / len(values)), "ci95": [_r(lo), _r(hi)]}
    return out


def _split(means: dict[str, float]) -> tuple[float | None, float | None, float | None]:
    reasoning = [v for c, v in means.items() if c in REASONING]
    language = [v for c, v in means.items() if c not in REASONING]
    r = sum(reasoning) / len(reasoning) if reasoning else None
    lang = sum(language) / len(language) if language else None
    parts = [x for x in (r, lang) if x is not None]
    return r, lang, (sum(parts) / len(parts) if parts else None)


def total_with_ci(rows: list[dict[str, Any]], ci: bool = True) -> tuple[Any, Any, Any, Any]:
    """(总分, 中文推理, 中文语言, ci95 of 总分): categories resampled within themselves (seeded)."""
    groups = by_category(rows)
    if not groups:
        return None, None, None, None
    reasoning, language, total = _split({c: sum(v) / len(v) for c, v in groups.items()})
    if not ci:
        return _r(total), _r(reasoning), _r(language), None
    import numpy as np

    rng = np.random.default_rng(SEED)
    resampled = {}
    for cat, values in groups.items():
        arr = np.asarray(values, dtype=float)
        resampled[cat] = arr[rng.integers(0, arr.size, size=(N_RESAMPLES, arr.size))].mean(axis=1)
    reasoning_b = [resampled[c] for c in resampled if c in REASONING]
    language_b = [resampled[c] for c in resampled if c not in REASONING]
    parts = [np.mean(p, axis=0) for p in (reasoning_b, language_b) if p]
    stats = np.mean(parts, axis=0)
    lo, hi = np.quantile(stats, [0.025, 0.975])
    return _r(total), _r(reasoning), _r(language), [_r(lo), _r(hi)]


def dimension_means(rows: list[dict[str, Any]]) -> dict[str, float]:
    sums: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        for dim, value in (r.get("dims") or {}).items():
            sums[dim].append(float(value))
    return {d: _r(sum(v) / len(v)) for d, v in sorted(sums.items())}
