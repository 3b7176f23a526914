"""The ChatModel protocol every backend implements, and the settings a backend is built from."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from agentbench.types import ChatRequest, ModelOutput


class ChatModel(ABC):
    identity: str = ""
    """Stable description of the model; records and the cache key on it. Never a secret or an endpoint URL
    (the run sets it from the role's result-affecting settings)."""

    @abstractmethod
    async def generate(self, request: ChatRequest) -> ModelOutput:
        """One completion. Transport failures after retries come back as `ModelOutput(error=...)`."""

    async def aclose(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""


Oracle = Callable[[str], "list[ModelOutput] | None"]
"""Outputs by sample id (the gold oracle): supplied by the run from its suites, so models/ never imports them."""


@dataclass
class ModelSettings:
    """How one role's model is built: endpoint, limits and backend options (`--model-option K=V`)."""

    base_url: str | None = None
    api_key_env: str | None = None
    concurrency: int = 16
    options: dict[str, Any] = field(default_factory=dict)
    oracle: Oracle | None = None
    """For `scripted:gold` / `scripted:demo`: each sample's perfect outputs."""
    demo: dict[str, list[ModelOutput]] | None = None
    """For `scripted:demo`: the canned replies that replace gold outputs for some samples."""
