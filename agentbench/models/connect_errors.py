"""Telling "the endpoint is not there" (refused, DNS, connect timeout, TLS) from other transport errors.

Used by the openai backend: before an endpoint has ever answered, these stop the run instead of being
retried for minutes.
"""

from __future__ import annotations

import errno
import os
import socket
import sys


def unreachable_cause(exc: BaseException) -> str | None:
    """Why a connection could not be made at all (refused, DNS, connect timeout, TLS), or None.

    Reads the cause chain from its root: the SDK wraps the transport's error (and its aiohttp adapter
    calls a refused connection a ConnectTimeout), aiohttp wraps the OSError."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 8:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for error in reversed(chain):
        cause = connect_failure(error)
        if cause is not None:
            return cause
    return None


def connect_failure(error: BaseException) -> str | None:
    name = type(error).__name__
    if isinstance(error, socket.gaierror) or name == "ClientConnectorDNSError":
        return "the host name does not resolve"
    if isinstance(error, ConnectionRefusedError) or getattr(error, "errno", None) == errno.ECONNREFUSED:
        return "connection refused"
    if isinstance(error, OSError) and error.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EADDRNOTAVAIL):
        return f"cannot connect: {os.strerror(error.errno).lower()}"
    if "Certificate" in name or isinstance(error, _ssl_errors()):
        return "the TLS handshake failed"
    if name in ("ConnectionTimeoutError", "ConnectTimeout"):
        return "connecting timed out"
    if name in ("ClientConnectorError", "ConnectError"):
        return "cannot connect"
    return None


def _ssl_errors() -> tuple[type[BaseException], ...]:
    ssl = sys.modules.get("ssl")
    return (ssl.SSLError,) if ssl is not None else ()
