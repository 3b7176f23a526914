"""LangChainChatModel over langchain-core's fake chat models (no network)."""

from __future__ import annotations

import asyncio
import sys
import types
from typing import Any

import pytest

from agentbench.errors import UsageError
from agentbench.models.langchain_model import LangChainChatModel, to_langchain_messages
from agentbench.types import ChatRequest, ToolCall, Usage

lc = pytest.importorskip("langchain_core")
from langchain_core.language_models.fake_chat_models import (  # noqa: E402
    FakeListChatModel,
    GenericFakeChatModel,
)
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage  # noqa: E402

TOOLS = [{"type": "function", "function": {"name": "weather_lookup", "description": "查询天气",
                                            "parameters": {"type": "object",
                                                           "properties": {"location": {"type": "string"}}}}}]


class ToolFake(GenericFakeChatModel):
    """A fake that supports bind_tools and records what it saw."""

    seen: list[Any] = []
    bound: list[Any] = []

    def bind_tools(self, tools, **kwargs):
        self.bound.append(tools)
        return self.bind(tools=tools, **kwargs)

    async def _agenerate(self, messages, stop=None, run_manager=None, **kwargs):
        self.seen.append({"messages": messages, "stop": stop, "kwargs": kwargs})
        return await super()._agenerate(messages, stop=stop, run_manager=run_manager, **kwargs)


def run(coro):
    return asyncio.run(coro)


def test_text_answer_and_usage():
    reply = AIMessage(content="北京明天小雪。", usage_metadata={"input_tokens": 11, "output_tokens": 5,
                                                            "total_tokens": 16})
    model = LangChainChatModel(GenericFakeChatModel(messages=iter([reply])))
    out = run(model.generate(ChatRequest(messages=[{"role": "user", "content": "北京明天天气？"}])))
    assert out.text == "北京明天小雪。" and out.error is None
    assert out.usage == Usage(prompt_tokens=11, completion_tokens=5)
    assert out.tool_calls == [] and out.latency_s >= 0
    assert model.identity.startswith("langchain:langchain_core.language_models.fake_chat_models.")


def test_tool_calls_bound_and_mapped():
    reply = AIMessage(content="", tool_calls=[{"name": "weather_lookup", "args": {"location": "北京"}, "id": "c1"}])
    fake = ToolFake(messages=iter([reply]))
    fake.seen.clear()
    fake.bound.clear()
    model = LangChainChatModel(fake)
    request = ChatRequest(
        messages=[
            {"role": "system", "content": "你是助手"},
            {"role": "user", "content": "北京天气"},
            {"role": "assistant", "content": "", "tool_calls": [
                {"id": "c0", "type": "function", "function": {"name": "weather_lookup", "arguments": "{\"location\": \"上海\"}"}}]},
            {"role": "tool", "content": "多云", "tool_call_id": "c0", "name": "weather_lookup"},
            {"role": "user", "content": "那北京呢？"},
        ],
        tools=TOOLS,
        stop=["Observation:"],
    )
    out = run(model.generate(request))
    assert out.tool_calls == [ToolCall(id="c1", name="weather_lookup", arguments={"location": "北京"},
                                       raw='{"location": "北京"}')]
    assert out.finish_reason == "tool_calls"
    assert fake.bound == [TOOLS]
    seen = fake.seen[-1]
    assert seen["stop"] == ["Observation:"]
    assert seen["kwargs"]["tools"][0]["function"]["name"] == "weather_lookup"
    kinds = [type(m) for m in seen["messages"]]
    assert kinds == [SystemMessage, HumanMessage, AIMessage, ToolMessage, HumanMessage]
    assert seen["messages"][2].tool_calls[0]["args"] == {"location": "上海"}
    assert seen["messages"][3].tool_call_id == "c0"


def test_model_without_bind_tools_still_answers():
    model = LangChainChatModel(FakeListChatModel(responses=["好的"]))
    out = run(model.generate(ChatRequest(messages=[{"role": "user", "content": "hi"}], tools=TOOLS)))
    assert out.text == "好的" and out.error is None


def test_invalid_tool_call_is_data():
    reply = AIMessage(content="", invalid_tool_calls=[{"name": "weather_lookup", "args": "{location: 北京",
                                                       "id": "c9", "error": "bad json"}])
    out = run(LangChainChatModel(GenericFakeChatModel(messages=iter([reply]))).generate(
        ChatRequest(messages=[{"role": "user", "content": "x"}])))
    assert out.tool_calls[0].arguments is None and out.tool_calls[0].parse_error == "bad json"
    assert out.tool_calls[0].raw == "{location: 北京"


def test_backend_failure_is_an_error_output():
    class Boom(GenericFakeChatModel):
        async def _agenerate(self, *a, **kw):
            raise RuntimeError("rate limited")

    out = run(LangChainChatModel(Boom(messages=iter([]))).generate(
        ChatRequest(messages=[{"role": "user", "content": "x"}])))
    assert out.error == "RuntimeError: rate limited" and out.error_kind == "internal"


@pytest.mark.parametrize("exc, kind", [(TimeoutError("slow"), "timeout"), (ConnectionResetError("reset"), "transport"),
                                       (RuntimeError("boom"), "internal")])
def test_backend_failure_has_a_closed_error_kind(exc, kind):
    class Boom(GenericFakeChatModel):
        async def _agenerate(self, *a, **kw):
            raise exc

    out = run(LangChainChatModel(Boom(messages=iter([]))).generate(
        ChatRequest(messages=[{"role": "user", "content": "x"}])))
    assert out.error and out.error_kind == kind


def test_spec_instance_and_factory(monkeypatch):
    mod = types.ModuleType("my_lc_models")
    mod.instance = FakeListChatModel(responses=["a"])
    mod.factory = lambda: FakeListChatModel(responses=["b"])
    mod.not_a_model = 42
    monkeypatch.setitem(sys.modules, "my_lc_models", mod)
    req = ChatRequest(messages=[{"role": "user", "content": "x"}])
    inst = LangChainChatModel("my_lc_models:instance")
    assert inst.identity == "langchain:my_lc_models:instance"
    assert run(inst.generate(req)).text == "a"
    assert run(LangChainChatModel("my_lc_models:factory").generate(req)).text == "b"
    with pytest.raises(UsageError, match="BaseChatModel"):
        LangChainChatModel("my_lc_models:not_a_model")
    with pytest.raises(UsageError, match="no attribute"):
        LangChainChatModel("my_lc_models:missing")
    with pytest.raises(UsageError, match="module:attr"):
        LangChainChatModel("my_lc_models")
    with pytest.raises(UsageError, match="cannot import"):
        LangChainChatModel("no_such_module_xyz:m")


def test_other_roles_become_chat_messages():
    from langchain_core.messages import ChatMessage

    (msg,) = to_langchain_messages([{"role": "observation", "content": "多云"}])
    assert isinstance(msg, ChatMessage) and msg.role == "observation" and msg.content == "多云"
    with pytest.raises(UsageError, match="role"):
        to_langchain_messages([{"content": "x"}])


def test_missing_langchain_gives_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "langchain_core.language_models", None)
    with pytest.raises(UsageError, match=r"agentbench\[langchain\]"):
        LangChainChatModel(object())
