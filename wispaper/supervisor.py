"""Keep a few processes running: start each, start again any that exits, and stop them all at the end."""

from __future__ import annotations

import logging
import subprocess
import time
from dataclasses import dataclass

logger = logging.getLogger(__name__)

# A program that exits sooner than this after it started is crashing: each restart then waits twice as long as
# the one before (up to MAX_PAUSE_SECONDS), so a broken configuration does not spin.
STEADY_SECONDS = 30.0
MAX_PAUSE_SECONDS = 60.0


@dataclass
class Program:
    name: str
    argv: list[str]
    process: subprocess.Popen | None = None
    started: float = 0.0
    pause: float = 0.0  # before the next restart
    exited: float | None = None  # when it was found to have exited

    def start(self) -> None:
        self.process = subprocess.Popen(self.argv)
        self.started, self.exited = time.monotonic(), None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


def restart_exited(programs: list[Program]) -> None:
    """Start again each program that has exited, once its pause is over."""
    now = time.monotonic()
    for program in programs:
        if program.running:
            continue
        if program.exited is None:
            program.exited = now
            crashing = now - program.started < STEADY_SECONDS
            program.pause = min(max(program.pause * 2, 1.0), MAX_PAUSE_SECONDS) if crashing else 0.0
            status = program.process.returncode
            logger.warning("%s exited with status %s; starting it again in %.0f s", program.name, status, program.pause)
        if now - program.exited >= program.pause:
            program.start()


def stop(programs: list[Program], timeout: float = 30.0) -> None:
    """Ask every program to stop, and kill those still running after `timeout` seconds."""
    for program in programs:
        if program.running:
            program.process.terminate()
    deadline = time.monotonic() + timeout
    for program in programs:
        if program.process is None:
            continue
        try:
            program.process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            program.process.kill()
            program.process.wait()
