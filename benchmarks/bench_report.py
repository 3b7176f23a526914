"""Size of the HTML report of a ~1 000-scenario run with full traces, and time to first render and to the
records being inflated in headless Chromium. Prints numbers; asserts nothing (machines differ).

    python benchmarks/bench_report.py [--trials 40]

Two runs are measured: scripted:demo x trials (real traces, repeated: compresses very well) and
scripted:random x trials (different text in every record: the worse case for compression)."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import agentbench  # noqa: E402
from agentbench.report.data import report_data  # noqa: E402
from agentbench.report.html import render_html, split  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=40)
    args = parser.parse_args()
    from chromium import Browser, find_chromium

    with tempfile.TemporaryDirectory() as tmp, Browser(find_chromium()) as browser:
        for model in ("scripted:demo", "scripted:random"):
            out = Path(tmp) / model.replace(":", "_")
            agentbench.run({"suites": ["agent_zh"], "model": model, "trials": args.trials, "out": str(out),
                            "progress": "off"})
            start = time.perf_counter()
            data = report_data([out])
            page = render_html(data)
            build_s = time.perf_counter() - start
            raw = len(json.dumps(split(data)[1], ensure_ascii=False).encode())
            path = out / "report.html"
            path.write_text(page, encoding="utf-8")
            times = []
            for _ in range(3):
                first = browser.open(path)
                inflated = browser.eval("window.agentbenchReport.loadRecords().then(() => document.body.dataset.recordsMs)",
                                        await_promise=True)
                times.append((first, float(inflated) / 1000))
            first, inflated = min(times)
            print(f"{model}: {len(data['runs'][0]['index'])} records, records.jsonl {(out / 'records.jsonl').stat().st_size / 1e6:.2f} MB, "
                  f"records JSON {raw / 1e6:.2f} MB -> report.html {len(page.encode()) / 1e6:.2f} MB (gzip+base64); "
                  f"built in {build_s:.2f} s; first render {first * 1000:.0f} ms (navigate to table), "
                  f"records inflated at {inflated * 1000:.0f} ms (best of 3)")


if __name__ == "__main__":
    main()
