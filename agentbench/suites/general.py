"""Shared machinery of the general-ability suites (ARC, C-Eval, GSM8K): one model call per sample,
named extraction pipelines, a record with both pipelines, and accuracy roll-ups with bootstrap CIs.

Prompt styles:
- `chat` (default): the instruction and the question as user messages; few-shot examples are earlier
  user/assistant turns.
- `completion` (base models): one user message holding the raw few-shot prompt, ending in the answer cue
  (`答案：` / `Answer:`); the output is read as the continuation of that cue.
"""

from __future__ import annotations

from abc import abstractmethod
from pathlib import Path
from typing import Any, ClassVar

from agentbench.data.files import checksums
from agentbench.errors import UsageError
from agentbench.models.base import ChatModel
from agentbench.results import HarnessError, Output, Record, Score, TextOutput
from agentbench.scoring.extraction import PIPELINES, cut_note
from agentbench.scoring.stats import bootstrap_ci, point_estimate
from agentbench.suites.base import Roles, Sample, Suite, model_error
from agentbench.text.normalize import language_of
from agentbench.types import ChatRequest, ModelOutput

STYLES = ("chat", "completion")
PRIMARY = "flexible"


def check_style(suite: str, style: str | None) -> str:
    style = style or "chat"
    if style not in STYLES:
        raise UsageError(f"suite {suite!r}: style must be one of {', '.join(STYLES)}, got {style!r}")
    return style


def check_shots(suite: str, shots: int | None, default: int, most: int) -> int:
    k = default if shots is None else shots
    if not isinstance(k, int) or isinstance(k, bool) or not 0 <= k <= most:
        raise UsageError(f"suite {suite!r}: shots must be an integer 0..{most}, got {shots!r}")
    return k


def few_shot_messages(instruction: str, shots: list[tuple[str, str]], question: str, style: str,
                      ) -> list[dict[str, str]]:
    """Messages for a few-shot prompt. `shots` are (prompt block, answer text) pairs.

    chat: first user turn = instruction + first block; each answer an assistant turn.
    completion: one user message = instruction + blocks each followed by its answer, then the question.
    """
    head = instruction + "\n\n" if instruction else ""
    if style == "completion":
        body = "".join(f"{block}{answer}\n\n" for block, answer in shots)
        return [{"role": "user", "content": head + body + question}]
    messages: list[dict[str, str]] = []
    for block, answer in shots:
        messages.append({"role": "user", "content": (head if not messages else "") + block})
        messages.append({"role": "assistant", "content": answer})
    messages.append({"role": "user", "content": (head if not messages else "") + question})
    return messages


class GeneralSuite(Suite):
    """One call per sample; subclasses say how to prompt, what the gold is, and how to extract."""

    primary: ClassVar[str] = PRIMARY
    scorer_version: ClassVar[str] = "extract/1"
    uses: ClassVar[frozenset[str]] = frozenset({"shots", "style"})
    prewarm: ClassVar[tuple[str, ...]] = ("numpy",)

    question_language = "en"
    cue = "Answer:"
    """Answer cue ending a completion-style prompt; prepended to the output before extraction."""

    def __init__(self, root: Path, shots: int, style: str, max_tokens: int):
        self.root, self.shots, self.style, self.max_tokens = root, shots, style, max_tokens
        self._checksums: dict[str, str] | None = None

    # ---- what subclasses provide
    @abstractmethod
    def messages(self, sample: Sample) -> list[dict[str, str]]: ...

    @abstractmethod
    def gold_answer(self, sample: Sample) -> str:
        """Gold value as stored in records (a letter, or a canonical number)."""

    @abstractmethod
    def gold_text(self, sample: Sample) -> str:
        """What a perfect model writes (in this suite's style)."""

    @abstractmethod
    def extract(self, sample: Sample, text: str) -> dict[str, str | None]:
        """`{pipeline: value or None}`."""

    @abstractmethod
    def is_correct(self, sample: Sample, value: str | None) -> bool: ...

    @abstractmethod
    def files_used(self) -> list[str]:
        """Data files (relative to the root) this configuration reads, for checksums."""

    def stop(self) -> list[str]:
        return ["\n\n"] if self.style == "completion" else []

    def settings(self) -> dict[str, Any]:
        return {}

    # ---- the Suite interface
    def identity(self) -> dict[str, Any]:
        if self._checksums is None:
            self._checksums = checksums(self.root, self.files_used())
        return {"suite": self.name, "shots": self.shots, "style": self.style, "max_tokens": self.max_tokens,
                "temperature": 0.0, **self.settings(), "data_sha256": self._checksums}

    def config(self) -> dict[str, Any]:
        return {**super().config(), "pipelines": list(PIPELINES), "primary_pipeline": PRIMARY,
                "data_root": str(self.root)}

    def gold(self, sample: Sample) -> list[ModelOutput]:
        return [ModelOutput(text=self.gold_text(sample), finish_reason="stop")]

    async def solve(self, sample: Sample, roles: Roles, trial: int) -> Output:
        messages = self.messages(sample)
        request = ChatRequest(messages=messages, sample_id=sample.id, trial=trial, call_index=0,
                              max_tokens=self.max_tokens, temperature=0.0, stop=self.stop())
        output = await roles.candidate.generate(request)
        return TextOutput(messages=messages, text=output.text, finish_reason=output.finish_reason,
                          usage=output.usage, latency_s=output.latency_s, error=model_error(output))

    def harness_error(self, output: Output) -> HarnessError | None:
        return output.error

    async def score(self, sample: Sample, output: Output, judge: ChatModel | None = None) -> dict[str, Score]:
        text = output.text
        gold = self.gold_answer(sample)
        extracted = self.extract(sample, (self.cue + text) if self.style == "completion" else text)
        cut = {"extraction_cut": note} if (note := cut_note(text)) else {}  # only a reply past the window
        scores = {name: Score(passed=self.is_correct(sample, value), value=float(self.is_correct(sample, value)),
                              answer=value, expected=gold, details={"invalid": value is None, **cut})
                  for name, value in extracted.items()}
        language = language_of(text)
        scores["language"] = Score(
            passed=None if language is None else language == self.question_language, answer=language,
            expected=self.question_language)
        return scores

    def row(self, record: Record) -> dict[str, Any]:
        row = super().row(record)
        scores = record.scores
        if record.error is None and PRIMARY in scores:
            language = scores.get("language", Score())
            row.update(correct=scores[PRIMARY].passed, correct_strict=scores["strict"].passed,
                       extracted={p: scores[p].answer for p in PIPELINES if p in scores},
                       invalid={p: scores[p].answer is None for p in PIPELINES if p in scores},
                       answer=scores[PRIMARY].expected, language=language.answer,
                       question_language=language.expected, language_mismatch=language.passed is False)
        return row


# ------------------------------------------------------------------------------------------ roll-ups


def scored(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records with a verdict (harness errors are excluded and counted separately)."""
    return [r for r in records if not r.get("error") and "correct" in r]


def per_sample(records: list[dict[str, Any]], field: str) -> dict[str, tuple[str, float]]:
    """`{sample_id: (category, mean of field over trials)}`; a record without sample_id is its own unit."""
    sums: dict[str, list[Any]] = {}
    for i, r in enumerate(records):
        key = str(r.get("sample_id", f"#{i}"))
        entry = sums.setdefault(key, [r.get("category", ""), 0.0, 0])
        entry[1] += float(bool(r.get(field)))
        entry[2] += 1
    return {k: (cat, total / n) for k, (cat, total, n) in sums.items()}


def _pct(x: float) -> float:
    return round(100.0 * x, 4)


def accuracy(records: list[dict[str, Any]], field: str, macro: bool = False, ci: bool = True,
             ) -> dict[str, Any]:
    """Accuracy (0-100) of `field` over samples, optionally the mean of per-category accuracies, with CI."""
    units = per_sample(records, field)
    values = [v for _, v in units.values()]
    strata = [c for c, _ in units.values()] if macro else None
    out: dict[str, Any] = {"accuracy": _pct(point_estimate(values, strata, macro)) if values else None}
    if ci:
        lo, hi = bootstrap_ci(values, strata, macro) if values else (float("nan"), float("nan"))
        out["ci95"] = [_pct(lo), _pct(hi)] if values else None
    return out


def block(records: list[dict[str, Any]], macro: bool = False, ci: bool = True) -> dict[str, Any]:
    """Both pipelines' accuracy, invalid counts/rates and language mismatch for one set of records."""
    n = len(records)
    flexible = accuracy(records, "correct", macro, ci)
    strict = accuracy(records, "correct_strict", macro, ci)
    out: dict[str, Any] = {"n": n, "samples": len(per_sample(records, "correct")), **flexible,
                           "accuracy_strict": strict["accuracy"]}
    if ci:
        out["ci95_strict"] = strict["ci95"]
    invalid = {p: sum(1 for r in records if r.get("invalid", {}).get(p)) for p in PIPELINES}
    out["invalid"] = invalid
    out["invalid_rate"] = {p: round(k / n, 6) if n else None for p, k in invalid.items()}
    mismatch = sum(1 for r in records if r.get("language_mismatch"))
    out["language_mismatch"] = mismatch
    out["language_mismatch_rate"] = round(mismatch / n, 6) if n else None
    out["language_undetected"] = sum(1 for r in records if r.get("language") is None)
    return out


def by(records: list[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        groups.setdefault(str(r.get(key, "")), []).append(r)
    return dict(sorted(groups.items()))


def summary(records: list[dict[str, Any]], macro: bool) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Headline metrics shared by every general suite, and the scored records."""
    ok = scored(records)
    head = block(ok, macro=macro)
    head["errors"] = len(records) - len(ok)
    head["pipeline"] = PRIMARY
    head["trials"] = len({r.get("trial", 0) for r in ok}) or 0
    return head, ok
