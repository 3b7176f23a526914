"""The one ReACT-family parser (react_zh, react_en, agentfabric): tolerant, honest, never raises.

Keywords: Thought / Action / Action Input / Observation / Final Answer / Answer (any case, `:` or `：`).
The text is scanned left to right; `Action Input` arguments that start with `{`, `[` or a ``` fence are
read by a brace-balanced scan (multi-line JSON is fine), so keywords inside arguments do not split them.
Every tolerance is a named repair (docs/dialects.md lists them); a reply that is neither a call nor an
answer is a format error, never an abstention. Every Action/Action Input pair becomes a call, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agentbench.dialects.args import MAX_CALLS, Budget, parse_arguments
from agentbench.dialects.loose import loose_arguments
from agentbench.dialects.names import clean_name
from agentbench.dialects.scan import args_extent, split_think
from agentbench.types import ModelOutput, ParseResult, ToolCall, ToolSpec

CANONICAL = {
    "thought": "Thought", "action": "Action", "action input": "Action Input",
    "observation": "Observation", "final answer": "Final Answer", "answer": "Answer",
}
_KW = r"final[ \t]*answer|action[ \t_]*input|action|observation|thought|answer"
_MARKER = r"工具调用|tool[ \t]+invocation"
ZH_KEYWORDS = {
    "思考": "thought", "行动输入": "action input", "动作输入": "action input", "行动": "action", "动作": "action",
    "观察": "observation", "最终答案": "final answer", "最终回答": "final answer",
}
"""Chinese translations of the keywords (react_zh only, at a line start, repair `chinese_keyword`)."""
_ZH = "|".join(sorted(ZH_KEYWORDS, key=len, reverse=True))
KW_RE = re.compile(
    rf"(?<![A-Za-z])(?:(?P<kw>{_KW})[ \t]*(?P<colon>[:：])|(?P<zh>{_ZH})[ \t]*[:：]"
    rf"|(?P<marker>{_MARKER})[ \t]*[:：]?[ \t]*(?=\r?\n|$))",
    re.I,
)
INLINE_OK = {"action", "action input", "observation", "final answer"}
"""Keywords also accepted mid-line (after text on the same line), with the repair `inline_keyword`."""
INLINE_RE = re.compile(r"(?<![A-Za-z])(?:final[ \t]*answer|action[ \t_]*input|action|observation)[ \t]*[:：]", re.I)
"""The INLINE_OK keywords alone: after a rejected mid-line keyword, the next one that could count."""
_CONTENT_RE = re.compile(r"[^ \t*#>-]")
"""A line's first character that is not list/quote decoration: a keyword after it is mid-line."""


@dataclass(frozen=True)
class Syntax:
    answer_keyword: str
    """`final answer` (react) or `answer` (agentfabric): the other one is read with `final_answer_keyword`."""
    bare_is_answer: bool
    """True when text with no keyword at all is the normal answer form (agentfabric: after `Answer:`)."""
    markers: bool = False
    """Accept the `工具调用` marker line that opens an agentfabric call block."""
    zh_keywords: bool = False
    """Accept `思考：` / `行动：` / `行动输入：` / `观察：` / `最终答案：` at a line start (react_zh)."""


@dataclass
class _Seg:
    kind: str  # canonical lower-case keyword, or "marker"
    start: int  # where the keyword starts
    cstart: int  # where its content starts
    end: int = -1  # where its content ends
    fixed: bool = False  # arguments read by a balanced scan (end set before the next keyword is known)
    tail: str = ""  # text between fixed arguments and the next keyword

    def content(self, text: str) -> str:
        return text[self.cstart:self.end]


@dataclass
class _State:
    repairs: list[str] = field(default_factory=list)
    budget: Budget = field(default_factory=Budget)
    scan_failed: bool = False
    """A balanced argument scan ran to the end unclosed. That call is unparseable whatever follows, so later
    `Action Input`s are read up to the next keyword instead of rescanning to the end (which made thousands
    of unclosed `{` quadratic)."""

    def add(self, name: str) -> None:
        if name not in self.repairs:
            self.repairs.append(name)


class _Lines:
    """Where the line holding a position starts and where its content starts, for increasing positions
    (one pass over the text, not a backwards search per keyword)."""

    def __init__(self, text: str):
        self.text = text
        self.start, self.seen, self.content = 0, 0, self._content(0)

    def _content(self, start: int) -> int:
        m = _CONTENT_RE.search(self.text, start)
        return m.start() if m else len(self.text)

    def inline(self, at: int) -> bool:
        """Whether text other than decoration precedes `at` on its line."""
        if at < self.seen:  # positions only grow in a scan; restart for an earlier one
            self.start, self.seen, self.content = 0, 0, self._content(0)
        newline = self.text.rfind("\n", self.seen, at)
        self.seen = at
        if newline >= 0:
            self.start = newline + 1
            self.content = self._content(self.start)
        return self.content < at


def _next_keyword(text: str, pos: int, in_answer: bool, syntax: Syntax,
                  lines: _Lines) -> tuple[re.Match[str], bool] | None:
    """Next keyword match at or after pos, and whether it sits mid-line."""
    while True:
        m = KW_RE.search(text, pos)
        if m is None:
            return None
        inline = lines.inline(m.start())
        if m.group("marker"):
            if syntax.markers and not inline:
                return m, False
        elif m.group("zh"):
            if syntax.zh_keywords and not inline:
                return m, False
        else:
            kind = _canon(m.group("kw"))
            if not inline or (kind in INLINE_OK and not in_answer):
                return m, inline
        pos = _after_rejected(text, m.start(), inline, in_answer)
        if pos < 0:
            return None


def _after_rejected(text: str, at: int, inline: bool, in_answer: bool) -> int:
    """Where to look on after a keyword at `at` that does not count; -1 for nowhere.

    A rejected mid-line keyword means the rest of its line can only hold mid-line keywords: inside an
    answer none counts, elsewhere only an INLINE_OK one, so jump there or to the next line instead of
    trying every position (12 500 `Thought:` on one line were quadratic-ish)."""
    if not inline:
        return at + 1
    line_end = text.find("\n", at)
    line_end = len(text) if line_end < 0 else line_end
    if not in_answer:
        nxt = INLINE_RE.search(text, at + 1, line_end)
        if nxt is not None:
            return nxt.start()
    return line_end + 1 if line_end < len(text) else -1


def _canon(kw: str) -> str:
    return re.sub(r"[ \t_]+", " ", kw.lower()).strip()


def _scan(text: str, syntax: Syntax, st: _State) -> tuple[str, list[_Seg]]:
    """Split into (preamble, keyword segments). Stops at the first Observation (kept as the last seg)."""
    segs: list[_Seg] = []
    preamble_end = len(text)
    pos, actions = 0, 0
    lines = _Lines(text)
    while True:
        in_answer = bool(segs) and segs[-1].kind in ("final answer", "answer")
        found = _next_keyword(text, pos, in_answer, syntax, lines)
        here = found[0].start() if found else len(text)
        if not segs:
            preamble_end = here
        elif segs[-1].fixed:
            segs[-1].tail = text[segs[-1].end:here]
        else:
            segs[-1].end = here
        if found is None:
            break
        m, inline = found
        if m.group("marker"):
            segs.append(_Seg("marker", m.start(), m.end()))
            pos = m.end()
            continue
        if m.group("zh"):
            kind = ZH_KEYWORDS[m.group("zh")]
            st.add("chinese_keyword")
        else:
            kind = _canon(m.group("kw"))
            if m.group("kw") != CANONICAL[kind]:
                st.add("keyword_case")
            if m.group("colon") == "：":
                st.add("fullwidth_colon")
        if inline:
            st.add("inline_keyword")
        seg = _Seg(kind, m.start(), m.end())
        segs.append(seg)
        pos = m.end()
        if kind in ("action", "action input"):
            actions += 1
            if actions > 2 * MAX_CALLS + 1:  # at least MAX_CALLS + 1 calls already: parse_react cuts there
                seg.end = len(text)
                break
        if kind == "observation":
            seg.end = len(text)
            break
        if kind == "action input" and not st.scan_failed:
            extent = args_extent(text, m.end())
            if extent:
                seg.cstart, seg.end, seg.fixed = extent[0], extent[1], True
                pos = extent[1]
            elif text[m.end():m.end() + 64].lstrip(" \t\r\n").startswith(("{", "[", "```")):
                st.scan_failed = True
    return text[:preamble_end], segs


def parse_react(output: ModelOutput, step: int, syntax: Syntax, tools: list[ToolSpec] | None = None) -> ParseResult:
    """Read one ReACT-family reply against the offered tools (names, parameters). Never raises."""
    specs = {t.name: t for t in tools or []}
    st = _State()
    text = output.text or ""
    if not text.strip():
        detail = "the reply is empty"
        if output.tool_calls:
            detail += " (the backend returned native tool_calls; this dialect reads text)"
        return ParseResult(error="EMPTY_OUTPUT", error_detail=detail)
    body, think, had_think = split_think(text)
    if had_think:
        st.add("think_block_stripped")
    if not body.strip():
        return ParseResult(error="EMPTY_OUTPUT", error_detail="nothing outside the <think> block",
                           thought=think, repairs=st.repairs)
    preamble, segs = _scan(body, syntax, st)
    result = ParseResult()
    thoughts: list[str] = []
    errors: list[tuple[str, str]] = []
    calls: list[ToolCall] = []
    answer_seg: _Seg | None = None
    pending: _Seg | None = None
    cuts: list[int] = []

    def cut(at: int, repair: str) -> None:
        cuts.append(at)
        st.add(repair)

    def add_call(name_seg: _Seg | None, args_seg: _Seg | None) -> None:
        call_repairs: list[str] = []
        name, cleaned = clean_name(name_seg.content(body), specs) if name_seg else ("", False)
        if cleaned:
            call_repairs.append("action_name_cleaned")
        call = ToolCall(id=f"call_{step}_{len(calls)}", name=name, repairs=call_repairs)
        if name_seg is not None and not name:
            call.parse_error = "Action has no tool name"
            errors.append(("NO_ACTION_NAME", f"call {len(calls)}: `Action:` is followed by no tool name"))
        if args_seg is None:
            call.parse_error = "Action without Action Input"
            errors.append(("MISSING_ACTION_INPUT", f"call {len(calls)} ({name!r}): `Action:` has no `Action Input:`"))
        else:
            call.raw = args_seg.content(body).strip()
            args, arg_repairs, error = parse_arguments(call.raw, note_multiline=True, budget=st.budget)
            loose = loose_arguments(call.raw, specs.get(name)) if error is not None else None
            if loose is not None:
                args, error, arg_repairs = loose[0], None, [loose[1]]
            call_repairs.extend(arg_repairs)
            if name_seg is None:
                call.parse_error = "Action Input without Action"
                errors.append(("MISSING_ACTION", f"call {len(calls)}: `Action Input:` with no `Action:` before it"))
            elif error is not None:
                call.parse_error = error
                errors.append(("ARGS_UNPARSEABLE", f"call {len(calls)} ({name!r}): {error}: {call.raw[:200]!r}"))
            call.arguments = args if error is None else None
        call.repairs = call_repairs  # set last: pydantic copied the list given to the constructor
        calls.append(call)
        for r in call_repairs:
            st.add(r)

    last_action = max((i for i, s in enumerate(segs) if s.kind in ("action", "action input")), default=-1)
    for index, seg in enumerate(segs):
        if seg.kind == "observation":
            fabricated = bool(seg.content(body).strip())
            cut(seg.start, "fabricated_observation_cut" if fabricated else "trailing_observation_cut")
            break
        if seg.kind in ("action", "action input") and len(calls) >= MAX_CALLS:
            cut(pending.start if pending is not None else seg.start, "call_limit_cut")
            pending = None
            break
        if seg.kind in ("thought", "marker"):
            thoughts.append(seg.content(body).strip())
        elif seg.kind == "action":
            if pending is not None:
                add_call(pending, None)
            pending = seg
        elif seg.kind == "action input":
            add_call(pending, seg)
            pending = None
            if seg.tail.strip(" \t\r\n") and index < last_action:
                thoughts.append(seg.tail.strip())
                if not syntax.markers:
                    st.add("untagged_thought")
            elif seg.tail.strip():
                cut(seg.end, "trailing_text_cut")
        elif answer_seg is None:
            answer_seg = seg
    if pending is not None:
        add_call(pending, None)

    pre = preamble.strip()
    if pre and segs:
        thoughts.insert(0, pre)
        if not syntax.markers:
            st.add("untagged_thought")
    result.thought = "\n".join(t for t in thoughts if t) or think
    result.calls = calls
    last_call = max((s.start for s in segs if s.kind in ("action", "action input")), default=-1)
    if calls and answer_seg is not None:
        if answer_seg.start > last_call:
            cut(answer_seg.start, "answer_after_action_cut")
        else:
            st.add("answer_before_action_dropped")
    elif not calls:
        if answer_seg is not None:
            if answer_seg.kind != syntax.answer_keyword:
                st.add("final_answer_keyword")
            stop = next((s.start for s in segs if s.start > answer_seg.start and s.kind in
                         ("action", "action input", "observation")), len(body))
            result.answer = body[answer_seg.cstart:stop].strip()
        elif not segs:
            result.answer = body.strip()
            if not syntax.bare_is_answer:
                st.add("bare_answer")
        elif cuts and not result.thought:
            errors.append(("MISSING_ACTION", "the reply is only an `Observation:` the model wrote itself"))
        else:
            errors.append(("MISSING_ACTION", "the reply has keywords but neither `Action:` nor an answer keyword"))
    if errors:
        code, detail = errors[0]
        if len(errors) > 1:
            detail += f" (and {len(errors) - 1} more problem(s))"
        result.error, result.error_detail, result.answer = code, detail, None  # type: ignore[assignment]
    if cuts:
        result.history_text = body[:min(cuts)].rstrip()
    result.repairs = st.repairs
    return result
