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

from agentbench.dialects.args import parse_arguments
from agentbench.types import ModelOutput, ParseResult, ToolCall

CANONICAL = {
    "thought": "Thought", "action": "Action", "action input": "Action Input",
    "observation": "Observation", "final answer": "Final Answer", "answer": "Answer",
}
_KW = r"final[ \t]*answer|action[ \t_]*input|action|observation|thought|answer"
_MARKER = r"工具调用|tool[ \t]+invocation"
KW_RE = re.compile(
    rf"(?<![A-Za-z])(?:(?P<kw>{_KW})[ \t]*(?P<colon>[:：])|(?P<marker>{_MARKER})[ \t]*[:：]?[ \t]*(?=\r?\n|$))",
    re.I,
)
INLINE_OK = {"action", "action input", "observation", "final answer"}
"""Keywords also accepted mid-line (after text on the same line), with the repair `inline_keyword`."""
NAME_STRIP = "`'\"“”‘’[]【】<>()（）*。.,，;；:："


@dataclass(frozen=True)
class Syntax:
    answer_keyword: str
    """`final answer` (react) or `answer` (agentfabric): the other one is read with `final_answer_keyword`."""
    bare_is_answer: bool
    """True when text with no keyword at all is the normal answer form (agentfabric: after `Answer:`)."""
    markers: bool = False
    """Accept the `工具调用` marker line that opens an agentfabric call block."""


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

    def add(self, name: str) -> None:
        if name not in self.repairs:
            self.repairs.append(name)


def split_think(text: str) -> tuple[str, str, bool]:
    """(text without <think> blocks, their content, whether any was found)."""
    thinks: list[str] = []

    def keep(m: re.Match[str]) -> str:
        thinks.append(m.group(1))
        return ""

    body = re.sub(r"<think>(.*?)</think>", keep, text, flags=re.S)
    found = bool(thinks)
    if "</think>" in body:  # the chat template opened the block: everything before the close is thinking
        head, _, body = body.partition("</think>")
        thinks.insert(0, head)
        found = True
    if "<think>" in body:  # unterminated: the rest is thinking
        body, _, rest = body.partition("<think>")
        thinks.append(rest)
        found = True
    return body, "\n".join(t.strip() for t in thinks if t.strip()), found


def begin_parse(text: str | None) -> tuple[str, str, list[str], list[tuple[str, str]]]:
    """(text without <think>, the think text, repairs so far, errors so far): how every parser starts."""
    body, think, had_think = split_think(text or "")
    return body, think, ["think_block_stripped"] if had_think else [], []


def _balanced_end(text: str, i: int, quotes: str) -> int | None:
    """Index just past the bracket closing the one at text[i], skipping quoted strings; None if unclosed."""
    depth, quote, escaped = 0, "", False
    for j in range(i, len(text)):
        ch = text[j]
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
        elif ch in quotes:
            quote = ch
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                return j + 1
    return None


def args_extent(text: str, start: int) -> tuple[int, int] | None:
    i = start
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    if text.startswith("```", i):
        close = text.find("```", i + 3)
        return (i, close + 3) if close >= 0 else None
    if i < len(text) and text[i] in "{[":
        end = _balanced_end(text, i, "\"'") or _balanced_end(text, i, '"')
        return (i, end) if end else None
    return None


def _next_keyword(text: str, pos: int, in_answer: bool, syntax: Syntax) -> tuple[re.Match[str], bool] | None:
    """Next keyword match at or after pos, and whether it sits mid-line."""
    while True:
        m = KW_RE.search(text, pos)
        if m is None:
            return None
        line_start = text.rfind("\n", 0, m.start()) + 1
        inline = text[line_start:m.start()].strip(" \t*#>-") != ""
        if m.group("marker"):
            if syntax.markers and not inline:
                return m, False
        else:
            kind = _canon(m.group("kw"))
            if not inline or (kind in INLINE_OK and not in_answer):
                return m, inline
        pos = m.start() + 1


def _canon(kw: str) -> str:
    return re.sub(r"[ \t_]+", " ", kw.lower()).strip()


def _scan(text: str, syntax: Syntax, st: _State) -> tuple[str, list[_Seg]]:
    """Split into (preamble, keyword segments). Stops at the first Observation (kept as the last seg)."""
    segs: list[_Seg] = []
    preamble_end = len(text)
    pos = 0
    while True:
        in_answer = bool(segs) and segs[-1].kind in ("final answer", "answer")
        found = _next_keyword(text, pos, in_answer, syntax)
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
        if kind == "observation":
            seg.end = len(text)
            break
        if kind == "action input":
            extent = args_extent(text, m.end())
            if extent:
                seg.cstart, seg.end, seg.fixed = extent[0], extent[1], True
                pos = extent[1]
    return text[:preamble_end], segs


def _name(raw: str, st_call: list[str]) -> str:
    """Clean an Action value: `amap_weather`, "amap_weather", amap_weather API, amap_weather()."""
    lines = [ln.strip() for ln in raw.strip().splitlines() if ln.strip()]
    first = lines[0] if lines else ""
    name = first.strip(NAME_STRIP + " \t")
    name = re.sub(r"(?i)[ \t]*(api|工具|tool)$", "", name).strip(NAME_STRIP + " \t")
    if " " in name or "\t" in name:
        name = name.split()[0].strip(NAME_STRIP)
    if name != raw.strip():
        st_call.append("action_name_cleaned")
    return name


def parse_react(output: ModelOutput, step: int, syntax: Syntax) -> ParseResult:
    """Read one ReACT-family reply. Never raises."""
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
        name = _name(name_seg.content(body), call_repairs) if name_seg else ""
        call = ToolCall(id=f"call_{step}_{len(calls)}", name=name, repairs=call_repairs)
        if name_seg is not None and not name:
            call.parse_error = "Action has no tool name"
            errors.append(("NO_ACTION_NAME", f"call {len(calls)}: `Action:` is followed by no tool name"))
        if args_seg is None:
            call.parse_error = "Action without Action Input"
            errors.append(("MISSING_ACTION_INPUT", f"call {len(calls)} ({name!r}): `Action:` has no `Action Input:`"))
        else:
            call.raw = args_seg.content(body).strip()
            args, arg_repairs, error = parse_arguments(call.raw, note_multiline=True)
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

    for seg in segs:
        if seg.kind == "observation":
            fabricated = bool(seg.content(body).strip())
            cut(seg.start, "fabricated_observation_cut" if fabricated else "trailing_observation_cut")
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
            if seg.tail.strip(" \t\r\n") and seg is not segs[-1] and any(
                s.kind in ("action", "action input") for s in segs[segs.index(seg) + 1:]
            ):
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
