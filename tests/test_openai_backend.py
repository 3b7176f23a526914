"""The openai backend against the in-process mock server (loopback only; sleeps injected, no real waiting)."""

from __future__ import annotations

import asyncio

import pytest

from agentbench.errors import BackendFatal
from agentbench.mockserver import Faults, MockServer
from agentbench.models.openai_compat import OpenAIChatModel
from agentbench.runtime.limiter import EndpointLimiter
from agentbench.runtime.retry import RetryPolicy
from agentbench.types import ChatRequest

SECRET = "sk-test-9f8e7d6c5b4a39281706abcdefSECRET"
TOOLS = [{"type": "function", "function": {"name": "weather", "description": "查天气",
                                           "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]
SCRIPT = {
    "s-text": ["北京明天小雪。"],
    "s-tool": [{"text": "", "tool_calls": [{"id": "call_w1", "name": "weather", "arguments": {"city": "北京"}}]},
               "好的"],
}


class Recorder:
    def __init__(self):
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def req(text="你好", sample_id="", call_index=0, **kw) -> ChatRequest:
    return ChatRequest(messages=[{"role": "user", "content": text}], sample_id=sample_id, call_index=call_index, **kw)


def model(url, sleep=None, attempts=4, timeout_s=5.0, **kw) -> OpenAIChatModel:
    policy = RetryPolicy(max_attempts=attempts, timeout_s=timeout_s, sleep=sleep or Recorder())
    return OpenAIChatModel("mock", base_url=url, retry_policy=policy, limiter=EndpointLimiter(kw.pop("concurrency", 8)),
                           **kw)


async def with_server(fn, **server_kw):
    async with MockServer(**server_kw) as url:
        return await fn(url)


@pytest.mark.parametrize("transport", ["aiohttp", "sdk", "sdk-httpx"])
def test_text_and_tool_call_replies(transport):
    async def go(url):
        m = model(url, transport=transport, prices={"prompt": 1.0, "completion": 2.0})
        try:
            text = await m.generate(req("北京天气", sample_id="s-text", max_tokens=64, stop=["Observation:"]))
            tool = await m.generate(req("北京天气", sample_id="s-tool", tools=TOOLS))
            return text, tool, m.stats()
        finally:
            await m.aclose()

    text, tool, stats = asyncio.run(with_server(go, mode="scripted", script=SCRIPT))
    assert text.text == "北京明天小雪。" and text.finish_reason == "stop" and text.error is None
    assert text.usage.prompt_tokens > 0 and text.usage.completion_tokens > 0 and text.latency_s > 0
    assert tool.finish_reason == "tool_calls" and tool.text == ""
    [call] = tool.tool_calls
    assert (call.id, call.name, call.raw, call.arguments) == ("call_w1", "weather", '{"city": "北京"}', None)
    assert stats["calls"] == stats["ok"] == 2 and stats["retries"] == 0
    total = text.usage.prompt_tokens + tool.usage.prompt_tokens
    assert stats["prompt_tokens"] == total
    assert stats["cost_usd"] == pytest.approx((total * 1.0 + stats["completion_tokens"] * 2.0) / 1e6)


def test_identity_and_echo_and_unscripted_sample():
    async def go(url):
        m = model(url)
        try:
            return m.identity, await m.generate(req("回声")), url
        finally:
            await m.aclose()

    identity, out, url = asyncio.run(with_server(go))
    assert identity == f"openai:mock@{url}" and out.text == "回声"


def test_429_honours_retry_after():
    sleep = Recorder()

    async def go(url):
        m = model(url, sleep)
        try:
            return await m.generate(req("hi")), m.stats()
        finally:
            await m.aclose()

    out, stats = asyncio.run(with_server(go, faults=Faults(counts={"429": 2}), retry_after_s=2.5))
    assert out.text == "hi" and out.error is None
    assert len(sleep.delays) == 2 and all(2.5 <= d <= 2.5 * 1.1 for d in sleep.delays)
    assert stats["retries"] == 2 and stats["attempts"] == 3


@pytest.mark.parametrize("fault", ["500", "reset", "malformed", "hang"])
def test_transient_faults_are_retried(fault):
    sleep = Recorder()

    async def go(url):
        m = model(url, sleep, timeout_s=0.3)
        try:
            return await m.generate(req(f"after {fault}"))
        finally:
            await m.aclose()

    out = asyncio.run(with_server(go, faults=Faults(counts={fault: 1})))
    assert out.text == f"after {fault}" and out.error is None
    assert len(sleep.delays) == 1


def test_exhausted_retries_give_an_error_output_not_an_exception():
    async def go(url):
        m = model(url, attempts=3)
        try:
            return await m.generate(req("x")), m.stats()
        finally:
            await m.aclose()

    out, stats = asyncio.run(with_server(go, faults=Faults(rates={"500": 1.0})))
    assert out.error and "failed after 3 attempts" in out.error and "500" in out.error
    assert out.text == "" and stats["errors"] == 1 and stats["attempts"] == 3


@pytest.mark.parametrize("transport", ["aiohttp", "sdk"])
def test_bad_key_is_fatal_one_line_and_never_leaks(monkeypatch, transport):
    monkeypatch.setenv("AGENTBENCH_TEST_KEY", SECRET)
    sleep = Recorder()

    async def go(url):
        m = model(url, sleep, api_key_env="AGENTBENCH_TEST_KEY", transport=transport)
        try:
            with pytest.raises(BackendFatal) as info:
                await m.generate(req("x"))
            return m, str(info.value), info.value
        finally:
            await m.aclose()

    # the server wants another key and echoes back the one it got, like some real providers do
    m, message, exc = asyncio.run(with_server(go, api_key="sk-the-right-one"))
    assert "401 Unauthorized" in message and "$AGENTBENCH_TEST_KEY" in message
    assert message.startswith(m.identity) and "\n" not in message
    assert exc.__cause__ is None and exc.__suppress_context__
    assert not sleep.delays  # no retry
    for text in (message, m.identity, repr(m), str(m.stats())):
        assert SECRET not in text and SECRET[:12] not in text and SECRET[-12:] not in text


def test_unknown_model_is_fatal(monkeypatch):
    monkeypatch.setenv("AGENTBENCH_TEST_KEY", SECRET)

    async def go(url):
        m = OpenAIChatModel("glm-nope", base_url=url, api_key_env="AGENTBENCH_TEST_KEY",
                            retry_policy=RetryPolicy(sleep=Recorder()))
        try:
            with pytest.raises(BackendFatal) as info:
                await m.generate(req("x"))
            return str(info.value)
        finally:
            await m.aclose()

    message = asyncio.run(with_server(go, models=["glm-4"]))
    assert "404 Not Found" in message and "'glm-nope'" in message and "\n" not in message
    assert SECRET not in message


def test_fault_injected_batch_completes_every_request_exactly_once():
    server = MockServer(latency_ms=2, faults=Faults(rates={"429": 0.1, "500": 0.05, "reset": 0.03,
                                                         "malformed": 0.03, "hang": 0.02}),
                        retry_after_s=0.0, seed=7)

    async def go():
        async with server as url:
            policy = RetryPolicy(max_attempts=10, timeout_s=0.5, base_s=0.001, max_backoff_s=0.01)
            m = OpenAIChatModel("mock", base_url=url, retry_policy=policy, limiter=EndpointLimiter(32))
            try:
                return await asyncio.gather(*(m.generate(req(f"q{i}")) for i in range(200))), m.stats()
            finally:
                await m.aclose()

    outs, stats = asyncio.run(go())
    assert [o.text for o in outs] == [f"q{i}" for i in range(200)]
    assert all(o.error is None for o in outs)
    assert server.stats["ok"] == 200 and set(server.ok_texts.values()) == {1}
    assert stats["retries"] > 0 and stats["ok"] == 200
