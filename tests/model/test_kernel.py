"""The day's kernel plays every event exactly as SimPy would, with fewer events.

Random jobs share a desk and a room; each job is played once as SimPy processes
(``env.process``, waiting for its start with a timeout first) and once as walks started
in groups by :meth:`DayEnvironment.start`. Times are whole minutes, so many things
happen at the same instant: the traces, including the order within an instant, must be
identical, and the kernel must have used exactly two events fewer per walk but one per group.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest
import simpy
from hypothesis import example, given, settings
from hypothesis import strategies as st

from flowsim.model.kernel import DayEnvironment
from flowsim.model.queues import PriorityPool

Job = tuple[int, int, int, int]  # (start, priority, desk minutes, room minutes)
Trace = list[tuple[float, int, str]]

JOBS = st.lists(st.tuples(st.integers(0, 8), st.integers(0, 2), st.integers(0, 4), st.integers(0, 4)), max_size=20)
GROUPS = st.lists(JOBS, min_size=1, max_size=3)


def _job(env: simpy.Environment, desk: PriorityPool, room: simpy.Resource, trace: Trace, k: int, job: Job) -> Any:
    """A job's life after its start: the desk (priority pool), then a room (SimPy's resource)."""
    _, priority, desk_min, room_min = job
    trace.append((env.now, k, "in"))
    request = desk.seize(priority)
    if request is not None and not request.triggered:
        yield request
    trace.append((env.now, k, "desk"))
    yield env.timeout(desk_min)
    desk.release(request)
    with room.request() as asked:
        yield asked
        trace.append((env.now, k, "room"))
        yield env.timeout(room_min)
    trace.append((env.now, k, "out"))


def _play(groups: list[list[Job]], kernel: bool) -> tuple[Trace, int]:
    """The trace of the jobs and the number of events the run scheduled."""
    env = DayEnvironment() if kernel else simpy.Environment()
    desk, room = PriorityPool(env, 1), simpy.Resource(env, 2)
    trace: Trace = []
    k = 0
    for group in groups:
        starts = []
        for job in group:
            starts.append((float(job[0]), _job(env, desk, room, trace, k, job)))
            k += 1
        if isinstance(env, DayEnvironment):
            env.start(starts)
        else:
            for delay, walk in starts:
                env.process(_waiting(env, delay, walk))
    env.run()
    return trace, next(env._eid)  # (SimPy numbers every event it schedules)


def _waiting(env: simpy.Environment, delay: float, walk: Any) -> Generator[Any, Any, None]:
    if delay > 0:
        yield env.timeout(delay)
    yield from walk


@given(GROUPS)
@settings(max_examples=100)
@example([[(0, 0, 1, 1), (1, 0, 1, 0)]])  # the first job's desk time ends as the second comes: desk first
def test_walks_started_in_groups_play_as_simpy_processes(groups: list[list[Job]]) -> None:
    simpy_trace, simpy_events = _play(groups, kernel=False)
    kernel_trace, kernel_events = _play(groups, kernel=True)
    assert kernel_trace == simpy_trace
    # SimPy: an Initialize and an end event per process; the kernel: one opening event per group
    n_jobs, n_groups = sum(map(len, groups)), sum(1 for group in groups if group)
    assert kernel_events == simpy_events - 2 * n_jobs + n_groups


def test_a_walk_due_when_another_ends_comes_after_what_the_earlier_one_set_in_motion() -> None:
    trace, _ = _play([[(0, 0, 1, 1), (1, 0, 1, 0)]], kernel=True)
    assert trace == [
        (0, 0, "in"),
        (0, 0, "desk"),
        (1, 1, "in"),  # the first job's desk minute ends before the second's start (set earlier)
        (1, 1, "desk"),  # free: the first job gave it back and asked for a room
        (1, 0, "room"),  # granted at 1, after the second job's start that was due before
        (2, 0, "out"),  # the second job's desk minute ends first, but its room grant is an event
        (2, 1, "room"),
        (2, 1, "out"),
    ]


def test_a_failed_event_is_thrown_into_the_walk_that_waits_for_it() -> None:
    env, seen = DayEnvironment(), []
    alarm = env.event()

    def walk() -> Generator[Any, Any, None]:
        try:
            yield alarm
        except ValueError as failure:
            seen.append((env.now, str(failure), type(failure.__cause__).__name__))

    def ring() -> Generator[Any, Any, None]:
        alarm.fail(ValueError("smoke"))
        yield env.timeout(0)

    env.start([(0.0, walk()), (3.0, ring())])
    env.run()
    assert seen == [(3.0, "smoke", "ValueError")]


def test_a_failure_nobody_handles_stops_the_run_as_in_simpy() -> None:
    env = DayEnvironment()
    env.event().fail(KeyError("lost"))
    with pytest.raises(KeyError, match="lost"):
        env.run()


def test_an_event_already_processed_lets_the_walk_go_on_at_once() -> None:
    env, seen = DayEnvironment(), []
    done = env.timeout(1)

    def walk() -> Generator[Any, Any, None]:
        value = yield done
        seen.append((env.now, value))
        yield done  # processed at 1: no wait
        seen.append((env.now, "again"))

    env.start([(2.0, walk())])
    env.run()
    assert seen == [(2.0, None), (2.0, "again")]


def test_run_until_a_time_is_simpys_own() -> None:
    env = DayEnvironment()
    env.timeout(5)
    env.run(until=3)
    assert env.now == 3
    env.run()
    assert env.now == 5


def test_a_timeout_is_simpys_own_event_with_its_value_and_rules() -> None:
    env, seen = DayEnvironment(), []

    def walk() -> Generator[Any, Any, None]:
        value = yield env.timeout(2.5, value="done")
        seen.append((env.now, value))
        value = yield env.timeout(0)
        seen.append((env.now, value))

    env.start([(1.0, walk())])
    env.run()
    assert seen == [(3.5, "done"), (3.5, None)]
    assert isinstance(env.timeout(1), simpy.Timeout)
    with pytest.raises(ValueError, match="Negative delay"):
        env.timeout(-1)
