"""SimPy's kernel, trimmed to what one clinic day needs.

Picture SimPy's event loop as a stack of alarm cards sorted by time: take the top card,
wake everyone who waits for it, repeat. A clinic day plays ~1,000 cards, and part of
what SimPy does per card is bookkeeping the day never reads:

- every process starts with its own ``Initialize`` card, and a patient's first act is
  then to set a second card for when they come through the door;
- a process that ends sets one more card (its own "done" event) that nobody waits for;
- each card goes through two method calls (``run`` -> ``step``).

:class:`DayEnvironment` keeps SimPy's rules exactly (event order by time, priority and
scheduling order; callbacks in order; a failed event nobody handles stops the run) and
drops that bookkeeping: :meth:`DayEnvironment.start` starts a whole group of
generators with one card, each either at once or with one card for when it is due,
and the run loop does ``step``'s work inline. The generators are driven by
:class:`Walk`, SimPy's ``Process`` without the "done" card.

Why the order of events is unchanged: SimPy runs a group of processes created one after
another with consecutive urgent ``Initialize`` cards for the same instant, which nothing
can come between; one urgent card that starts them in the same order makes every
later card in the same order. A card nobody waits for changes no one's order when it
is left out (its place in the sequence only shifts the numbers of later cards, all alike).
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from heapq import heappop, heappush
from typing import Any

import simpy
from simpy.core import SimTime
from simpy.events import NORMAL, URGENT, Timeout

WalkGenerator = Generator[simpy.Event, Any, None]


class Walk:
    """Drive ``generator`` by the events it yields, like ``simpy.Process``, but leave no
    event behind when it ends (nothing waits for a patient or a provider's time off to
    end). An exception in the generator stops the run at once, as SimPy's would once
    its failed process event came up."""

    __slots__ = ("_generator", "resume")

    def __init__(self, generator: WalkGenerator) -> None:
        self._generator = generator
        self.resume = self._resume  # bound once: it is appended as a callback at every wait

    def _resume(self, event: simpy.Event) -> None:
        """Continue with the value of ``event`` (or its failure, thrown into the generator)."""
        generator = self._generator
        while True:
            try:
                if event._ok:
                    event = generator.send(event._value)
                else:
                    event._defused = True  # handed to the generator, as SimPy does
                    failure = event._value
                    copy = type(failure)(*failure.args)
                    copy.__cause__ = failure
                    event = generator.throw(copy)
            except StopIteration:
                return
            if event.callbacks is not None:  # not processed yet: wait for it
                event.callbacks.append(self.resume)
                return
            # already processed: go on at once with its value, as SimPy does


class _Opening(simpy.Event):
    """Already triggered and scheduled as urgent, like SimPy's ``Initialize``: runs before
    every ordinary event of the same instant."""

    def __init__(self, env: simpy.Environment, starts: list[tuple[float, WalkGenerator]]) -> None:
        self.env = env
        self.callbacks = [self._start]
        self._value = None
        self._ok = True
        self._starts = starts
        env.schedule(self, URGENT)

    def _start(self, _: simpy.Event) -> None:
        env = self.env
        for delay, generator in self._starts:
            walk = Walk(generator)
            if delay > 0:
                env.timeout(delay).callbacks.append(walk.resume)
            else:
                walk.resume(self)


class DayEnvironment(simpy.Environment):
    """A ``simpy.Environment`` that starts groups of walks with one event and runs with
    ``step`` inlined (see the module docstring)."""

    # SimPy binds ``timeout`` and ``event`` to each environment, but only those its own class
    # declares: a subclass would build a bound method at every call. Plain methods instead.
    def timeout(self, delay: SimTime = 0, value: Any | None = None) -> Timeout:
        """SimPy's ``Timeout``, set up here rather than through its two nested calls (the day's
        most common event: every step's duration, documentation and room turnover)."""
        if delay < 0:
            raise ValueError(f"Negative delay {delay}")
        timeout = object.__new__(Timeout)
        timeout.env = self
        timeout.callbacks = []
        timeout._value = value
        timeout._delay = delay
        timeout._ok = True
        heappush(self._queue, (self._now + delay, NORMAL, next(self._eid), timeout))
        return timeout

    def event(self) -> simpy.Event:
        """A new untriggered event."""
        return simpy.Event(self)

    def start(self, starts: Iterable[tuple[float, WalkGenerator]]) -> None:
        """Start each generator ``delay`` minutes from now (at once if 0), in the given order.

        The same as ``yield env.timeout(delay)`` (when ``delay > 0``) first in each generator
        started with ``env.process`` one after another, with up to two events fewer each.
        """
        starts = list(starts)
        if starts:
            _Opening(self, starts)

    def run(self, until: SimTime | simpy.Event | None = None) -> Any | None:
        """Process events until none is left (SimPy's own loop when ``until`` is given)."""
        if until is not None:
            return super().run(until)
        queue = self._queue
        while queue:
            self._now, _, _, event = heappop(queue)
            # as simpy.Environment.step: callbacks set to None first, so late additions fail loudly
            callbacks, event.callbacks = event.callbacks, None  # type: ignore[assignment]
            for callback in callbacks:
                callback(event)
            if not event._ok and not hasattr(event, "_defused"):
                failure = event._value
                copy = type(failure)(*failure.args)
                copy.__cause__ = failure
                raise copy
        return None
