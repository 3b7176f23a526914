"""Turn a `--model SPEC` into a ChatModel.

    scripted:gold            the oracle: each suite's gold outputs (100% by construction of the suite)
    scripted:demo            clearly labelled demo: canned mistakes for some built-in scenarios, gold for the rest
    scripted:random[:SEED]   random text (the floor every metric must sit at)
    scripted:FILE            replay a file mapping sample id -> raw outputs (.yaml / .json)
    openai:NAME              an OpenAI-compatible endpoint (--base-url, key from --api-key-env)
    transformers:PATH_OR_ID  a local checkpoint (directory, ModelScope id or Hugging Face id)
    langchain:MODULE:ATTR    a langchain-core BaseChatModel
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from agentbench.errors import UsageError
from agentbench.models.base import ChatModel
from agentbench.models.scripted import RandomTextModel, Script, ScriptedModel, load_script
from agentbench.paths import builtin_dir
from agentbench.suites.base import Suite
from agentbench.types import ModelOutput


def _gold_lookup(suites: list[Suite]):
    index = {sample.id: (suite, sample) for suite in suites for sample in suite.samples()}
    cache: dict[str, list[ModelOutput]] = {}

    def gold(sample_id: str) -> list[ModelOutput] | None:
        if sample_id not in index:
            return None
        if sample_id not in cache:
            suite, sample = index[sample_id]
            cache[sample_id] = suite.gold(sample)
        return cache[sample_id]

    return gold


def _demo_script(suites: list[Suite]) -> Script:
    script: Script = {}
    for suite in suites:
        path = builtin_dir("scenarios") / "_demo_replies" / f"{suite.name}.yaml"
        if path.is_file():
            script.update(load_script(path))
    return script


def make_model(spec: str, suites: list[Suite], base_url: str | None = None, api_key_env: str | None = None,
               concurrency: int = 16, **options: Any) -> ChatModel:
    kind, _, rest = spec.partition(":")
    if not rest:
        raise UsageError(f"model spec {spec!r} must look like KIND:NAME (scripted:demo, openai:glm-4, transformers:DIR)")
    if kind == "scripted":
        if rest == "gold":
            return ScriptedModel({}, "scripted:gold", fallback=_gold_lookup(suites))
        if rest == "demo":
            return ScriptedModel(_demo_script(suites), "scripted:demo", fallback=_gold_lookup(suites))
        if rest == "random" or rest.startswith("random:"):
            seed = rest.partition(":")[2] or "0"
            if not seed.isdigit():
                raise UsageError(f"scripted:random takes an integer seed, got {seed!r}")
            return RandomTextModel(int(seed))
        path = Path(rest)
        script = load_script(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        return ScriptedModel(script, f"scripted:{path.name}@{digest}")
    if kind == "openai":
        from agentbench.models.openai_compat import OpenAIChatModel

        return OpenAIChatModel(rest, base_url=base_url, api_key_env=api_key_env or "OPENAI_API_KEY",
                               concurrency=concurrency, **options)
    if kind == "transformers":
        from agentbench.models.transformers_local import TransformersChatModel

        return TransformersChatModel(rest, **options)
    if kind == "langchain":
        from agentbench.models.langchain_model import LangChainChatModel

        return LangChainChatModel(rest, **options)
    raise UsageError(f"unknown model kind {kind!r} in {spec!r}; use scripted:, openai:, transformers: or langchain:")
