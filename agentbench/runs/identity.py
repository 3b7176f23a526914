"""Run identity: every setting that changes results, and the one-line diff when a rerun changes one.

Identity = the roles' models with their result-affecting options, plus each suite's identity (dialect,
shots, style, suite options, data checksums, generation settings). Base URL, port, concurrency, rate
limits, timeouts and the key variable are not part of it: they change how, not what. A directory with no
finished record never locks: a typo'd model name or a dead endpoint on the first try is simply retried.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from agentbench.errors import UsageError


def canonical(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def role_key(identity: dict[str, Any]) -> str:
    """The string records carry as `candidate`: the model spec, plus a digest of its options when it has any."""
    if not identity.get("options"):
        return identity["model"]
    return f"{identity['model']}#{hashlib.sha256(canonical(identity['options']).encode()).hexdigest()[:10]}"


def _flatten(obj: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(obj, dict) and obj:
        for key, value in obj.items():
            _flatten(value, f"{prefix}.{key}" if prefix else str(key), out)
    else:
        out[prefix] = obj


def diff(old: Any, new: Any, prefix: str = "") -> list[str]:
    """`path: old -> new` for every leaf that differs."""
    a: dict[str, Any] = {}
    b: dict[str, Any] = {}
    _flatten(old, prefix, a)
    _flatten(new, prefix, b)
    missing = object()
    lines = []
    for path in sorted(set(a) | set(b)):
        x, y = a.get(path, missing), b.get(path, missing)
        if x != y:
            show = lambda v: "(unset)" if v is missing else canonical(v)  # noqa: E731
            lines.append(f"{path}: {show(x)[:60]} -> {show(y)[:60]}")
    return lines


def check_compatible(old: dict[str, Any] | None, new: dict[str, Any], finished: dict[str, int], where: str,
                     role_suites: dict[str, set[str]]) -> None:
    """Refuse to mix records that answer different questions.

    `finished`: finished records per suite in the directory. `role_suites`: for each role, the suites whose
    results depend on it (the candidate: every suite; a judge: the judged suites)."""
    if not old or not any(finished.values()):
        return
    changes: list[str] = []
    for role, suites in role_suites.items():
        if any(finished.get(s) for s in suites) and old.get(role) != new.get(role):
            changes += diff(old.get(role), new.get(role), role)
    for suite, ident in new.get("suites", {}).items():
        before = old.get("suites", {}).get(suite)
        if before is not None and finished.get(suite) and before != ident:
            changes += diff(before, ident, f"suites.{suite}")
    if changes:
        shown = "; ".join(changes[:4]) + (f"; and {len(changes) - 4} more" if len(changes) > 4 else "")
        raise UsageError(f"{where} holds finished results made with other settings ({shown}); "
                         "use another --out, or delete it to start over")
