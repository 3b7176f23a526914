"""No reply may hang or crash a parser: pathological text in every dialect, with a hang guard only.

The bound (2 s) is generous on purpose: it catches quadratic or exponential behaviour (these inputs took
15-35 s before the scanners were made linear), not slowness on a loaded CI box. Real times:
`python tests/test_dialect_pathological.py` prints the median per case and dialect.
"""

from __future__ import annotations

import statistics
import sys
import time

import pytest

from agentbench.registry import dialects
from agentbench.types import ModelOutput, ToolCall, ToolSpec

ALL = ["react_zh", "react_en", "agentfabric", "openai_tools", "qwen", "hermes", "glm4"]
TOOLS = [ToolSpec(name="amap_weather", description="天气", parameters={
    "type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]})]
HANG_GUARD_S = 2.0

CASES = {
    "think_tags_20k": "<think>" * 20_000,
    "think_blocks_20k": "<think>a</think>" * 20_000,
    "action_then_spaces": "Action:" + " " * 10_000,
    "name_with_spaces": "Action: a" + " " * 10_000 + "b\nAction Input: {}",
    "plain_100k": "北京天气晴。" * 17_000,
    "one_line_keywords_100k": "Thought:" * 12_500,
    "answer_keywords_100k": "Answer：" * 12_500,
    "open_braces_5k": "{" * 5_000,
    "unbalanced_braces": "{[" * 3_000 + "}" * 10 + "{" * 3_000,
    "action_input_open_braces": "Action Input: {" * 5_000,
    "calls_open_braces": "Action: a\nAction Input: {\n" * 3_000,
    "args_marker_10k": "✿ARGS✿" * 10_000,
    "function_args_10k": "✿FUNCTION✿: amap_weather\n" + "✿ARGS✿: {\n" * 10_000,
    "tool_call_tags_10k": "<tool_call>" * 10_000,
    "tool_call_blocks_bad": "<tool_call>{</tool_call>" * 4_000,
    "huge_string_arg": 'Action: a\nAction Input: {"x": "' + "y" * 100_000 + '"}',
    "huge_unclosed_arg": 'Action: a\nAction Input: {"x": "' + "y" * 100_000,
    "glm_open_braces": "amap_weather\n" + "{" * 50_000,
    "glm_parts": "<|assistant|>".join(["amap_weather\n{"] * 5_000),
    "keyword_args_long": "Action: amap_weather\nAction Input: " + "a=1, " * 20_000,
    "backslashes": 'Action Input: {"a": "' + "\\" * 50_000,
}


def parse_once(dialect: str, text: str) -> float:
    d = dialects.create(dialect)
    output = ModelOutput(text=text, tool_calls=[ToolCall(id="c", name="amap_weather", raw=text[:100_000])])
    start = time.perf_counter()
    res = d.parse(output, 0, TOOLS)
    elapsed = time.perf_counter() - start
    assert res.kind in ("call", "answer", "format_error")
    return elapsed


@pytest.mark.parametrize("dialect", ALL)
@pytest.mark.parametrize("case", list(CASES))
def test_pathological_reply_parses_without_hanging(dialect, case):
    assert parse_once(dialect, CASES[case]) < HANG_GUARD_S


if __name__ == "__main__":  # real numbers for the report: median of 5 runs, milliseconds
    worst = 0.0
    for case, text in CASES.items():
        row = []
        for dialect in ALL:
            ms = statistics.median(parse_once(dialect, text) for _ in range(5)) * 1000
            worst = max(worst, ms)
            row.append(f"{dialect}={ms:.1f}")
        print(f"{case:26s} " + " ".join(row))
    print(f"worst median: {worst:.1f} ms", file=sys.stderr)
