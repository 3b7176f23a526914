"""`agentbench report RUN [RUN2 ...] [--format html|md|json] [--out FILE]`: the report of one or more runs,
made from their directories alone (no model call). HTML by default, written to RUN/report.html."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

FORMATS = ("html", "md", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("runs", nargs="+", type=Path, help="run directories (the first is the reference)")
    parser.add_argument("--format", choices=FORMATS, default="html", help="html (default), md or json")
    parser.add_argument("--out", type=Path, default=None,
                        help="file to write (default: FIRST_RUN/report.html for html, stdout for md/json)")


def render(runs: list[Path], fmt: str) -> str:
    from agentbench.report.data import report_data

    data = report_data(runs)
    if fmt == "html":
        from agentbench.report.html import render_html

        return render_html(data)
    from agentbench.report.export import summary_markdown, to_json

    return summary_markdown(data) if fmt == "md" else to_json(data)


def run(args: argparse.Namespace) -> int:
    text = render(args.runs, args.format)
    out = args.out or (args.runs[0] / "report.html" if args.format == "html" else None)
    if out is None:
        sys.stdout.write(text)
        return 0
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out} ({len(text.encode('utf-8')) / 1e6:.2f} MB)", file=sys.stderr)
    return 0
