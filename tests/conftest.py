import os
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
