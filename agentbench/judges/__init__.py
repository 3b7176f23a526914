"""LLM judges: specs as data (judges/*.yaml), typed parse outcomes, one call path.

- `load_judge_spec(id)` -> JudgeSpec (template, dimensions, scale, parser, version);
- parsers in the `judges` registry: `robust` and `official` (AlignBench grades), `pairwise`
  ([[A]]/[[B]]/[[C]]), `answer` (agent final answers);
- `ask(judge, spec, prompt, ...)` -> (Judgment, raw exchange).
"""

from agentbench.judges.outcome import SCORED, STATUSES, Judgment
from agentbench.judges.spec import JudgeSpec, load_judge_spec

__all__ = ["SCORED", "STATUSES", "JudgeSpec", "Judgment", "load_judge_spec"]
