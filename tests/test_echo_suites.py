"""A model that repeats its prompt scores 0 with every answer invalid, on the real ARC / C-Eval / GSM8K files.

Before the copied-text masking (agentbench/scoring/copied.py), `agentbench mock-server --mode echo`
scored 23.9 on ARC and 22.3 on C-Eval (26.1 in completion style, read from the few-shot answers) and
2.3 on GSM8K, with 0% invalid on the multiple-choice suites.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from agentbench.models.base import ChatModel
from agentbench.runs.run import play
from agentbench.suites import SuiteSettings, make_suite
from agentbench.types import ChatRequest, ModelOutput

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_data = pytest.mark.skipif(not (DATA / "gsm8k" / "test.jsonl").is_file(),
                                reason=f"upstream benchmark files not found at {DATA}")


class EchoModel(ChatModel):
    """Replies with the last user message, like the mock server's echo mode."""

    identity = "echo"

    async def generate(self, request: ChatRequest) -> ModelOutput:
        last_user = [m for m in request.messages if m["role"] == "user"][-1]
        return ModelOutput(text=last_user["content"], finish_reason="stop")


async def _rows(suite) -> list[dict]:
    model = EchoModel()
    return [suite.row(await play(suite, sample, model)) for sample in suite.samples()]


@needs_data
@pytest.mark.parametrize("name,options", [
    ("arc", {}), ("arc", {"style": "completion", "shots": 3}),
    ("ceval", {}), ("ceval", {"style": "completion"}), ("ceval", {"options": {"cot": True, "subjects": "logic,law"}}),
    ("gsm8k", {}), ("gsm8k", {"style": "completion", "shots": 4}),
])
def test_an_echo_scores_zero_and_is_invalid(name, options):
    suite = make_suite(name, SuiteSettings(data_dir=DATA, **options))
    summary = suite.aggregate(asyncio.run(_rows(suite)))
    assert summary["score"] == 0
    assert summary["metrics"]["invalid_rate"] == {"strict": 1.0, "flexible": 1.0}
