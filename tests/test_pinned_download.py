"""The pinned-URL download (AlignBench's data, fetched at run time, never shipped) over real HTTP on loopback."""

from __future__ import annotations

import hashlib
import http.server
import threading

import pytest

from agentbench.data import hub
from agentbench.errors import DatasetMissing

BODY = '{"question_id": 1, "category": "数学计算", "subcategory": "初等数学", "question": "1+1=?", "reference": "2"}\n'


@pytest.fixture
def served():
    data = BODY.encode("utf-8")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/data.jsonl", hashlib.sha256(data).hexdigest()
    server.shutdown()


def test_the_pinned_file_is_fetched_checked_and_written(tmp_path, served, monkeypatch):
    url, sha = served
    monkeypatch.setitem(hub.PINNED_URLS, "alignbench", ("alignbench/data.jsonl", url, sha))
    assert hub.fetch("alignbench", tmp_path) == [tmp_path / "alignbench" / "data.jsonl"]
    assert (tmp_path / "alignbench" / "data.jsonl").read_text(encoding="utf-8") == BODY
    assert hub.fetch("alignbench", tmp_path) == []  # already there: kept


def test_a_checksum_mismatch_writes_nothing(tmp_path, served, monkeypatch):
    url, _ = served
    monkeypatch.setitem(hub.PINNED_URLS, "alignbench", ("alignbench/data.jsonl", url, "0" * 64))
    with pytest.raises(DatasetMissing, match="sha256"):
        hub.fetch("alignbench", tmp_path)
    assert not (tmp_path / "alignbench").exists() or not any((tmp_path / "alignbench").iterdir())

