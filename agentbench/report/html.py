"""The self-contained HTML report: one file that opens from disk (no server, no network, no CDN).

The page is a fixed shell (assets/report.css, assets/report.js) plus the report data as JSON inside
`<script type="application/json">` blocks. Every string that came from a model, a tool, a scenario or a
dataset reaches the page only as JSON data and is rendered with textContent: the shell holds no data,
and the JSON is escaped so that `</script>`, `<!--` or U+2028 inside a string cannot end the block.
A Content-Security-Policy allows only the report's own inline script (by hash) and inline styles, and
images only from data: URLs, so nothing a model wrote can load or run anything.

The records (full traces) travel gzip-compressed and base64-encoded; the page inflates them with the
browser's DecompressionStream and renders a trace only when its sample is opened.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from importlib import resources
from typing import Any

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>', '&', U+2028 or U+2029 left raw."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def packed(data: Any) -> str:
    """gzip + base64 of the JSON (mtime 0: the same data gives the same bytes)."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=9, mtime=0)).decode("ascii")


def _asset(name: str) -> str:
    return resources.files("agentbench.report").joinpath("assets", name).read_text(encoding="utf-8")


def split(data: dict[str, Any]) -> tuple[dict[str, Any], list[list[dict[str, Any]]]]:
    """(everything but the records, the records of each run)."""
    head = {**data, "runs": [{k: v for k, v in run.items() if k != "records"} for run in data["runs"]]}
    return head, [run["records"] for run in data["runs"]]


def render_html(data: dict[str, Any]) -> str:
    head, records = split(data)
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    return (
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>agentbench report</title>\n"
        f"<style>\n{_asset('report.css')}</style>\n</head>\n<body>\n"
        "<noscript>This report needs JavaScript (it runs only the report's own script).</noscript>\n"
        "<div id=\"app\"><p id=\"loading\">loading…</p></div>\n"
        f"<script type=\"application/json\" id=\"report-data\">{script_json(head)}</script>\n"
        f"<script type=\"application/json\" id=\"report-records\">{script_json(packed(records))}</script>\n"
        f"<script>{script}</script>\n</body>\n</html>\n"
    )
