"""Deterministic checks of a final answer: required facts, forbidden facts, language, images shown.

Declines and clarifying questions are recognised in abstain_checks.py."""

from __future__ import annotations

import math
import re

from agentbench.errors import Reason
from agentbench.scenario.schema import AnswerExpect
from agentbench.scoring.verdict import Verdict, fail, ok
from agentbench.text.normalize import language_of, norm_text
from agentbench.text.numbers import as_number, fold, read_numbers
from agentbench.trace.events import ObservationRecord

_IMAGE_URL = re.compile(r"https?://[^\s\"'<>)\]]+\.(?:png|jpe?g|gif|webp)", re.IGNORECASE)
# Units written in more than one way; keys and members are folded (NFKC turns ℃ into °c).
_UNIT_CLASSES = [("°c", "度", "°", "摄氏度", "degrees", "degree"), ("元", "块", "块钱", "rmb", "yuan"),
                 ("人", "位", "名", "个人", "people", "persons", "guests")]


def _unit_forms(unit: str) -> tuple[str, ...]:
    folded = fold(unit)
    return next((c for c in _UNIT_CLASSES if folded in c), (folded,))


def _number_fact(fact: str) -> tuple[float, tuple[str, ...]] | None:
    """(value, accepted unit spellings) when the fact is a number (-5, 零下五, 1.5万) or a number and a
    unit (-5℃, 2人, 7130元); None for a text fact."""
    value = as_number(fact)
    if value is not None:
        return value, ()
    folded = fold(fact).strip()
    for k in range(1, min(4, len(folded) - 1) + 1):  # the shortest unit first: 零下五度 is 零下五 + 度
        unit = folded[-k:]
        if any(c.isdigit() for c in unit) or (value := as_number(folded[:-k])) is None:
            continue
        return value, _unit_forms(unit)
    return None


def _states_number(answer: str, value: float, units: tuple[str, ...]) -> bool:
    folded = fold(answer)
    for number in read_numbers(answer):
        if not math.isclose(number.value, value, rel_tol=1e-9, abs_tol=1e-9):
            continue
        after = folded[number.end:].lstrip()
        if not units or after.startswith(units):
            return True
    return False


def mentions(answer: str, fact: str) -> bool:
    """Normalised containment. A number fact matches by value, standing alone and signed: 2358 matches
    2358.0, 2,358 and 两千三百五十八; -5 matches 零下五度 and 零下5℃; 2 does not match 12, 2.5, -2 or 零下2℃.
    A number with a unit (-5℃, 2人) also needs the unit, in any of its spellings (度 for ℃, 位 for 人)."""
    number = _number_fact(fact)
    if number is not None:
        return _states_number(answer, *number)
    return norm_text(fact) in norm_text(answer)


def check_answer(expect: AnswerExpect | None, answer: str, scenario_language: str,
                 observations: list[ObservationRecord], turn: int, step: int) -> list[Verdict]:
    verdicts: list[Verdict] = []
    language = (expect.language if expect and expect.language else None) or scenario_language
    if language != "any":
        actual = language_of(answer)
        if actual != language:
            verdicts.append(fail("answer", Reason.ANSWER_WRONG_LANGUAGE, turn, step,
                                 f"answer is in {actual or 'no language'}, expected {language}",
                                 expected=language, actual=answer[:300]))
    if expect is None:
        return verdicts
    for fact in expect.must_mention:
        options = fact if isinstance(fact, list) else [fact]
        if any(mentions(answer, o) for o in options):
            verdicts.append(ok("answer", turn, step, f"mentions {' / '.join(options)}"))
        else:
            verdicts.append(fail("answer", Reason.ANSWER_MISSING_FACT, turn, step,
                                 f"answer lacks {' / '.join(options)}", expected=options, actual=answer[:300]))
    for fact in expect.must_not_mention:
        if mentions(answer, fact):
            verdicts.append(fail("answer", Reason.ANSWER_FORBIDDEN_FACT, turn, step,
                                 f"answer states {fact!r}", expected=f"not {fact}", actual=answer[:300]))
    if expect.show_images:
        urls = sorted({u for o in observations if o.ok for u in _IMAGE_URL.findall(o.content)})
        for url in urls:
            shown = re.search(r"!\[[^\]]*\]\(\s*" + re.escape(url) + r"\s*\)", answer)
            if not shown:
                verdicts.append(fail("answer", Reason.ANSWER_IMAGE_NOT_SHOWN, turn, step,
                                     f"image not shown as ![](url): {url}", expected=f"![...]({url})",
                                     actual=answer[:300]))
    return verdicts
