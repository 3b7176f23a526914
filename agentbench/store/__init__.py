"""The run directory: config, append-only records, cache, summary; resume."""

from agentbench.store.rundir import RunDir, read_jsonl, record_key

__all__ = ["RunDir", "read_jsonl", "record_key"]
