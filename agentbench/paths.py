"""Where the built-in content (tools/, scenarios/, judges/) lives: inside the wheel, or beside a checkout."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def builtin_dir(name: str) -> Path:
    """`tools`, `scenarios` or `judges`: the copy shipped in the wheel, else the repository's own folder."""
    shipped = _PKG / "_builtin" / name
    return shipped if shipped.is_dir() else _PKG.parent / name
