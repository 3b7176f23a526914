"""The ChatModel protocol every backend implements."""

from __future__ import annotations

from abc import ABC, abstractmethod

from agentbench.types import ChatRequest, ModelOutput


class ChatModel(ABC):
    identity: str = ""
    """Stable description of the model (spec, endpoint, generation settings); records and cache key on it.
    Never contains a secret."""

    @abstractmethod
    async def generate(self, request: ChatRequest) -> ModelOutput:
        """One completion. Transport failures after retries come back as `ModelOutput(error=...)`."""

    async def aclose(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""
