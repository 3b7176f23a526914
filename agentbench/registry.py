"""One registry for every pluggable part: dialects, model kinds, suites, judge parsers, tools.

An entry is a name, a lazy `module:attr` target and a one-line description; nothing is imported until the
name is asked for, so this module imports nothing above it. Other packages add entries through entry
points in the groups `agentbench.dialects`, `agentbench.models`, `agentbench.suites`, `agentbench.judges`
and `agentbench.tools` (`name = "package.module:attr"`). `@registry.register(name)` still works for code
that registers on import (tests, notebooks).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from agentbench.errors import UsageError


@dataclass(frozen=True)
class Entry:
    name: str
    target: str
    """`module:attr`, imported on first use."""
    description: str = ""
    source: str = "agentbench"
    """Who provides it: agentbench, or the distribution behind an entry point."""


class Registry:
    def __init__(self, kind: str, entries: list[Entry]):
        self.kind = kind
        self.group = f"agentbench.{kind}s"
        self._entries = {e.name: e for e in entries}
        self._loaded: dict[str, Any] = {}
        self._plugins_read = False

    def _read_plugins(self) -> None:
        if self._plugins_read:
            return
        self._plugins_read = True
        from importlib.metadata import entry_points

        for ep in entry_points(group=self.group):
            if ep.name not in self._entries:  # built-ins win: a plugin cannot shadow them silently
                dist = getattr(getattr(ep, "dist", None), "name", None) or "plugin"
                self._entries[ep.name] = Entry(ep.name, ep.value, f"from {dist}", dist)

    def register(self, name: str, description: str = "") -> Callable[[Any], Any]:
        def wrap(obj: Any) -> Any:
            self._loaded[name] = obj
            if name not in self._entries:
                self._entries[name] = Entry(name, f"{obj.__module__}:{obj.__qualname__}", description,
                                            "registered")
            return obj

        return wrap

    def entries(self) -> list[Entry]:
        self._read_plugins()
        return [self._entries[n] for n in sorted(self._entries)]

    def names(self) -> list[str]:
        return [e.name for e in self.entries()]

    def __contains__(self, name: str) -> bool:
        return name in self._loaded or name in self._entries or name in self.names()

    def get(self, name: str) -> Any:
        if name in self._loaded:
            return self._loaded[name]
        if name not in self._entries:
            self._read_plugins()
        entry = self._entries.get(name)
        if entry is None:
            raise UsageError(f"unknown {self.kind} {name!r}; known: {', '.join(self.names())}")
        module, _, attr = entry.target.partition(":")
        try:
            obj = importlib.import_module(module)
            for part in attr.split(".") if attr else ():
                obj = getattr(obj, part)
        except (ImportError, AttributeError) as exc:
            raise UsageError(f"{self.kind} {name!r} ({entry.target}) cannot be loaded: {exc}") from None
        self._loaded[name] = obj
        return obj

    def create(self, name: str, **kwargs: Any) -> Any:
        return self.get(name)(**kwargs)


def _entries(rows: list[tuple[str, str, str]]) -> list[Entry]:
    return [Entry(name, target, description) for name, target, description in rows]


dialects = Registry("dialect", _entries([
    ("react_zh", "agentbench.dialects.react:react_zh", "ReACT with Chinese instructions (ms-swift / ModelScope agent data)"),
    ("react_en", "agentbench.dialects.react:react_en", "ReACT in English (LangChain style)"),
    ("agentfabric", "agentbench.dialects.agentfabric:agentfabric", "ModelScope-Agent AgentFabric role-play prompt"),
    ("openai_tools", "agentbench.dialects.openai_tools:openai_tools", "native function calling (tools= / tool_calls)"),
    ("qwen", "agentbench.dialects.qwen:qwen", "Qwen-Agent ✿FUNCTION✿ / ✿ARGS✿ prompt"),
    ("hermes", "agentbench.dialects.hermes:hermes", "<tool_call> JSON blocks (Qwen2.5/3, Hermes templates)"),
    ("glm4", "agentbench.dialects.glm4:glm4", "GLM-4: tool name line, then JSON arguments"),
]))

models = Registry("model", _entries([
    ("scripted", "agentbench.models.scripted:make_scripted",
     "scripted:demo | gold | random[:SEED] | FILE — replayed outputs, no model (tests, demos, dry runs)"),
    ("openai", "agentbench.models.openai_compat:make_openai", "openai:NAME — any OpenAI-compatible endpoint"),
    ("transformers", "agentbench.models.transformers_local:make_transformers",
     "transformers:PATH_OR_ID — a local checkpoint (folder, ModelScope or Hugging Face id)"),
    ("langchain", "agentbench.models.langchain_model:make_langchain",
     "langchain:MODULE:ATTR — a langchain-core BaseChatModel"),
]))

suites = Registry("suite", _entries([
    ("agent_zh", "agentbench.suites.agent:make_agent_zh", "26 built-in Chinese agent scenarios (9 simulated tools)"),
    ("arc", "agentbench.suites.arc:make_arc", "ARC Easy + Challenge test, multiple choice (score = mean of splits)"),
    ("arc_easy", "agentbench.suites.arc:make_arc_easy", "ARC Easy test"),
    ("arc_challenge", "agentbench.suites.arc:make_arc_challenge", "ARC Challenge test"),
    ("ceval", "agentbench.suites.ceval:make", "C-Eval val, 52 subjects, 5-shot from dev"),
    ("gsm8k", "agentbench.suites.gsm8k:make", "GSM8K test, 0-shot, numeric answer"),
    ("alignbench", "agentbench.suites.alignbench:make",
     "AlignBench v1.1: 683 Chinese open questions, judge-graded 1-10 (data downloaded, never shipped)"),
    ("pairwise", "agentbench.suites.pairwise:make",
     "candidate vs baseline on 100 built-in open questions (10 abilities), judged in both orders, 胜和率"),
]))

judges = Registry("judge", _entries([
    ("robust", "agentbench.judges.grading:parse_robust",
     "AlignBench-style grades: the last well-formed score dict (JSON/Python quotes, aliases, decimals, ranges)"),
    ("official", "agentbench.judges.official:parse_official",
     "AlignBench's own regex (judge.py post_process), for comparison: one-line dict, int pairs, no range check"),
    ("pairwise", "agentbench.judges.verdicts:parse_pairwise", "[[A]] / [[B]] / [[C]] (tie); conflicting = parse_error"),
    ("answer", "agentbench.judges.verdicts:parse_answer",
     "agent final answers: {verdict: correct | partially_correct | incorrect, reason}"),
]))
"""Judge parsers: `parse(text, dims, scale, finish_reason) -> Judgment` (agentbench/judges/)."""

tools = Registry("tool", [])
"""Extra tool folders or modules from other packages (entry point value: `package.module`); the built-in
simulated tools are discovered from the tools/ folder (`agentbench list tools`)."""

ALL = {"dialects": dialects, "models": models, "suites": suites, "judges": judges, "tools": tools}
