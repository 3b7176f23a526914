"""The run spec: every setting of a run, from CLI flags, a YAML file (`--config run.yaml`) or Python.

The resolved spec is what config.json holds (never a secret: keys are read from the environment
variable a role names). `RoleSpec.identity()` and the suites' identities make the run identity.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from agentbench.errors import UsageError
from agentbench.types import Strict

RUNTIME_OPTIONS = frozenset({
    "transport", "timeout_s", "requests_per_min", "tokens_per_min", "max_attempts", "prices",
    "send_sample_headers", "max_batch_size", "batch_wait_ms",
})
"""Backend options that change how a model is reached, not what it answers: they never lock a run
directory and are not part of the cache key."""

class RoleSpec(Strict):
    """One model role (candidate, judge, baseline): which model, where, how fast, with what options."""

    model: str
    """`KIND:NAME`: scripted:demo, openai:NAME, transformers:PATH_OR_ID, langchain:MODULE:ATTR."""
    base_url: str | None = None
    """OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1 (not part of the identity)."""
    api_key_env: str | None = None
    """Name of the environment variable holding the API key (never the key)."""
    concurrency: int = Field(16, ge=1)
    """Requests in flight for this role."""
    rpm: float | None = Field(None, gt=0)
    """Requests per minute (token bucket)."""
    tpm: float | None = Field(None, gt=0)
    """Tokens per minute (token bucket)."""
    timeout: float | None = Field(None, gt=0)
    """Per-request timeout in seconds."""
    options: dict[str, Any] = Field(default_factory=dict)
    """Backend options (`--model-option K=V`): extra_body, dtype, device, prices..."""

    @field_validator("model")
    @classmethod
    def _spec(cls, value: str) -> str:
        kind, _, rest = value.partition(":")
        if not kind or not rest:
            raise ValueError(f"{value!r} must look like KIND:NAME (scripted:demo, openai:glm-4, transformers:DIR)")
        return value

    @model_validator(mode="after")
    def _no_secrets(self) -> RoleSpec:
        """A key pasted as --api-key-env or credentials inside --base-url are refused (never echoed or
        written): the same check the OpenAI-compatible backend makes."""
        if self.base_url is not None or self.api_key_env is not None:
            from agentbench.models.openai_compat import check_endpoint_settings

            check_endpoint_settings(self.base_url or "http://127.0.0.1/v1", self.api_key_env or "OPENAI_API_KEY")
            if self.base_url is not None:
                self.base_url = self.base_url.rstrip("/")
        return self

    def identity(self) -> dict[str, Any]:
        """What this role is, as far as results go: the model and its result-affecting options."""
        return {"model": self.model,
                "options": {k: v for k, v in sorted(self.options.items()) if k not in RUNTIME_OPTIONS}}

    def backend_options(self) -> dict[str, Any]:
        """Options for the backend constructor, with the rate and timeout flags folded in."""
        extra = {"requests_per_min": self.rpm, "tokens_per_min": self.tpm, "timeout_s": self.timeout}
        if not self.model.startswith("openai:"):
            given = [k for k, v in extra.items() if v is not None]
            if given:
                raise UsageError(f"--rpm/--tpm/--timeout apply to openai: models only, not {self.model}")
            return dict(self.options)
        return {**self.options, **{k: v for k, v in extra.items() if v is not None}}


ROLES = ("candidate", "judge", "baseline")


class RunSpec(Strict):
    """Every setting of one run. `agentbench.run(RunSpec(...))` runs it; the CLI builds one from flags."""

    suites: list[str] = Field(min_length=1)
    """Suite names (agent_zh, arc, ceval, gsm8k...) or scenario folders; duplicates run once."""
    model: RoleSpec
    """The candidate (a spec string is accepted: `model="scripted:demo"`)."""
    judge: RoleSpec | None = None
    baseline: RoleSpec | None = None
    out: Path | None = None
    """Run directory (default runs/<model>); rerunning the same spec resumes it."""
    dialect: str | None = None
    """Tool-call format for agent suites (default react_zh)."""
    trials: int = Field(1, ge=1)
    limit: int | None = Field(None, ge=0)
    """First N samples of each suite."""
    samples: list[str] | None = None
    """Only these sample ids (of any suite); the rest is left as it is (the pytest plugin's selection)."""
    shots: int | None = Field(None, ge=0)
    style: Literal["chat", "completion"] | None = None
    suite_options: dict[str, Any] = Field(default_factory=dict)
    data_dir: Path | None = None
    tools_dirs: list[Path] = Field(default_factory=list)
    cache: bool = True
    """Use the run directory's response cache."""
    progress: Literal["auto", "bar", "lines", "off"] = "auto"
    """Progress on stderr: a redrawn bar on a terminal, a line every few seconds otherwise."""

    @model_validator(mode="before")
    @classmethod
    def _role_strings(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            for role in ("model", "judge", "baseline"):
                if isinstance(data.get(role), str):
                    data[role] = {"model": data[role]}
            if isinstance(data.get("suites"), str):
                data["suites"] = data["suites"].split(",")
        return data

    @field_validator("suites")
    @classmethod
    def _dedupe(cls, value: list[str]) -> list[str]:
        seen: list[str] = []
        for name in (v.strip() for v in value):
            if name and name not in seen:
                seen.append(name)
        if not seen:
            raise ValueError("name at least one suite")
        return seen

    def role(self, name: str) -> RoleSpec | None:
        return self.model if name == "candidate" else getattr(self, name)

    def out_dir(self) -> Path:
        if self.out is not None:
            return Path(self.out)
        return Path("runs") / (re.sub(r"[^A-Za-z0-9_.-]+", "_", self.model.model).strip("_") or "run")

    @classmethod
    def from_yaml(cls, path: Path, overrides: dict[str, Any] | None = None) -> RunSpec:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except FileNotFoundError:
            raise UsageError(f"run config not found: {path}") from None
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise UsageError(f"{path}: not a YAML run config: {str(exc).splitlines()[0]}") from None
        if not isinstance(data, dict):
            raise UsageError(f"{path}: a run config is a mapping of settings (suites:, model:, out: ...)")
        return build_spec({**data, **(overrides or {})}, str(path))


def build_spec(data: dict[str, Any], where: str = "run spec") -> RunSpec:
    """A RunSpec from plain data, with a one-line error naming the setting that is wrong."""
    try:
        return RunSpec.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # a misspelt key also makes the key it stands for "missing": name the misspelling first
        err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        if err["type"] == "extra_forbidden":
            known = ", ".join(RunSpec.model_fields) if len(err["loc"]) == 1 else ", ".join(RoleSpec.model_fields)
            raise UsageError(f"{where}: unknown setting {'.'.join(map(str, err['loc']))!r}; known: {known}") from None
        loc = ".".join(str(p) for p in err["loc"]) or "(top)"
        msg = err["msg"].removeprefix("Value error, ")
        if isinstance(err.get("ctx", {}).get("error"), UsageError):
            msg = str(err["ctx"]["error"])
        raise UsageError(f"{where}: {loc}: {msg}") from None
