"""Text tables for judged suites (AlignBench, pairwise, agent answer judge) in `show` and `run`."""

from __future__ import annotations

from typing import Any

from agentbench.text.display import safe, table


def _n(value: Any, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def _ci(ci: Any, digits: int = 2) -> str:
    return f"[{_n(ci[0], digits)}, {_n(ci[1], digits)}]" if isinstance(ci, (list, tuple)) and len(ci) == 2 else "-"


def _pct(value: Any) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _reliability(m: dict[str, Any]) -> list[str]:
    outcomes = ", ".join(f"{k} {v}" for k, v in (m.get("parse_outcomes") or {}).items()) or "-"
    line = (f"  judge {safe(str(m.get('judge') or '-'))} ({m.get('judge_spec', '-')}): parse rate "
            f"{_pct(m.get('parse_rate'))} of {m.get('judge_calls', 0)} calls ({outcomes}); "
            f"threshold {_pct(m.get('parse_threshold'))}")
    lines = [line]
    if m.get("judge_repeat_agreement") is not None:
        lines.append(f"  judge repeat agreement {_pct(m['judge_repeat_agreement'])}")
    return lines


def alignbench_lines(m: dict[str, Any]) -> list[str]:
    lines = [f"  总分 {_n(m.get('总分'))} {_ci(m.get('ci95'))}   中文推理 {_n(m.get('中文推理'))}   "
             f"中文语言 {_n(m.get('中文语言'))}   (1-10)"]
    rows = [["category", "n", "score", "ci95"]]
    rows += [[c, str(v["n"]), _n(v["score"]), _ci(v["ci95"])] for c, v in (m.get("categories") or {}).items()]
    lines += table(rows, {1, 2}, "    ")
    if m.get("dimensions"):
        lines.append("  dimensions: " + "  ".join(f"{d} {_n(v)}" for d, v in m["dimensions"].items()))
    lines.append(f"  language mismatch {_pct(m.get('language_mismatch_rate'))}; official-parser 总分 "
                 f"{_n(m.get('official_parser_总分'))}")
    return lines + _reliability(m)


def pairwise_lines(m: dict[str, Any]) -> list[str]:
    lines = [f"  胜和率 {_n(m.get('win_tie_rate'), 1)} {_ci(m.get('ci95'), 1)}   games W/T/L "
             f"{m.get('wins', 0)}/{m.get('ties', 0)}/{m.get('losses', 0)} (both orders)   consistent-only "
             f"{_n(m.get('consistent_win_tie_rate'), 1)} {_ci(m.get('consistent_ci95'), 1)}"]
    rows = [["ability", "games", "W", "T", "L", "胜和率", "ci95"]]
    rows += [[a, str(v["games"]), str(v["wins"]), str(v["ties"]), str(v["losses"]), _n(v["win_tie_rate"], 1),
              _ci(v["ci95"], 1)] for a, v in (m.get("abilities") or {}).items()]
    lines += table(rows, {1, 2, 3, 4, 5}, "    ")
    length = m.get("mean_length") or {}
    lines.append(f"  position consistency {_pct(m.get('position_consistency'))}   verdicts flipped by the swap "
                 f"{_pct(m.get('swap_flip_rate'))}   first-slot preference {_pct(m.get('first_slot_preference'))}   "
                 f"mean length {_n(length.get('candidate'), 0)} vs {_n(length.get('baseline'), 0)} chars")
    return lines + _reliability(m)


def judged_lines(suite: dict[str, Any]) -> list[str] | None:
    """The judged suites' tables, or None for a suite of another shape."""
    m = suite.get("metrics") or {}
    if "总分" in m:
        return alignbench_lines(m)
    if "win_tie_rate" in m and "abilities" in m:
        return pairwise_lines(m)
    return None


def answer_judge_line(m: dict[str, Any]) -> str | None:
    if "judge_decided" not in m:
        return None
    return (f"  final answers decided by rules {m.get('rule_decided', 0)}, by the judge {m.get('judge_decided', 0)}, "
            f"undecided {m.get('undecided', 0)}" + (f"; judge parse rate {_pct(m['parse_rate'])}"
                                                    if m.get("parse_rate") is not None else ""))
