"""Traces of agent runs and their text rendering."""

from agentbench.trace.events import ObservationRecord, Step, Termination, Trace, TurnTrace

__all__ = ["ObservationRecord", "Step", "Termination", "Trace", "TurnTrace"]
