"""`agentbench mock-server`: serve the mock OpenAI-compatible endpoint in the foreground (Ctrl-C stops it)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from agentbench.mockserver.server import FAULT_KINDS, Faults, MockServer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (0 = any free port; default 8000)")
    parser.add_argument("--latency-ms", type=float, default=100.0, help="fixed delay before each answer (default 100)")
    parser.add_argument("--mode", choices=["echo", "scripted"], default="echo",
                        help="echo: reply with the last user message; scripted: replies from --script")
    parser.add_argument("--script", help="YAML/JSON file: sample_id (or last user message) -> [outputs]")
    for kind in FAULT_KINDS:
        parser.add_argument(f"--fault-{kind}", metavar="RATE|N", default=None,
                            help=f"inject {kind}: a rate in [0,1] (e.g. 0.1) or a count N (the first N requests)")
    parser.add_argument("--retry-after", type=float, default=1.0, metavar="S",
                        help="Retry-After seconds sent with injected 429s (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="seed for fault draws (default 0)")
    parser.add_argument("--api-key-env", default=None, metavar="VAR",
                        help="require the key held in this environment variable (401 otherwise)")
    parser.add_argument("--models", default=None, help="comma-separated model names to accept (404 otherwise)")


def build(args: argparse.Namespace) -> MockServer:
    import os

    faults = Faults.parse({kind: getattr(args, f"fault_{kind.replace('-', '_')}") for kind in FAULT_KINDS})
    api_key = os.environ.get(args.api_key_env) if getattr(args, "api_key_env", None) else None
    models = [m.strip() for m in args.models.split(",") if m.strip()] if getattr(args, "models", None) else None
    return MockServer(host=args.host, port=args.port, latency_ms=args.latency_ms, mode=args.mode, script=args.script,
                      faults=faults, retry_after_s=args.retry_after, seed=args.seed, api_key=api_key, models=models)


def run(args: argparse.Namespace) -> int:
    server = build(args)

    async def main() -> None:
        await server.start()
        print(f"mock server listening on {server.url} (mode {server.mode}, latency {server.latency_s * 1000:g} ms)",
              flush=True)
        await server.serve_forever()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="agentbench mock-server", description=__doc__)
    add_arguments(parser)
    from agentbench.errors import AgentbenchError

    try:
        return run(parser.parse_args(argv))
    except AgentbenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
