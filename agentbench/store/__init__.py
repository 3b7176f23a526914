"""The run directory: one writer (RunStore) and one read-only, streaming reader (RunReader)."""

from agentbench.store.reader import RunReader, read_runs
from agentbench.store.writer import RunStore

__all__ = ["RunReader", "RunStore", "read_runs"]
