"""GSM8K: grade-school math word problems, test split, compared numerically.

0-shot by default; `shots=k` takes the first k problems of train.jsonl with their worked solutions
(calculator annotations `<<…>>` removed, `#### N` rewritten as `The answer is N.`).

Chat template (first user turn; k-shot examples are earlier `Question: …` user turns answered by the
assistant with the worked solution):

    Solve the following math problem step by step. End your response with "The answer is N." where N is the final number.

    Question: {question}

Completion style: `Question: {question}\\nAnswer:` blocks, each example followed by its solution.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from agentbench.data.files import data_root, read_jsonl, require
from agentbench.errors import DatasetMissing
from agentbench.scoring.extraction import extract_number, gsm8k_gold, numbers_equal, prompt_text
from agentbench.suites.base import Sample, SuiteSettings
from agentbench.suites.general import (
    GeneralSuite,
    check_shots,
    check_style,
    few_shot_messages,
    summary,
)
from agentbench.suites.options import OptionSpec, parse_options

INSTRUCTION = ('Solve the following math problem step by step. End your response with "The answer is N." '
               "where N is the final number.")
OPTIONS = {"max_tokens": OptionSpec(int, None, "tokens per answer")}
_CALC = re.compile(r"<<[^>]*>>")


def worked_solution(answer: str) -> str:
    """A train solution as a model should write it: no calculator annotations, `The answer is N.` last."""
    body, _, _ = answer.rpartition("####")
    return f"{_CALC.sub('', body).strip()}\nThe answer is {gsm8k_gold(answer)}."


def _problems(path: Path) -> list[dict[str, str]]:
    rows = read_jsonl(path)
    for i, row in enumerate(rows):
        if not isinstance(row.get("question"), str) or "####" not in str(row.get("answer", "")):
            raise DatasetMissing(f"{path}:{i + 1}: not a GSM8K record (question, answer with ####); re-fetch")
    return rows


class Gsm8kSuite(GeneralSuite):
    name = "gsm8k"
    question_language = "en"
    cue = ""  # the number is read from the continuation itself

    def __init__(self, root: Path, shots: int, style: str, max_tokens: int | None):
        super().__init__(root, shots, style, max_tokens or 512)
        test = _problems(require(root, "gsm8k/test.jsonl", "gsm8k"))
        # keep only what scoring needs: the question and the reference number
        self.test = [{"question": r["question"], "answer": gsm8k_gold(r["answer"])} for r in test]
        self.train = _problems(require(root, "gsm8k/train.jsonl", "gsm8k"))[:shots] if shots else []

    def files_used(self) -> list[str]:
        return ["gsm8k/test.jsonl"] + (["gsm8k/train.jsonl"] if self.shots else [])

    def stop(self) -> list[str]:
        return ["\n\n", "Question:"] if self.style == "completion" else []

    def samples(self) -> list[Sample]:
        return [Sample(id=f"gsm8k/{i}", data=row, category="gsm8k") for i, row in enumerate(self.test)]

    def messages(self, sample: Sample) -> list[dict[str, str]]:
        if self.style == "completion":
            shots = [(f"Question: {r['question']}\nAnswer: ", worked_solution(r["answer"])) for r in self.train]
            question = f"Question: {sample.data['question']}\nAnswer:"
        else:
            shots = [(f"Question: {r['question']}", worked_solution(r["answer"])) for r in self.train]
            question = f"Question: {sample.data['question']}"
        return few_shot_messages(INSTRUCTION, shots, question, self.style)

    def gold_answer(self, sample: Sample) -> str:
        return sample.data["answer"]

    def gold_text(self, sample: Sample) -> str:
        text = f"The answer is {sample.data['answer']}."
        return " " + text if self.style == "completion" else text

    def extract(self, sample: Sample, text: str) -> dict[str, str | None]:
        return extract_number(text, prompt=prompt_text(self.messages(sample)))

    def is_correct(self, sample: Sample, value: str | None) -> bool:
        return numbers_equal(value, sample.data["answer"])

    def aggregate(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        head, ok = summary(records, macro=False)
        return {"n": len(ok), "errors": head["errors"], "score": head["accuracy"] if ok else None, "metrics": head}


def make(settings: SuiteSettings) -> Gsm8kSuite:
    options = parse_options("gsm8k", settings.options, OPTIONS)
    return Gsm8kSuite(data_root(settings.data_dir), check_shots("gsm8k", settings.shots, 0, 64),
                      check_style("gsm8k", settings.style), options["max_tokens"])


make.uses = Gsm8kSuite.uses  # type: ignore[attr-defined]
