"""The report made from run directories alone: data, escaping, the HTML shell, Markdown/JSON exports, the
`report` and `view` commands. The browser checks are in test_report_browser.py."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import subprocess
import sys
import urllib.request

import pytest
from report_runs import PAYLOAD, make_runs

from agentbench.cli import main
from agentbench.report.data import report_data
from agentbench.report.export import summary_markdown, to_json
from agentbench.report.html import render_html, script_json


@pytest.fixture
def report_runs(tmp_path_factory):
    return make_runs(tmp_path_factory)


def _blocks(page: str) -> dict[str, str]:
    return dict(re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>', page, re.S))


def test_script_json_leaves_nothing_that_could_end_the_block():
    text = script_json({"x": PAYLOAD})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"x": PAYLOAD}


def test_report_needs_no_model_call(report_runs, monkeypatch):
    import agentbench.models.factory as factory

    def refuse(*args, **kwargs):
        raise AssertionError("the report called a model")

    monkeypatch.setattr(factory, "make_model", refuse)
    data = report_data([report_runs["demo"], report_runs["gold"]])
    demo = data["runs"][0]
    assert len(demo["index"]) == len(demo["records"]) == 26
    wrong = next(r for r in demo["index"] if r["id"] == "weather.tomorrow_date")
    assert wrong["status"] == "fail" and "ARG_MISMATCH" in wrong["reasons"] and wrong["tools"] == ["amap_weather"]
    assert "amap_weather.date" in wrong["why"]
    lo, hi = demo["suites"]["agent_zh"]["headline_ci95"]
    assert lo < demo["suites"]["agent_zh"]["score"] < hi
    assert data["compare"][0]["suites"][0]["overall"]["delta"] > 0  # gold beats demo


def test_html_shell_is_self_contained_and_carries_no_raw_model_text(report_runs):
    data = report_data([report_runs["evil"]])
    page = render_html(data)
    blocks = _blocks(page)
    assert set(blocks) == {"report-data", "report-records"}
    assert page.count("<script") == 3  # two data blocks and the report's own script
    assert "onerror" not in page.split('<script type="application/json"')[0]
    assert "__pwned" not in page.replace(blocks["report-data"], "").replace(blocks["report-records"], "")
    assert not re.search(r'<(link|iframe|object|embed|base)\b|\b(src|href)=["\']?(https?:)?//', page)
    # the head's JSON comes back exactly; the records are gzip + base64 of the full records
    head = json.loads(blocks["report-data"])
    records = json.loads(gzip.decompress(base64.b64decode(json.loads(blocks["report-records"]))))
    assert records[0] == data["runs"][0]["records"]
    assert any("<img src=x onerror=window.__pwned=5>" in r["why"] for r in head["runs"][0]["index"])
    # the CSP allows exactly the script that is on the page
    script = page.rsplit("<script>", 1)[1].split("</script>")[0]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page and "default-src 'none'" in page


def test_markdown_cells_are_escaped(report_runs):
    text = summary_markdown(report_data([report_runs["evil"], report_runs["demo"]]))
    assert "<script>" not in text and "<img" not in text and "&lt;img src=x onerror" in text
    for line in text.splitlines():
        if line.startswith("|"):
            header_cells = len(re.split(r"(?<!\\)\|", line))
            assert header_cells >= 3 and "\n" not in line
    failing = [ln for ln in text.splitlines() if ln.startswith("| agent_zh/weather.tomorrow_date")]
    assert failing and len(re.split(r"(?<!\\)\|", failing[0])) == 6  # 4 cells: a | in a model's text is escaped
    assert "### comparison" in text


def test_judged_summaries_in_markdown_and_json(report_runs):
    data = report_data([report_runs["judged"]])
    text = summary_markdown(data)
    assert "| alignbench | 6.41 | [5.90, 6.90] | 20 | 1 |" in text
    assert "**#1 alignbench · categories**" in text and "| 数学计算 | 5 | 5.00 | [4.10, 5.90] |" in text
    assert "**#1 alignbench · dimensions**" in text and "**#1 pairwise · abilities**" in text
    assert "#1 pairwise: W/T/L 16/6/18, 胜和率 55.00" in text
    summary = json.loads(to_json(data))
    assert "records" not in summary["runs"][0] and summary["runs"][0]["suites"]["pairwise"]["metrics"]["wins"] == 16
    assert summary["runs"][0]["invocations"][0]["judge"]["cost_usd"] == 0.1234


def test_report_command_writes_into_the_run_by_default(report_runs, capsys):
    run = report_runs["gsm8k"]
    assert main(["report", str(run)]) == 0
    page = (run / "report.html").read_text(encoding="utf-8")
    assert len(json.loads(_blocks(page)["report-data"])["runs"][0]["index"]) == 5
    assert main(["report", str(run), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["runs"][0]["suites"]["gsm8k"]["n"] == 5


def test_report_of_a_missing_run_is_one_line(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "no such run directory" in err


def test_view_serves_the_report_on_loopback(report_runs):
    proc = subprocess.Popen([sys.executable, "-m", "agentbench.cli", "view", str(report_runs["gsm8k"]), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().split()[0]
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)
        with urllib.request.urlopen(url, timeout=10) as resp:
            page = resp.read().decode()
        assert resp.headers["Content-Type"].startswith("text/html") and '"gsm8k"' in _blocks(page)["report-data"]
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(url + "etc/passwd", timeout=10)
    finally:
        proc.kill()
        proc.wait()
