"""General suites (ARC, C-Eval, GSM8K) on the real upstream files, plus the data loaders and hub path."""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import time
from pathlib import Path

import pytest

from agentbench.data import hub
from agentbench.data import prefetch as prefetch_mod
from agentbench.data.prefetch import prefetch
from agentbench.errors import DatasetMissing, UsageError
from agentbench.models.base import ChatModel
from agentbench.models.scripted import ScriptedModel
from agentbench.runs.run import play
from agentbench.scoring.stats import bootstrap_ci
from agentbench.suites import SuiteSettings, make_suite
from agentbench.suites.ceval import HARD
from agentbench.types import ChatRequest, ModelOutput

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_data = pytest.mark.skipif(
    not (DATA / "gsm8k" / "test.jsonl").is_file(),
    reason=f"upstream benchmark files not found at {DATA} (clone the shared/ folder beside the repo)",
)


class ConstantModel(ChatModel):
    def __init__(self, text: str = "", error: str | None = None):
        self.text, self.error, self.identity = text, error, f"const:{text}"

    async def generate(self, request: ChatRequest) -> ModelOutput:
        return ModelOutput(text=self.text, error=self.error)


def make(name: str, shots=None, style=None, **options):
    return make_suite(name, SuiteSettings(data_dir=DATA, shots=shots, style=style, options=options))


def solve(suite, sample, model, trial: int = 0) -> dict:
    """One sample played and scored, as the flat row summaries are built from."""
    return suite.row(asyncio.run(play(suite, sample, model, trial)))


async def _solve_all(suite, model, trials: int = 1) -> list[dict]:
    async def one(sample, trial):
        return suite.row(await play(suite, sample, model, trial))

    return await asyncio.gather(*(one(s, t) for s in suite.samples() for t in range(trials)))


def run(suite, model, trials: int = 1) -> list[dict]:
    return asyncio.run(_solve_all(suite, model, trials))


def gold_model(suite) -> ScriptedModel:
    by_id = {s.id: s for s in suite.samples()}
    return ScriptedModel({}, "scripted:gold", fallback=lambda sid: suite.gold(by_id[sid]))


# ------------------------------------------------------------------------- real files


@needs_data
@pytest.mark.parametrize("name,options", [
    ("arc", {}), ("arc_easy", {}), ("arc_challenge", {"shots": 3}), ("arc", {"style": "completion", "shots": 2}),
    ("ceval", {}), ("ceval", {"cot": True}), ("ceval", {"style": "completion"}), ("ceval", {"shots": 0}),
    ("gsm8k", {}), ("gsm8k", {"shots": 4, "style": "completion"}), ("gsm8k", {"shots": 2}),
])
def test_gold_model_scores_100_on_every_suite(name, options):
    suite = make(name, **options)
    start = time.perf_counter()
    records = run(suite, gold_model(suite))
    summary = suite.aggregate(records)
    elapsed = time.perf_counter() - start
    print(f"{name} {options}: {len(records)} samples scored in {elapsed:.2f}s")
    assert summary["score"] == 100.0
    assert summary["n"] == len(suite.samples())
    m = summary["metrics"]
    assert m["accuracy_strict"] == 100.0 and m["ci95"] == [100.0, 100.0]
    assert m["invalid"] == {"strict": 0, "flexible": 0}
    assert m["language_mismatch"] == 0
    assert all(r["passed"] and r["correct_strict"] for r in records)


@needs_data
def test_counts_match_the_official_ones():
    ceval = make("ceval")
    assert len(ceval.subjects) == 52
    assert len(ceval.samples()) == 1346
    assert len(make("gsm8k").samples()) == 1319
    arc = make("arc")
    per_split = {}
    for s in arc.samples():
        per_split[s.category] = per_split.get(s.category, 0) + 1
    assert per_split == {"ARC-Challenge": 1172, "ARC-Easy": 2376}
    assert len({s.id for s in arc.samples()}) == 3548
    assert len({s.id for s in ceval.samples()}) == 1346


def _arc_share_of_a(split: str) -> float:
    rows = [json.loads(line) for line in (DATA / "arc" / f"{split}-Test.jsonl").open(encoding="utf-8")]
    # 'A' or, for numerically labelled questions, '1'
    return sum(r["answerKey"] in ("A", "1") for r in rows) / len(rows)


def _ceval_share_of_a() -> tuple[float, dict[str, float]]:
    shares = {}
    for path in sorted((DATA / "ceval" / "val").glob("*_val.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        shares[path.name[: -len("_val.csv")]] = sum(r["answer"] == "A" for r in rows) / len(rows)
    return sum(shares.values()) / len(shares), shares


@needs_data
def test_always_a_scores_exactly_the_share_of_a_answers():
    arc = make("arc")
    summary = arc.aggregate(run(arc, ConstantModel("Answer: A")))
    easy, challenge = _arc_share_of_a("ARC-Easy"), _arc_share_of_a("ARC-Challenge")
    splits = summary["metrics"]["splits"]
    assert splits["ARC-Easy"]["accuracy"] == pytest.approx(100 * easy, abs=1e-3)
    assert splits["ARC-Challenge"]["accuracy"] == pytest.approx(100 * challenge, abs=1e-3)
    assert summary["score"] == pytest.approx(100 * (easy + challenge) / 2, abs=1e-3)

    ceval = make("ceval")
    summary = ceval.aggregate(run(ceval, ConstantModel("答案：A")))
    overall, shares = _ceval_share_of_a()
    assert summary["score"] == pytest.approx(100 * overall, abs=1e-3)
    hard = sum(shares[s] for s in HARD) / len(HARD)
    assert summary["metrics"]["hard"]["accuracy"] == pytest.approx(100 * hard, abs=1e-3)
    mapping = json.loads((DATA / "ceval" / "subject_mapping.json").read_text(encoding="utf-8"))
    stem = [shares[s] for s, v in mapping.items() if v[2] == "STEM"]
    assert summary["metrics"]["categories"]["STEM"]["accuracy"] == pytest.approx(100 * sum(stem) / len(stem), abs=1e-3)
    assert set(summary["metrics"]["categories"]) == {"STEM", "Social Science", "Humanities", "Other"}
    lo, hi = summary["metrics"]["ci95"]
    assert lo < summary["score"] < hi

    gsm = make("gsm8k")
    golds = [json.loads(line)["answer"].rsplit("####", 1)[1].strip().replace(",", "")
             for line in (DATA / "gsm8k" / "test.jsonl").open(encoding="utf-8")]
    summary = gsm.aggregate(run(gsm, ConstantModel("#### 18")))
    assert summary["score"] == pytest.approx(100 * golds.count("18") / len(golds), abs=1e-3)
    assert golds.count("18") > 0


@needs_data
def test_an_extraction_failure_is_invalid_not_a_wrong_letter():
    ceval = make("ceval", subjects=["logic"])
    records = run(ceval, ConstantModel("这道题我不确定。"))
    assert all(r["extracted"] == {"strict": None, "flexible": None} for r in records)
    assert all(r["invalid"] == {"strict": True, "flexible": True} and r["correct"] is False for r in records)
    m = ceval.aggregate(records)["metrics"]
    assert m["invalid"] == {"strict": len(records), "flexible": len(records)}
    assert m["invalid_rate"] == {"strict": 1.0, "flexible": 1.0}
    # a lone letter is invalid for strict only
    m = ceval.aggregate(run(ceval, ConstantModel("C")))["metrics"]
    assert m["invalid_rate"] == {"strict": 1.0, "flexible": 0.0}


@needs_data
def test_transport_errors_are_excluded_and_counted():
    gsm = make("gsm8k")
    sample = gsm.samples()[0]
    record = asyncio.run(play(gsm, sample, ConstantModel(error="connection reset")))
    assert record.error.message == "connection reset" and record.error.kind == "transport" and not record.scores
    rec = gsm.row(record)
    assert rec["error"] is True and "correct" not in rec and rec["passed"] is None
    good = solve(gsm, sample, gold_model(gsm))
    summary = gsm.aggregate([{**rec, "sample_id": sample.id}, {**good, "sample_id": sample.id, "trial": 1}])
    assert summary["n"] == 1 and summary["metrics"]["errors"] == 1 and summary["score"] == 100.0


@needs_data
def test_ceval_five_shot_prompt_holds_the_five_dev_examples_of_the_subject():
    ceval = make("ceval")
    sample = next(s for s in ceval.samples() if s.category == "computer_network")
    messages = ceval.messages(sample)
    with (DATA / "ceval" / "dev" / "computer_network_dev.csv").open(encoding="utf-8", newline="") as fh:
        dev = list(csv.DictReader(fh))
    assert len(dev) == 5
    assistants = [m["content"] for m in messages if m["role"] == "assistant"]
    assert assistants == [f"答案：{row['answer']}" for row in dev]
    text = "\n".join(m["content"] for m in messages)
    assert all(row["question"] in text for row in dev)
    assert messages[0]["content"].startswith("以下是中国关于计算机网络考试的单项选择题，请选出其中的正确答案。")
    assert messages[-1]["content"].endswith("答案：") and sample.data["question"] in messages[-1]["content"]
    with (DATA / "ceval" / "dev" / "logic_dev.csv").open(encoding="utf-8", newline="") as fh:
        other = next(csv.DictReader(fh))
    assert other["question"] not in text
    # CoT shows the explanations; completion style is one user message ending in the cue
    cot = make("ceval", cot=True, subjects=["computer_network"]).messages(sample)
    assert "让我们一步一步思考" in cot[1]["content"] and dev[0]["explanation"].splitlines()[0] in cot[1]["content"]
    flat = make("ceval", style="completion", subjects=["computer_network"]).messages(sample)
    assert len(flat) == 1 and flat[0]["content"].endswith("答案：") and flat[0]["content"].count("答案：") == 6


@needs_data
def test_multiline_csv_cells_survive():
    ceval = make("ceval", shots=0)
    assert any("\n" in s.data["question"] or any("\n" in s.data[x] for x in "ABCD") for s in ceval.samples())


@needs_data
def test_arc_numeric_labels_become_letters():
    arc = make("arc_challenge")
    raw = [json.loads(line) for line in (DATA / "arc" / "ARC-Challenge-Test.jsonl").open(encoding="utf-8")]
    numeric = {f"ARC-Challenge/{r['id']}" for r in raw if r["question"]["choices"][0]["label"] == "1"}
    assert len(numeric) == 22
    regents = [s for s in arc.samples() if s.id in numeric]
    assert [c[0] for c in regents[0].data["choices"]][:4] == ["A", "B", "C", "D"]
    assert all(s.data["answer"] in "ABCD" for s in regents)
    assert "\nA. " in arc.messages(regents[0])[0]["content"]
    five = [s for s in arc.samples() if len(s.data["choices"]) == 5]
    assert five and run_one_letter(arc, five[0], "Answer: E")["extracted"]["strict"] == "E"


def run_one_letter(suite, sample, text):
    return solve(suite, sample, ConstantModel(text))


@needs_data
def test_answers_in_the_wrong_language_are_counted():
    ceval = make("ceval", subjects=["logic", "law"])
    by_id = {s.id: s for s in ceval.samples()}
    english = ScriptedModel({}, "en", fallback=lambda sid: [ModelOutput(text=f"Answer: {by_id[sid].data['answer']}")])
    summary = ceval.aggregate(run(ceval, english))
    assert summary["score"] == 100.0
    assert summary["metrics"]["language_mismatch_rate"] == 1.0
    arc = make("arc_easy")
    rec = run_one_letter(arc, arc.samples()[0], "答案是B")
    assert rec["language"] == "zh" and rec["question_language"] == "en" and rec["language_mismatch"] is True


@needs_data
def test_config_records_file_checksums():
    cfg = make("gsm8k").config()
    assert cfg["data_sha256"] == {
        "gsm8k/test.jsonl": "3730d312f6e3440559ace48831e51066acaca737f6eabec99bccb9e4b3c39d14"}
    cfg = make("arc", shots=1).config()
    assert cfg["data_sha256"]["arc/ARC-Challenge-Test.jsonl"].startswith("0f135655e886")
    assert len(cfg["data_sha256"]) == 4
    assert len(make("ceval").config()["data_sha256"]) == 1 + 52 * 2


@needs_data
def test_trials_are_averaged_per_sample():
    gsm = make("gsm8k")
    records = run(gsm, gold_model(gsm), trials=2)
    summary = gsm.aggregate(records)
    assert summary["n"] == 2 * 1319 and summary["metrics"]["samples"] == 1319 and summary["metrics"]["trials"] == 2


# ------------------------------------------------------------------------- options and errors


def _tiny_root(tmp_path: Path) -> Path:
    g = tmp_path / "gsm8k"
    g.mkdir(parents=True)
    rows = [{"question": "What is 2+2?", "answer": "2+2=<<2+2=4>>4\n#### 4"},
            {"question": "Ten times 100?", "answer": "#### 1,000"}]
    for name in ("test.jsonl", "train.jsonl"):
        (g / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return tmp_path


def test_loader_reads_a_tiny_data_dir(tmp_path):
    suite = make_suite("gsm8k", SuiteSettings(data_dir=_tiny_root(tmp_path), shots=1))
    assert [s.data["answer"] for s in suite.samples()] == ["4", "1000"]
    shot = suite.messages(suite.samples()[1])[1]["content"]
    assert "<<" not in shot and shot.endswith("The answer is 4.")
    records = run(suite, ConstantModel("It is 1,000 dollars."))
    assert [r["extracted"]["flexible"] for r in records] == ["1000", "1000"]
    assert [r["correct"] for r in records] == [False, True]
    assert [r["correct_strict"] for r in records] == [False, False]


def test_missing_dataset_names_the_file_and_the_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("AGENTBENCH_DATA", str(tmp_path / "cache"))
    with pytest.raises(DatasetMissing) as err:
        make_suite("gsm8k")
    msg = str(err.value)
    assert str(tmp_path / "cache" / "gsm8k" / "test.jsonl") in msg
    assert "agentbench prefetch gsm8k" in msg and "--data-dir" in msg
    with pytest.raises(DatasetMissing, match=r"arc/ARC-Easy-Test\.jsonl"):
        make_suite("arc_easy", SuiteSettings(data_dir=tmp_path))
    with pytest.raises(DatasetMissing, match=r"ceval/subject_mapping\.json.*\n.*agentbench prefetch ceval"):
        make_suite("ceval", SuiteSettings(data_dir=tmp_path))


def test_unknown_options_and_bad_settings_are_usage_errors(tmp_path):
    root = _tiny_root(tmp_path)
    with pytest.raises(UsageError, match="unknown option"):
        make_suite("gsm8k", SuiteSettings(data_dir=root, options={"temprature": 0.7}))
    with pytest.raises(UsageError, match="style"):
        make_suite("gsm8k", SuiteSettings(data_dir=root, style="raw"))
    with pytest.raises(UsageError, match="shots"):
        make_suite("gsm8k", SuiteSettings(data_dir=root, shots=-1))


def test_bootstrap_ci_is_seeded_and_brackets_the_mean():
    values = [1.0] * 30 + [0.0] * 70
    lo, hi = bootstrap_ci(values)
    assert (lo, hi) == bootstrap_ci(values) and lo < 0.3 < hi and 0.15 < lo and hi < 0.45
    # macro: the mean of per-stratum means, stratum sizes kept
    lo, hi = bootstrap_ci([1, 1, 1, 1, 0, 0], strata=["a", "a", "a", "a", "b", "b"], macro=True)
    assert (lo, hi) == (0.5, 0.5)


# ------------------------------------------------------------------------- hub / prefetch (no network)


def test_prefetch_from_modelscope_copies_upstream_files(tmp_path, monkeypatch):
    calls = []

    def fake_snapshot(dataset_id, workdir):
        calls.append(dataset_id)
        snap = workdir / "snap"
        (snap / "ARC-c").mkdir(parents=True)
        (snap / "ARC-e").mkdir(parents=True)
        for split, folder in (("ARC-Challenge", "ARC-c"), ("ARC-Easy", "ARC-e")):
            for part in ("Train", "Dev", "Test"):
                row = {"id": f"{split}-{part}-1", "question": {"stem": "Q?", "choices": [
                    {"text": "x", "label": "1"}, {"text": "y", "label": "2"}]}, "answerKey": "2"}
                (snap / folder / f"{split}-{part}.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
        return snap

    monkeypatch.setattr(hub, "modelscope_snapshot", fake_snapshot)
    written = prefetch("arc_easy", tmp_path)
    assert calls == ["opencompass/ai2_arc"] and len(written) == 6
    suite = make_suite("arc", SuiteSettings(data_dir=tmp_path))
    assert [s.data["answer"] for s in suite.samples()] == ["B", "B"]
    assert prefetch("arc", tmp_path) == []  # already there: nothing downloaded
    assert calls == ["opencompass/ai2_arc"]


def test_prefetch_falls_back_to_hugging_face(tmp_path, monkeypatch, capsys):
    def no_modelscope(dataset_id, workdir):
        raise hub.FetchFailed("the `modelscope` package is not installed")

    mapping = {"logic": ["Logic", "逻辑学", "Humanities"], "college_physics": ["College Physics", "大学物理", "STEM"]}

    def rows(repo, config, split):
        assert repo == "ceval/ceval-exam"
        n = 5 if split == "dev" else 2
        return [{"id": i, "question": f"{config} {split} 第{i}题\n第二行", "A": "甲", "B": "乙", "C": "丙", "D": "丁",
                 "answer": "ABCD"[i % 4], "explanation": "1. 因为……" if split == "dev" else None} for i in range(n)]

    monkeypatch.setattr(hub, "modelscope_snapshot", no_modelscope)
    monkeypatch.setattr(hub, "hf_rows", rows)
    monkeypatch.setattr(hub, "fetch_url", lambda url: json.dumps(mapping).encode())
    args = argparse.Namespace(suite="ceval", dest=tmp_path, source="auto", force=False)
    assert prefetch_mod.run(args) == 0
    assert "wrote 5 file(s)" in capsys.readouterr().out
    suite = make_suite("ceval", SuiteSettings(data_dir=tmp_path))
    assert len(suite.samples()) == 4 and suite.samples()[0].data["question"].endswith("\n第二行")
    assert run(suite, gold_model(suite)) and suite.aggregate(run(suite, gold_model(suite)))["score"] == 100.0


def test_prefetch_reports_every_failed_source(tmp_path, monkeypatch):
    def fail_ms(dataset_id, workdir):
        raise hub.FetchFailed("modelscope down")

    def fail_hf(repo, config, split):
        raise hub.FetchFailed("no datasets package")

    monkeypatch.setattr(hub, "modelscope_snapshot", fail_ms)
    monkeypatch.setattr(hub, "hf_rows", fail_hf)
    with pytest.raises(DatasetMissing, match="(?s)modelscope: modelscope down.*huggingface: no datasets package"):
        prefetch("gsm8k", tmp_path)
