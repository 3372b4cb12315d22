"""Real Celery processes for the tests that need them: workers and beat on the test database and the configured
broker (the session's filesystem queue by default, Redis under .ci/run)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

import pytest
from django.conf import settings
from django.db import connection


def database_url() -> str:
    """The test database, which a worker must use instead of the one settings name."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def celery(command: list[str], log: IO, **env: str) -> subprocess.Popen:
    """`celery -A wispaper COMMAND…` with the test database, real (not eager) tasks and `env` on top."""
    environment = {**os.environ, "DATABASE_URL": database_url(), "CELERY_TASK_ALWAYS_EAGER": "0", **env}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "wispaper", *command],
        cwd=settings.BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )


def worker(log: IO, *extra: str, **env: str) -> subprocess.Popen:
    return celery(["worker", "--pool", "solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
                   "--loglevel", "INFO", *extra], log, **env)  # fmt: skip


def beat(log: IO, **env: str) -> subprocess.Popen:
    return celery(["beat", "--loglevel", "INFO"], log, **env)


@contextmanager
def stopped_at_exit() -> Iterator[list[subprocess.Popen]]:
    """A list to put started processes in; each is stopped (killed if it will not stop) when the block ends."""
    processes: list[subprocess.Popen] = []
    try:
        yield processes
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until(done: Callable[[], bool], log: IO, seconds: float, what: str) -> None:
    """Poll `done` until it holds; fail with the end of the Celery log if it does not within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if done():
            return
        time.sleep(0.1)
    log.seek(0)
    pytest.fail(f"{what} did not happen within {seconds:.0f} s:\n{log.read()[-4000:]}")
