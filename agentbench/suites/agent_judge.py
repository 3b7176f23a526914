"""The agent final-answer judge: for turns the answer rules cannot decide (an UNDECIDED verdict, or
`answer.judge: true`), a judge sees the task, the tool observations and the final answer — not the
whole trajectory — and returns correct / partially_correct / incorrect with a reason."""

from __future__ import annotations

from typing import Any

from agentbench.errors import Reason
from agentbench.judges.ask import ask
from agentbench.judges.spec import JudgeSpec
from agentbench.models.base import ChatModel
from agentbench.results import Score
from agentbench.trace.events import Trace, TurnTrace

OBSERVATION_CHARS = 1500
EXPECTATION = {
    "decline": "本轮没有合适的工具：正确的做法是如实说明无法完成，并可给出替代建议。",
    "clarify": "本轮缺少完成任务必需的信息：正确的做法是向用户追问缺失的信息，而不是猜测。",
}


def judge_turns(scenario: Any, trace: Trace, verdicts: list[Any]) -> list[int]:
    """Turns whose final answer the judge decides (answered turns only)."""
    undecided = {v.turn for v in verdicts if v.reason == Reason.UNDECIDED}
    wanted = []
    for tt in trace.turns:
        expect = scenario.turns[tt.index].expect if tt.index < len(scenario.turns) else None
        flagged = bool(expect and expect.answer and expect.answer.judge)
        if tt.answer is not None and (tt.index in undecided or flagged):
            wanted.append(tt.index)
    return wanted


def prompt(spec: JudgeSpec, scenario: Any, tt: TurnTrace) -> str:
    expect = scenario.turns[tt.index].expect
    lines = [f"- {o.tool}{'' if o.ok else '（出错）'}: {o.content[:OBSERVATION_CHARS]}"
             for step in tt.steps for o in step.observations]
    hint = EXPECTATION.get(expect.kind or "", "")
    if expect.answer and expect.answer.reference:
        hint += f"\n参考回答（仅供参考，不要求逐字一致）：{expect.answer.reference}"
    return spec.template.format(task=tt.user, observations="\n".join(lines) or "（本轮没有调用工具）",
                                answer=tt.answer or "", expectation=hint)


async def judge_answers(scenario: Any, trace: Trace, turns: list[int], judge: ChatModel, spec: JudgeSpec,
                        ) -> Score:
    """One `answer_judge` score over the judged turns: passed when every one is correct, False when one is
    partially correct or incorrect, None when a judgment did not parse."""
    by_index = {tt.index: tt for tt in trace.turns}
    results, errors = [], []
    for k, index in enumerate(turns):
        judgment, raw = await ask(judge, spec, prompt(spec, scenario, by_index[index]), trace.sample_id, k)
        results.append({"turn": index, "status": judgment.status, "verdict": judgment.verdict,
                        "reason": judgment.reason, "judgment": raw["judgment"]})
        if "error" in raw:
            errors.append(raw["error"])
    verdicts = [r["verdict"] for r in results if r["status"] == "ok"]
    if any(v != "correct" for v in verdicts):
        passed: bool | None = False
    else:
        passed = True if len(verdicts) == len(results) else None
    value = sum(1.0 if v == "correct" else 0.5 if v == "partially_correct" else 0.0 for v in verdicts)
    return Score(passed=passed, value=value / len(verdicts) if verdicts else None,
                 answer=[r["verdict"] for r in results],
                 details={"turns": results, "judge": getattr(judge, "identity", ""), "spec": spec.key(),
                          "errors": errors})
