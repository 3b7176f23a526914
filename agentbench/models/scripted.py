"""Scripted models: return prepared raw outputs in order. The test workhorse, and replay for debugging.

`scripted:FILE` reads a YAML or JSON mapping `sample_id -> [raw output, ...]`; output i answers the i-th
model call of that sample. Each item is a string (raw assistant text) or a mapping with `text` and/or
`tool_calls` (`[{name, arguments}]`) for native function calling. A sample with no script, or a call past
its end, gets an empty output (finish_reason `script_exhausted`), which the parser scores as a format error.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from agentbench.errors import UsageError
from agentbench.models.base import ChatModel, ModelSettings
from agentbench.types import ChatRequest, ModelOutput, ToolCall

Script = dict[str, list[ModelOutput]]


def to_output(item: Any, where: str) -> ModelOutput:
    if isinstance(item, ModelOutput):
        return item
    if isinstance(item, str):
        return ModelOutput(text=item, finish_reason="stop")
    if isinstance(item, dict) and set(item) <= {"text", "tool_calls"}:
        calls = [
            ToolCall(id=c.get("id", f"call_{i}"), name=c["name"], arguments=c.get("arguments", {}),
                     raw=json.dumps(c.get("arguments", {}), ensure_ascii=False))
            for i, c in enumerate(item.get("tool_calls") or [])
        ]
        return ModelOutput(text=item.get("text", ""), tool_calls=calls, finish_reason="stop")
    raise UsageError(f"{where}: each scripted output is a string or a mapping with text/tool_calls")


def load_script(path: Path) -> Script:
    if not path.is_file():
        raise UsageError(f"scripted model file not found: {path}")
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise UsageError(f"{path}: cannot read script: {exc}") from None
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise UsageError(f"{path}: a script maps each sample id to a list of outputs")
    return {str(k): [to_output(item, f"{path}: {k}[{i}]") for i, item in enumerate(v)] for k, v in data.items()}


class ScriptedModel(ChatModel):
    """Returns `script[sample_id][call_index]`; `fallback(sample_id)` supplies samples the script lacks."""

    def __init__(self, script: Script, identity: str, fallback: Callable[[str], list[ModelOutput]] | None = None):
        self.script, self.identity, self.fallback = script, identity, fallback

    async def generate(self, request: ChatRequest) -> ModelOutput:
        outputs = self.script.get(request.sample_id)
        if outputs is None and self.fallback is not None:
            outputs = self.fallback(request.sample_id)
        if outputs is None or request.call_index >= len(outputs):
            return ModelOutput(text="", finish_reason="script_exhausted")
        return outputs[request.call_index]


class RandomTextModel(ChatModel):
    """Answers every request with seeded random text: the floor every metric must sit at."""

    ALPHABET = "abcdefghijklmnopqrstuvwxyz     0123456789"

    def __init__(self, seed: int = 0):
        self.seed, self.identity = seed, f"scripted:random:{seed}"

    async def generate(self, request: ChatRequest) -> ModelOutput:
        rng = random.Random(f"{self.seed}/{request.sample_id}/{request.trial}/{request.call_index}")
        text = "".join(rng.choice(self.ALPHABET) for _ in range(rng.randint(20, 120)))
        return ModelOutput(text=text, finish_reason="stop")


def make_scripted(name: str, settings: ModelSettings) -> ChatModel:
    """`scripted:gold | demo | random[:SEED] | FILE` (see models/factory.py)."""
    if settings.options:
        raise UsageError(f"scripted:{name} takes no --model-option (got {', '.join(sorted(settings.options))})")
    if name in ("gold", "demo"):
        if settings.oracle is None:
            raise UsageError(f"scripted:{name} needs suites with a gold oracle")
        script = settings.demo or {} if name == "demo" else {}
        return ScriptedModel(script, f"scripted:{name}", fallback=settings.oracle)
    if name == "random" or name.startswith("random:"):
        seed = name.partition(":")[2] or "0"
        if not seed.isdigit():
            raise UsageError(f"scripted:random takes an integer seed, got {seed!r}")
        return RandomTextModel(int(seed))
    path = Path(name)
    if name == "judge-demo":  # GLM-style judgments we wrote for the offline demo (judges/demo/)
        from agentbench.paths import builtin_dir

        path = builtin_dir("judges") / "demo" / "judge-demo.yaml"
        return ScriptedModel(load_script(path), f"scripted:judge-demo@{hashlib.sha256(path.read_bytes()).hexdigest()[:12]}")
    script = load_script(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return ScriptedModel(script, f"scripted:{path.name}@{digest}")
