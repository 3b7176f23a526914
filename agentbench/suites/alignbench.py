"""AlignBench (THUDM/AlignBench v1.1): 683 Chinese open questions in 8 categories, graded 1-10 by a judge.

The data has no licence, so it is never shipped: `--suite-option data=PATH` (the release jsonl), or
`alignbench/data_v1.1_release.jsonl` under --data-dir / the data cache (`agentbench prefetch alignbench`
downloads it from a pinned commit and checks its sha256). `data=demo` reads a tiny set we wrote in the
same format (judges/demo/alignbench_demo.jsonl; not AlignBench).

Each answer is graded with the judge spec (default judges/alignbench_zh.yaml) for the dimensions of its
answer type (chosen from the subcategory); the score is AlignBench's 总分 on its own 1-10 scale.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from agentbench.data.files import data_root, read_jsonl, require, sha256_file
from agentbench.errors import DatasetMissing
from agentbench.judges.official import parse_official
from agentbench.judges.outcome import SCORED
from agentbench.judges.spec import JudgeSpec, load_judge_spec
from agentbench.models.base import ChatModel
from agentbench.paths import builtin_dir
from agentbench.results import HarnessError, Output, Record, Score, TextOutput
from agentbench.suites.alignbench_stats import category_table, dimension_means, total_with_ci
from agentbench.suites.base import Roles, Sample, Suite, SuiteSettings, model_error
from agentbench.suites.judged import (
    JUDGE_OPTIONS,
    judge_error,
    judge_names,
    judge_repeatedly,
    parse_figures,
    repeat_agreement,
)
from agentbench.suites.options import OptionSpec, parse_options
from agentbench.text.normalize import language_of
from agentbench.types import ChatRequest, ModelOutput

RELPATH = "alignbench/data_v1.1_release.jsonl"
FIELDS = ("question_id", "category", "subcategory", "question", "reference")
# Answer type by subcategory (AlignBench's grouping); anything else is 事实与解释型.
ANSWER_TYPE = {
    **dict.fromkeys(("证明", "推理", "初等数学", "高等数学", "应用数学"), "逻辑推理型"),
    **dict.fromkeys(("翻译", "实用文体写作", "创意文体写作", "专业文体写作", "其他写作类", "现实生活类", "游戏娱乐类",
                     "功能类", "现实名人类", "（虚拟）恋爱类"), "生成型"),
    **dict.fromkeys(("观点表达", "寻求建议"), "建议型"),
}
OPTIONS = {
    "data": OptionSpec(str, None, "AlignBench release jsonl (or `demo` for the built-in offline fixture)"),
    "judge_spec": OptionSpec(str, "alignbench_zh", "judge spec id under judges/ or a YAML path"),
    "max_tokens": OptionSpec(int, 2048, "tokens per candidate answer"),
    **JUDGE_OPTIONS,
}


def answer_type(subcategory: str) -> str:
    return ANSWER_TYPE.get(subcategory, "事实与解释型")


def load_questions(path: Path) -> list[dict[str, Any]]:
    rows = read_jsonl(path)
    for i, row in enumerate(rows):
        missing = [f for f in FIELDS if f not in row]
        if missing:
            raise DatasetMissing(f"{path}:{i + 1}: not an AlignBench record (missing {', '.join(missing)})")
    return rows


class AlignBenchSuite(Suite):
    prewarm: ClassVar[tuple[str, ...]] = ("numpy",)
    name = "alignbench"
    needs: ClassVar[tuple[str, ...]] = ("judge",)
    primary: ClassVar[str] = "judge"
    scorer_version: ClassVar[str] = "alignbench/1"

    def __init__(self, path: Path, spec: JudgeSpec, options: dict[str, Any]):
        self.path, self.spec = path, spec
        self.repeats, self.threshold = options["judge_repeats"], options["parse_threshold"]
        self.max_tokens = options["max_tokens"]
        self.rows = load_questions(path)
        self._sha: str | None = None

    def samples(self) -> list[Sample]:
        return [Sample(id=f"alignbench/{r['question_id']}", data=r, category=r["category"]) for r in self.rows]

    def meta(self, sample: Sample) -> dict[str, Any]:
        return {"subcategory": sample.data["subcategory"], "answer_type": answer_type(sample.data["subcategory"])}

    def gold(self, sample: Sample) -> list[ModelOutput]:
        return [ModelOutput(text=sample.data["reference"], finish_reason="stop")]

    async def solve(self, sample: Sample, roles: Roles, trial: int) -> Output:
        messages = [{"role": "user", "content": sample.data["question"]}]
        out = await roles.candidate.generate(ChatRequest(messages=messages, sample_id=sample.id, trial=trial,
                                                         max_tokens=self.max_tokens, temperature=0.0))
        return TextOutput(messages=messages, text=out.text, finish_reason=out.finish_reason, usage=out.usage,
                          latency_s=out.latency_s, error=model_error(out))

    def harness_error(self, output: Output) -> HarnessError | None:
        return output.error

    def score_error(self, scores: dict[str, Score]) -> HarnessError | None:
        return judge_error(scores, "judge")

    def prompt(self, sample: Sample, answer: str) -> tuple[str, list[str]]:
        kind = answer_type(sample.data["subcategory"])
        dims = self.spec.answer_types[kind]
        lines = "\n".join(f"{i}. {d}：{self.spec.dimensions.get(d, '')}" for i, d in enumerate(dims, 1))
        return self.spec.template.format(answer_type=kind, dimensions=lines, question=sample.data["question"],
                                         reference=sample.data["reference"] or "（无）", answer=answer), dims

    async def score(self, sample: Sample, output: Output, judge: ChatModel | None = None) -> dict[str, Score]:
        if judge is None:
            raise ValueError("alignbench needs a judge (--judge SPEC)")
        prompt, dims = self.prompt(sample, output.text)
        results = await judge_repeatedly(judge, self.spec, prompt, sample.id, 0, self.repeats, dims)
        first, raw = results[0]
        official = parse_official(raw["judgment"])
        language = language_of(output.text)
        details = {**first.to_json(), "answer_type": answer_type(sample.data["subcategory"]),
                   "judge": getattr(judge, "identity", ""), "spec": self.spec.key(), **raw,
                   "repeats": [j.to_json() for j, _ in results[1:]],
                   "errors": [r["error"] for _, r in results[:1] if "error" in r]}
        return {
            "judge": Score(value=first.overall, answer=first.status, details=details),
            "official": Score(value=official.overall, answer=official.status, details={"dims": official.dims}),
            "language": Score(passed=None if language is None else language == "zh", answer=language, expected="zh"),
        }

    def row(self, record: Record) -> dict[str, Any]:
        row = super().row(record)
        judge = record.scores.get("judge")
        if judge is not None:
            d = judge.details
            row.update(status=d.get("status"), overall=d.get("overall"), dims=d.get("dims") or {},
                       judge=d.get("judge"), repeats=[d.get("overall"), *(r.get("overall") for r in d.get("repeats", []))],
                       official=record.scores["official"].value if "official" in record.scores else None,
                       language_mismatch=record.scores.get("language", Score()).passed is False)
        return row

    def aggregate(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        judged = [r for r in rows if not r.get("error") and r.get("status")]
        ok = [r for r in judged if r["status"] in SCORED and r.get("overall") is not None]
        cats = category_table(ok)
        total, reasoning, language, ci = total_with_ci(ok)
        official = [dict(r, overall=r["official"]) for r in judged if r.get("official") is not None]
        metrics = {
            "总分": total, "中文推理": reasoning, "中文语言": language, "ci95": ci, "categories": cats,
            "dimensions": dimension_means([r for r in ok if r["status"] == "ok"]),
            **parse_figures([r["status"] for r in judged], self.threshold),
            "language_mismatch_rate": round(sum(bool(r.get("language_mismatch")) for r in judged) / len(judged), 6)
            if judged else None,
            "judge": judge_names(judged), "judge_spec": self.spec.key(),
            "official_parser_总分": total_with_ci(official, ci=False)[0] if official else None,
        }
        if self.repeats > 1:
            metrics["judge_repeat_agreement"] = repeat_agreement([r.get("repeats", []) for r in judged])
        return {"n": len(ok), "errors": len(rows) - len(judged), "score": total, "scale": "1-10",
                "metrics": metrics}

    def identity(self) -> dict[str, Any]:
        if self._sha is None:
            self._sha = sha256_file(self.path)
        return {"suite": self.name, "data_sha256": self._sha, "max_tokens": self.max_tokens, "temperature": 0.0,
                "judge_repeats": self.repeats, **self.spec.identity()}


def data_path(settings: SuiteSettings, given: str | None) -> Path:
    if given == "demo":
        return builtin_dir("judges") / "demo" / "alignbench_demo.jsonl"
    if given:
        path = Path(given).expanduser()
        if not path.is_file():
            raise DatasetMissing(f"alignbench: data file not found: {path}")
        return path
    return require(data_root(settings.data_dir), RELPATH, "alignbench")


def make(settings: SuiteSettings) -> AlignBenchSuite:
    options = parse_options("alignbench", settings.options, OPTIONS)
    spec = load_judge_spec(options["judge_spec"])
    return AlignBenchSuite(data_path(settings, options["data"]), spec, options)
