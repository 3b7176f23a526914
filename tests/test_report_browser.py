"""Generated reports opened in headless Chromium (DevTools protocol on loopback): tables, the radar chart
and a trace render, filters work, the side-by-side view aligns, an injected script does not run.
Skipped with a message where no chromium is installed (`apt-get install -y chromium`)."""

from __future__ import annotations

import json

import pytest
from chromium import Browser, find_chromium
from report_runs import make_runs

from agentbench.report.data import report_data
from agentbench.report.html import render_html

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (apt-get install -y chromium, "
                                "or set AGENTBENCH_CHROMIUM): browser checks of the HTML report skipped")


@pytest.fixture(scope="module")
def browser():
    with Browser(CHROMIUM) as b:
        yield b


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    runs = make_runs(tmp_path_factory)
    out = tmp_path_factory.mktemp("pages")

    def page(name: str, *which: str):
        path = out / f"{name}.html"
        path.write_text(render_html(report_data([runs[w] for w in which])), encoding="utf-8")
        return path

    return {"pair": page("pair", "demo", "gold"), "evil": page("evil", "evil", "evil_gsm8k"),
            "gsm8k": page("gsm8k", "gsm8k"), "judged": page("judged", "judged")}


def _open(browser, path, sample=None, run=0):
    browser.exceptions.clear()
    browser.open(path)
    if sample:
        browser.eval(f"window.agentbenchReport.openSample({run}, {json.dumps(sample)}, 0)", await_promise=True)
    assert browser.exceptions == []


def test_tables_chart_and_a_trace_render(browser, pages, tmp_path):
    _open(browser, pages["pair"], "agent_zh/weather.tomorrow_date")
    ev = browser.eval
    assert ev("document.querySelectorAll('table.headline tbody tr').length") == 2
    assert ev("document.querySelectorAll('svg.radar polygon.radar-series').length") == 2
    assert ev("document.querySelectorAll('table.compare tbody tr').length") > 5
    assert ev("document.querySelectorAll('tr.sample-row').length") == 52
    # which argument of which call was wrong, and why: the failing verdict row, marked as the first divergence
    row = ev("[...document.querySelectorAll('#detail .record tr.v-fail')].map(r => r.innerText)"
             ".find(t => t.includes('amap_weather.date'))")
    assert "2026-11-23" in row and "2026-11-22" in row and "literal" in row and "ARG_MISMATCH" in row
    assert "first divergence" in row
    assert ev("document.querySelector('#detail .record .step.diverge').dataset.step") == "0"
    assert ev("document.querySelector('#detail .record .hl-args').textContent") == '{"location": "北京", "date": "2026-11-22"}'
    browser.eval("document.getElementById('detail').scrollIntoView()")
    browser.screenshot(tmp_path / "trace.png", full_page=False)  # kept out of the repo (pytest's tmp dir)


def test_filters_and_search(browser, pages):
    _open(browser, pages["pair"])
    ev = browser.eval

    def choose(name: str, value: str) -> list:
        ev(f"(() => {{ const s = document.querySelector('select[data-filter={name}]'); s.value = {json.dumps(value)};"
           " s.dispatchEvent(new Event('change')); })()")
        return ev("[...document.querySelectorAll('tr.sample-row')].map(r => [r.dataset.run, r.dataset.id, r.dataset.status])")

    rows = choose("reason", "ARG_MISMATCH")
    assert rows == [["1", "agent_zh/weather.tomorrow_date", "fail"]]
    choose("reason", "")
    rows = choose("status", "pass")
    assert rows and all(r[2] == "pass" for r in rows) and len(rows) == 18 + 26
    choose("status", "")
    assert all(r[0] == "2" for r in choose("run", "2")) and len(choose("run", "2")) == 26
    choose("run", "")
    assert {r[1] for r in choose("tool", "book_restaurant")} >= {"agent_zh/booking.ask_people"}
    choose("tool", "")
    ev("(() => { const s = document.getElementById('search'); s.value = 'tomorrow'; s.dispatchEvent(new Event('input')); })()")
    assert {r[1] for r in ev("[...document.querySelectorAll('tr.sample-row')].map(r => [r.dataset.run, r.dataset.id])")} \
        == {"agent_zh/weather.tomorrow_date"}


def test_side_by_side_aligns_turns_and_steps(browser, pages):
    # demo answers this scenario in English at step 1 after the same call at step 0 as the gold model
    _open(browser, pages["pair"], "agent_zh/weather.city_switch_context")
    rows = browser.eval("[...document.querySelectorAll('#side tbody tr')].map(r => [r.dataset.row, r.className])")
    labels = [r[0] for r in rows]
    assert labels[:2] == ["turn 0 step 0", "turn 0 step 1"] and "turn 1 step 0" in labels
    assert [r[0] for r in rows if r[1] == "diff-first"] == ["turn 0 step 1"]
    cells = browser.eval("document.querySelectorAll('#side tbody tr.diff-first td.cell-diff').length")
    assert cells == 2


def test_injected_script_does_not_execute(browser, pages, tmp_path):
    for sample, run in (("agent_zh/weather.tomorrow_date", 0), ("gsm8k/gsm8k/0", 1)):
        _open(browser, pages["evil"], sample, run)
        ev = browser.eval
        assert ev("typeof window.__pwned") == "undefined"
        assert ev("document.querySelectorAll('[onerror], script:not([type]) ~ script, iframe, object').length") == 0
        assert ev("[...document.querySelectorAll('a')].every(a => /^https?:/.test(a.getAttribute('href')))")
        text = ev("document.getElementById('detail').textContent")
        assert "<script>window.__pwned=1</script>" in text and 'onerror="window.__pwned=2"' in text
        ev("document.querySelectorAll('#detail a').forEach(a => a.click())")
        assert ev("typeof window.__pwned") == "undefined"
    # a tool's or model's image is a link unless it is a data: URL
    _open(browser, pages["evil"], "agent_zh/weather.tomorrow_date")
    assert browser.eval("[...document.querySelectorAll('#detail img')].every(i => i.src.startsWith('data:'))")


def test_general_sample_shows_prompt_output_extraction_gold(browser, pages):
    _open(browser, pages["gsm8k"], "gsm8k/gsm8k/0")
    text = browser.eval("document.querySelector('#detail .general').innerText")
    assert "Janet" in text and "flexible" in text and "strict" in text and "18" in text


def test_judged_summaries_render(browser, pages):
    _open(browser, pages["judged"])
    ev = browser.eval
    assert ev("document.querySelector('section[data-suite=alignbench] table[data-metric=categories]').innerText").count("\n") >= 3
    assert "事实正确性" in ev("document.querySelector('section[data-suite=alignbench] table[data-metric=dimensions]').innerText")
    assert "W 16 / T 6 / L 18" in ev("document.querySelector('section[data-suite=pairwise] .wtl').innerText")
    assert ev("document.querySelectorAll('section[data-suite=pairwise] svg.radar text').length") >= 4
    assert "$0.1234" in ev("document.getElementById('usage').innerText")


def test_a_thousand_scenario_report_stays_small_and_renders(browser, tmp_path):
    import agentbench

    out = tmp_path / "big"
    agentbench.run({"suites": ["agent_zh"], "model": "scripted:random", "trials": 40, "out": str(out), "progress": "off"})
    path = out / "report.html"
    path.write_text(render_html(report_data([out])), encoding="utf-8")
    assert path.stat().st_size < 3_000_000  # 3.8 MB of records JSON travel as ~0.55 MB (benchmarks/bench_report.py)
    browser.exceptions.clear()
    browser.open(path)
    assert browser.eval("document.getElementById('count').textContent") == "1040 of 1040 sample(s)"
    assert browser.eval("document.querySelectorAll('tr.sample-row').length") == 300  # the rest on "show more"
    browser.eval("window.agentbenchReport.openSample(0, 'agent_zh/weather.tomorrow_date', 39)", await_promise=True)
    assert browser.eval("document.querySelector('#detail .record h3').textContent").startswith("#1 agent_zh/weather.tomorrow_date #39")
    assert browser.exceptions == []
