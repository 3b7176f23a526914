"""The openai backend against the in-process mock server (loopback only; sleeps injected, no real waiting)."""

from __future__ import annotations

import asyncio
import json
import socket
import time

import pytest

from agentbench.errors import BackendFatal, UsageError
from agentbench.mockserver import Faults, MockServer
from agentbench.models import openai_compat
from agentbench.models.openai_compat import (
    BAD_RESPONSE_ATTEMPTS,
    UNREACHABLE_ATTEMPTS,
    HTTPStatus,
    OpenAIChatModel,
    check_endpoint_settings,
)
from agentbench.registry import dialects
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


# -- whatever an endpoint sends is recorded or retried, never raised ------------------------------------------

def completion(message=None, usage=None, finish="stop", **top) -> bytes:
    """A chat completion body with these parts (message None: a plain text reply)."""
    body = {"id": "chatcmpl-x", "object": "chat.completion",
            "choices": [{"index": 0, "message": message or {"role": "assistant", "content": "好的"},
                         "finish_reason": finish}], **top}
    if usage is not None:
        body["usage"] = usage
    return json.dumps(body, ensure_ascii=False).encode()


def first_reply(bodies, attempts=4, **kw):
    """generate() once against a server that sends `bodies` (then echoes); (output, stats, server)."""
    server = MockServer(bodies=bodies)

    async def go():
        async with server as url:
            m = model(url, attempts=attempts, **kw)
            try:
                return await m.generate(req("echo")), m.stats()
            finally:
                await m.aclose()

    out, stats = asyncio.run(go())
    return out, stats, server


ODD_BUT_USABLE = {
    # OpenAI content parts: the text parts joined, others (images, refusals) left out
    "content parts": (completion({"role": "assistant", "content": [
        {"type": "text", "text": "北京"}, {"type": "image_url", "image_url": {"url": "x"}},
        {"type": "text", "text": "小雪"}, {"type": "refusal", "refusal": "no"}]}), "北京小雪"),
    "content null, no tool calls": (completion({"role": "assistant", "content": None}), ""),
    # lone surrogates happen with emoji split by a server's detokenizer (e.g. Aider-AI/aider#3693)
    "lone surrogate": (b'{"choices": [{"message": {"role": "assistant", "content": "ok \\ud800!"}}]}', "ok \ufffd!"),
    "raw CESU surrogate bytes": (b'{"choices": [{"message": {"content": "ok \xed\xa0\x80"}}]}', "ok \ufffd"),
    "invalid UTF-8 bytes": (b'{"choices": [{"message": {"content": "ok \xff"}}]}', "ok \ufffd"),
    "finish_reason a number": (completion(finish=3), "好的"),
}


@pytest.mark.parametrize("name", list(ODD_BUT_USABLE))
def test_odd_but_usable_replies_are_normalised(name):
    body, text = ODD_BUT_USABLE[name]
    out, stats, _ = first_reply([body])
    assert out.error is None and out.error_kind is None and out.text == text
    out.model_dump_json().encode("utf-8")  # writable as UTF-8 (raised UnicodeEncodeError for surrogates)
    assert stats["retries"] == 0


@pytest.mark.parametrize("usage", [
    {"prompt_tokens": "many", "completion_tokens": None},
    {"prompt_tokens": {"n": 3}, "completion_tokens": [1]},
    {"prompt_tokens": -5, "completion_tokens": True},
    {"prompt_tokens": 1e400, "completion_tokens": 10**30},  # Infinity and a count no endpoint can mean
    "lots",
])
def test_usage_that_is_not_a_count_is_zero(usage):
    out, stats, _ = first_reply([completion(usage=usage)], prices={"prompt": 1.0, "completion": 1.0})
    assert out.error is None and out.text == "好的"
    assert (out.usage.prompt_tokens, out.usage.completion_tokens) == (0, 0)
    assert stats["cost_usd"] == 0


def test_usage_given_as_numeric_strings_and_floats_is_read():
    out, _, _ = first_reply([completion(usage={"prompt_tokens": "12", "completion_tokens": 3.0})])
    assert (out.usage.prompt_tokens, out.usage.completion_tokens) == (12, 3)


def test_tool_calls_with_null_content_and_non_string_arguments():
    # TGI and llama-server have sent `arguments` as an object instead of a JSON string
    # (huggingface/text-generation-inference#2461, ggml-org/llama.cpp#20198)
    calls = [{"id": "c1", "type": "function", "function": {"name": "weather", "arguments": {"city": "北京"}}},
             {"id": "c2", "type": "function", "function": {"name": "weather", "arguments": 42}},
             {"type": "function", "function": {"name": 7, "arguments": None}}]
    out, _, _ = first_reply([completion({"role": "assistant", "content": None, "tool_calls": calls},
                                        finish="tool_calls")])
    assert out.error is None and out.text == "" and out.finish_reason == "tool_calls"
    by_object, by_number, by_bad_name = out.tool_calls
    assert (by_object.raw, by_object.parse_error) == ('{"city": "北京"}', None)
    assert by_number.raw == "42" and "a number, not a JSON object" in by_number.parse_error
    assert by_bad_name.id == "call_2" and by_bad_name.name == "" and "name is a number" in by_bad_name.parse_error
    # the dialect reads what the backend kept: the object as arguments, the number as a parse error
    parsed = dialects.create("openai_tools").parse(out)
    assert parsed.calls[0].arguments == {"city": "北京"} and parsed.calls[1].arguments is None


MALFORMED_200 = {
    "choices not a list": (b'{"choices": {"0": {"message": {"content": "hi"}}}}', "choices is an object"),
    "choices of non-objects": (b'{"choices": ["stop", 1]}', "choices[0] is a string"),
    "no message": (b'{"choices": [{"index": 0, "finish_reason": "stop"}]}', "has no message"),
    "message a list": (b'{"choices": [{"message": []}]}', "message is a list"),
    "content an object": (completion({"role": "assistant", "content": {"text": "hi"}}), "content is an object"),
    "tool_calls an object": (completion({"role": "assistant", "tool_calls": {"id": "c"}}), "tool_calls is an object"),
    "tool call a string": (completion({"role": "assistant", "tool_calls": ["weather()"]}), "tool_calls[0] is a string"),
    "deeply nested": (b"[" * 100_000, "nested too deeply"),
    "not JSON": (b"OK", "not JSON"),
    "an HTML page": (b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
                     "an HTML page ('502 Bad Gateway')"),
    "an empty body": (b"", "an empty body"),
    "a JSON list": (b"[]", "the body is a list"),
    "an error object in a 200": (b'{"error": {"message": "upstream overloaded"}}', "upstream overloaded"),
}


@pytest.mark.parametrize("name", list(MALFORMED_200))
def test_malformed_200_is_retried_a_few_times_then_a_bad_response_error(name):
    body, said = MALFORMED_200[name]
    out, stats, server = first_reply([body] * 10, attempts=6)
    assert out.error_kind == "bad_response" and out.finish_reason == "error" and out.text == ""
    assert f"failed after {BAD_RESPONSE_ATTEMPTS} attempts: malformed response" in out.error and said in out.error
    assert "\n" not in out.error and stats["attempts"] == BAD_RESPONSE_ATTEMPTS


@pytest.mark.parametrize("transport", ["aiohttp", "sdk"])
@pytest.mark.parametrize("fault", ["bad-choices", "deep-json", "html", "empty"])
def test_a_malformed_200_once_is_retried_to_success(fault, transport):
    async def go(url):
        m = model(url, transport=transport)
        try:
            return await m.generate(req(f"after {fault}")), m.stats()
        finally:
            await m.aclose()

    out, stats = asyncio.run(with_server(go, faults=Faults(counts={fault: 1})))
    assert out.text == f"after {fault}" and out.error is None and stats["retries"] == 1


@pytest.mark.parametrize("transport", ["aiohttp", "sdk"])
def test_surrogate_fault_is_data_made_writable(transport):
    async def go(url):
        m = model(url, transport=transport)
        try:
            return await m.generate(req("回声"))
        finally:
            await m.aclose()

    out = asyncio.run(with_server(go, faults=Faults(counts={"surrogate": 1})))
    assert out.error is None and out.text == "回声\ufffd"


@pytest.mark.parametrize("faults, kind", [({"500": 1.0}, "http_status"), ({"hang": 1.0}, "timeout"),
                                          ({"reset": 1.0}, "transport"), ({"html": 1.0}, "bad_response")])
def test_every_exhausted_request_carries_an_error_kind(faults, kind):
    async def go(url):
        m = model(url, attempts=2, timeout_s=0.2)
        try:
            return await m.generate(req("x"))
        finally:
            await m.aclose()

    out = asyncio.run(with_server(go, faults=Faults(rates=faults)))
    assert out.error and out.error_kind == kind


def test_context_too_long_is_an_http_status_error_of_that_sample(monkeypatch):
    async def too_long(self, payload, headers):
        raise HTTPStatus(400, {}, '{"error": {"message": "This model\'s maximum context length is 8192 tokens"}}')

    monkeypatch.setattr(OpenAIChatModel, "_attempt_aiohttp", too_long)
    out = asyncio.run(model("http://127.0.0.1:9/v1").generate(req("x")))
    assert out.error_kind == "http_status" and "maximum context length" in out.error


def test_a_bug_in_reading_the_reply_is_an_internal_error_not_a_crash(monkeypatch):
    def broken(content, latency):
        raise TypeError("boom")

    monkeypatch.setattr(openai_compat, "read_completion", broken)
    out, stats, _ = first_reply([completion()])
    assert out.error_kind == "internal" and "TypeError: boom" in out.error and stats["attempts"] == 1


@pytest.mark.parametrize("status, body", [(500, b"[" * 100_000), (502, b"<html><title>Bad Gateway</title></html>"),
                                          (503, b'{"error": {"message": "busy \\ud800"}}')])
def test_odd_error_bodies_are_read_for_the_message(status, body):
    out, stats, _ = first_reply([(status, body)])
    assert out.error is None and out.text == "echo" and stats["retries"] == 1


# -- fail fast: an endpoint that was never there stops the run ------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("transport", ["aiohttp", "sdk", "sdk-httpx"])
def test_nothing_listening_stops_the_run_within_seconds(transport):
    url = f"http://127.0.0.1:{free_port()}/v1"
    m = OpenAIChatModel("mock", base_url=url, transport=transport)  # the ordinary retry policy, real sleeps

    async def go():
        try:
            results = await asyncio.gather(*(m.generate(req(f"q{i}")) for i in range(8)), return_exceptions=True)
        finally:
            await m.aclose()
        return results

    start = time.perf_counter()
    results = asyncio.run(go())
    elapsed = time.perf_counter() - start
    assert all(isinstance(r, BackendFatal) for r in results), results
    message = str(results[0])
    assert f"cannot reach {url}/chat/completions: connection refused" in message
    assert "is the server running" in message and "\n" not in message
    assert elapsed < 10, f"took {elapsed:.1f} s"
    assert m.stats()["attempts"] <= 8 * UNREACHABLE_ATTEMPTS


def test_a_host_that_does_not_resolve_stops_the_run(monkeypatch):
    real = socket.getaddrinfo

    def no_such_host(host, *args, **kw):  # offline stand-in for DNS answering NXDOMAIN
        if host == "agentbench-nowhere.invalid":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    m = OpenAIChatModel("mock", base_url="http://agentbench-nowhere.invalid:8000/v1",
                        retry_policy=RetryPolicy(sleep=Recorder()))

    async def go():
        try:
            await m.generate(req("x"))
        finally:
            await m.aclose()

    with pytest.raises(BackendFatal, match="does not resolve — check the host name in the base URL"):
        asyncio.run(go())


def test_after_the_endpoint_answered_a_refused_connection_is_transient():
    sleep = Recorder()

    async def go():
        server = MockServer()
        url = await server.start() and server.url
        m = model(url, sleep, attempts=3)
        try:
            first = await m.generate(req("one"))
            await server.stop()  # the server goes away mid-run: the port now refuses connections
            return first, await m.generate(req("two"))
        finally:
            await m.aclose()

    first, second = asyncio.run(go())
    assert first.text == "one"
    assert second.error_kind == "transport" and "failed after 3 attempts: connection error" in second.error
    assert len(sleep.delays) == 2


# -- settings that would leak a key ---------------------------------------------------------------------------

FAKE_KEYS = [
    "sk-9f8e7d6c5b4a39281706abcdefSECRET",  # OpenAI / DeepSeek / DashScope style
    "3f9c2e1b7d84f6a9c0e2b5d7f1a3c8e0",  # 32 hex digits
    "0123abcd4567ef890123abcd4567ef89.AbCdEfGhIjKlMnOp",  # Zhipu style id.secret
    "hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567",  # a token with an identifier-like prefix
    "gsk_W3xYz9AbCdEfGh1JkLmNoPqRsTuV2xYz",
]


@pytest.mark.parametrize("key", FAKE_KEYS)
def test_a_key_given_as_api_key_env_is_refused_without_echo(key):
    with pytest.raises(UsageError) as info:
        check_endpoint_settings("https://api.example.com/v1", key)
    assert "NAME of an environment variable" in str(info.value)
    assert key not in str(info.value) and key[:8] not in str(info.value)
    with pytest.raises(UsageError):
        OpenAIChatModel("glm-4", base_url="https://api.example.com/v1", api_key_env=key)


@pytest.mark.parametrize("name", ["OPENAI_API_KEY", "ZHIPU_API_KEY", "DASHSCOPE_API_KEY", "MY_AZURE_OPENAI_KEY_2024",
                                  "OPENROUTERAPIKEY", "HUGGINGFACEHUB_API_TOKEN", "SILICONFLOW_KEY_20240601", "key"])
def test_ordinary_variable_names_are_accepted(name):
    check_endpoint_settings("https://api.example.com/v1", name)


@pytest.mark.parametrize("url, said", [
    ("https://alice:s3cr3t-pass@api.example.com/v1", "credentials (user:password@host)"),
    ("https://token-only@api.example.com/v1", "credentials"),
    ("https://api.example.com/v1?api_key=s3cr3t-pass", "api_key="),
    ("https://api.example.com/v1?foo=1&KEY=s3cr3t-pass", "key="),
])
def test_credentials_in_base_url_are_refused_without_echo(url, said):
    with pytest.raises(UsageError) as info:
        OpenAIChatModel("glm-4", base_url=url)
    message = str(info.value)
    assert said in message and "s3cr3t" not in message and "alice" not in message and "token-only" not in message


def test_base_url_needs_a_scheme_and_a_host_but_may_carry_other_query_params():
    check_endpoint_settings("https://x.openai.azure.com/openai/deployments/d?api-version=2024-02-01", "AZURE_KEY")
    for url in ("localhost:8000/v1", "ftp://example.com/v1", "http:///v1"):
        with pytest.raises(UsageError, match="http:// or https://"):
            check_endpoint_settings(url, "OPENAI_API_KEY")


@pytest.mark.parametrize("transport", ["aiohttp", "sdk"])
def test_a_lone_surrogate_in_the_conversation_is_sent_as_replacement(transport):
    async def go(url):
        m = model(url, transport=transport)
        try:
            return await m.generate(req("工具说 \ud83d 完"))
        finally:
            await m.aclose()

    out = asyncio.run(with_server(go))
    assert out.error is None and out.text == "工具说 \ufffd 完"
