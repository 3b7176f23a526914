"""One judge call: the prompt as messages, the reply parsed by the spec's parser, failures typed.

The judge model runs behind the same runtime as the candidate (retries with backoff on 429/5xx and
timeouts, rate limits, the run's response cache); a call that still fails comes back as a
`transport_error` judgment, never a number.
"""

from __future__ import annotations

from typing import Any

from agentbench.judges.outcome import Judgment
from agentbench.judges.spec import JudgeSpec
from agentbench.models.base import ChatModel
from agentbench.registry import judges as parsers
from agentbench.types import ChatRequest


def parse_with(spec: JudgeSpec, text: str, dims: list[str] = (), finish_reason: str | None = None,
               parser: str | None = None) -> Judgment:
    return parsers.get(parser or spec.parser)(text, list(dims), tuple(spec.scale), finish_reason)


async def ask(judge: ChatModel, spec: JudgeSpec, prompt: str, sample_id: str, call_index: int,
              dims: list[str] = ()) -> tuple[Judgment, dict[str, Any]]:
    """The parsed judgment and what to store of the exchange (raw reply, finish reason, error)."""
    request = ChatRequest(messages=[{"role": "user", "content": prompt}], sample_id=sample_id,
                          call_index=call_index, max_tokens=spec.max_tokens, temperature=spec.temperature)
    output = await judge.generate(request)
    raw: dict[str, Any] = {"judgment": output.text, "finish_reason": output.finish_reason}
    if output.error is not None:
        raw["error"] = {"kind": output.error_kind or "transport", "message": output.error[:500]}
        return Judgment("transport_error", reason=output.error[:200]), raw
    return parse_with(spec, output.text, dims, output.finish_reason), raw


def same_model_warning(candidate: str | None, judge: str | None) -> str | None:
    if candidate and judge and candidate == judge:
        return (f"the judge ({judge}) is the candidate model: judges prefer their own answers; "
                "use another judge for numbers you report")
    return None
