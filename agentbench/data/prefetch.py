"""`agentbench prefetch SUITE [--dest DIR]`: download a general suite's dataset into the cache layout."""

from __future__ import annotations

import argparse
from pathlib import Path

from agentbench.data import hub
from agentbench.data.files import DATASET_OF, data_root, dataset_of, default_root, expected_files


def prefetch(suite: str, dest: Path | str | None = None, sources: tuple[str, ...] = hub.SOURCES,
             force: bool = False) -> list[Path]:
    """Fetch the files `suite` reads into `dest` (default: the data cache); returns the files written.

    Files already present are kept (so a second call is a no-op) unless `force`.
    """
    dataset = dataset_of(suite)
    root = Path(dest).expanduser() if dest is not None else default_root()
    root.mkdir(parents=True, exist_ok=True)
    missing = [rel for rel in expected_files(dataset, root) if not (root / rel).is_file()]
    if dataset == "ceval" and len(expected_files(dataset, root)) == 1:
        missing = ["ceval/subject_mapping.json"]  # subjects are known only once the mapping is there
    if not missing and not force:
        return []
    return hub.fetch(dataset, data_root(root), sources=sources, force=force)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("suite", choices=sorted(DATASET_OF), help="suite whose dataset to download")
    parser.add_argument("--dest", type=Path, default=None,
                        help=f"data root to fill (default: ${'{'}AGENTBENCH_DATA{'}'} or {default_root()})")
    parser.add_argument("--source", choices=("auto", *hub.SOURCES), default="auto",
                        help="where to download from (auto: ModelScope, then Hugging Face)")
    parser.add_argument("--force", action="store_true", help="download again even if the files exist")


def run(args: argparse.Namespace) -> int:
    sources = hub.SOURCES if args.source == "auto" else (args.source,)
    written = prefetch(args.suite, args.dest, sources=sources, force=args.force)
    root = args.dest or default_root()
    if written:
        print(f"{args.suite}: wrote {len(written)} file(s) under {root}")
    else:
        print(f"{args.suite}: all files already present under {root}")
    return 0
