"""Test-wide setup: every test session gets its own data directory, so no test touches var/."""

import os
import tempfile
from pathlib import Path

import pytest

_session_dir = tempfile.mkdtemp(prefix="wispaper-test-")
os.environ["WISPAPER_DATA_DIR"] = _session_dir
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.skip(f"the shared data folder {SHARED_DATA} is absent")
    return SHARED_DATA
