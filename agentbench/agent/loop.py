"""The agent loop: user turn -> model -> parse -> tools -> observation ... -> answer, for every turn."""

from __future__ import annotations

from agentbench.dialects.base import Dialect
from agentbench.models.base import ChatModel
from agentbench.scenario.schema import Scenario
from agentbench.tooling import Tool, Toolbox, World
from agentbench.trace.events import ObservationRecord, Step, Termination, Trace, TurnTrace
from agentbench.types import ChatRequest, Message, ParseResult


async def run_scenario(
    scenario: Scenario, model: ChatModel, dialect: Dialect, tools: dict[str, Tool], trial: int = 0,
    max_tokens: int = 1024, temperature: float = 0.0,
) -> Trace:
    """Play every turn of the scenario against the model. Never raises on model behaviour."""
    world = World.from_scenario(scenario.world)
    offered = {name: tools[name] for name in scenario.tools}
    toolbox = Toolbox(offered, world, scenario.faults)
    specs = [t.spec for t in offered.values()]
    history: list[Message] = []
    trace = Trace(sample_id=scenario.id, dialect=dialect.name)
    call_index = 0
    for turn_index, turn in enumerate(scenario.turns):
        world.turn = turn_index
        history.append(Message(role="user", content=turn.user))
        steps: list[Step] = []
        termination: Termination = "step_limit"
        answer = None
        for step_index in range(scenario.max_steps):
            messages, tools_param = dialect.render(history, specs, scenario.system)
            request = ChatRequest(
                messages=messages, tools=tools_param, stop=list(dialect.stop), max_tokens=max_tokens,
                temperature=temperature, sample_id=scenario.id, trial=trial, call_index=call_index,
            )
            call_index += 1
            output = await model.generate(request)
            if output.error is not None:
                steps.append(Step(index=step_index, output=output, parse=ParseResult()))
                termination, trace.error = "model_error", output.error
                break
            parsed = dialect.parse(output, step_index, specs)
            step = Step(index=step_index, output=output, parse=parsed)
            steps.append(step)
            kept = parsed.history_text if parsed.history_text is not None else output.text
            if parsed.error is not None:
                history.append(Message(role="assistant", content=kept))
                termination = "format_error"
                break
            if not parsed.calls:
                history.append(Message(role="assistant", content=kept))
                termination, answer = "answer", parsed.answer or ""
                break
            history.append(Message(role="assistant", content=kept, tool_calls=parsed.calls))
            for call in parsed.calls:
                obs = toolbox.call(call.name, call.arguments)
                step.observations.append(
                    ObservationRecord(call_id=call.id, tool=call.name, ok=obs.ok, content=obs.content,
                                      error_kind=obs.error_kind)
                )
                history.append(Message(role="tool", content=obs.content, tool_call_id=call.id, name=call.name))
        trace.turns.append(
            TurnTrace(index=turn_index, user=turn.user, steps=steps, termination=termination, answer=answer)
        )
        if trace.error is not None:
            break
    trace.world_final = world.data
    return trace
