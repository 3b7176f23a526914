"""Bootstrap confidence intervals for headline numbers and paired deltas (percentile method, seeded).

The unit of resampling is the sample (one value per sample: the mean over its trials). With `strata`
the resampling is stratified: each stratum keeps its size, which is what a per-subject or per-split
average needs. `macro=True` makes the statistic the mean of the per-stratum means (C-Eval's official
average over subjects); otherwise it is the plain mean over all samples.

Same inputs and seed, same interval: reports are reproducible byte for byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy loads at the first CI, not at import (startup stays fast)
    import numpy as np

N_RESAMPLES = 1000
SEED = 0
LEVEL = 0.95
_CHUNK = 250  # resamples per numpy batch: keeps memory flat for large suites


def _groups(n: int, strata: Sequence[str] | None) -> list[np.ndarray]:
    import numpy as np

    if strata is None:
        return [np.arange(n)]
    if len(strata) != n:
        raise ValueError(f"strata has {len(strata)} labels for {n} values")
    index: dict[str, list[int]] = {}
    for i, label in enumerate(strata):
        index.setdefault(label, []).append(i)
    return [np.asarray(ix) for _, ix in sorted(index.items())]


def point_estimate(values: Sequence[float], strata: Sequence[str] | None = None, macro: bool = False) -> float:
    """The statistic itself: mean, or mean of per-stratum means when `macro`."""
    import numpy as np

    arr = np.asarray(values, dtype=float)
    if arr.size == 0:
        return float("nan")
    if macro:
        return float(np.mean([arr[g].mean() for g in _groups(arr.size, strata)]))
    return float(arr.mean())


def _resampled_stats(columns: list[np.ndarray], strata: Sequence[str] | None, macro: bool,
                     n_resamples: int, seed: int) -> list[np.ndarray]:
    """Resample sample indices (stratified) and return the statistic of each column per resample.

    All columns share the same indices, which is what makes a paired bootstrap paired.
    """
    import numpy as np

    n = columns[0].size
    groups = _groups(n, strata)
    rng = np.random.default_rng(seed)
    out: list[list[np.ndarray]] = [[] for _ in columns]
    done = 0
    while done < n_resamples:
        b = min(_CHUNK, n_resamples - done)
        per_group: list[list[np.ndarray]] = [[] for _ in columns]  # [column][group] -> (b,) means
        sums: list[np.ndarray] = [np.zeros(b) for _ in columns]
        for g in groups:
            picks = g[rng.integers(0, g.size, size=(b, g.size))]
            for c, col in enumerate(columns):
                taken = col[picks]
                if macro:
                    per_group[c].append(taken.mean(axis=1))
                else:
                    sums[c] += taken.sum(axis=1)
        for c in range(len(columns)):
            stat = np.mean(per_group[c], axis=0) if macro else sums[c] / n
            out[c].append(stat)
        done += b
    return [np.concatenate(parts) for parts in out]


def _percentile(stats: np.ndarray, level: float) -> tuple[float, float]:
    import numpy as np

    alpha = (1.0 - level) / 2.0
    lo, hi = np.quantile(stats, [alpha, 1.0 - alpha])
    return float(lo), float(hi)


def bootstrap_ci(values: Sequence[float], strata: Sequence[str] | None = None, macro: bool = False,
                 n_resamples: int = N_RESAMPLES, seed: int = SEED, level: float = LEVEL) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean (or macro mean) of `values`; (nan, nan) when empty."""
    import numpy as np

    arr = np.asarray(values, dtype=float)
    if arr.size == 0:
        return float("nan"), float("nan")
    (stats,) = _resampled_stats([arr], strata, macro, n_resamples, seed)
    return _percentile(stats, level)


@dataclass(frozen=True)
class PairedDelta:
    """`tuned - base` on the same samples, with its paired bootstrap interval."""

    n: int
    base: float
    tuned: float
    delta: float
    ci95: tuple[float, float]
    p_value: float
    """Two-sided bootstrap p: twice the share of resampled deltas on the far side of 0 (capped at 1)."""

    @property
    def significant(self) -> bool:
        lo, hi = self.ci95
        return bool(lo > 0 or hi < 0)


def paired_bootstrap(base: Sequence[float], tuned: Sequence[float], strata: Sequence[str] | None = None,
                     macro: bool = False, n_resamples: int = N_RESAMPLES, seed: int = SEED,
                     level: float = LEVEL) -> PairedDelta:
    """Paired bootstrap of `stat(tuned) - stat(base)`; `base[i]` and `tuned[i]` are the same sample."""
    import numpy as np

    a = np.asarray(base, dtype=float)
    b = np.asarray(tuned, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"paired values differ in length: {a.size} vs {b.size}")
    if a.size == 0:
        nan = float("nan")
        return PairedDelta(0, nan, nan, nan, (nan, nan), nan)
    pa, pb = point_estimate(a, strata, macro), point_estimate(b, strata, macro)
    sa, sb = _resampled_stats([a, b], strata, macro, n_resamples, seed)
    deltas = sb - sa
    p = min(1.0, 2.0 * min(float(np.mean(deltas <= 0)), float(np.mean(deltas >= 0))))
    return PairedDelta(int(a.size), pa, pb, pb - pa, _percentile(deltas, level), p)
