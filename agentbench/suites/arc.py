"""ARC (AI2 Reasoning Challenge), Easy and Challenge test splits, multiple choice.

Suites: `arc` (both splits, reported per split; score = mean of the split accuracies), `arc_easy`,
`arc_challenge`. 0-shot by default; `shots=k` takes the first k questions of the same split's Train file.
Numeric labels 1-4 (NY Regents questions) are shown and scored as A-D.

Chat template (first user turn; k-shot examples are earlier user/assistant turns answering `Answer: X`):

    The following are multiple choice science questions. Answer with the letter of the correct option, in the form "Answer: X".

    Question: {stem}
    A. {choice}
    B. {choice}
    ...
    Answer:
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agentbench.data.files import ARC_SPLITS, data_root, read_jsonl, require
from agentbench.errors import DatasetMissing
from agentbench.scoring.extraction import extract_choice, prompt_text
from agentbench.suites.base import Sample, SuiteSettings
from agentbench.suites.general import (
    GeneralSuite,
    block,
    by,
    check_shots,
    check_style,
    few_shot_messages,
    summary,
)
from agentbench.suites.options import OptionSpec, parse_options

INSTRUCTION = ("The following are multiple choice science questions. Answer with the letter of the correct "
               'option, in the form "Answer: X".')
OPTIONS = {"max_tokens": OptionSpec(int, None, "tokens per answer")}


def normalise(row: dict[str, Any], where: str) -> dict[str, Any]:
    """One ARC record as {id, stem, choices: [(letter, text)], answer: letter}; labels 1-4 become A-D."""
    try:
        choices = row["question"]["choices"]
        labels = [str(c["label"]) for c in choices]
        key = str(row["answerKey"])
        if all(lab.isdigit() for lab in labels):
            to_letter = {lab: chr(ord("A") + int(lab) - 1) for lab in labels}
        else:
            to_letter = {lab: lab.upper() for lab in labels}
        return {
            "id": row["id"],
            "stem": row["question"]["stem"],
            "choices": [(to_letter[str(c["label"])], c["text"]) for c in choices],
            "answer": to_letter[key],
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise DatasetMissing(f"{where}: not an ARC record ({exc!r}); re-fetch the file") from None


def question_block(q: dict[str, Any]) -> str:
    options = "\n".join(f"{letter}. {text}" for letter, text in q["choices"])
    return f"Question: {q['stem']}\n{options}\nAnswer:"


class ArcSuite(GeneralSuite):
    question_language = "en"
    cue = "Answer:"

    def __init__(self, name: str, splits: tuple[str, ...], root: Path, shots: int, style: str,
                 max_tokens: int | None):
        default_tokens = 32 if style == "completion" else 128
        super().__init__(root, shots, style, max_tokens or default_tokens)
        self.name, self.splits = name, splits
        self.tests: dict[str, list[dict[str, Any]]] = {}
        self.trains: dict[str, list[dict[str, Any]]] = {}
        for split in splits:
            path = require(root, f"arc/{split}-Test.jsonl", name)
            self.tests[split] = [normalise(r, f"{path}:{i + 1}") for i, r in enumerate(read_jsonl(path))]
            if shots:
                train = require(root, f"arc/{split}-Train.jsonl", name)
                self.trains[split] = [normalise(r, f"{train}:{i + 1}")
                                      for i, r in enumerate(read_jsonl(train)[:shots])]

    def files_used(self) -> list[str]:
        parts = ("Test", "Train") if self.shots else ("Test",)
        return [f"arc/{s}-{p}.jsonl" for s in self.splits for p in parts]

    def samples(self) -> list[Sample]:
        return [Sample(id=f"{split}/{q['id']}", data=q, category=split)
                for split in self.splits for q in self.tests[split]]

    def answer_text(self, letter: str) -> str:
        return f" {letter}" if self.style == "completion" else f"Answer: {letter}"

    def messages(self, sample: Sample) -> list[dict[str, str]]:
        shots = [(question_block(q), self.answer_text(q["answer"])) for q in self.trains.get(sample.category, [])]
        return few_shot_messages(INSTRUCTION, shots, question_block(sample.data), self.style)

    def gold_answer(self, sample: Sample) -> str:
        return sample.data["answer"]

    def gold_text(self, sample: Sample) -> str:
        return self.answer_text(sample.data["answer"])

    def letters(self, sample: Sample) -> str:
        return "".join(letter for letter, _ in sample.data["choices"])

    def extract(self, sample: Sample, text: str) -> dict[str, str | None]:
        return extract_choice(text, self.letters(sample), options=dict(sample.data["choices"]),
                              prompt=prompt_text(self.messages(sample)))

    def is_correct(self, sample: Sample, value: str | None) -> bool:
        return value is not None and value == sample.data["answer"]

    def aggregate(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        # Score = mean of the per-split accuracies (one split: its accuracy); CI resamples within splits.
        head, ok = summary(records, macro=True)
        head["splits"] = {split: block(rs) for split, rs in by(ok, "category").items()}
        return {"n": len(ok), "errors": head["errors"], "score": head["accuracy"] if ok else None, "metrics": head}


def _factory(name: str, splits: tuple[str, ...]):
    def make(settings: SuiteSettings) -> ArcSuite:
        options = parse_options(name, settings.options, OPTIONS)
        data_dir, shots, style = settings.data_dir, settings.shots, settings.style
        return ArcSuite(name, splits, data_root(data_dir), check_shots(name, shots, 0, 25),
                        check_style(name, style), options["max_tokens"])

    make.__name__ = f"make_{name}"
    make.uses = ArcSuite.uses  # type: ignore[attr-defined]
    return make


make_arc = _factory("arc", ARC_SPLITS)
make_arc_easy = _factory("arc_easy", ("ARC-Easy",))
make_arc_challenge = _factory("arc_challenge", ("ARC-Challenge",))
