"""The mock OpenAI-compatible server: loopback only, modes, faults, CLI."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import socket
import subprocess
import sys

import aiohttp
import pytest

from agentbench.errors import UsageError
from agentbench.mockserver import Faults, MockServer
from agentbench.mockserver.cli import add_arguments, build


async def post(session, url, body, headers=None):
    async with session.post(url + "/chat/completions", json=body, headers=headers) as r:
        return r.status, r.headers.copy(), await r.read()


def chat(text, *history):
    return {"model": "mock", "messages": [*history, {"role": "user", "content": text}]}


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com", "::"])
def test_refuses_non_loopback(host):
    with pytest.raises(UsageError, match="loopback only"):
        MockServer(host=host)


def test_echo_models_and_routes():
    async def go():
        async with MockServer(models=["glm-4", "mock"]) as url, aiohttp.ClientSession() as s:
            status, _, body = await post(s, url, chat("你好，世界"))
            reply = json.loads(body)
            async with s.get(url + "/models") as r:
                models = [m["id"] for m in (await r.json())["data"]]
            async with s.get(url + "/nope") as r:
                missing = r.status
            bad_status, _, _ = await post(s, url, {"messages": "not a list"} | {"model": "mock"} | {"x": 1})
            return status, reply, models, missing, bad_status

    status, reply, models, missing, _ = asyncio.run(go())
    assert status == 200 and reply["object"] == "chat.completion"
    assert reply["choices"][0]["message"] == {"role": "assistant", "content": "你好，世界"}
    assert reply["usage"]["prompt_tokens"] > 0 and models == ["glm-4", "mock"] and missing == 404


def test_scripted_by_header_and_by_last_user_message(tmp_path):
    script = tmp_path / "script.yaml"
    script.write_text(
        "s1:\n  - text: ''\n    tool_calls: [{name: weather, arguments: {city: 上海}}]\n  - 上海多云。\n"
        "北京天气？:\n  - 北京小雪。\n", encoding="utf-8")

    async def go():
        async with MockServer(mode="scripted", script=script) as url, aiohttp.ClientSession() as s:
            h = {"X-Agentbench-Sample-Id": "s1", "X-Agentbench-Call-Index": "0"}
            _, _, first = await post(s, url, chat("那上海呢"), h)
            _, _, second = await post(s, url, chat("那上海呢"), h | {"X-Agentbench-Call-Index": "1"})
            _, _, past_end = await post(s, url, chat("那上海呢"), h | {"X-Agentbench-Call-Index": "5"})
            _, _, by_text = await post(s, url, chat("北京天气？"))
            # without headers the call index is the number of assistant messages already in the conversation
            _, _, by_text_2 = await post(s, url, chat("北京天气？", {"role": "assistant", "content": "x"}))
            return [json.loads(b)["choices"][0] for b in (first, second, past_end, by_text, by_text_2)]

    first, second, past_end, by_text, by_text_2 = asyncio.run(go())
    assert first["finish_reason"] == "tool_calls"
    call = first["message"]["tool_calls"][0]
    assert call["function"] == {"name": "weather", "arguments": '{"city": "上海"}'} and call["type"] == "function"
    assert second["message"]["content"] == "上海多云。"
    assert past_end["finish_reason"] == "script_exhausted"
    assert by_text["message"]["content"] == "北京小雪。" and by_text_2["finish_reason"] == "script_exhausted"


def test_fault_counts_then_clean():
    async def go():
        server = MockServer(faults=Faults(counts={"429": 1, "500": 1, "malformed": 1}), retry_after_s=1.5)
        async with server as url, aiohttp.ClientSession() as s:
            results = [await post(s, url, chat(f"m{i}")) for i in range(4)]
        return server, results

    server, results = asyncio.run(go())
    assert [r[0] for r in results] == [429, 500, 200, 200]
    assert results[0][1]["retry-after"] == "2" and results[0][1]["retry-after-ms"] == "1500"
    with pytest.raises(ValueError):
        json.loads(results[2][2])
    assert json.loads(results[3][2])["choices"][0]["message"]["content"] == "m3"
    assert server.stats["429"] == server.stats["500"] == server.stats["malformed"] == 1 and server.stats["ok"] == 1


def test_reset_and_hang():
    async def go():
        async with MockServer(faults=Faults(counts={"reset": 1, "hang": 1})) as url, aiohttp.ClientSession() as s:
            with pytest.raises(aiohttp.ClientError):
                await post(s, url, chat("a"))
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(post(s, url, chat("b")), 0.2)
            return await post(s, url, chat("c"))

    status, _, body = asyncio.run(go())
    assert status == 200 and json.loads(body)["choices"][0]["message"]["content"] == "c"


def test_fault_parsing():
    f = Faults.parse({"429": "0.1", "500": "3", "hang": None, "reset": "0", "malformed": "0.9"})
    assert f.rates == {"429": 0.1, "malformed": 0.9}
    assert f.counts == {"500": 3}
    with pytest.raises(UsageError):
        Faults.parse({"429": "lots"})
    with pytest.raises(UsageError):
        Faults.parse({"429": "1.5"})
    with pytest.raises(UsageError, match="sum to at most 1"):
        Faults(rates={"429": 0.7, "500": 0.5})


def test_cli_arguments_build_a_server(tmp_path):
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--port", "0", "--latency-ms", "5", "--fault-429", "0.2", "--fault-500", "2",
                              "--retry-after", "3", "--seed", "4"])
    server = build(args)
    assert server.latency_s == 0.005 and server.faults.rates == {"429": 0.2} and server.faults.counts == {"500": 2}
    assert server.retry_after_s == 3.0
    with pytest.raises(UsageError):
        build(parser.parse_args(["--mode", "scripted"]))
    with pytest.raises(UsageError):
        build(parser.parse_args(["--host", "0.0.0.0"]))


def test_cli_process_serves_and_refuses_public_host():
    proc = subprocess.Popen([sys.executable, "-m", "agentbench.mockserver", "--port", "0", "--latency-ms", "0"],
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        url = re.search(r"(http://127\.0\.0\.1:\d+/v1)", line).group(1)

        async def go():
            async with aiohttp.ClientSession() as s:
                return await post(s, url, chat("ping"))

        status, _, body = asyncio.run(go())
        assert status == 200 and json.loads(body)["choices"][0]["message"]["content"] == "ping"
    finally:
        proc.terminate()
        proc.wait(5)
    refused = subprocess.run([sys.executable, "-m", "agentbench.mockserver", "--host", "0.0.0.0"],
                             capture_output=True, text=True)
    assert refused.returncode == 2 and "loopback only" in refused.stderr


@pytest.mark.parametrize("fault, check", [
    ("bad-choices", lambda body: not isinstance(json.loads(body)["choices"][0], dict)),
    ("deep-json", lambda body: body == b"[" * 100_000),
    ("html", lambda body: body.startswith(b"<html>")),
    ("empty", lambda body: body == b""),
    ("surrogate", lambda body: b"\\ud800" in body and json.loads(body)["choices"][0]["message"]["content"] == "x\ud800"),
])
def test_bad_200_faults_then_clean(fault, check):
    async def go():
        server = MockServer(faults=Faults(counts={fault: 1}))
        async with server as url, aiohttp.ClientSession() as s:
            return server, await post(s, url, chat("x")), await post(s, url, chat("y"))

    server, (status, _, body), (_, _, clean) = asyncio.run(go())
    assert status == 200 and check(body) and server.stats[fault] == 1
    assert json.loads(clean)["choices"][0]["message"]["content"] == "y"


def test_canned_bodies_come_first_in_order():
    async def go():
        async with MockServer(bodies=[b"first", (503, b"second")]) as url, aiohttp.ClientSession() as s:
            return [await post(s, url, chat("z")) for _ in range(3)]

    (s1, _, b1), (s2, _, b2), (s3, _, b3) = asyncio.run(go())
    assert (s1, b1, s2, b2, s3) == (200, b"first", 503, b"second", 200)


def test_new_faults_parse_from_the_cli():
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    server = build(parser.parse_args(["--fault-bad-choices", "2", "--fault-deep-json", "0.1", "--fault-surrogate", "1"]))
    assert server.faults.counts == {"bad-choices": 2, "surrogate": 1} and server.faults.rates == {"deep-json": 0.1}


def test_a_port_in_use_is_one_line_not_a_traceback():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(UsageError, match=f"cannot listen on 127.0.0.1:{port}: the port is already in use"):
            asyncio.run(MockServer(port=port).start())
        refused = subprocess.run([sys.executable, "-m", "agentbench.mockserver", "--port", str(port)],
                                 capture_output=True, text=True, timeout=30)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.count("\n") == 1 and "already in use" in refused.stderr and "--port 0" in refused.stderr
