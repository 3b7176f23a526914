"""Pairwise roll-ups: per-game W/T/L, 胜和率, the consistent-only variant, position consistency, first-slot
preference and answer lengths, each with a seeded bootstrap CI over questions (ratio of sums)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from agentbench.scoring.stats import N_RESAMPLES, SEED

POINTS = {"win": 1.0, "tie": 1.0, "loss": 0.0}


def ratio_ci(nums: list[float], dens: list[float], scale: float = 1.0) -> list[float] | None:
    """95% percentile interval of sum(nums)/sum(dens), resampling questions (the unit) with replacement."""
    if not dens or sum(dens) == 0:
        return None
    import numpy as np

    n, d = np.asarray(nums, dtype=float), np.asarray(dens, dtype=float)
    picks = np.random.default_rng(SEED).integers(0, d.size, size=(N_RESAMPLES, d.size))
    top, bottom = n[picks].sum(axis=1), d[picks].sum(axis=1)
    stats = np.divide(top, bottom, out=np.full(N_RESAMPLES, np.nan), where=bottom > 0)
    lo, hi = np.nanquantile(stats, [0.025, 0.975])
    return [round(float(lo) * scale, 4), round(float(hi) * scale, 4)]


def _rate(num: float, den: float, scale: float = 1.0) -> float | None:
    return round(scale * num / den, 4) if den else None


def wtl(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-game counts and 胜和率 (0-100) with its CI, over the parsed games of these questions."""
    counts = {"win": 0, "tie": 0, "loss": 0}
    nums, dens = [], []
    for r in rows:
        outcomes = [g["outcome"] for g in r["games"] if g.get("outcome")]
        for o in outcomes:
            counts[o] += 1
        nums.append(sum(POINTS[o] for o in outcomes))
        dens.append(len(outcomes))
    games = sum(counts.values())
    return {"games": games, "wins": counts["win"], "ties": counts["tie"], "losses": counts["loss"],
            "win_tie_rate": _rate(counts["win"] + counts["tie"], games, 100), "ci95": ratio_ci(nums, dens, 100)}


def pair_of(row: dict[str, Any]) -> tuple[str, str] | None:
    outcomes = [g.get("outcome") for g in row["games"]]
    return (outcomes[0], outcomes[1]) if len(outcomes) == 2 and all(outcomes) else None


def consistency(rows: list[dict[str, Any]]) -> dict[str, Any]:
    pairs = [p for r in rows if (p := pair_of(r))]
    agree = [float(a == b) for a, b in pairs]
    flips = [float({a, b} == {"win", "loss"}) for a, b in pairs]
    kept = [a for a, b in pairs if a == b]
    ones = [1.0] * len(pairs)
    return {
        "consistent_win_tie_rate": _rate(sum(POINTS[o] for o in kept), len(kept), 100),
        "consistent_ci95": ratio_ci([POINTS[a] if a == b else 0.0 for a, b in pairs], agree, 100),
        "consistent_games": len(kept),
        "position_consistency": _rate(sum(agree), len(pairs)), "position_consistency_ci95": ratio_ci(agree, ones),
        "swap_flip_rate": _rate(sum(flips), len(pairs)), "swap_flip_ci95": ratio_ci(flips, ones),
        "both_orders_parsed": len(pairs),
    }


def first_slot(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Share of decisive parsed games won by whichever answer sat in slot A (0.5 = no position bias)."""
    nums, dens = [], []
    for r in rows:
        decisive = [g for g in r["games"] if g.get("verdict") in ("A", "B")]
        nums.append(sum(g["verdict"] == "A" for g in decisive))
        dens.append(len(decisive))
    return {"first_slot_preference": _rate(sum(nums), sum(dens)), "first_slot_ci95": ratio_ci(nums, dens)}


def lengths(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for side in ("candidate", "baseline"):
        values = [float(r["lengths"][side]) for r in rows]
        out[side] = round(sum(values) / len(values), 1) if values else None
        out[f"{side}_ci95"] = ratio_ci(values, [1.0] * len(values))
    return out


def by_ability(rows: list[dict[str, Any]]) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[r.get("category") or "?"].append(r)
    return {ability: wtl(group) for ability, group in sorted(groups.items())}
