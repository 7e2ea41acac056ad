"""A priority queue for a desk with a few chairs: SimPy's ``PriorityResource``, lighter.

Picture a desk with ``capacity`` chairs and a queue ordered by priority (lower
first), then by when each person joined. When a chair is free, the head of the
queue sits down. When someone stands up, the next person sits down a moment later
(in the same instant, after what was already due then): a newcomer who outranks
the queue in between takes the chair first.

These are exactly the rules of ``simpy.PriorityResource``, so a day plays out
event for event as it would with SimPy's resource, but without the two events per
visit that only do bookkeeping: a release makes an event only when somebody waits,
and a chair taken on the spot by a patient who does not wait for it makes none.
"""

from __future__ import annotations

import heapq
from itertools import count

import simpy


class Request(simpy.Event):
    """A place in a :class:`PriorityPool`'s queue; succeeds when a chair is granted."""

    __slots__ = ("pool", "waiting")

    def __init__(self, pool: PriorityPool) -> None:
        super().__init__(pool.env)
        self.pool = pool
        self.waiting = False  # in the queue: neither granted nor cancelled

    def cancel(self) -> None:
        """Leave the queue (nothing happens if the chair was already granted)."""
        if self.waiting:  # its heap entry stays, skipped when it comes up: O(1) here
            self.waiting = False
            self.pool.waiting -= 1


class PriorityPool:
    """``capacity`` interchangeable chairs, granted to waiting requests in priority order.

    The queue is a binary heap of ``(priority, time asked, order, request)``: joining,
    being served and leaving are O(log n) however long the queue (a list kept sorted
    took O(n) per patient, minutes per day with thousands of walk-ins). ``order`` makes
    every key distinct, so the heap serves exactly the order a sorted list would.
    """

    def __init__(self, env: simpy.Environment, capacity: int) -> None:
        self.env = env
        self.capacity = capacity
        self.busy = 0
        self.waiting = 0  # requests in the queue (the heap may also hold cancelled ones)
        self._heap: list[tuple[int, float, int, Request]] = []
        self._order = count()

    def request(self, priority: int) -> Request:
        """Join the queue; the request succeeds (as an event) once a chair is granted."""
        request = Request(self)
        request.waiting = True
        self.waiting += 1
        heapq.heappush(self._heap, (priority, self.env.now, next(self._order), request))
        if self.busy < self.capacity:  # the head sits down (the newcomer, unless outranked)
            self.busy += 1
            self._pop_head().succeed()
        return request

    def seize(self, priority: int) -> Request | None:
        """Like :meth:`request`, but ``None`` when a chair is free and nobody waits: taken on the spot."""
        if self.waiting or self.busy == self.capacity:
            return self.request(priority)
        self.busy += 1
        return None

    def release(self, request: Request | None) -> None:
        """Give back the chair held by ``request``; the head of the queue sits down next."""
        self.busy -= 1
        if self.waiting:
            next_up = self.env.event()
            next_up.callbacks.append(self._serve)
            next_up.succeed()

    def _serve(self, _: simpy.Event) -> None:
        if self.waiting and self.busy < self.capacity:
            self.busy += 1
            self._pop_head().succeed()

    def _pop_head(self) -> Request:
        """The first request still waiting, out of the queue (cancelled ones are dropped on the way)."""
        while True:
            request = heapq.heappop(self._heap)[3]
            if request.waiting:
                request.waiting = False
                self.waiting -= 1
                return request
