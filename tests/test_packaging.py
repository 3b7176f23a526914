"""Every third-party module agentbench imports is a core dependency or belongs to a named extra."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import tomllib

REPO = Path(__file__).resolve().parents[1]
IMPORT_NAME = {"pyyaml": "yaml", "opencc-python-reimplemented": "opencc", "langchain-core": "langchain_core",
               "pytest-xdist": "xdist"}
EXTRA_ONLY = {"torch", "httpx2", "pytest"}  # torch: installed by the user (docs/local_models.md); httpx2: optional
"""Modules imported only on paths that need them; `pytest` only inside the pytest plugin."""


def _requirement_names(requirements: list[str]) -> set[str]:
    names = set()
    for requirement in requirements:
        dist = re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].strip().lower()
        names.add(IMPORT_NAME.get(dist, dist.replace("-", "_")))
    return names


def _imported_top_level() -> set[str]:
    names = set()
    for file in (REPO / "agentbench").rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"agentbench"}


def test_every_imported_package_is_declared():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = _requirement_names(project["dependencies"])
    extras = set().union(*(_requirement_names(v) for v in project["optional-dependencies"].values()))
    undeclared = sorted(_imported_top_level() - core - extras - EXTRA_ONLY)
    assert undeclared == [], f"imported but not in pyproject dependencies or extras: {undeclared}"
    # what the default paths import must be core, not an extra (a plain `pip install agentbench` runs them)
    assert {"numpy", "aiohttp", "pydantic", "yaml", "jsonschema", "json5"} <= core
