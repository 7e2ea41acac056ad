"""Long runs that outlive a page's rerun, so their progress bar never starts again from zero.

Streamlit stops a page's script whenever she touches a widget, and starts it again from
the top. A simulation run inside the script was stopped with it and started afresh on the
rerun: the bar that had reached 60% jumped back to 0% (issue 13). Here a run is a job on
its own thread, registered under its key (designs, seed, days); a rerun attaches to the
running job and its bar goes on from where the job is. Only Cancel stops a job.

Nothing here knows about Streamlit: the page polls :meth:`Job.wait` and draws the bar.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

Progress = Callable[[int, int], None]
KEEP_FINISHED = 2
"""Finished jobs kept for a page that was rerun while its job ended (results can be large)."""


class JobCancelledError(Exception):
    """The job was cancelled (Cancel was pressed); it produced nothing."""


class Job:
    """One run on its own thread: its progress so far, then its result or its error."""

    def __init__(self, work: Callable[[Progress], Any], on_end: Callable[[Job], None]) -> None:
        self._lock = threading.Lock()
        self._done, self._total = 0, 0
        self.started = time.perf_counter()
        self._cancelled = threading.Event()
        self._finished = threading.Event()
        self._result: Any = None
        self._error: BaseException | None = None

        def run() -> None:
            try:
                self._result = work(self._report)
            except BaseException as error:  # handed to whoever waits for the job
                self._error = error
            finally:
                on_end(self)  # first: whoever sees the job ended finds the registry up to date
                self._finished.set()

        self._thread = threading.Thread(target=run, name="flowsim-job", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _report(self, done: int, total: int) -> None:
        if self._cancelled.is_set():
            raise JobCancelledError  # stops the run at its next finished chunk; the runner drops the chunks not started
        with self._lock:
            self._done, self._total = max(self._done, done), total  # never back, whatever order chunks end in

    def progress(self) -> tuple[int, int]:
        """``(done, total)`` days so far (``(0, 0)`` before the first chunk ends)."""
        with self._lock:
            return self._done, self._total

    def seconds_left(self) -> float | None:
        """At the pace so far, how long the rest takes (None before the first chunk ends)."""
        done, total = self.progress()
        return (time.perf_counter() - self.started) * (total - done) / done if done else None

    def wait(self, timeout_s: float) -> bool:
        """Whether the job has ended, waiting at most ``timeout_s`` seconds."""
        return self._finished.wait(timeout_s)

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def result(self) -> Any:
        """The run's result once it has ended (raises its error, or :class:`JobCancelledError`)."""
        self._finished.wait()
        if self._error is not None:
            raise self._error
        return self._result


class Jobs:
    """The server's running (and a few just finished) jobs, by key."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[Hashable, Job] = {}
        self._finished: list[Hashable] = []

    def attach(self, key: Hashable, work: Callable[[Progress], Any]) -> Job:
        """The job for ``key``: the one running or just finished, else ``work`` started now."""
        with self._lock:
            job = self._jobs.get(key)
            if job is None or job.cancelled:
                job = Job(work, lambda ended: self._ended(key, ended))
                self._jobs[key] = job
                job.start()
            return job

    def _ended(self, key: Hashable, job: Job) -> None:
        with self._lock:
            if self._jobs.get(key) is not job:
                return
            if job.cancelled:
                del self._jobs[key]
                return
            self._finished.append(key)
            while len(self._finished) > KEEP_FINISHED:
                self._jobs.pop(self._finished.pop(0), None)

    def take(self, key: Hashable, job: Job) -> Any:
        """The result of ``job`` (attached under ``key``) once it ends; the job is then forgotten.

        Raises the job's error, or :class:`JobCancelledError`. The page caches results, so a job is taken once.
        """
        try:
            return job.result()
        finally:
            with self._lock:
                if self._jobs.get(key) is job:
                    del self._jobs[key]
                if key in self._finished:
                    self._finished.remove(key)

    def cancel(self, key: Hashable) -> bool:
        """Stop the job ``key`` if it is running or waiting to be taken; whether there was one."""
        with self._lock:
            job = self._jobs.get(key)
        if job is not None:
            job.cancel()
        return job is not None
