"""Hostile pastes for the linear-time tests: what users paste, a megabyte at a time, and a stopwatch."""

from __future__ import annotations

import time
from collections.abc import Callable

HOSTILE = [".", "!", "(", "[", "\n", " ", "a.", ", ", "1.", "A. ", "et al. ", "-"]
MEGABYTE = 1_000_000
# Generous: a quadratic function takes minutes on a megabyte, not seconds. The stopwatch counts this
# process's CPU time, so other work on a shared machine does not make a linear function look slow.
SECONDS = 2.0


def repeated(piece: str, length: int = MEGABYTE) -> str:
    return (piece * (length // len(piece) + 1))[:length]


def seconds(call: Callable, *args) -> float:
    started = time.process_time()
    call(*args)
    return time.process_time() - started
