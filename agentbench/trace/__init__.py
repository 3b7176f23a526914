"""Traces of agent runs: turns, steps, observations (rendered by report/text.py)."""

from agentbench.trace.events import ObservationRecord, Step, Termination, Trace, TurnTrace

__all__ = ["ObservationRecord", "Step", "Termination", "Trace", "TurnTrace"]
