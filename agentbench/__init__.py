"""agentbench: an evaluation harness for agent-tuned chat models, Chinese first.

Importing this package is light: no torch, transformers, modelscope or langchain (they load only when a
local or LangChain model is asked for).
"""

__version__ = "0.1.0"

from agentbench.errors import AgentbenchError, Reason  # noqa: E402
from agentbench.types import ChatRequest, Message, ModelOutput, ParseResult, ToolCall, ToolSpec  # noqa: E402

__all__ = [
    "AgentbenchError", "ChatRequest", "Message", "ModelOutput", "ParseResult", "Reason", "ToolCall", "ToolSpec",
    "__version__",
]
