"""Recognising a decline and a clarifying question in a final answer, by rules, with three outcomes.

`passed` and `failed` are what the rules can tell; `undecided` is what they cannot (an apology with no
refusal, a question about something other than the missing slot): it is never silently passed or failed,
a final-answer judge decides it later. Pure functions of the text: the same answer, the same outcome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from agentbench.text.normalize import norm_text, width_fold
from agentbench.types import ToolSpec

Outcome = Literal["passed", "failed", "undecided"]


@dataclass(frozen=True)
class Recognition:
    outcome: Outcome
    evidence: str
    """The phrase that decided it (or why nothing did), for the verdict message."""


# Refusals seen in real agent outputs, e.g. Qwen1.5-14B: "对不起，我无法获取实时的天气信息。你可以查看各大
# 天气预报网站…" (github.com/QwenLM/Qwen3/issues/345); redirections ("建议您通过…", "您可以前往…") decline too.
_REFUSAL_ZH = (
    r"无法|没法|没办法|没有办法|不能|不可以|做不到|办不到|帮不了|帮不上|无能为力|爱莫能助|不支持|不提供|不具备"
    r"|暂不|暂未|暂时(?:还)?(?:不|没有|无法)|(?:未|没有|尚未|还没有?)(?:接入|开通|集成|上线)|超出.{0,8}(?:范围|能力)|不在.{0,10}(?:范围|服务|能力|职责)|不属于.{0,10}(?:范围|服务|职责)"
    r"|(?:没有|没|并无|并没有|无).{0,12}(?:工具|功能|能力|权限|渠道|接口|插件)"
    r"|只能|仅能|只负责|仅负责|只支持|仅支持|仅限|专注于"
    r"|(?:建议|推荐)(?:您|你)?(?:通过|使用|前往|去|到|联系|咨询|登录|拨打|下载|打开|查看|访问|在)"
    r"|(?:您|你)可以(?:通过|使用|前往|去|到|联系|咨询|登录|拨打|下载|打开|访问|查看)"
    r"|请(?:您)?(?:通过|使用|前往|联系|咨询|登录|拨打)"
)
# English refusals: the common phrase list of refusal detectors (e.g. github.com/JoRo-Code/Jailbreaks,
# jailbreaks/utils/refusal.py) plus Qwen's "I don't have real-time access …" (github.com/QwenLM/Qwen-Agent/issues/215).
_REFUSAL_EN = (
    r"\b(?:can ?not|can't|can’t|unable to|not able to|no (?:suitable |available )?(?:tool|way|ability|access)"
    r"|none of (?:my|the|our) tools|don't have|do not have"
    r"|doesn't support|does not support|not supported|not something i can|outside (?:my|the) scope"
    r"|beyond (?:my|the) (?:scope|capabilit)|only (?:able|help|handle|check|provide|look up)"
    r"|you (?:could|can|may|might) (?:try|use|check|visit|contact|book)|i (?:recommend|suggest) (?:using|contacting|checking|visiting)"
    r"|please (?:use|contact|visit)|i must decline|i'm afraid i)"
)
_REFUSAL = re.compile(f"{_REFUSAL_ZH}|{_REFUSAL_EN}", re.IGNORECASE)
# Claims of having done what no tool did (the turn made no call): the model pretends instead of declining.
_DONE = re.compile(
    r"已(?:经)?(?:为您|帮您|给您|替您|为你|帮你)?(?:成功)?(?:预订|订好|订了|下单|购买|买好|办理|完成|发送|设置|提交|安排)"
    r"|为(?:您|你)(?:预订|订)(?:了|好)|(?:预订|下单|购买)成功|订单号"
    r"|\bi(?:'ve| have) (?:booked|ordered|reserved|purchased|sent|scheduled)\b|\b(?:booking|order) (?:is )?confirmed\b",
    re.IGNORECASE,
)
_SOFT = re.compile(r"抱歉|对不起|不好意思|遗憾|可惜|恐怕|不太(?:确定|清楚|方便)|不确定|sorry|unfortunately|afraid|apolog",
                   re.IGNORECASE)


def recognise_decline(answer: str, phrases: list[str] = ()) -> Recognition:
    """A refusal (or one of the scenario's `phrases`) passes; a claim of having done it, or no sign of
    declining at all, fails; an apology, a hedge or a question back without a refusal is undecided."""
    text = width_fold(answer)
    own = next((p for p in phrases if norm_text(p) and norm_text(p) in norm_text(answer)), None)
    refusal = _REFUSAL.search(text)
    done = _DONE.search(text)
    if own is not None:
        return Recognition("passed", f"says {own!r}")
    if refusal and done:
        return Recognition("undecided", f"declines ({refusal.group(0)!r}) but also claims {done.group(0)!r}")
    if refusal:
        return Recognition("passed", f"declines: {refusal.group(0)!r}")
    if done:
        return Recognition("failed", f"claims {done.group(0)!r} instead of declining")
    soft = _SOFT.search(text)
    if soft or request_sentences(answer):
        return Recognition("undecided", f"hedges ({soft.group(0)!r}) without refusing" if soft else
                           "asks something back instead of declining")
    return Recognition("failed", "no sign of declining")


# A question or a request for information: ？/?, sentence-final 吗/呢, interrogatives, "请提供 / 请输入 …"
# (Qwen-Agent users report the model replying "请输入需要查询的地址" with no question mark:
# github.com/QwenLM/Qwen-Agent/issues/300).
_REQUEST_ZH = (
    r"[？?]|[吗呢嘛](?=[\s，。！,.!~～]|$)|请问|多少|哪(?!怕)|几(?!乎)|什么|怎么|如何|是否|能否|可否|要不要|是不是|有没有"
    r"|请(?:您|你)?(?:提供|告诉|告知|补充|说明|确认|输入|描述|指定|选择|说一下|发送|给出)"
    r"|麻烦(?:您|你)?(?:提供|告诉|告知|补充|说明|确认)|(?:需要|想)(?:知道|了解|确认)|告诉我"
)
_REQUEST_EN = (r"\b(?:which|what|where|when|how many|how much|could you|can you|would you|do you|did you"
               r"|please (?:provide|specify|tell|share|confirm|let me know)|let me know|i need to know)\b")
_REQUEST = re.compile(f"{_REQUEST_ZH}|{_REQUEST_EN}", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])|(?<=\.)\s+")


def request_sentences(answer: str) -> list[str]:
    """The sentences of the answer that ask the user something."""
    parts = [s.strip() for s in _SENTENCE_END.split(width_fold(answer))]
    return [s for s in parts if s and _REQUEST.search(s)]


# Slot kinds: a word of the left column in the slot's words, name or description brings the right column in,
# so 人数 also accepts 多少位 / 几位客人. General vocabulary of the slot, never one scenario's wording.
SLOT_KINDS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("人数", "几位", "几人", "多少人", "people", "party", "guests", "passengers", "乘客", "乘车人"),
     ("人数", "几位", "几个人", "几人", "多少人", "多少位", "几口人", "多少个人", "客人", "乘客", "几张",
      "how many people", "how many guests", "how many of you", "party size", "how many passengers")),
    (("城市", "地点", "哪里", "位置", "地区", "区县", "location", "city", "place"),
     ("城市", "地点", "地址", "哪里", "哪儿", "哪个地方", "什么地方", "哪座", "所在地", "位置", "地区",
      "which city", "where", "location", "city")),
    (("日期", "哪天", "几号", "date", "day"),
     ("日期", "哪天", "哪一天", "几号", "什么时候", "何时", "哪个日子", "when", "which day", "what date")),
    (("时间", "几点", "time"), ("时间", "几点", "什么时候", "何时", "when", "what time")),
    (("内容", "描述", "画什么", "主题", "description", "content", "prompt"),
     ("内容", "描述", "画什么", "画些什么", "主题", "画面", "什么样", "describe", "description", "what kind")),
    (("金额", "数额", "多少钱", "amount"), ("金额", "数额", "多少钱", "how much", "amount")),
]
_FILLER = set("的了或和与及是在为把被对从等")
_STOP_BIGRAMS = {"什么", "哪个", "多少", "具有", "希望", "名称", "格式", "比如", "例如", "默认", "或者", "可以",
                 "需要", "用户", "输入", "参数", "信息", "一个", "进行", "详细", "指定", "对应", "返回"}
_HEAD_END = re.compile(r"[，,。；;：:（(]|比如|例如|格式|默认|如[“\"]")


def _description_words(description: str) -> set[str]:
    """Content bigrams of the head of a Chinese description (用餐人数 -> 用餐, 餐人, 人数) or its English words."""
    head = _HEAD_END.split(description, maxsplit=1)[0]
    words = {w for w in re.findall(r"[a-z]{4,}", head.lower())} - {"with", "that", "this", "from", "format"}
    han = re.sub(r"[^\u4e00-\u9fff]", " ", head)
    for run in han.split():
        words |= {run[i:i + 2] for i in range(len(run) - 1)
                  if not _FILLER & set(run[i:i + 2]) and run[i:i + 2] not in _STOP_BIGRAMS}
    return words


def slot_words(mention_any: list[str], missing: list[str], specs: dict[str, ToolSpec]) -> set[str]:
    """Every word that shows a question is about the missing slot; empty when the scenario names no slot."""
    words = {w.lower() for w in mention_any}
    for ref in missing:
        tool, _, arg = ref.rpartition(".")
        words.add(arg.lower())
        for spec in (specs[tool],) if tool in specs else specs.values():
            prop = spec.parameters.get("properties", {}).get(arg)
            if isinstance(prop, dict) and isinstance(prop.get("description"), str):
                words |= _description_words(prop["description"])
                words |= {t for t in _kind_triggers() if _contains(prop["description"].lower(), t)}
    for triggers, more in SLOT_KINDS:
        if any(_contains(w, t) for w in list(words) for t in triggers):
            words |= set(more)
    return {w for w in words if w}


def _contains(sentence: str, word: str) -> bool:
    """Chinese words by containment; English ones as whole words (date is not in update)."""
    if word.isascii():
        return re.search(rf"\b{re.escape(word)}\b", sentence) is not None
    return word in sentence


def _kind_triggers() -> set[str]:
    return {t for triggers, _ in SLOT_KINDS for t in triggers}


def recognise_clarify(answer: str, words: set[str]) -> Recognition:
    """A question about the slot passes; a question about something else is undecided; no question fails."""
    asks = request_sentences(answer)
    if not asks:
        return Recognition("failed", "asks nothing")
    if not words:
        return Recognition("passed", f"asks: {asks[0]!r}")
    for sentence in asks:
        hit = next((w for w in sorted(words) if _contains(sentence, w)), None)
        if hit is not None:
            return Recognition("passed", f"asks about {hit!r}: {sentence!r}")
    return Recognition("undecided", f"asks {asks[0]!r}, not recognisably about {', '.join(sorted(words)[:6])}")
