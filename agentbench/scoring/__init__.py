"""Scoring: verdicts with stable reason codes for traces and for plain lists of calls.

    from agentbench.scoring import score_calls, score_trace, Verdict

`score_trace(scenario, trace, specs)` scores a whole played scenario; `score_calls(expected, actual, tools)`
scores calls without running a loop (docs/scoring.md).
"""

from agentbench.scoring.calls import score_calls
from agentbench.scoring.trace_checks import TraceScore, score_trace
from agentbench.scoring.verdict import Verdict

__all__ = ["TraceScore", "Verdict", "score_calls", "score_trace"]
