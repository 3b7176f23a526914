"""Scenario files: schema, YAML loading with file:line errors, JSON Schema export."""

from agentbench.scenario.loader import load_scenario, load_scenarios, parse_scenario, scenario_files
from agentbench.scenario.schema import AnswerExpect, CallExpect, Fault, Scenario, Turn, TurnExpect

__all__ = [
    "AnswerExpect", "CallExpect", "Fault", "Scenario", "Turn", "TurnExpect",
    "load_scenario", "load_scenarios", "parse_scenario", "scenario_files",
]
