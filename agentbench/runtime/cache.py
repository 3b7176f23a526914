"""Content-addressed response cache stored in the run directory (cache.jsonl).

Key: sha256 of (the role's identity key, sample id, trial, rendered messages, tools, stop, max_tokens,
temperature). The identity key covers every result-affecting setting of the model (spec, options such as
`extra_body`, generation settings), so a changed setting never hits a stale entry. Only successful outputs
are cached. With resume this makes a rerun of a half-finished multi-step sample replay the calls already
paid for. It wraps anything with `identity`, `generate` and `aclose` (runtime/ sits below models/).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from agentbench.jsonl import cut_partial_tail, dumps, iter_jsonl
from agentbench.types import ChatRequest, ModelOutput


def request_key(identity_key: str, request: ChatRequest) -> str:
    payload = request.model_dump(mode="json", exclude={"call_index"})
    payload["model"] = identity_key
    return hashlib.sha256(dumps(payload).encode()).hexdigest()


class CachedModel:
    def __init__(self, inner: Any, path: Path, identity_key: str | None = None):
        self.inner, self.identity, self.path = inner, inner.identity, path
        self.identity_key = identity_key or inner.identity
        self._entries = {e["key"]: e["output"] for e in iter_jsonl(path) if "key" in e and "output" in e}
        self._fh = None
        self.hits = 0

    async def generate(self, request: ChatRequest) -> ModelOutput:
        key = request_key(self.identity_key, request)
        if key in self._entries:
            self.hits += 1
            try:
                return ModelOutput.model_validate({**self._entries[key], "cached": True})
            except ValueError:  # an entry from an older format: ask again
                del self._entries[key]
        output = await self.inner.generate(request)
        if output.error is None:
            entry = output.model_dump(mode="json")
            self._entries[key] = entry
            if self._fh is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                cut_partial_tail(self.path)
                self._fh = self.path.open("a", encoding="utf-8")
            self._fh.write(dumps({"key": key, "output": entry}) + "\n")
            self._fh.flush()
        return output

    def stats(self) -> dict[str, Any]:
        inner = getattr(self.inner, "stats", None)
        return {**(inner() if inner else {}), "cache_hits": self.hits}

    async def aclose(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        await self.inner.aclose()
