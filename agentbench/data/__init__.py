"""Dataset files for the general suites: local upstream layouts, the cache, and hub downloads.

`agentbench.data.prefetch` is the module behind `agentbench prefetch` (its `prefetch()` function downloads).
"""

from agentbench.data.files import (
    DATASET_OF,
    checksums,
    data_root,
    default_root,
    expected_files,
    read_csv,
    read_json,
    read_jsonl,
    require,
    sha256_file,
)

__all__ = [
    "DATASET_OF",
    "checksums",
    "data_root",
    "default_root",
    "expected_files",
    "read_csv",
    "read_json",
    "read_jsonl",
    "require",
    "sha256_file",
]
