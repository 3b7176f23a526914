"""Judge specs as data: judges/<id>.yaml holds the prompt template, dimensions, scale, parser and version.

`load_judge_spec("alignbench_zh")` reads the built-in one; a path to a YAML file works too. The spec's
`id@version` and a digest of its template are part of the judged suites' identity, so changing the
prompt (or the parser) changes the run identity.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, ValidationError

from agentbench.errors import UsageError
from agentbench.paths import builtin_dir
from agentbench.types import Strict


class JudgeSpec(Strict):
    id: str
    """Stable name (the file name without .yaml)."""
    version: int
    """Bump when the template or the parsing changes what a judgment means."""
    kind: Literal["single", "pairwise", "answer"]
    description: str = ""
    parser: str
    """A name in the `judges` registry (`agentbench list judges`)."""
    scale: tuple[float, float] = (1, 10)
    answer_types: dict[str, list[str]] = Field(default_factory=dict)
    """Single grading: answer type -> its dimensions."""
    dimensions: dict[str, str] = Field(default_factory=dict)
    """Dimension -> its definition (shown to the judge)."""
    template: str
    """Python format string; fields depend on the kind (see the built-in specs)."""
    templates: dict[str, str] = Field(default_factory=dict)
    """Named variants (pairwise: `two_turn`)."""
    aggregation: str = ""
    """How scores roll up (documentation; the suite implements it)."""
    max_tokens: int = 2048
    temperature: float = 0.0

    def key(self) -> str:
        return f"{self.id}@{self.version}"

    def identity(self) -> dict[str, Any]:
        text = self.model_dump_json(exclude={"description", "aggregation"})
        return {"judge_spec": self.key(), "parser": self.parser,
                "judge_spec_sha256": hashlib.sha256(text.encode()).hexdigest()[:16]}


def spec_path(name: str) -> Path:
    path = Path(name)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        return path
    return builtin_dir("judges") / f"{name}.yaml"


def load_judge_spec(name: str) -> JudgeSpec:
    path = spec_path(name)
    if not path.is_file():
        known = sorted(p.stem for p in builtin_dir("judges").glob("*.yaml"))
        raise UsageError(f"unknown judge spec {name!r}; built-in: {', '.join(known)} (or a path to a YAML file)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return JudgeSpec.model_validate(data)
    except (yaml.YAMLError, ValidationError) as exc:
        first = str(exc).splitlines()[:3]
        raise UsageError(f"{path}: not a judge spec: {' '.join(first)}") from None
