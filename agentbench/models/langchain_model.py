"""`langchain:module:attr`: any langchain-core chat model as an agentbench ChatModel.

`attr` names a `BaseChatModel` instance or a zero-argument factory returning one. Requests become
LangChain messages (System/Human/AI/Tool); `request.tools` are bound with `bind_tools` when the model
supports it; the AIMessage comes back as text, native tool calls and usage. langchain-core is imported
only when a model is constructed. See docs/local_models.md.
"""

from __future__ import annotations

import importlib
import json
import time
from typing import Any

from agentbench.errors import UsageError
from agentbench.models.base import ChatModel, ModelSettings
from agentbench.runtime.retry import FailureKind
from agentbench.types import ChatRequest, ModelOutput, ToolCall, Usage

INSTALL_HINT = "pip install 'agentbench[langchain]'"


def _langchain() -> Any:
    try:
        from langchain_core.language_models import BaseChatModel
    except ImportError as exc:
        raise UsageError(f"langchain models need langchain-core ({exc}); {INSTALL_HINT}") from None
    return BaseChatModel


def _error_kind(exc: BaseException) -> FailureKind:
    """A closed kind for a chat model's exception, from its type (LangChain wraps many providers' SDKs)."""
    names = " ".join(cls.__name__ for cls in type(exc).__mro__)
    if isinstance(exc, TimeoutError) or "Timeout" in names:
        return "timeout"
    if isinstance(getattr(exc, "status_code", None), int) or "StatusError" in names:
        return "http_status"
    if isinstance(exc, (ConnectionError, OSError)) or "Connection" in names:
        return "transport"
    return "internal"


def load_object(spec: str) -> Any:
    """`module:attr` (attr may be dotted) -> the object."""
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise UsageError(f"langchain model spec must be module:attr, not {spec!r}")
    try:
        obj: Any = importlib.import_module(module_name)
    except ImportError as exc:
        raise UsageError(f"langchain model {spec!r}: cannot import {module_name!r}: {exc}") from None
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise UsageError(f"langchain model {spec!r}: {module_name!r} has no attribute {attr!r}") from None
    return obj


def to_langchain_messages(messages: list[dict[str, Any]]) -> list[Any]:
    """Harness messages (OpenAI shape) -> LangChain System/Human/AI/Tool messages; any other role (GLM-4's
    `observation`) becomes a generic `ChatMessage` with that role."""
    from langchain_core.messages import AIMessage, ChatMessage, HumanMessage, SystemMessage, ToolMessage

    out: list[Any] = []
    for i, m in enumerate(messages):
        role, content = m.get("role"), m.get("content") or ""
        if role == "system":
            out.append(SystemMessage(content=content))
        elif role == "user":
            out.append(HumanMessage(content=content))
        elif role == "assistant":
            calls = [_lc_tool_call(c, i, n) for n, c in enumerate(m.get("tool_calls") or [])]
            out.append(AIMessage(content=content, tool_calls=calls))
        elif role == "tool":
            out.append(ToolMessage(content=content, tool_call_id=m.get("tool_call_id") or "", name=m.get("name")))
        elif isinstance(role, str) and role:
            out.append(ChatMessage(role=role, content=content))  # e.g. GLM-4's `observation`
        else:
            raise UsageError(f"message {i} has no role")
    return out


def _lc_tool_call(call: dict[str, Any], msg: int, n: int) -> dict[str, Any]:
    fn = call.get("function") if isinstance(call.get("function"), dict) else call
    args: Any = fn.get("arguments", fn.get("args", {}))
    if isinstance(args, str):
        try:
            args = json.loads(args) if args.strip() else {}
        except json.JSONDecodeError:
            args = {"__raw__": args}
    if not isinstance(args, dict):
        args = {"__value__": args}
    return {"name": fn.get("name", ""), "args": args, "id": call.get("id") or f"call_{msg}_{n}", "type": "tool_call"}


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    parts = []
    for block in content or []:
        if isinstance(block, str):
            parts.append(block)
        elif isinstance(block, dict) and block.get("type") == "text":
            parts.append(str(block.get("text", "")))
    return "".join(parts)


def from_ai_message(msg: Any) -> ModelOutput:
    """LangChain AIMessage -> ModelOutput (text, native tool calls, usage, finish reason)."""
    calls: list[ToolCall] = []
    for n, tc in enumerate(getattr(msg, "tool_calls", None) or []):
        args = tc.get("args") or {}
        calls.append(
            ToolCall(id=tc.get("id") or f"call_{n}", name=tc.get("name") or "", arguments=args,
                     raw=json.dumps(args, ensure_ascii=False))
        )
    for n, tc in enumerate(getattr(msg, "invalid_tool_calls", None) or [], start=len(calls)):
        calls.append(
            ToolCall(id=tc.get("id") or f"call_{n}", name=tc.get("name") or "", raw=tc.get("args") or "",
                     arguments=None, parse_error=tc.get("error") or "invalid tool call arguments")
        )
    usage = Usage()
    meta = getattr(msg, "usage_metadata", None)
    if meta:
        usage = Usage(prompt_tokens=int(meta.get("input_tokens") or 0),
                      completion_tokens=int(meta.get("output_tokens") or 0))
    rmeta = getattr(msg, "response_metadata", None) or {}
    finish = rmeta.get("finish_reason") or rmeta.get("stop_reason") or ("tool_calls" if calls else "stop")
    return ModelOutput(text=_text(msg.content), tool_calls=calls, usage=usage, finish_reason=str(finish))


class LangChainChatModel(ChatModel):
    """Wraps a langchain-core `BaseChatModel`.

    Arguments:
        model: a `BaseChatModel`, a zero-argument factory returning one, or a `module:attr` string naming
            either.
        identity: what records and the cache key on; default `langchain:{spec}` (plus the model's
            `model_name`/`model` when it has one). Never put a secret here.
        bind_tools: bind `request.tools` with `model.bind_tools` (skipped for models that do not
            implement it: the dialect must then render tools into the prompt).
    """

    def __init__(self, model: Any, identity: str | None = None, bind_tools: bool = True):
        base = _langchain()
        spec = model if isinstance(model, str) else None
        obj = load_object(model) if isinstance(model, str) else model
        if not isinstance(obj, base) and callable(obj):
            obj = obj()
        if not isinstance(obj, base):
            raise UsageError(
                f"langchain model {spec or type(obj).__name__!r} is not a langchain-core BaseChatModel "
                "(or a zero-argument factory returning one)"
            )
        self.model = obj
        self.bind_tools = bind_tools
        self._bound: dict[str, Any] = {}
        if identity is None:
            cls = type(obj)
            identity = f"langchain:{spec or cls.__module__ + '.' + cls.__qualname__}"
            name = getattr(obj, "model_name", None) or getattr(obj, "model", None)
            if isinstance(name, str) and name:
                identity += f"?model={name}"
        self.identity = identity

    def _runnable(self, tools: list[dict[str, Any]] | None) -> Any:
        if not tools or not self.bind_tools:
            return self.model
        key = json.dumps(tools, sort_keys=True, ensure_ascii=False)
        if key not in self._bound:
            try:
                self._bound[key] = self.model.bind_tools(tools)
            except NotImplementedError:
                self._bound[key] = self.model
        return self._bound[key]

    async def generate(self, request: ChatRequest) -> ModelOutput:
        messages = to_langchain_messages(request.messages)
        runnable = self._runnable(request.tools)
        t0 = time.perf_counter()
        try:
            msg = await runnable.ainvoke(messages, stop=request.stop or None)
        except Exception as exc:  # noqa: BLE001 - backend failure is data, not a crash
            return ModelOutput(error=f"{type(exc).__name__}: {exc}", error_kind=_error_kind(exc),
                               latency_s=time.perf_counter() - t0)
        out = from_ai_message(msg)
        return out.model_copy(update={"latency_s": time.perf_counter() - t0})


def make_langchain(name: str, settings: ModelSettings) -> LangChainChatModel:
    """`langchain:MODULE:ATTR` from a role's settings (the registry's factory)."""
    return LangChainChatModel(name, **settings.options)
