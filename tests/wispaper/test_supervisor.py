"""`manage.py serve` keeps its Celery worker and beat running: a program that dies is started again, one that keeps
crashing waits longer each time, and stopping ends them all."""

from __future__ import annotations

import signal
import sys
import time

import pytest

from wispaper.management.commands.serve import CELERY, supervised
from wispaper.supervisor import Program, restart_exited, stop

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]
CRASHER = [sys.executable, "-c", "raise SystemExit(3)"]

pytestmark = pytest.mark.slow


def _supervise_until(done, programs: list[Program], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not done():
        restart_exited(programs)
        time.sleep(0.05)
    assert done()


def test_a_killed_program_is_started_again():
    worker = Program("worker", SLEEPER)
    worker.start()
    first = worker.process
    try:
        first.send_signal(signal.SIGKILL)
        first.wait()
        _supervise_until(lambda: worker.running and worker.process is not first, [worker], seconds=5)
    finally:
        stop([worker])
    assert not worker.running


def test_a_program_that_keeps_crashing_is_started_again_ever_more_slowly():
    beat = Program("beat", CRASHER)
    beat.start()
    pauses = []
    for _ in range(3):
        crashed = beat.process
        _supervise_until(lambda: beat.process is not crashed, [beat], seconds=10)
        pauses.append(beat.pause)
    stop([beat])
    assert pauses == [1.0, 2.0, 4.0]


def test_stopping_ends_every_program():
    programs = [Program("worker", SLEEPER), Program("beat", SLEEPER)]
    for program in programs:
        program.start()
    stop(programs, timeout=5)
    assert not any(program.running for program in programs)


def test_serve_supervises_a_celery_worker_and_beat():
    assert [(program.name, program.argv[: len(CELERY) + 1]) for program in supervised()] == [
        ("worker", [*CELERY, "worker"]),
        ("beat", [*CELERY, "beat"]),
    ]
