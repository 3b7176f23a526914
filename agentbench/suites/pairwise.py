"""Pairwise: the candidate against a baseline on open questions in SuperCLUE-OPEN's ten abilities.

The baseline is a previous run's answers (`--suite-option baseline_run=DIR`, read with RunReader) or a
model answering now (`--baseline SPEC`). Every question is judged in both orders (candidate in slot A,
then in slot B); each order is one game. The score is 胜和率 = (W+T)/(W+T+L)·100 over parsed games;
the consistent-only variant, position consistency and first-slot preference sit beside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import yaml

from agentbench.errors import UsageError
from agentbench.judges.outcome import Judgment
from agentbench.judges.spec import JudgeSpec, load_judge_spec
from agentbench.models.base import ChatModel
from agentbench.paths import builtin_dir
from agentbench.results import HarnessError, Output, PairOutput, Record, Score, TextOutput
from agentbench.suites import pairwise_stats as stats
from agentbench.suites.base import Roles, Sample, Suite, SuiteSettings
from agentbench.suites.judged import JUDGE_OPTIONS, judge_error, judge_names, judge_repeatedly, parse_figures
from agentbench.suites.options import OptionSpec, parse_options
from agentbench.types import ChatRequest, ModelOutput, Usage

ABILITIES = ("语义理解与抽取", "闲聊", "上下文对话", "角色扮演", "知识与百科", "生成与创作", "代码", "逻辑与推理", "计算", "安全")
OPTIONS = {
    "questions": OptionSpec(str, None, "question file (default: the built-in judges/pairwise/questions.yaml)"),
    "baseline_run": OptionSpec(str, None, "a previous run directory whose pairwise answers are the baseline"),
    "judge_spec": OptionSpec(str, "pairwise_zh", "judge spec id under judges/ or a YAML path"),
    "max_tokens": OptionSpec(int, 1024, "tokens per answer"),
    **JUDGE_OPTIONS,
}
OUTCOME = ({"A": "win", "B": "loss", "tie": "tie"}, {"A": "loss", "B": "win", "tie": "tie"})
"""Order 0 puts the candidate in slot A, order 1 in slot B."""


def load_questions(path: Path) -> list[dict[str, Any]]:
    try:
        rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UsageError(f"pairwise: cannot read questions {path}: {exc}") from None
    for i, row in enumerate(rows if isinstance(rows, list) else [None]):
        turns = row.get("turns") if isinstance(row, dict) else None
        if not (isinstance(turns, list) and 1 <= len(turns) <= 2 and row.get("id") and row.get("ability")):
            raise UsageError(f"{path}: item {i + 1}: needs id, ability and turns (one or two user messages)")
    return rows


def baseline_answers(run_dir: str) -> dict[str, list[str]]:
    from agentbench.store import RunReader

    reader = RunReader(Path(run_dir)).require()
    answers: dict[str, list[str]] = {}
    for record in reader.records(suite="pairwise"):
        if record.error is None and record.key.trial == 0 and isinstance(record.output, PairOutput):
            answers.setdefault(record.key.sample_id, record.output.candidate)
        elif record.error is None and isinstance(record.output, TextOutput):
            answers.setdefault(record.key.sample_id, [record.output.text])
    if not answers:
        raise UsageError(f"baseline_run {run_dir} holds no pairwise answers (run `--suite pairwise` there first)")
    return answers


class PairwiseSuite(Suite):
    prewarm: ClassVar[tuple[str, ...]] = ("numpy",)
    name = "pairwise"
    primary: ClassVar[str] = "pairwise"
    scorer_version: ClassVar[str] = "pairwise/1"

    def __init__(self, questions: list[dict[str, Any]], source: Path, spec: JudgeSpec, options: dict[str, Any]):
        self.questions, self.source, self.spec = questions, source, spec
        self.repeats, self.threshold = options["judge_repeats"], options["parse_threshold"]
        self.max_tokens, self.baseline_run = options["max_tokens"], options["baseline_run"]
        self.stored = baseline_answers(self.baseline_run) if self.baseline_run else None
        self.needs = ("judge",) if self.stored is not None else ("judge", "baseline")

    def samples(self) -> list[Sample]:
        return [Sample(id=f"pairwise/{q['id']}", data=q, category=q["ability"]) for q in self.questions
                if self.stored is None or f"pairwise/{q['id']}" in self.stored]

    def meta(self, sample: Sample) -> dict[str, Any]:
        return {"turns": len(sample.data["turns"])}

    def gold(self, sample: Sample) -> list[ModelOutput]:
        text = sample.data.get("reference") or "好的，我来回答：" + sample.data["turns"][0]
        return [ModelOutput(text=text, finish_reason="stop") for _ in sample.data["turns"]]

    async def converse(self, model: ChatModel, sample: Sample, trial: int) -> tuple[list[ModelOutput], list[str]]:
        messages: list[dict[str, str]] = []
        outputs = []
        for i, turn in enumerate(sample.data["turns"]):
            messages.append({"role": "user", "content": turn})
            out = await model.generate(ChatRequest(messages=list(messages), sample_id=sample.id, trial=trial,
                                                   call_index=i, max_tokens=self.max_tokens, temperature=0.0))
            outputs.append(out)
            if out.error is not None:
                break
            messages.append({"role": "assistant", "content": out.text})
        return outputs, [o.text for o in outputs]

    async def solve(self, sample: Sample, roles: Roles, trial: int) -> Output:
        outs, answers = await self.converse(roles.candidate, sample, trial)
        if self.stored is not None:
            base_outs, baseline, source = [], self.stored[sample.id], f"run:{self.baseline_run}"
        else:
            base_outs, baseline = await self.converse(roles.baseline, sample, trial)
            source = "role"
        failed = next((o for o in outs + base_outs if o.error is not None), None)
        every = outs + base_outs
        return PairOutput(turns=sample.data["turns"], candidate=answers, baseline=baseline, baseline_source=source,
                          finish_reasons=[o.finish_reason for o in outs],
                          usage=Usage(prompt_tokens=sum(o.usage.prompt_tokens for o in every),
                                      completion_tokens=sum(o.usage.completion_tokens for o in every)),
                          latency_s=sum(o.latency_s for o in every),
                          error=HarnessError(kind=failed.error_kind or "transport", message=failed.error)
                          if failed else None)

    def harness_error(self, output: Output) -> HarnessError | None:
        return output.error

    def score_error(self, scores: dict[str, Score]) -> HarnessError | None:
        return judge_error(scores, "pairwise")

    def prompt(self, sample: Sample, a: list[str], b: list[str]) -> str:
        ref = sample.data.get("reference")
        block = f"\n[参考答案]\n{ref}\n" if ref else ""
        turns = sample.data["turns"]
        if len(turns) == 2 and len(a) == 2 and len(b) == 2:
            return self.spec.templates["two_turn"].format(
                reference_block=block, question_1=turns[0], question_2=turns[1], answer_a_1=a[0], answer_a_2=a[1],
                answer_b_1=b[0], answer_b_2=b[1])
        return self.spec.template.format(question=turns[0], reference_block=block, answer_a=a[0], answer_b=b[0])

    async def score(self, sample: Sample, output: Output, judge: ChatModel | None = None) -> dict[str, Score]:
        if judge is None:
            raise ValueError("pairwise needs a judge (--judge SPEC)")
        orders = [(output.candidate, output.baseline), (output.baseline, output.candidate)]
        games, raws, errors = [], [], []
        for order, (a, b) in enumerate(orders):
            results = await judge_repeatedly(judge, self.spec, self.prompt(sample, a, b), sample.id,
                                             order * self.repeats, self.repeats)
            first, raw = results[0]
            games.append(self.game(order, first, [j for j, _ in results[1:]]))
            raws.append(raw)
            errors += [r["error"] for _, r in results[:1] if "error" in r]
        outcomes = [g["outcome"] for g in games]
        decided = [o for o in outcomes if o]
        combined = (outcomes[0] if outcomes[0] == outcomes[1] else "inconsistent") if len(decided) == 2 else \
            (decided[0] if decided else None)
        value = sum(stats.POINTS[o] for o in decided) / len(decided) if decided else None
        lengths = {"candidate": sum(map(len, output.candidate)), "baseline": sum(map(len, output.baseline))}
        return {"pairwise": Score(value=value, answer=combined, details={
            "games": games, "lengths": lengths, "judge": getattr(judge, "identity", ""), "spec": self.spec.key(),
            "judgments": raws, "errors": errors})}

    @staticmethod
    def game(order: int, judgment: Judgment, repeats: list[Judgment]) -> dict[str, Any]:
        outcome = OUTCOME[order].get(judgment.verdict) if judgment.scored else None
        game = {"order": order, "status": judgment.status, "verdict": judgment.verdict, "outcome": outcome,
                "reason": judgment.reason}
        if repeats:
            game["repeats"] = [j.verdict if j.scored else None for j in repeats]
        return game

    def row(self, record: Record) -> dict[str, Any]:
        row = super().row(record)
        score = record.scores.get("pairwise")
        if score is not None:
            row.update(games=score.details.get("games", []), lengths=score.details.get("lengths", {}),
                       judge=score.details.get("judge"))
        return row

    def aggregate(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        judged = [r for r in rows if not r.get("error") and "games" in r]
        head = stats.wtl(judged)
        metrics = {"win_tie_rate": head["win_tie_rate"], "ci95": head["ci95"], "games": head["games"],
                   "wins": head["wins"], "ties": head["ties"], "losses": head["losses"],
                   **stats.consistency(judged), **stats.first_slot(judged), "mean_length": stats.lengths(judged),
                   "abilities": stats.by_ability(judged),
                   **parse_figures([g["status"] for r in judged for g in r["games"]], self.threshold),
                   "judge": judge_names(judged), "judge_spec": self.spec.key()}
        if self.repeats > 1:
            groups = [[g.get("verdict"), *g.get("repeats", [])] for r in judged for g in r["games"]]
            from agentbench.suites.judged import repeat_agreement

            metrics["judge_repeat_agreement"] = repeat_agreement(groups)
        return {"n": len(judged), "errors": len(rows) - len(judged), "score": head["win_tie_rate"], "metrics": metrics}

    def identity(self) -> dict[str, Any]:
        import hashlib

        return {"suite": self.name, "questions_sha256": hashlib.sha256(self.source.read_bytes()).hexdigest(),
                "baseline_run": str(self.baseline_run) if self.baseline_run else None,
                "max_tokens": self.max_tokens, "temperature": 0.0, "judge_repeats": self.repeats,
                **self.spec.identity()}


def make(settings: SuiteSettings) -> PairwiseSuite:
    options = parse_options("pairwise", settings.options, OPTIONS)
    path = Path(options["questions"]) if options["questions"] else builtin_dir("judges") / "pairwise" / "questions.yaml"
    questions = load_questions(path)
    unknown = sorted({q["ability"] for q in questions} - set(ABILITIES))
    if unknown:
        raise UsageError(f"{path}: unknown abilit(ies) {', '.join(unknown)}; known: {', '.join(ABILITIES)}")
    return PairwiseSuite(questions, path, load_judge_spec(options["judge_spec"]), options)
