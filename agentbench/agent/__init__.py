"""The agent loop and the gold oracle for scenarios."""

from agentbench.agent.loop import run_scenario

__all__ = ["run_scenario"]
