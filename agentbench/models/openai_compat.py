"""OpenAI-compatible chat backend (OpenAI, GLM/Zhipu, DashScope/Qwen, DeepSeek, vLLM, SGLang, the mock server).

Two transports, one behaviour (same body, same reply parsing, same error classification, same retries):

  transport="aiohttp" (default)  POST {base_url}/chat/completions on an aiohttp pool of `concurrency`
                                 connections. The hot path of a throughput-bound harness.
  transport="sdk"                the `openai` SDK's `AsyncOpenAI` (max_retries=0, `DefaultAioHttpClient`
                                 sized to `concurrency`), through `client.post(..., cast_to=Response)`.
  transport="sdk-httpx"          the same with the SDK's default httpx pool (used when aiohttp is missing).

Why not the SDK by default: benchmarks/bench_throughput.py measured the SDK path at 1.1-1.4 ms of client CPU
per request (request building in the SDK and its httpx2 layer over aiohttp) against ~0.5 ms for the direct
path (bare aiohttp: ~0.4 ms), so at c=256 on a 2-core machine the SDK path reached 687 req/s where the direct
path reached 1270 (bare aiohttp 1381). With the SDK's default httpx pool it was slower still. Retries, timeouts and
limits are agentbench's in every transport (runtime/retry.py, runtime/limiter.py); the SDK's are off.

The API key is read from the environment variable named by `api_key_env` ("EMPTY" when unset, which local
servers such as vLLM accept). It never appears in `identity`, errors, log lines or outputs, and
`check_endpoint_settings` refuses a key passed where a variable name or a URL belongs.

Whatever the endpoint sends is recorded or retried, never raised (openai_reply.py reads the body). An
endpoint that has never answered and cannot be reached (refused, DNS, connect timeout) stops the run after
one quick retry with `BackendFatal`; once it has answered, the same errors are transient.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import os
import re
import sys
import time
from collections import Counter
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from agentbench.errors import BackendFatal, UsageError
from agentbench.models.base import ChatModel, ModelSettings
from agentbench.models.connect_errors import unreachable_cause
from agentbench.models.openai_reply import (
    MalformedResponse,
    describe_body,
    loads,
    one_line,
    read_completion,
    safe_text,
)
from agentbench.runtime.limiter import EndpointLimiter, shared_limiter
from agentbench.runtime.retry import (
    Failure,
    FatalError,
    RetriesExhausted,
    RetryPolicy,
    RetryStats,
    call_with_retries,
    is_retryable_status,
    parse_retry_after,
)
from agentbench.types import ChatRequest, ModelOutput


def _sdk() -> Any:
    """The openai SDK, imported only for the `sdk` transports (it costs ~1 s of startup; an extra)."""
    try:
        import openai
    except ImportError:
        raise UsageError("transport=sdk needs the openai package: pip install 'agentbench[sdk]' "
                         "(the default transport, aiohttp, does not)") from None
    return openai


def _httpx_module() -> Any:
    try:  # the SDK's HTTP library: httpx2 in recent openai releases, httpx before
        import httpx2 as httpx
    except ImportError:  # pragma: no cover
        import httpx  # type: ignore[no-redef]
    return httpx


def _sdk_error(exc: BaseException, name: str) -> bool:
    """isinstance against an SDK exception class, without importing the SDK when no SDK call was made."""
    openai = sys.modules.get("openai")
    return openai is not None and isinstance(exc, getattr(openai, name))

log = logging.getLogger("agentbench.openai")

DEFAULT_BASE_URL = "https://api.openai.com/v1"
SAMPLE_HEADER = "X-Agentbench-Sample-Id"
CALL_HEADER = "X-Agentbench-Call-Index"
_REASONS = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
            408: "Request Timeout", 409: "Conflict", 413: "Payload Too Large", 422: "Unprocessable Entity",
            429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
            504: "Gateway Timeout"}
_CONTEXT_HINTS = ("context length", "context_length", "maximum context", "too long", "too many tokens",
                  "max_tokens", "input length", "range of input length")

BAD_RESPONSE_ATTEMPTS = 3
"""Attempts of one request that may end in an unreadable 200 before it is a harness error (a server that
sends one broken body for a prompt usually sends it again: more tries only cost time)."""
UNREACHABLE_ATTEMPTS = 2
"""Attempts of one request that may fail to connect before the endpoint has ever answered: one quick retry."""


class HTTPStatus(Exception):
    """The endpoint answered with an error status (either transport raises this, so one classifier serves both)."""

    def __init__(self, status: int, headers: Any, body: str):
        super().__init__(status)
        self.status, self.headers, self.body = status, headers, body


def _aiohttp_errors() -> tuple[type[BaseException], ...]:
    try:
        import aiohttp
    except ImportError:  # pragma: no cover
        return ()
    return (aiohttp.ClientError,)


def make_http_client(concurrency: int, timeout_s: float, prefer: str = "aiohttp") -> Any:
    """An HTTP client for AsyncOpenAI with a pool of `concurrency` connections (aiohttp when available)."""
    httpx = _httpx_module()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency, keepalive_expiry=30)
    timeout = httpx.Timeout(timeout_s, connect=min(10.0, timeout_s))
    if prefer == "aiohttp":
        try:
            import aiohttp  # noqa: F401
            from openai import DefaultAioHttpClient

            return DefaultAioHttpClient(limits=limits, timeout=timeout)
        except (ImportError, RuntimeError):
            log.debug("aiohttp not installed; using the SDK's default httpx pool")
    from openai import DefaultAsyncHttpxClient

    return DefaultAsyncHttpxClient(limits=limits, timeout=timeout)


def _proxy_env_set() -> bool:
    return any(k.lower() in ("http_proxy", "https_proxy", "all_proxy") and v for k, v in os.environ.items())


_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_HEX = re.compile(r"[0-9a-fA-F]+")
_SECRET_QUERY_KEYS = frozenset({"key", "api_key", "apikey", "api-key", "access_token", "token", "secret",
                                "password", "auth"})


def _looks_random(word: str) -> bool:
    """A long run with high per-character entropy, mixing cases and digits (or hex-like): a key, not a name.

    Variable names are words (OPENAI_API_KEY, MY_AZURE_KEY_2024); keys are 20+ random characters."""
    if len(word) < 20:
        return False
    digits = sum(c.isdigit() for c in word)
    letters = sum(c.isalpha() for c in word)
    if len(word) >= 32 and digits and letters and _HEX.fullmatch(word):
        return True  # no variable name is 32 hex digits; random hex can have repeats that lower its entropy
    mixed = (any(c.islower() for c in word) and any(c.isupper() for c in word) and digits > 0) \
        or (digits >= len(word) / 4 and letters >= len(word) / 4)
    counts = Counter(word)
    bits = -sum(n / len(word) * math.log2(n / len(word)) for n in counts.values())
    return mixed and bits >= 3.2


def check_endpoint_settings(base_url: str, api_key_env: str) -> None:
    """Refuse a secret where a variable name or URL belongs (UsageError, never echoing the secret).

    `api_key_env` must name an environment variable; a value that looks like a key (`sk-...`, not an
    identifier, or a long high-entropy run) is refused. `base_url` must be http(s) with no credentials:
    no `user:pass@`, no `?api_key=`/`key=`/`token=` query parameters."""
    if not api_key_env or not isinstance(api_key_env, str):
        raise UsageError("api_key_env is empty: give the NAME of the environment variable holding the key")
    if not _ENV_NAME.fullmatch(api_key_env) or api_key_env.startswith("sk-") \
            or any(_looks_random(word) for word in api_key_env.split("_")):
        raise UsageError("api_key_env must be the NAME of an environment variable holding the key (e.g. "
                         "ZHIPU_API_KEY), and the value given looks like a key itself: put the key in a "
                         "variable (export ZHIPU_API_KEY=...) and pass its name (the value is not shown)")
    try:
        parts = urlsplit(base_url)
        has_user = parts.username is not None or parts.password is not None
        query_keys = {k.lower() for k, _ in parse_qsl(parts.query, keep_blank_values=True)}
    except ValueError:
        raise UsageError("base_url is not a valid URL (it is not shown, in case it holds a secret)") from None
    if has_user:
        raise UsageError("base_url carries credentials (user:password@host): remove them and put the key in the "
                         "variable named by api_key_env (the URL is not shown)")
    leaked = sorted(query_keys & _SECRET_QUERY_KEYS)
    if leaked:
        raise UsageError(f"base_url carries a credential in its query ({', '.join(k + '=' for k in leaked)}): "
                         "remove it and put the key in the variable named by api_key_env (the URL is not shown)")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"base_url must start with http:// or https:// and name a host, e.g. "
                         f"http://127.0.0.1:8000/v1 (got {one_line(base_url, 80)!r})")


def _encode(body: dict[str, Any]) -> bytes:
    text = json.dumps(body, ensure_ascii=False)
    try:
        return text.encode()
    except UnicodeEncodeError:  # a lone surrogate in the conversation (e.g. from a tool): send U+FFFD instead
        return safe_text(text).encode()


def _sdk_safe(body: dict[str, Any]) -> dict[str, Any]:
    """The body with lone surrogates replaced, for the SDK (which would raise encoding it)."""
    try:
        json.dumps(body, ensure_ascii=False).encode()
        return body
    except UnicodeEncodeError:
        return json.loads(_encode(body))


class OpenAIChatModel(ChatModel):
    """`openai:MODEL` against any OpenAI-compatible `/chat/completions` endpoint."""

    def __init__(self, model: str, base_url: str | None = None, api_key_env: str = "OPENAI_API_KEY",
                 concurrency: int = 16, timeout_s: float = 120, max_attempts: int = 6,
                 extra_body: dict | None = None, prices: dict | None = None,
                 requests_per_min: float | None = None, tokens_per_min: float | None = None,
                 transport: str = "aiohttp", send_sample_headers: bool = True,
                 retry_policy: RetryPolicy | None = None, limiter: EndpointLimiter | None = None):
        if not model:
            raise UsageError("openai: needs a model name, e.g. openai:glm-4")
        if concurrency < 1:
            raise UsageError(f"concurrency must be at least 1, got {concurrency}")
        if prices is not None:
            unknown = set(prices) - {"prompt", "completion"}
            if unknown:
                raise UsageError(f"prices takes 'prompt' and 'completion' ($ per 1M tokens), not {sorted(unknown)}")
        self.model = model
        self.base_url = (base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        check_endpoint_settings(self.base_url, api_key_env)
        self.api_key_env = api_key_env
        self._key_set = bool(os.environ.get(api_key_env))
        self._api_key = os.environ.get(api_key_env) or "EMPTY"
        self.identity = f"openai:{model}@{self.base_url}"
        self.concurrency = concurrency
        self.timeout_s = float(timeout_s)
        self.extra_body = dict(extra_body or {})
        self.prices = dict(prices) if prices else None
        if transport not in ("aiohttp", "sdk", "sdk-httpx"):
            raise UsageError(f"transport must be aiohttp, sdk or sdk-httpx, not {transport!r}")
        if transport == "aiohttp":
            try:
                import aiohttp  # noqa: F401
            except ImportError:
                transport = "sdk-httpx"
        if transport != "aiohttp":
            _sdk()  # fail at start, with the install hint, not at the first request
        self.transport = transport
        self._url = self.base_url + "/chat/completions"
        self._answered = False  # has the endpoint ever sent an HTTP response? Until then, unreachable is fatal
        self._sessions: dict[asyncio.AbstractEventLoop, Any] = {}
        self.send_sample_headers = send_sample_headers
        self.policy = retry_policy or RetryPolicy(max_attempts=max_attempts, timeout_s=self.timeout_s)
        self.limiter = limiter or shared_limiter(f"{self.base_url}|{api_key_env}", concurrency,
                                                 requests_per_min, tokens_per_min)
        self._clients: dict[asyncio.AbstractEventLoop, Any] = {}
        self._stats: dict[str, float] = {"calls": 0, "ok": 0, "errors": 0, "attempts": 0, "retries": 0,
                                         "prompt_tokens": 0, "completion_tokens": 0, "latency_s": 0.0,
                                         "retry_wait_s": 0.0, "cost_usd": 0.0}

    def __repr__(self) -> str:
        return f"OpenAIChatModel({self.identity!r})"

    # -- client --------------------------------------------------------------------------------------------
    def _client(self) -> Any:
        """One SDK client per event loop (an aiohttp session cannot move between loops)."""
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None:
            for old in [lp for lp in self._clients if lp.is_closed()]:
                del self._clients[old]
            client = _sdk().AsyncOpenAI(
                api_key=self._api_key, base_url=self.base_url, max_retries=0, timeout=self.timeout_s,
                http_client=make_http_client(self.concurrency, self.timeout_s,
                                             "aiohttp" if self.transport == "sdk" else "httpx"))
            self._clients[loop] = client
        return client

    async def aclose(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # pragma: no cover
            return
        client = self._clients.pop(loop, None)
        if client is not None:
            await client.close()
        session = self._sessions.pop(loop, None)
        if session is not None and not session.closed:
            await session.close()

    # -- secrets -------------------------------------------------------------------------------------------
    def _redact(self, text: str) -> str:
        key = self._api_key
        if self._key_set and len(key) >= 4:
            text = text.replace(key, "***")
            # providers sometimes echo part of the key ("sk-abc...wxyz"): hide any long piece of it
            for size in (16, 12, 8):
                if len(key) > size:
                    for start in range(0, len(key) - size + 1):
                        piece = key[start:start + size]
                        if piece in text:
                            text = text.replace(piece, "***")
        return text

    # -- failures ------------------------------------------------------------------------------------------
    def _server_message(self, body: str) -> str:
        try:
            data = loads(body)
        except MalformedResponse:
            return self._redact(describe_body(body))
        message = body
        if isinstance(data, dict):
            err = data.get("error", data)
            message = (err.get("message") if isinstance(err, dict) else str(err)) or str(data.get("message") or body)
        return self._redact(one_line(message, 160))

    def _classify(self, exc: BaseException) -> Failure:
        """How one failed attempt is treated: every exception an attempt can raise ends here, none escapes."""
        if isinstance(exc, HTTPStatus):
            return self._classify_status(exc)
        if isinstance(exc, MalformedResponse):
            return Failure(True, self._redact(one_line(f"malformed response: {exc}", 200)), kind="bad_response",
                           limit=BAD_RESPONSE_ATTEMPTS, fatal=False)
        cause = unreachable_cause(exc)
        if cause is not None:
            if not self._answered:
                return self._unreachable_failure(cause)
            return Failure(True, f"connection error ({cause})", kind="transport")
        if _sdk_error(exc, "APITimeoutError") or isinstance(exc, (TimeoutError, asyncio.TimeoutError)):
            return Failure(True, f"timeout after {self.timeout_s:g} s ({type(exc).__name__})", kind="timeout")
        sdk_connection = _sdk_error(exc, "APIConnectionError")
        if sdk_connection or isinstance(exc, (OSError, _aiohttp_errors())):
            inner = exc.__cause__ or exc.__context__ if sdk_connection else exc
            detail = type(inner).__name__ if inner is not None else "connection error"
            return Failure(True, f"connection error ({detail})", kind="transport")
        # a bug here or in a library, not the endpoint's doing: record it with the sample, do not retry
        log.warning("%s: unexpected %s while calling the endpoint", self.identity, type(exc).__name__, exc_info=True)
        return Failure(False, self._redact(one_line(f"internal error: {type(exc).__name__}: {exc}", 200)),
                       kind="internal", fatal=False)

    def _classify_status(self, exc: HTTPStatus) -> Failure:
        status = exc.status
        said = self._server_message(exc.body)
        head = f"{status} {_REASONS.get(status, 'HTTP error')}"
        if is_retryable_status(status):
            return Failure(True, f"{head}: {said}" if said else head, parse_retry_after(exc.headers),
                           kind="http_status")
        where = self.identity
        if status in (401, 403):
            unset = "" if self._key_set else " (it is not set)"
            hint = f"check the API key in ${self.api_key_env}{unset}"
            return Failure(False, f"{where}: {head} — {hint}" + (f" (server said: {said})" if said else ""),
                           kind="http_status")
        if status == 404:
            return Failure(False, f"{where}: {head} — unknown model {self.model!r} or wrong base URL"
                                  + (f" (server said: {said})" if said else ""), kind="http_status")
        if status in (400, 413, 422) and any(h in said.lower() for h in _CONTEXT_HINTS):
            # this request is too long for the model: fail this sample, not the run
            return Failure(False, f"{head}: {said}", fatal=False, kind="http_status")
        return Failure(False, f"{where}: {head} — the endpoint rejects the request"
                              + (f": {said}" if said else ""), kind="http_status")

    def _unreachable_failure(self, cause: str) -> Failure:
        """Nothing has ever answered here: one quick retry, then the run stops with what to check."""
        if cause == "the host name does not resolve":
            check = "check the host name in the base URL"
        elif cause == "the TLS handshake failed":
            check = "check the scheme (http/https) and the server's certificate"
        else:
            check = "is the server running and listening there, and is the base URL right?"
        proxy = " (a proxy from the *_PROXY environment variables is in use)" if _proxy_env_set() else ""
        return Failure(True, f"{self.identity}: cannot reach {self._url}: {cause} — {check}{proxy}",
                       kind="transport", limit=UNREACHABLE_ATTEMPTS, fatal=True)

    # -- requests ------------------------------------------------------------------------------------------
    def _body(self, request: ChatRequest) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.model, "messages": request.messages,
                                "max_tokens": request.max_tokens, "temperature": request.temperature}
        if request.tools:
            body["tools"] = request.tools
        if request.stop:
            body["stop"] = request.stop
        if self.extra_body:
            body.update(self.extra_body)
        return body

    def _session(self) -> Any:
        """One aiohttp session per event loop (a session cannot move between loops)."""
        import aiohttp

        loop = asyncio.get_running_loop()
        session = self._sessions.get(loop)
        if session is None or session.closed:
            for old in [lp for lp in self._sessions if lp.is_closed()]:
                del self._sessions[old]
            connector = aiohttp.TCPConnector(limit=self.concurrency, keepalive_timeout=30, ttl_dns_cache=300)
            # trust_env makes aiohttp look up proxies in a worker thread on every request: only when needed
            session = aiohttp.ClientSession(
                connector=connector, trust_env=_proxy_env_set(),
                timeout=aiohttp.ClientTimeout(total=None, sock_connect=min(10.0, self.timeout_s)),
                headers={"Authorization": f"Bearer {self._api_key}", "Content-Type": "application/json",
                         "Accept": "application/json", "User-Agent": "agentbench"})
            self._sessions[loop] = session
        return session

    async def _attempt_aiohttp(self, payload: bytes, headers: dict[str, str]) -> ModelOutput:
        session = self._session()
        start = time.perf_counter()
        async with session.post(self._url, data=payload, headers=headers or None) as response:
            self._answered = True
            content = await response.read()
            latency = time.perf_counter() - start
            if response.status >= 400:
                raise HTTPStatus(response.status, response.headers, content.decode("utf-8", "replace"))
        return read_completion(content, latency)

    async def _attempt_sdk(self, body: dict[str, Any], headers: dict[str, str]) -> ModelOutput:
        client = self._client()
        start = time.perf_counter()
        try:
            response = await client.post("/chat/completions", cast_to=_httpx_module().Response, body=body,
                                         options={"headers": headers} if headers else {})
        except _sdk().APIStatusError as exc:
            self._answered = True
            raise HTTPStatus(exc.status_code, exc.response.headers, exc.response.text) from None
        self._answered = True
        return read_completion(response.content, time.perf_counter() - start)

    def _estimate_tokens(self, body: dict[str, Any]) -> float:
        chars = sum(len(str(m.get("content") or "")) for m in body["messages"] if isinstance(m, dict))
        return chars / 2 + body.get("max_tokens", 0)

    async def generate(self, request: ChatRequest) -> ModelOutput:
        body = self._body(request)
        headers: dict[str, str] = {}
        if self.send_sample_headers and request.sample_id:
            headers = {SAMPLE_HEADER: quote(request.sample_id, safe=""), CALL_HEADER: str(request.call_index)}
        if self.transport == "aiohttp":
            payload = _encode(body)

            def attempt():
                return self._attempt_aiohttp(payload, headers)
        else:
            sdk_body = _sdk_safe(body)

            def attempt():
                return self._attempt_sdk(sdk_body, headers)
        stats = RetryStats()
        self._stats["calls"] += 1
        estimate = self._estimate_tokens(body) if self.limiter.tokens is not None else 0.0

        def on_retry(number: int, failure: Failure, wait: float) -> None:
            log.info("%s: attempt %d failed (%s); retrying in %.2f s", self.identity, number, failure.message, wait)

        try:
            async with self.limiter.slot(estimate) as slot:
                try:
                    out = await call_with_retries(attempt, self._classify, self.policy, stats, on_retry)
                except RetriesExhausted as exc:
                    self._stats["errors"] += 1
                    return ModelOutput(error=str(exc), error_kind=exc.last.kind, finish_reason="error")
                slot.settle(out.usage.prompt_tokens + out.usage.completion_tokens)
        except FatalError as exc:
            raise BackendFatal(exc.failure.message) from None
        finally:
            self._stats["attempts"] += stats.attempts
            self._stats["retries"] += stats.retries
            self._stats["retry_wait_s"] += stats.waited_s
        self._stats["ok"] += 1
        self._stats["prompt_tokens"] += out.usage.prompt_tokens
        self._stats["completion_tokens"] += out.usage.completion_tokens
        self._stats["latency_s"] += out.latency_s
        if self.prices:
            self._stats["cost_usd"] += (out.usage.prompt_tokens * self.prices.get("prompt", 0.0)
                                        + out.usage.completion_tokens * self.prices.get("completion", 0.0)) / 1e6
        return out

    def stats(self) -> dict[str, Any]:
        """Totals since construction: calls, ok, errors, attempts, retries, tokens, latency, cost.

        `cost_usd` is None unless `prices` ({"prompt": $/1M tokens, "completion": $/1M tokens}) was given.
        """
        out: dict[str, Any] = {k: (round(v, 6) if isinstance(v, float) else int(v)) for k, v in self._stats.items()}
        out["mean_latency_s"] = round(self._stats["latency_s"] / self._stats["ok"], 6) if self._stats["ok"] else None
        if not self.prices:
            out["cost_usd"] = None
        return out


def make_openai(name: str, settings: ModelSettings) -> OpenAIChatModel:
    """`openai:NAME` from a role's settings (the registry's factory)."""
    return OpenAIChatModel(name, base_url=settings.base_url, api_key_env=settings.api_key_env or "OPENAI_API_KEY",
                           concurrency=settings.concurrency, **settings.options)
