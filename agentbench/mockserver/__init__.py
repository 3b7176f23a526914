"""Mock OpenAI-compatible server (loopback only) for tests, benchmarks and dry runs. See server.py."""

from agentbench.mockserver.server import FAULT_KINDS, Faults, MockServer, check_loopback

__all__ = ["FAULT_KINDS", "Faults", "MockServer", "check_loopback"]
