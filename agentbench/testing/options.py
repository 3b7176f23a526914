"""The plugin's settings: each is a command-line flag `--agentbench-X` and an ini option `agentbench_X`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# name, help, ini type ("string" | "linelist" | "args")
SETTINGS = [
    ("model", "candidate model spec, KIND:NAME (scripted:gold, openai:NAME, transformers:DIR)", "string"),
    ("dialect", "tool-call format (default react_zh)", "string"),
    ("trials", "trials per scenario: one test item each, so a green run means pass^k", "string"),
    ("out", "run directory (default .agentbench/pytest/<model>-<dialect> under the rootdir)", "string"),
    ("base_url", "OpenAI-compatible endpoint for openai: models", "string"),
    ("api_key_env", "name of the environment variable that holds the API key (never the key)", "string"),
    ("tools_dir", "extra simulated-tool folder (repeatable)", "linelist"),
]
PATHS_INI = ("agentbench_paths", "folders (relative to the rootdir) whose *.yaml files are scenarios", "linelist")
PATTERN_INI = ("agentbench_pattern", "file-name pattern of scenario files anywhere (default *.scenario.yaml)",
               "string")
DEFAULT_PATTERN = "*.scenario.yaml"


def add_options(parser: Any) -> None:
    group = parser.getgroup("agentbench", "agentbench scenario tests")
    for name, help_text, ini_type in SETTINGS:
        flag = "--agentbench-" + name.replace("_", "-")
        group.addoption(flag, dest=f"agentbench_{name}", default=None,
                        action="append" if ini_type == "linelist" else "store", help=help_text)
        parser.addini(f"agentbench_{name}", help_text, type=ini_type if ini_type != "string" else None)
    for name, help_text, ini_type in (PATHS_INI, PATTERN_INI):
        parser.addini(name, help_text, type=ini_type if ini_type != "string" else None)


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") or "run"


@dataclass
class Settings:
    model: str | None = None
    dialect: str | None = None
    trials: int = 1
    out: Path | None = None
    base_url: str | None = None
    api_key_env: str | None = None
    tools_dirs: list[Path] = field(default_factory=list)
    root: Path = Path(".")

    def out_dir(self) -> Path:
        if self.out is not None:
            return self.out
        return self.root / ".agentbench" / "pytest" / slug(f"{self.model}-{self.dialect or 'react_zh'}")

    def role(self) -> dict[str, Any]:
        role: dict[str, Any] = {"model": self.model}
        if self.base_url:
            role["base_url"] = self.base_url
        if self.api_key_env:
            role["api_key_env"] = self.api_key_env
        return role


def _value(config: Any, name: str) -> tuple[Any, bool]:
    """(value, from_ini): a flag wins over the ini option."""
    given = config.getoption(f"agentbench_{name}")
    if given not in (None, []):
        return given, False
    return config.getini(f"agentbench_{name}") or None, True


def _path(config: Any, name: str) -> list[Path]:
    """Paths of a flag are relative to the working directory, those of the ini file to the rootdir."""
    value, from_ini = _value(config, name)
    values = value if isinstance(value, list) else [value] if value else []
    base = Path(str(config.rootpath)) if from_ini else Path.cwd()
    return [base / v for v in values]


def read_settings(config: Any) -> Settings:
    """The settings from flags, else the ini file; a bad value is a pytest usage error naming the flag."""
    import pytest

    trials = _value(config, "trials")[0] or 1
    try:
        trials = int(trials)
        if trials < 1:
            raise ValueError
    except ValueError:
        raise pytest.UsageError(f"--agentbench-trials must be a whole number >= 1, not {trials!r}") from None
    out = _path(config, "out")
    return Settings(
        model=_value(config, "model")[0], dialect=_value(config, "dialect")[0], trials=trials,
        out=out[0] if out else None, base_url=_value(config, "base_url")[0],
        api_key_env=_value(config, "api_key_env")[0], tools_dirs=_path(config, "tools_dir"),
        root=Path(str(config.rootpath)),
    )
