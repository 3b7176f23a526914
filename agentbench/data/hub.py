"""Fill the data cache from ModelScope (first) or Hugging Face (fallback), in the upstream file layout.

Heavy clients load lazily, only when fetching: `modelscope` for ModelScope, `datasets` for the Hugging
Face fallback. ModelScope dataset repos hold the upstream files themselves (jsonl, or C-Eval's
`ceval-exam.zip` of CSVs), so they are copied byte for byte; the Hugging Face fallback rebuilds the same
files from dataset rows (same content, not necessarily the same bytes: the checksums recorded by a run
say which files it read). Tests replace `modelscope_snapshot`, `hf_rows` and `fetch_url`.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import urllib.request
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from agentbench.data.files import ARC_PARTS, ARC_SPLITS, expected_files, read_json
from agentbench.errors import AgentbenchError, DatasetMissing

MODELSCOPE_IDS = {"gsm8k": "opencompass/gsm8k", "arc": "opencompass/ai2_arc", "ceval": "opencompass/ceval-exam"}
HF_IDS = {"gsm8k": ("openai/gsm8k", "main"), "arc": ("allenai/ai2_arc", None), "ceval": ("ceval/ceval-exam", None)}
CEVAL_MAPPING_URL = "https://raw.githubusercontent.com/hkust-nlp/ceval/main/subject_mapping.json"
SOURCES = ("modelscope", "huggingface")
PINNED_URLS = {  # dataset -> (file, URL at a fixed commit, sha256): fetched as is, checked, never shipped
    "alignbench": ("alignbench/data_v1.1_release.jsonl",
                   "https://raw.githubusercontent.com/THUDM/AlignBench/5b79d4a84e566db26e755c719935c62a0e1b0527/"
                   "data/data_v1.1_release.jsonl",
                   "6ad5cdb2d552d2557aca18d0dcabaf19ff59fd18bef98eef880296c0478bbd11"),
}
_HF_ARC_SPLIT = {"Train": "train", "Dev": "validation", "Test": "test"}


class FetchFailed(AgentbenchError):
    """A download source could not deliver a dataset (the next source is tried)."""


# ------------------------------------------------------------------ replaceable network edges


def modelscope_snapshot(dataset_id: str, workdir: Path) -> Path:  # pragma: no cover - network
    """Download a ModelScope dataset repo into `workdir`; return the local folder."""
    try:
        try:
            from modelscope import dataset_snapshot_download

            return Path(dataset_snapshot_download(dataset_id, local_dir=str(workdir)))
        except ImportError:
            from modelscope.hub.snapshot_download import snapshot_download

            return Path(snapshot_download(dataset_id, repo_type="dataset", cache_dir=str(workdir)))
    except ImportError:
        raise FetchFailed("the `modelscope` package is not installed (pip install 'agentbench[data]')") from None


def hf_rows(repo: str, config: str | None, split: str) -> list[dict[str, Any]]:  # pragma: no cover - network
    """Rows of one split of a Hugging Face dataset."""
    try:
        import datasets
    except ImportError:
        raise FetchFailed("the `datasets` package is not installed (pip install 'agentbench[data]')") from None
    return [dict(row) for row in datasets.load_dataset(repo, config, split=split)]


def fetch_url(url: str) -> bytes:  # pragma: no cover - network
    with urllib.request.urlopen(url, timeout=60) as resp:
        return resp.read()


# ------------------------------------------------------------------ writing the layout


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)


def _jsonl(rows: Iterable[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def _csv(header: list[str], rows: Iterable[dict[str, Any]]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else str(row.get(h)) for h in header])
    return buf.getvalue().encode("utf-8")


def _find(folder: Path, name: str) -> Path | None:
    hits = sorted(p for p in folder.rglob(name) if p.is_file())
    return hits[0] if hits else None


def _unzip_all(folder: Path) -> None:
    for archive in list(folder.rglob("*.zip")):
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(archive.parent / (archive.stem + "_unzipped"))


def _ceval_mapping(root: Path, snapshot: Path | None, written: list[Path]) -> dict[str, Any]:
    """C-Eval's subject -> [English, 中文, category] table: from the snapshot if it has one, else GitHub."""
    target = root / "ceval/subject_mapping.json"
    if not target.is_file():
        found = _find(snapshot, "subject_mapping.json") if snapshot else None
        _write(target, found.read_bytes() if found else fetch_url(CEVAL_MAPPING_URL))
        written.append(target)
    return read_json(target)


def _from_modelscope(dataset: str, root: Path, force: bool) -> list[Path]:
    with tempfile.TemporaryDirectory(prefix="agentbench-ms-") as tmp:
        snapshot = modelscope_snapshot(MODELSCOPE_IDS[dataset], Path(tmp))
        _unzip_all(snapshot)
        written: list[Path] = []
        if dataset == "ceval":
            _ceval_mapping(root, snapshot, written)
        for rel in expected_files(dataset, root):
            target = root / rel
            if target.is_file() and not force:
                continue
            found = _find(snapshot, Path(rel).name)
            if found is None:
                raise FetchFailed(f"ModelScope {MODELSCOPE_IDS[dataset]} has no file named {Path(rel).name}")
            _write(target, found.read_bytes())
            written.append(target)
        return written


def _arc_row(row: dict[str, Any]) -> dict[str, Any]:
    choices = row["choices"]
    return {
        "id": row["id"],
        "question": {
            "stem": row["question"],
            "choices": [{"text": t, "label": lab} for t, lab in zip(choices["text"], choices["label"], strict=True)],
        },
        "answerKey": row["answerKey"],
    }


def _from_huggingface(dataset: str, root: Path, force: bool) -> list[Path]:
    repo, config = HF_IDS[dataset]
    written: list[Path] = []

    def put(rel: str, make: Any) -> None:
        target = root / rel
        if target.is_file() and not force:
            return
        _write(target, make())
        written.append(target)

    if dataset == "gsm8k":
        for split in ("test", "train"):
            put(f"gsm8k/{split}.jsonl", lambda s=split: _jsonl(
                {"question": r["question"], "answer": r["answer"]} for r in hf_rows(repo, config, s)))
    elif dataset == "arc":
        for name in ARC_SPLITS:
            for part in ARC_PARTS:
                put(f"arc/{name}-{part}.jsonl", lambda n=name, p=part: _jsonl(
                    _arc_row(r) for r in hf_rows(repo, n, _HF_ARC_SPLIT[p])))
    elif dataset == "ceval":
        for subject in sorted(_ceval_mapping(root, None, written)):
            put(f"ceval/dev/{subject}_dev.csv", lambda s=subject: _csv(
                ["id", "question", "A", "B", "C", "D", "answer", "explanation"], hf_rows(repo, s, "dev")))
            put(f"ceval/val/{subject}_val.csv", lambda s=subject: _csv(
                ["id", "question", "A", "B", "C", "D", "answer"], hf_rows(repo, s, "val")))
    return written


def fetch(dataset: str, root: Path, sources: Iterable[str] = SOURCES, force: bool = False) -> list[Path]:
    """Write `dataset`'s files under `root`, trying each source in order; returns the files written.

    Files already present are kept unless `force`. Raises DatasetMissing listing why each source failed.
    """
    if dataset in PINNED_URLS:
        return _from_pinned_url(dataset, root, force)
    failures = []
    for source in sources:
        fetcher = {"modelscope": _from_modelscope, "huggingface": _from_huggingface}[source]
        try:
            return fetcher(dataset, root, force)
        except (FetchFailed, OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            failures.append(f"{source}: {exc}")
        except Exception as exc:  # hub clients raise their own types: report and try the next
            failures.append(f"{source}: {type(exc).__name__}: {exc}")
    raise DatasetMissing(f"could not fetch {dataset} into {root}:\n  " + "\n  ".join(failures))



def _from_pinned_url(dataset: str, root: Path, force: bool) -> list[Path]:
    import hashlib

    rel, url, sha = PINNED_URLS[dataset]
    path = root / rel
    if path.is_file() and not force:
        return []
    try:
        data = fetch_url(url)
    except OSError as exc:
        raise DatasetMissing(f"could not fetch {dataset} from {url}: {exc}") from None
    got = hashlib.sha256(data).hexdigest()
    if got != sha:
        raise DatasetMissing(f"{dataset}: {url} has sha256 {got[:12]}…, expected {sha[:12]}… (not written)")
    _write(path, data)
    return [path]
