"""The priority pool grants chairs exactly as ``simpy.PriorityResource`` would.

Random jobs (arrival, priority, duration, patience) go through a pool of a few
chairs, once with SimPy's resource and once with
:class:`~flowsim.model.queues.PriorityPool`; the order and times of the grants, of
the give-ups and of everything that happens at the same instant must be identical.
"""

from __future__ import annotations

import random
from collections.abc import Generator
from typing import Any

import simpy
from hypothesis import given, settings
from hypothesis import strategies as st

from flowsim.model.queues import PriorityPool

Job = tuple[int, int, int, int | None]  # (arrival, priority, duration, patience) in whole minutes: many ties
Trace = list[tuple[float, int, str]]


def _day(capacity: int, jobs: list[Job], seize: bool, pool: bool) -> Trace:
    """Play ``jobs``; ``seize``: a chair granted on the spot is not waited for (as the engine does)."""
    env = simpy.Environment()
    desk: Any = PriorityPool(env, capacity) if pool else simpy.PriorityResource(env, capacity=capacity)
    trace: Trace = []

    def ask(priority: int, patience: int | None) -> Any:
        if pool and seize and patience is None:
            return desk.seize(priority)
        return desk.request(priority) if pool else desk.request(priority=priority)

    def job(k: int, arrival: int, priority: int, duration: int, patience: int | None) -> Generator[Any, Any, None]:
        yield env.timeout(arrival)
        request = ask(priority, patience)
        if patience is not None:
            yield request | env.timeout(patience)
            if not request.triggered:
                request.cancel()
                trace.append((env.now, k, "gave up"))
                return
        elif request is not None and not (seize and request.triggered):
            yield request
        trace.append((env.now, k, "granted"))
        yield env.timeout(duration)
        trace.append((env.now, k, "done"))
        desk.release(request)

    for k, spec in enumerate(jobs):
        env.process(job(k, *spec))
    env.run()
    return trace


PATIENCE = st.one_of(st.none(), st.integers(0, 6))
JOBS = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 3), st.integers(0, 8), PATIENCE), min_size=1, max_size=25)


@settings(max_examples=150, deadline=None)
@given(capacity=st.integers(1, 3), jobs=JOBS, seize=st.booleans())
def test_pool_grants_like_simpy_priority_resource(capacity: int, jobs: list[Job], seize: bool) -> None:
    assert _day(capacity, jobs, seize, pool=True) == _day(capacity, jobs, seize, pool=False)


def test_a_newcomer_who_outranks_the_queue_takes_a_chair_given_back_in_the_same_instant() -> None:
    # Job 0 holds the chair 0-5; job 1 (priority 2) waits from 1; job 2 (priority 1) comes at 5,
    # when job 0 stands up: it outranks job 1 and sits down first, as with SimPy.
    jobs: list[Job] = [(0, 0, 5, None), (1, 2, 1, None), (5, 1, 1, None)]
    expected = [(0, 0, "granted"), (5, 0, "done"), (5, 2, "granted"), (6, 2, "done"), (6, 1, "granted"), (7, 1, "done")]
    assert _day(1, jobs, True, pool=True) == _day(1, jobs, True, pool=False) == expected


def test_thousands_waiting_with_give_ups_are_served_exactly_as_simpy_would() -> None:
    # A day of 2,000 walk-ins at two chairs: the queue grows to thousands, a third give up
    # (leaving from the middle of the queue), many ties in time and priority.
    rng = random.Random(14)
    jobs: list[Job] = [
        (rng.randrange(400), rng.randrange(4), rng.randrange(1, 5), rng.choice([None, None, rng.randrange(300)]))
        for _ in range(2000)
    ]
    pooled = _day(2, jobs, True, pool=True)
    assert pooled == _day(2, jobs, True, pool=False)
    assert sum(event == "gave up" for _, _, event in pooled) > 300  # the queue was long and people left it


def test_a_cancelled_request_is_never_granted_and_frees_its_place() -> None:
    env = simpy.Environment()
    pool = PriorityPool(env, 1)
    holder = pool.request(0)
    first, second = pool.request(1), pool.request(2)
    assert (holder.triggered, pool.waiting) == (True, 2)
    first.cancel()
    first.cancel()  # twice: still one place freed
    assert pool.waiting == 1
    pool.release(holder)
    env.run()
    assert (first.triggered, second.triggered, pool.waiting, pool.busy) == (False, True, 0, 1)
