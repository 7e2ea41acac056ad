"""Runs that outlive a rerun: the progress bar goes on from where the run is, never back to zero.

The bar used to jump backwards because every click during a run stopped the page's script
and the rerun started the simulation again from day 0. The work below is a stand-in for a
simulation that reports progress per chunk and waits at gates the test opens, so every
step is deterministic (no timing).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from flowsim.app_pages.jobs import KEEP_FINISHED, JobCancelledError, Jobs, Progress

WAIT_S = 30.0


class Chunks:
    """Work that reports ``total`` days in chunks, each after the test lets it through."""

    def __init__(self, chunks: int, size: int) -> None:
        self.total = chunks * size
        self.size = size
        self.gates = [threading.Event() for _ in range(chunks)]
        self.reported = [threading.Event() for _ in range(chunks)]
        self.starts = 0

    def __call__(self, progress: Progress) -> str:
        self.starts += 1
        for i, gate in enumerate(self.gates):
            assert gate.wait(WAIT_S)
            progress((i + 1) * self.size, self.total)
            self.reported[i].set()
        return "experiment"

    def let_through(self, chunk: int) -> None:
        self.gates[chunk].set()
        assert self.reported[chunk].wait(WAIT_S)


def _poll_until(job_progress: Callable[[], tuple[int, int]], done: int) -> None:
    for _ in range(1000):
        if job_progress()[0] >= done:
            return
        threading.Event().wait(0.01)
    raise AssertionError(f"no progress to {done}")


def test_a_rerun_attaches_to_the_running_job_and_its_progress_goes_on() -> None:
    jobs, work = Jobs(), Chunks(chunks=4, size=25)
    key = (("baseline", "redesign"), 1, 50)
    first = jobs.attach(key, work)
    work.let_through(0)
    work.let_through(1)
    _poll_until(first.progress, 50)
    # she clicks something: the page's script stops, the rerun asks for the same run again
    second = jobs.attach(key, work)
    assert second is first
    assert second.progress() == (50, 100)  # where it was, not 0
    work.let_through(2)
    work.let_through(3)
    assert jobs.take(key, second) == "experiment"
    assert work.starts == 1  # simulated once, not again from day 0


def test_progress_never_goes_back_even_if_chunks_report_out_of_order() -> None:
    jobs = Jobs()
    gate = threading.Event()

    def work(progress: Progress) -> str:
        progress(75, 100)
        progress(50, 100)  # a slower report arriving late
        gate.wait(WAIT_S)
        return "done"

    job = jobs.attach("k", work)
    _poll_until(job.progress, 75)
    assert job.progress() == (75, 100)
    gate.set()
    assert jobs.take("k", job) == "done"


def test_cancel_stops_the_job_at_its_next_chunk_and_a_new_request_starts_afresh() -> None:
    jobs, work = Jobs(), Chunks(chunks=3, size=10)
    job = jobs.attach("k", work)
    work.let_through(0)
    jobs.cancel("k")
    work.gates[1].set()  # the chunk running when Cancel was pressed still ends...
    assert job.wait(WAIT_S)
    with pytest.raises(JobCancelledError):  # ...but its report stops the run
        jobs.take("k", job)
    assert job.progress() == (10, 30)
    again = jobs.attach("k", Chunks(chunks=1, size=10))
    assert again is not job


def test_an_error_reaches_the_page_and_the_job_is_forgotten() -> None:
    jobs = Jobs()

    def failing(progress: Progress) -> str:
        raise ValueError("boom")

    job = jobs.attach("k", failing)
    with pytest.raises(ValueError, match="boom"):
        jobs.take("k", job)
    assert jobs.attach("k", lambda progress: "ok") is not job


def test_finished_jobs_wait_for_their_page_but_only_a_few_are_kept() -> None:
    jobs = Jobs()
    finished = []
    for i in range(KEEP_FINISHED + 1):  # one after the other: the oldest is the first to end
        finished.append(jobs.attach(i, lambda progress, i=i: f"result {i}"))
        assert finished[-1].wait(WAIT_S)
    # the page that was rerun while its job ended finds it (kept), the oldest is dropped
    assert jobs.attach(KEEP_FINISHED, lambda progress: "again") is finished[-1]
    assert jobs.attach(0, lambda progress: "again") is not finished[0]
