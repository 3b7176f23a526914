"""C-Eval: 52 Chinese exam subjects, scored on val, 5-shot from the same subject's dev by default.

Score = mean of the per-subject accuracies (the official C-Eval average), plus STEM / Social Science /
Humanities / Other (each the mean of its subjects, from subject_mapping.json) and the Hard subset.
`cot=True` shows the dev explanations in the examples (C-Eval's CoT setting).

Chat template (first user turn; each dev example is an earlier user turn answered by the assistant with
`答案：C`, or with CoT `让我们一步一步思考，\\n{explanation}\\n所以答案是C。`):

    以下是中国关于{科目}考试的单项选择题，请选出其中的正确答案。

    {question}
    A. {A}
    B. {B}
    C. {C}
    D. {D}
    答案：
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agentbench.data.files import data_root, read_csv, read_json, require
from agentbench.errors import DatasetMissing, UsageError
from agentbench.scoring.extraction import extract_choice, prompt_text
from agentbench.suites.base import Sample, SuiteSettings
from agentbench.suites.general import (
    GeneralSuite,
    accuracy,
    block,
    by,
    check_shots,
    check_style,
    few_shot_messages,
    summary,
)
from agentbench.suites.options import OptionSpec, parse_options

HARD = (
    "advanced_mathematics", "discrete_mathematics", "probability_and_statistics", "college_chemistry",
    "college_physics", "high_school_mathematics", "high_school_chemistry", "high_school_physics",
)
GROUPS = ("STEM", "Social Science", "Humanities", "Other")
HEADER = "以下是中国关于{subject}考试的单项选择题，请选出其中的正确答案。"
COT_HINT = "请一步一步思考，最后以“所以答案是X。”的形式给出答案。"
LETTERS = "ABCD"
OPTIONS = {
    "cot": OptionSpec(bool, False, "show the dev explanations (CoT)"),
    "max_tokens": OptionSpec(int, None, "tokens per answer"),
    "subjects": OptionSpec(list, None, "comma-separated subject ids"),
}
_COLUMNS = ("id", "question", "A", "B", "C", "D", "answer")


def question_block(row: dict[str, str]) -> str:
    options = "\n".join(f"{x}. {row[x]}" for x in LETTERS)
    return f"{row['question']}\n{options}\n答案："


def _rows(path: Path, need_explanation: bool) -> list[dict[str, str]]:
    rows = read_csv(path)
    need = _COLUMNS + (("explanation",) if need_explanation else ())
    for i, row in enumerate(rows):
        missing = [c for c in need if c not in row or row[c] is None]
        if missing or row["answer"].strip() not in LETTERS:
            raise DatasetMissing(f"{path}: row {i + 1} is not a C-Eval row (missing {missing or 'a valid answer'}); "
                                 "re-fetch the file")
    return rows


class CevalSuite(GeneralSuite):
    name = "ceval"
    question_language = "zh"
    cue = "答案："

    def __init__(self, root: Path, shots: int, style: str, cot: bool, max_tokens: int | None,
                 subjects: list[str] | None):
        default_tokens = 1024 if cot else (32 if style == "completion" else 128)
        super().__init__(root, shots, style, max_tokens or default_tokens)
        self.cot = cot
        self.mapping: dict[str, list[str]] = read_json(require(root, "ceval/subject_mapping.json", "ceval"))
        chosen = sorted(self.mapping) if subjects is None else list(subjects)
        unknown = [s for s in chosen if s not in self.mapping]
        if unknown:
            raise UsageError(f"ceval: unknown subject(s) {', '.join(unknown)}; see ceval/subject_mapping.json")
        self.subjects = chosen
        self.val: dict[str, list[dict[str, str]]] = {}
        self.dev: dict[str, list[dict[str, str]]] = {}
        for subject in chosen:
            self.val[subject] = _rows(require(root, f"ceval/val/{subject}_val.csv", "ceval"), False)
            if shots:
                dev = _rows(require(root, f"ceval/dev/{subject}_dev.csv", "ceval"), cot)
                if len(dev) < shots:
                    raise UsageError(f"ceval: {subject} has {len(dev)} dev examples, fewer than shots={shots}")
                self.dev[subject] = dev[:shots]

    def settings(self) -> dict[str, Any]:
        return {"cot": self.cot, "subjects": len(self.subjects)}

    def files_used(self) -> list[str]:
        files = ["ceval/subject_mapping.json"] + [f"ceval/val/{s}_val.csv" for s in self.subjects]
        return files + ([f"ceval/dev/{s}_dev.csv" for s in self.subjects] if self.shots else [])

    def samples(self) -> list[Sample]:
        return [Sample(id=f"ceval/{subject}/{row['id']}", data=row, category=subject)
                for subject in self.subjects for row in self.val[subject]]

    def answer_text(self, letter: str, explanation: str | None = None) -> str:
        if explanation is not None:
            steps = explanation.replace("\r\n", "\n").strip()
            return f"让我们一步一步思考，\n{steps}\n所以答案是{letter}。"
        return letter if self.style == "completion" else f"答案：{letter}"

    def instruction(self, subject: str) -> str:
        header = HEADER.format(subject=self.mapping[subject][1])
        return header + COT_HINT if self.cot else header

    def messages(self, sample: Sample) -> list[dict[str, str]]:
        shots = [(question_block(row), self.answer_text(row["answer"].strip(),
                                                         row["explanation"] if self.cot else None))
                 for row in self.dev.get(sample.category, [])]
        return few_shot_messages(self.instruction(sample.category), shots, question_block(sample.data),
                                 self.style)

    def gold_answer(self, sample: Sample) -> str:
        return sample.data["answer"].strip()

    def gold_text(self, sample: Sample) -> str:
        return self.answer_text(self.gold_answer(sample))

    def meta(self, sample: Sample) -> dict[str, Any]:
        return {"group": self.mapping[sample.category][2], "hard": sample.category in HARD}

    def extract(self, sample: Sample, text: str) -> dict[str, str | None]:
        return extract_choice(text, LETTERS, options={x: sample.data[x] for x in LETTERS},
                              prompt=prompt_text(self.messages(sample)))

    def is_correct(self, sample: Sample, value: str | None) -> bool:
        return value is not None and value == self.gold_answer(sample)

    def aggregate(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        # Official number: the mean of per-subject accuracies; CIs resample within each subject.
        head, ok = summary(records, macro=True)
        group_of = {s: v[2] for s, v in self.mapping.items()}
        groups: dict[str, list[dict[str, Any]]] = {}
        for r in ok:  # records carry their group; the mapping covers records written without it
            groups.setdefault(r.get("group") or group_of.get(r.get("category", ""), "Other"), []).append(r)
        head["categories"] = {}
        for group, rs in sorted(groups.items()):
            head["categories"][group] = {"n": len(rs), "subjects": len({r["category"] for r in rs}),
                                         **accuracy(rs, "correct", macro=True),
                                         "accuracy_strict": accuracy(rs, "correct_strict", True, False)["accuracy"]}
        hard = [r for r in ok if r.get("category") in HARD]
        head["hard"] = ({"n": len(hard), "subjects": len({r["category"] for r in hard}),
                         **accuracy(hard, "correct", macro=True),
                         "accuracy_strict": accuracy(hard, "correct_strict", True, False)["accuracy"]}
                        if hard else None)
        head["subjects"] = {s: block(rs, ci=False) for s, rs in by(ok, "category").items()}
        return {"n": len(ok), "errors": head["errors"], "score": head["accuracy"] if ok else None, "metrics": head}


def make(settings: SuiteSettings) -> CevalSuite:
    options = parse_options("ceval", settings.options, OPTIONS)
    return CevalSuite(data_root(settings.data_dir), check_shots("ceval", settings.shots, 5, 5),
                      check_style("ceval", settings.style), options["cot"], options["max_tokens"],
                      options["subjects"])


make.uses = CevalSuite.uses  # type: ignore[attr-defined]
