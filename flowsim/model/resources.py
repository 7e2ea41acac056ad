"""The clinic's resources: providers, staff pools and identified exam rooms.

A provider is a desk with one chair: a priority pool of capacity one (see :mod:`flowsim.model.queues`).
Time off (before the first session, between sessions, breaks) is a request that
outranks every patient but, like a polite colleague, waits for the visit in progress
to end. A staff pool is a resource as big as its largest head count; while fewer are
on duty, placeholder requests hold the difference. Exam rooms are named rooms
(``room_1`` ...) handed out by the room policy and cleaned (turnover) before reuse.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import numpy as np
import simpy

from flowsim.model.compile import Compiled, ProviderSpec
from flowsim.model.entities import BLOCKER_PRIORITY, NO_PROVIDER
from flowsim.model.queues import PriorityPool, Request
from flowsim.rng import uniforms

RawEvent = tuple[int, str, str, float, str]
Holding = tuple[Any, int, str]  # (request or room event, provider index or room number, resource id)


class RoomPool:
    """Identified exam rooms handed out per policy, best-priority waiting patient first.

    ``dedicated``: a provider's patients use only that provider's rooms; ``pooled``: any
    room; ``flex``: the provider's own free room first, else any free room. Patients
    without a provider yet (shared queue) may use any room.
    """

    def __init__(self, env: simpy.Environment, count: int, policy: str, owned: list[tuple[int, ...]]) -> None:
        self.env = env
        self.free: set[int] = set(range(1, count + 1))
        self.policy = policy
        self.owned = owned
        self.owned_sets = [frozenset(rooms) for rooms in owned]
        self.waiting: list[tuple[int, int, simpy.Event]] = []

    def _choose(self, provider: int, free: set[int]) -> int | None:
        if not free:
            return None
        if self.policy == "pooled" or provider == NO_PROVIDER:
            return min(free)
        own = [room for room in self.owned[provider] if room in free]
        if own:
            return own[0]
        return min(free) if self.policy == "flex" else None

    def take(self, provider: int) -> int | None:
        """A free room for a patient of ``provider``, taken now; None if none may be used."""
        room = self._choose(provider, self.free)
        if room is not None:
            self.free.discard(room)
        return room

    def wait(self, priority: int, provider: int) -> simpy.Event:
        """Join the room queue: the event succeeds with the room number given to this patient."""
        event = self.env.event()
        self.waiting.append((priority, provider, event))
        return event

    def request(self, priority: int, provider: int) -> simpy.Event:
        """An event that succeeds with a room number once a room is given to this patient."""
        room = self.take(provider)
        if room is None:
            return self.wait(priority, provider)
        return self.env.event().succeed(room)

    def cancel(self, event: simpy.Event) -> None:
        """Withdraw a waiting request (a patient leaving the waiting room)."""
        self.waiting = [w for w in self.waiting if w[2] is not event]

    def give_back(self, room: int) -> None:
        """Room ``room`` is clean and free: hand it to the best eligible waiting patient."""
        eligible = [w for w in self.waiting if self._choose(w[1], {room}) is not None]
        if not eligible:
            self.free.add(room)
            return
        best = min(eligible, key=lambda w: w[0])
        self.waiting.remove(best)
        best[2].succeed(room)


class Clinic:
    """The run-time resources of one simulated day and the day's raw event log."""

    def __init__(self, env: simpy.Environment, compiled: Compiled, seed: int, rep: int) -> None:
        self.env = env
        self.compiled = compiled
        self.log: list[RawEvent] = []
        self.provider_names = [p.name for p in compiled.providers]
        self.providers = [PriorityPool(env, capacity=1) for _ in compiled.providers]
        self.room_ids = [f"room_{n}" for n in range(compiled.room_count + 1)]
        self.in_care = [0] * len(compiled.providers)  # patients waiting for or with each provider
        self.pools: dict[str, PriorityPool] = {}
        for name, capacity, timeline in compiled.staff:
            self.pools[name] = pool = PriorityPool(env, capacity=max(capacity, 1))
            _staff_shifts(env, pool, max(capacity, 1), timeline)
        self.rooms = RoomPool(env, compiled.room_count, compiled.room_policy, [p.rooms for p in compiled.providers])
        for index, provider in enumerate(compiled.providers):
            self._start_time_off(index, provider, seed, rep)

    def documented(self, pid: int, provider: int, request: Any, _: simpy.Event) -> None:
        """Documentation of patient ``pid`` is done: the provider is free for the next one."""
        self.log.append((pid, "documentation", "end", self.env.now, self.provider_names[provider]))
        self.providers[provider].release(request)

    def turned_over(self, pid: int, room: int, _: simpy.Event) -> None:
        """Room ``room`` is clean after patient ``pid``: give it to the next one."""
        self.log.append((pid, "turnover", "end", self.env.now, self.room_ids[room]))
        self.rooms.give_back(room)

    def _start_time_off(self, index: int, provider: ProviderSpec, seed: int, rep: int) -> None:
        n = len(provider.sessions)
        lateness_u = uniforms(seed, rep, f"lateness/{provider.name}", n) if provider.late else np.zeros(n)
        lateness_min = provider.lateness(lateness_u)
        sessions = provider.sessions
        starts = [start + max(float(late), 0.0) for (start, _), late in zip(sessions, lateness_min, strict=True)]
        ends = [0.0] + [end for _, end in sessions[:-1]]
        spans = [(end, start, "off") for end, start in zip(ends, starts, strict=True)]
        spans += [(b0, b1, "break") for b0, b1 in provider.breaks]
        for begin_min, until_min, step in spans:
            if until_min > begin_min:
                self.env.process(self._time_off(index, begin_min, until_min, step))

    def _time_off(self, index: int, begin_min: float, until_min: float, step: str) -> Generator[Any, Any, None]:
        """Provider ``index`` steps away from ``begin_min`` (after the visit in progress) until ``until_min``."""
        env, resource = self.env, self.providers[index]
        if begin_min > env.now:
            yield env.timeout(begin_min - env.now)
        request = resource.request(BLOCKER_PRIORITY)
        yield request
        if env.now < until_min:
            name = self.provider_names[index]
            self.log.append((-1, step, "start", env.now, name))
            yield env.timeout(until_min - env.now)
            self.log.append((-1, step, "end", env.now, name))
        resource.release(request)


def _staff_shifts(
    env: simpy.Environment, pool: PriorityPool, capacity: int, timeline: tuple[tuple[float, int], ...]
) -> None:
    """Hold ``capacity - count`` placeholder requests while ``count`` staff are on duty."""
    held: list[Request] = []

    def set_count(count: int) -> None:
        want = capacity - count
        while len(held) < want:
            held.append(pool.request(BLOCKER_PRIORITY))
        while len(held) > want:
            waiting = [r for r in held if not r.triggered]
            request = waiting[-1] if waiting else held[-1]
            held.remove(request)
            if request.triggered:
                pool.release(request)
            else:
                request.cancel()

    def shifts() -> Generator[Any, Any, None]:
        for at_min, count in timeline[1:]:
            if at_min > env.now:
                yield env.timeout(at_min - env.now)
            set_count(count)

    set_count(timeline[0][1])  # at opening, before any patient asks
    if len(timeline) > 1:
        env.process(shifts())
