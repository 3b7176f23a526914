"""Where dataset files live, and the upstream layouts the general suites read.

A data root holds one folder per dataset, exactly as the upstream releases lay them out:

    gsm8k/test.jsonl, gsm8k/train.jsonl
    arc/ARC-{Easy,Challenge}-{Train,Dev,Test}.jsonl
    ceval/subject_mapping.json, ceval/dev/<subject>_dev.csv, ceval/val/<subject>_val.csv

The root is `--data-dir` when given, else `$AGENTBENCH_DATA`, else `~/.cache/agentbench/data` (which
`agentbench prefetch SUITE` fills). Nothing here downloads: a missing file is one `DatasetMissing` that
names the file and the command that fetches it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from agentbench.errors import DatasetMissing, UsageError

ENV_VAR = "AGENTBENCH_DATA"

ARC_SPLITS = ("ARC-Easy", "ARC-Challenge")
ARC_PARTS = ("Train", "Dev", "Test")

# suite name -> dataset folder it reads
DATASET_OF = {
    "gsm8k": "gsm8k",
    "arc": "arc",
    "arc_easy": "arc",
    "arc_challenge": "arc",
    "ceval": "ceval",
    "alignbench": "alignbench",
}


def default_root() -> Path:
    env = os.environ.get(ENV_VAR)
    return Path(env).expanduser() if env else Path.home() / ".cache" / "agentbench" / "data"


def data_root(data_dir: Path | str | None = None) -> Path:
    """`data_dir` if given (it must exist), else the cache root."""
    if data_dir is None:
        return default_root()
    root = Path(data_dir).expanduser()
    if not root.is_dir():
        raise DatasetMissing(f"--data-dir {root} is not a directory")
    return root


def dataset_of(suite: str) -> str:
    if suite not in DATASET_OF:
        raise UsageError(f"no dataset for suite {suite!r}; known: {', '.join(sorted(DATASET_OF))}")
    return DATASET_OF[suite]


def require(root: Path, relpath: str, suite: str) -> Path:
    """`root/relpath`, or DatasetMissing naming that exact file and how to get it."""
    path = root / relpath
    if path.is_file():
        return path
    raise DatasetMissing(
        f"{suite}: dataset file not found: {path}\n"
        f"  fetch it with `agentbench prefetch {suite}` (writes {default_root()}/{relpath}; "
        f"set ${ENV_VAR} to change where), or pass --data-dir DIR where DIR/{relpath} exists "
        f"(upstream layout, see docs/general_suites.md)"
    )


def expected_files(dataset: str, root: Path | None = None) -> list[str]:
    """Relative paths a dataset needs. C-Eval's per-subject files come from its subject_mapping.json,
    so with no `root` (or no mapping yet) only the mapping is listed."""
    if dataset == "gsm8k":
        return ["gsm8k/test.jsonl", "gsm8k/train.jsonl"]
    if dataset == "arc":
        return [f"arc/{s}-{p}.jsonl" for s in ARC_SPLITS for p in ARC_PARTS]
    if dataset == "alignbench":
        return ["alignbench/data_v1.1_release.jsonl"]
    if dataset == "ceval":
        files = ["ceval/subject_mapping.json"]
        if root is not None and (root / files[0]).is_file():
            for subject in sorted(read_json(root / files[0])):
                files += [f"ceval/dev/{subject}_dev.csv", f"ceval/val/{subject}_val.csv"]
        return files
    raise UsageError(f"unknown dataset {dataset!r}")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checksums(root: Path, relpaths: list[str]) -> dict[str, str]:
    """`{relpath: sha256}` of the files a suite used (recorded in the run's config)."""
    return {rel: sha256_file(root / rel) for rel in sorted(relpaths)}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise DatasetMissing(f"{path}:{lineno}: not valid JSON ({exc.msg}); re-fetch the file") from None
    return rows


def read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows as dicts. `newline=''` so quoted cells keep their embedded line breaks (C-Eval has 36)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))
