"""`agentbench judge-parse --judge ID [FILE]`: parse raw judge replies, one JSON line per input.

Input: JSON lines with a `judgment` field (and optionally `finish_reason`, `dims`), or plain text (the
whole input is one reply), from FILE or `-` (stdin). ID is a judge spec (alignbench_zh, pairwise_zh, a
YAML path) or a parser name (robust, official, pairwise, answer).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from agentbench.errors import UsageError
from agentbench.judges.spec import JudgeSpec, load_judge_spec
from agentbench.registry import judges as parsers


def _spec_and_parser(judge: str, mode: str | None) -> tuple[JudgeSpec | None, str]:
    if judge in parsers and not judge.endswith((".yaml", ".yml")):
        return None, mode or judge
    spec = load_judge_spec(judge)
    return spec, mode or spec.parser


def _inputs(text: str) -> list[dict[str, Any]]:
    lines = [line for line in text.splitlines() if line.strip()]
    try:
        rows = [json.loads(line) for line in lines]
    except ValueError:
        return [{"judgment": text}]
    if rows and all(isinstance(r, dict) and "judgment" in r for r in rows):
        return rows
    return [{"judgment": text}]


def parse_lines(text: str, judge: str, mode: str | None = None) -> list[dict[str, Any]]:
    spec, parser = _spec_and_parser(judge, mode)
    parse = parsers.get(parser)
    scale = tuple(spec.scale) if spec else (1, 10)
    out = []
    for row in _inputs(text):
        dims = row.get("dims") or []
        result = parse(str(row.get("judgment") or ""), list(dims), scale, row.get("finish_reason"))
        out.append({**({"id": row["id"]} if "id" in row else {}), **result.to_json()})
    return out


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--judge", required=True, help="judge spec id / YAML path, or a parser name")
    parser.add_argument("--mode", default=None, help="parser to use instead of the spec's (e.g. official)")
    parser.add_argument("file", nargs="?", default="-", help="JSON lines with `judgment`, or plain text; - = stdin")


def run(args: argparse.Namespace) -> int:
    if args.mode is not None and args.mode not in parsers:
        raise UsageError(f"unknown parser {args.mode!r}; known: {', '.join(parsers.names())}")
    if args.file == "-":
        text = sys.stdin.read()
    else:
        path = Path(args.file)
        if not path.is_file():
            raise UsageError(f"judge-parse: no such file: {path}")
        text = path.read_text(encoding="utf-8")
    for line in parse_lines(text, args.judge, args.mode):
        print(json.dumps(line, ensure_ascii=False))
    return 0
