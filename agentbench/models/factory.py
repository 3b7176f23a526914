"""Turn a model spec (`KIND:NAME`) into a ChatModel through the model registry.

    scripted:gold            the oracle: each suite's gold outputs (100% by construction of the suite)
    scripted:demo            clearly labelled demo: canned mistakes for some built-in scenarios, gold for the rest
    scripted:random[:SEED]   random text (the floor every metric must sit at)
    scripted:FILE            replay a file mapping sample id -> raw outputs (.yaml / .json)
    openai:NAME              an OpenAI-compatible endpoint (--base-url, key from --api-key-env)
    transformers:PATH_OR_ID  a local checkpoint (directory, ModelScope or Hugging Face id)
    langchain:MODULE:ATTR    a langchain-core BaseChatModel
"""

from __future__ import annotations

from agentbench.errors import UsageError
from agentbench.models.base import ChatModel, ModelSettings
from agentbench.registry import models


def split_spec(spec: str) -> tuple[str, str]:
    kind, _, rest = spec.partition(":")
    if not rest or not kind:
        raise UsageError(f"model spec {spec!r} must look like KIND:NAME (scripted:demo, openai:glm-4, transformers:DIR)")
    if kind not in models:
        raise UsageError(f"unknown model kind {kind!r} in {spec!r}; known: {', '.join(models.names())}")
    return kind, rest


def make_model(spec: str, settings: ModelSettings | None = None) -> ChatModel:
    kind, rest = split_spec(spec)
    return models.get(kind)(rest, settings or ModelSettings())
