"""Simulated tools: the @tool decorator, the World they act on, discovery and safe execution."""

from agentbench.tooling.registry import Observation, Toolbox, discover_tools
from agentbench.tooling.tool import Tool, ToolError, World, tool

__all__ = ["Observation", "Tool", "ToolError", "Toolbox", "World", "discover_tools", "tool"]
