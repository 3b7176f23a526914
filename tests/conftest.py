import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("MODELSCOPE_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
FIXTURE_TOOLS = Path(__file__).resolve().parent / "fixtures" / "tools"


@pytest.fixture
def fixture_tools_dir() -> Path:
    return FIXTURE_TOOLS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def mock_server(tmp_path):
    """start(*args, port=None) -> base URL of a mock server subprocess; start.stop(url) ends one."""
    servers: dict[str, subprocess.Popen] = {}

    def start(*args, port=None):
        port = port or free_port()
        proc = subprocess.Popen([sys.executable, "-m", "agentbench.cli", "mock-server", "--port", str(port),
                                 "--latency-ms", "0", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}/v1"
        servers[url] = proc
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return url
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(proc.stderr.read().decode() if proc.poll() is not None else "mock server did not start")

    def stop(url):
        servers[url].kill()
        servers.pop(url).wait()

    start.stop = stop
    yield start
    for proc in servers.values():
        proc.kill()
        proc.wait()
