"""Deterministic checks of a final answer: required facts, forbidden facts, language, images shown."""

from __future__ import annotations

import re

from agentbench.errors import Reason
from agentbench.scenario.schema import AnswerExpect
from agentbench.scoring.verdict import Verdict, fail, ok
from agentbench.text.normalize import language_of, norm_text, width_fold
from agentbench.trace.events import ObservationRecord

_DECLINE = re.compile(
    r"抱歉|对不起|无法|不能|不支持|做不到|暂不|不提供|超出.{0,6}范围|没有.{0,10}(工具|功能|能力|权限|办法)"
    r"|sorry|cannot|can't|can not|unable|not able|don't have|do not have|no tool",
    re.IGNORECASE,
)
_QUESTION = re.compile(r"[？?]|请问|请提供|请告诉|请补充|请说明|could you|can you tell|which", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
# a number standing alone: not part of an id (R0001), a date (2026-11-23) or a longer number
_NUMBERS_IN_TEXT = re.compile(r"(?<![\dA-Za-z])(?<!\d[.,-])[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])")
_IMAGE_URL = re.compile(r"https?://[^\s\"'<>)\]]+\.(?:png|jpe?g|gif|webp)", re.IGNORECASE)


def looks_like_decline(text: str) -> bool:
    return bool(_DECLINE.search(text))


def looks_like_question(text: str) -> bool:
    return bool(_QUESTION.search(text))


def _numbers(text: str) -> list[float]:
    folded = width_fold(text).replace("\u2212", "-")
    return [float(n.replace(",", "")) for n in _NUMBERS_IN_TEXT.findall(folded)]


def mentions(answer: str, fact: str) -> bool:
    """Normalised containment. A number fact matches by value, standing alone: 2358 matches 2358.0 and
    2,358; 2 does not match 12, 2.5 or -2."""
    folded = width_fold(fact).strip().replace("\u2212", "-")
    if _NUMBER.match(folded):
        return float(folded) in _numbers(answer)
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
