"""Scoring: verdicts with stable reason codes for traces and for plain lists of calls.

    from agentbench.scoring import score_calls, score_trace, Verdict

`score_trace(scenario, trace, specs)` scores a whole played scenario; `score_calls(expected, actual, tools)`
scores calls without running a loop (docs/scoring.md). The names load on first use, so a general suite
that only needs `agentbench.scoring.extraction` does not pay for the trace scorer.
"""

from __future__ import annotations

from typing import Any

_LAZY = {"score_calls": "agentbench.scoring.calls", "TraceScore": "agentbench.scoring.trace_checks",
         "score_trace": "agentbench.scoring.trace_checks", "Verdict": "agentbench.scoring.verdict"}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'agentbench.scoring' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value
