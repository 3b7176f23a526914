"""Qwen-Agent function-call prompt: `✿FUNCTION✿: name` / `✿ARGS✿: {json}` / `✿RESULT✿` / `✿RETURN✿`.

Text before the first ✿FUNCTION✿ is the thought; several ✿FUNCTION✿ blocks are parallel calls. The model
stops at ✿RESULT✿; results come back as one user message of `✿RESULT✿: …` lines and the model replies
with `✿RETURN✿: answer` (plain text is also an answer: Qwen-Agent reads any reply without ✿FUNCTION✿ so).
"""

from __future__ import annotations

import json
import re
from typing import Any

from agentbench.dialects.args import MAX_CALLS, Budget, dump_args, finish, read_call
from agentbench.dialects.base import Dialect
from agentbench.dialects.history import fold_results_as_user
from agentbench.dialects.names import clean_name
from agentbench.dialects.scan import args_extent, begin_parse
from agentbench.registry import dialects
from agentbench.types import Message, ModelOutput, ParseResult, ToolSpec

FN, ARGS, RESULT, RETURN = "✿FUNCTION✿", "✿ARGS✿", "✿RESULT✿", "✿RETURN✿"
MARK_RE = re.compile(r"✿(FUNCTION|ARGS|RESULT|RETURN)✿[ \t]*([:：]?)[ \t]*", re.I)
PARTIAL_RE = re.compile(r"✿([A-Za-z]{0,8})(✿?)[ \t\r\n]*$")
"""A marker cut off at the end of the reply (`✿RESULT`, `✿RES`, `✿`): the stop word half emitted."""
NAMES = ("FUNCTION", "ARGS", "RESULT", "RETURN")

PROMPT = """# 工具

## 你拥有如下工具：

{tools}

## 你可以在回复中插入以下命令以调用工具，可以调用零次、一次或多次；并行调用多个工具时，依次写出每个工具的✿FUNCTION✿和✿ARGS✿：

✿FUNCTION✿: 工具名称，必须是[{names}]之一
✿ARGS✿: 工具的输入，JSON对象
✿RESULT✿: 工具返回的结果
✿RETURN✿: 根据工具结果回复用户，图片请用![](url)展示"""


def tool_desc(spec: ToolSpec) -> str:
    params = json.dumps(spec.parameters, ensure_ascii=False)
    return f"### {spec.name}\n\n{spec.name}: {spec.description} 输入参数：{params} 此工具的输入应为JSON对象。"


def partial_marker_at(text: str) -> int | None:
    """Where a truncated marker at the very end starts, or None (a complete marker is not truncated)."""
    m = PARTIAL_RE.search(text)
    if m is None or (m.group(2) and m.group(1).upper() in NAMES):
        return None
    return m.start() if any(n.startswith(m.group(1).upper()) for n in NAMES) else None


def split_args(content: str) -> tuple[str, str]:
    """(argument text, text after it): a bracketed object ends where its brackets balance."""
    extent = args_extent(content, 0)
    return (content[:extent[1]], content[extent[1]:]) if extent else (content, "")


class _Reader:
    """Reads the ✿ markers of one reply in order (Qwen-Agent semantics, every tolerance named)."""

    def __init__(self, text: str, step: int, offered: set[str], repairs: list[str], errors: list) -> None:
        self.text, self.step, self.offered, self.repairs, self.errors = text, step, offered, repairs, errors
        self.parsed = ParseResult()
        self.thought = ""
        """Text before the first marker."""
        self.thoughts: list[str] = []
        self.pending: str | None = None
        """The name text of a ✿FUNCTION✿ still waiting for its ✿ARGS✿."""
        self.pending_at = 0
        self.call_marks = 0
        """✿FUNCTION✿ and ✿ARGS✿ marks read: 10 000 orphan ✿ARGS✿ are a loop too, not 10 000 errors."""
        self.last_fn: str | None = None
        """The function the latest ✿ARGS✿ went to: a further ✿ARGS✿ is another call to it (Qwen-Agent)."""
        self.answer_at: int | None = None
        self.answer = ""
        self.cut: int | None = None
        self.budget = Budget()

    def cut_at(self, at: int, repair: str) -> None:
        self.repairs.append(repair)
        self.cut = at if self.cut is None else min(self.cut, at)

    def mark(self, kind: str, start: int, cstart: int, end: int, more_calls: bool) -> bool:
        """Read one marker and its content (up to `end`); False when reading stops here."""
        content = self.text[cstart:end]
        if kind == "RESULT":
            self.cut_at(start, "fabricated_observation_cut" if content.strip() else "trailing_observation_cut")
            return False
        if kind in ("FUNCTION", "ARGS"):
            self.call_marks += 1
        if kind in ("FUNCTION", "ARGS") and (len(self.parsed.calls) >= MAX_CALLS or self.call_marks > 2 * MAX_CALLS + 1):
            self.cut_at(self.pending_at if self.pending is not None else start, "call_limit_cut")
            self.pending = None
            return False
        if kind == "FUNCTION":
            if self.pending is not None:
                self.add(self.pending, None)
            self.pending, self.pending_at = content, start
        elif kind == "ARGS":
            self.args(content, cstart, more_calls)
        elif self.answer_at is None:
            self.answer_at, self.answer = start, content.strip()
        return True

    def args(self, content: str, cstart: int, more_calls: bool) -> None:
        name = self.pending if self.pending is not None else self.last_fn
        if name is None:
            self.errors.append(("MISSING_ACTION", f"{ARGS} with no {FN} before it"))
            return
        if self.pending is None:
            self.repairs.append("repeated_args")
        self.pending, self.last_fn = None, name
        raw, tail = split_args(content)
        self.add(name, raw)
        if not tail.strip():
            return
        if more_calls:  # text between one call's arguments and the next call: a thought
            self.thoughts.append(tail.strip())
            self.repairs.append("untagged_thought")
        else:  # Qwen-Agent drops text after the arguments too (remove_trailing_comment_of_fn_args)
            self.cut_at(cstart + len(raw), "trailing_text_cut")

    def add(self, name_text: str, raw: str | None) -> None:
        name, cleaned = clean_name(name_text, self.offered)
        call, error = read_call(f"call_{self.step}_{len(self.parsed.calls)}", name, raw,
                                repairs=["action_name_cleaned"] if cleaned else [], budget=self.budget)
        self.parsed.calls.append(call)
        if error:
            self.errors.append(error)

    def result(self, think: str, marks: list[re.Match[str]]) -> ParseResult:
        if self.pending is not None:
            self.add(self.pending, None)
        parsed = self.parsed
        parsed.thought = "\n".join(t for t in [self.thought, *self.thoughts] if t) or think
        if parsed.calls:
            if self.answer_at is not None:
                self.cut_at(self.answer_at, "answer_after_action_cut")
        elif self.answer_at is not None:
            parsed.answer = self.answer
        elif not marks:
            parsed.answer, parsed.thought = self.text.strip(), think
        elif not self.errors:
            self.errors.append(("MISSING_ACTION", f"the reply is only a {RESULT} the model wrote itself"))
        if self.cut is not None:
            parsed.history_text = self.text[:self.cut].rstrip()
        return finish(parsed, self.errors, self.repairs)


class Qwen(Dialect):
    name = "qwen"
    stop = [RESULT, RETURN]

    def render(
        self, history: list[Message], tools: list[ToolSpec], instructions: str | None = None
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]] | None]:
        parts = [instructions.strip()] if instructions and instructions.strip() else []
        if tools:
            parts.append(PROMPT.format(tools="\n\n".join(tool_desc(t) for t in tools),
                                       names=",".join(t.name for t in tools)))
        messages = fold_results_as_user(self, history, "\n\n".join(parts), lambda m: f"{RESULT}: {m.content}")
        return messages, None

    def parse(self, output: ModelOutput, step: int = 0, tools: list[ToolSpec] | None = None) -> ParseResult:
        text, think, repairs, errors = begin_parse(output.text)
        partial = partial_marker_at(text)
        if partial is not None:
            text = text[:partial]
        if not text.strip():
            return finish(ParseResult(thought=think), [("EMPTY_OUTPUT", "the reply is empty")], repairs)
        marks = list(MARK_RE.finditer(text))
        reader = _Reader(text, step, {t.name for t in tools or []}, repairs, errors)
        reader.thought = (text[:marks[0].start()] if marks else "").strip()
        if partial is not None:
            reader.cut_at(partial, "truncated_marker_cut")
        last_call = next((i for i in range(len(marks) - 1, -1, -1) if marks[i].group(1).upper() in ("FUNCTION", "ARGS")), -1)
        for i, m in enumerate(marks):
            if m.group(1) != m.group(1).upper():
                repairs.append("keyword_case")
            if m.group(2) == "：":
                repairs.append("fullwidth_colon")
            end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            if not reader.mark(m.group(1).upper(), m.start(), m.end(), end, more_calls=i < last_call):
                break
        return reader.result(think, marks)

    def format_output(
        self, calls: list[tuple[str, dict[str, Any]]], answer: str | None = None, thought: str = ""
    ) -> ModelOutput:
        head = f"{thought}\n" if thought else ""
        if calls:
            body = "\n".join(f"{FN}: {name}\n{ARGS}: {dump_args(args)}" for name, args in calls)
        else:
            body = f"{RETURN}: {answer or ''}"
        return ModelOutput(text=head + body, finish_reason="stop")


@dialects.register("qwen")
def qwen() -> Qwen:
    return Qwen()
