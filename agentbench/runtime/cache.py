"""Content-addressed response cache stored in the run directory (cache.jsonl).

Key: sha256 of (model identity, sample id, trial, rendered messages, tools, stop, max_tokens,
temperature). Only successful outputs are cached. With resume this makes a rerun of a half-finished
multi-step sample replay the calls already paid for.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from agentbench.models.base import ChatModel
from agentbench.store.rundir import cut_partial_tail, dumps, read_jsonl
from agentbench.types import ChatRequest, ModelOutput


def request_key(identity: str, request: ChatRequest) -> str:
    payload = request.model_dump(mode="json", exclude={"call_index"})
    payload["model"] = identity
    return hashlib.sha256(dumps(payload).encode()).hexdigest()


class CachedModel(ChatModel):
    def __init__(self, inner: ChatModel, path: Path):
        self.inner, self.identity, self.path = inner, inner.identity, path
        self._entries = {e["key"]: e["output"] for e in read_jsonl(path) if "key" in e}
        self._fh = None
        self.hits = 0

    async def generate(self, request: ChatRequest) -> ModelOutput:
        key = request_key(self.identity, request)
        if key in self._entries:
            self.hits += 1
            return ModelOutput.model_validate({**self._entries[key], "cached": True})
        output = await self.inner.generate(request)
        if output.error is None:
            entry = output.model_dump(mode="json")
            self._entries[key] = entry
            if self._fh is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                cut_partial_tail(self.path)
                self._fh = self.path.open("a", encoding="utf-8")
            self._fh.write(json.dumps({"key": key, "output": entry}, ensure_ascii=False) + "\n")
            self._fh.flush()
        return output

    async def aclose(self) -> None:
        if self._fh is not None:
            self._fh.close()
        await self.inner.aclose()
