"""agentbench: an evaluation harness for agent-tuned chat models, Chinese first.

    import agentbench
    result = agentbench.run(agentbench.RunSpec(suites=["agent_zh"], model="scripted:demo", out="runs/x"))
    result.summary["suites"]["agent_zh"]["score"]

Importing this package is light: the run library, pydantic models, numpy, scipy, openai, torch and
transformers load only when asked for.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.2.0"

_LAZY = {
    "run": "agentbench.runs.run", "run_async": "agentbench.runs.run", "RunResult": "agentbench.runs.run",
    "RunSpec": "agentbench.runs.spec", "RoleSpec": "agentbench.runs.spec", "rescore": "agentbench.runs.rescore",
    "RunReader": "agentbench.store.reader", "Record": "agentbench.results", "Score": "agentbench.results",
    "AgentbenchError": "agentbench.errors", "Reason": "agentbench.errors",
    "ChatRequest": "agentbench.types", "Message": "agentbench.types", "ModelOutput": "agentbench.types",
    "ParseResult": "agentbench.types", "ToolCall": "agentbench.types", "ToolSpec": "agentbench.types",
}

__all__ = [*sorted(_LAZY), "__version__"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'agentbench' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
