"""A model's garbage is recorded and scored, never a crash: fragments of every format, shuffled, in every dialect."""

import asyncio
import random

import pytest

from agentbench.models.base import ChatModel
from agentbench.runs.run import play
from agentbench.suites import SuiteSettings, make_suite
from agentbench.types import ChatRequest, ModelOutput, ToolCall

FRAGMENTS = [
    "Thought: 我需要调用工具", "Action: amap_weather", "Action: ", "Action Input: {\"location\": \"北京\"}",
    "Action Input: {'location': ['北京', {'x': None}]}", "Action Input: [1, 2, 3]", "Action Input: \"北京\"",
    "Action Input: {\"location\": ", "Observation: 晴", "Final Answer: 北京晴", "Answer: 好的", "✿FUNCTION✿: image_gen",
    "✿ARGS✿: {\"text\": 123}", "✿RETURN✿: 完成", "<tool_call>{\"name\": \"x\", \"arguments\": 5}</tool_call>",
    "<tool_call>\n{\"name\": \"amap_weather\", \"arguments\": {\"location\": {\"deep\": [1]}}}", "<think>嗯", "</think>",
    "amap_weather\n{\"location\": \"上海\", \"date\": 20261123}", "```json\n{\"a\": 1}\n```", "\\u4e0a\\u6d77", "",
    "Action：book_restaurant\nAction Input：{\"people\": \"两\"}", "Final Answer:", "\x00\x01", "{" * 50, "]]]]",
]


class GarbageModel(ChatModel):
    identity = "test:garbage"

    async def generate(self, request: ChatRequest) -> ModelOutput:
        rng = random.Random(f"{request.sample_id}/{request.call_index}")
        text = "\n".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 6)))
        calls = []
        if request.tools and rng.random() < 0.5:
            raw = rng.choice(['{"location": "北京"}', "{bad json", "[]", '{"text": null}', "null", ""])
            calls.append(ToolCall(id=f"c{request.call_index}", name=rng.choice(["amap_weather", "image_gen", "nope", ""]),
                                  raw=raw))
        return ModelOutput(text=text, tool_calls=calls)


@pytest.mark.parametrize("dialect", ["react_zh", "agentfabric", "openai_tools", "qwen", "hermes", "glm4"])
def test_garbage_in_every_dialect_is_scored_not_raised(dialect):
    suite = make_suite("agent_zh", SuiteSettings(dialect=dialect))
    model = GarbageModel()
    records = [suite.row(asyncio.run(play(suite, sample, model, trial)))
               for sample in suite.samples() for trial in range(2)]
    assert all(r["error"] is False for r in records)
    assert not any(r["passed"] for r in records)
    summary = suite.aggregate(records)
    assert summary["score"] == 0
