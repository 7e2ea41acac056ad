"""A per-file time limit for hostile-input tests: a hang becomes a failure naming the file."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

FILE_LIMIT_S = 20.0
"""Far above the few milliseconds a file takes, even on a loaded machine: only a hang reaches it."""


class HangError(Exception):
    """The work did not finish within the limit."""


@contextmanager
def deadline(what: str, seconds: float = FILE_LIMIT_S) -> Iterator[None]:
    """Raise :class:`HangError` naming ``what`` if the block runs longer than ``seconds``.

    Uses SIGALRM, so it interrupts Python code (the YAML reader, the engine) in the main
    thread; elsewhere (or without SIGALRM) the block just runs.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise HangError(f"{what}: still running after {seconds:g} s (a hang?)")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
