"""Tool-call dialects: how tools and history are shown to a model, and how its replies are read.

One module per format; each registers itself in `agentbench.registry.dialects` on import
(react_zh, react_en, agentfabric, openai_tools, qwen, hermes, glm4). Build one with
`dialects.create("react_zh")`. See docs/dialects.md for the formats, repairs and format errors.
"""

from agentbench.dialects.base import Dialect

__all__ = ["Dialect"]
