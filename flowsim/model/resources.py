"""The clinic's resources: providers, staff pools and identified exam rooms.

A provider is a desk with one chair: a priority pool of capacity one (see :mod:`flowsim.model.queues`).
Time off (before the first session, between sessions, breaks) is a request that
outranks every patient but, like a polite colleague, waits for the visit in progress
to end. Between sessions the provider first finishes the list: every patient of the
ending session already in the clinic for her when it ends is seen before she leaves
(unless ``finish_list_before_break: false``); the time off then ends on time, or not
at all if the list ran past the next session's start. A staff pool is a resource as
big as its largest head count; while fewer are on duty, placeholder requests hold the
difference. Rooms are named rooms of a type (exam rooms ``room_1`` ..., procedure rooms
``procedure_1`` ...) handed out by the type's room policy and cleaned (turnover) before reuse.
"""

from __future__ import annotations

import itertools
from collections.abc import Generator
from typing import Any

import numpy as np
import simpy

from flowsim.model.compile import Compiled, ProviderSpec, RoomTypeSpec
from flowsim.model.duty import WALK_IN_RULES, Duty
from flowsim.model.entities import BLOCKER_PRIORITY, NO_PROVIDER, WALK_IN, Patient
from flowsim.model.kernel import DayEnvironment
from flowsim.model.queues import PriorityPool, Request
from flowsim.model.room_policies import ROOM_RULES
from flowsim.records import EXAM_ROOM_KIND, PROVIDER_KIND, ROOM_KIND, STAFF_POOL_KIND, ResourceRecord
from flowsim.rng import uniforms
from flowsim.scenarios.people import ANY_PROVIDER
from flowsim.scenarios.references import RESERVED_NEEDS
from flowsim.scenarios.room_policies import EXAM_ROOM, ROOM_POLICIES

RawEvent = tuple[int, str, str, float, str]
ROUTINE_TICKETS = 1 << 40  # added to a routine patient's queue number: urgent numbers come first
Holding = tuple[Any, int, str]  # (request or room event, provider index or room number, resource id)


class RoomPool:
    """Identified rooms of one type handed out per policy, best-priority waiting patient first.

    Which free room a patient may have is the policy's rule (:mod:`flowsim.model.room_policies`):
    ``dedicated`` (only the provider's own), ``pooled`` (any), ``flex`` (own first, then
    any). Under ``dedicated`` a patient without a provider yet (shared queue) takes an
    owned room, preferably of a provider on ``duty``, and *the room decides the provider*:
    its owner sees them (:attr:`decides_provider`, :meth:`owner`). ``ids[n]`` is room
    ``n``'s resource id (``ids[0]`` unused).
    """

    def __init__(
        self,
        env: simpy.Environment,
        room_type: RoomTypeSpec,
        index: int = 0,
        duty: Duty | None = None,
    ) -> None:
        self.env = env
        self.name = room_type.name
        self.index = index  # position among the room types (a patient's turnover_min is by it)
        self.ids = room_type.ids
        self.free: set[int] = set(range(1, room_type.count + 1))
        self.policy = room_type.policy
        self.owned = [tuple(rooms) for rooms in room_type.owned]
        self.owners: dict[int, int] = {}
        for provider, rooms in enumerate(self.owned):
            for room in rooms:
                self.owners.setdefault(room, provider)  # (a room listed twice belongs to the first)
        rule = ROOM_RULES[room_type.policy]
        self._choose = rule.choose
        self.decides_provider = rule.decides_provider
        self.duty = duty
        self.waiting: list[tuple[int, int, simpy.Event]] = []

    def owner(self, room: int) -> int:
        """The provider owning ``room`` (NO_PROVIDER if none)."""
        return self.owners.get(room, NO_PROVIDER)

    def on_duty(self, provider: int) -> bool:
        """Whether ``provider`` is working now (always, without a duty roster)."""
        return self.duty is None or self.duty.on_duty(provider, self.env.now)

    def take(self, provider: int) -> int | None:
        """A free room for a patient of ``provider``, taken now; None if none may be used."""
        free = self.free
        if not free:
            return None
        room = self._choose(self, provider, free)
        if room is not None:
            free.discard(room)
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
        only = {room}
        eligible = [w for w in self.waiting if self._choose(self, w[1], only) is not None]
        if not eligible:
            self.free.add(room)
            return
        best = min(eligible, key=lambda w: w[0])
        self.waiting.remove(best)
        best[2].succeed(room)


class Clinic:
    """The run-time resources of one simulated day and the day's raw event log."""

    def __init__(self, env: DayEnvironment, compiled: Compiled, seed: int, rep: int) -> None:
        self.env = env
        self.compiled = compiled
        self.log: list[RawEvent] = []
        self.provider_names = [p.name for p in compiled.providers]
        # needs served by a provider other than the patient's own: named providers and any_provider
        self.named = {name: i for i, name in enumerate(self.provider_names) if name not in RESERVED_NEEDS}
        self.people = frozenset((*self.named, ANY_PROVIDER))
        self.providers = [PriorityPool(env, capacity=1) for _ in compiled.providers]
        # patients (by id) waiting for or with each provider, from arrival until done with her
        self.in_care: list[dict[int, Patient]] = [{} for _ in compiled.providers]
        self._lists: list[tuple[set[int], simpy.Event] | None] = [None] * len(compiled.providers)
        self.pools: dict[str, PriorityPool] = {}
        for name, capacity, timeline in compiled.staff:
            self.pools[name] = pool = PriorityPool(env, capacity=max(capacity, 1))
            _staff_shifts(env, pool, max(capacity, 1), timeline)
        # staff reserved for a provider (providers.<p>.team), by (pool, provider index)
        self.teams = {(name, index): PriorityPool(env, capacity=size) for name, index, size in compiled.teams}
        self.teamed = frozenset(name for name, _, _ in compiled.teams)
        self.general_needs = self.people | self.teamed  # needs seized the general way (see pathway.py)
        windows = [self._session_windows(p, seed, rep) for p in compiled.providers]
        self.duty = Duty(windows)
        self._turn = 0  # the next provider in turn for in_turn walk-ins
        self._tickets = itertools.count()  # station_fifo: queue numbers, in the order queues are joined
        # one pool per room type, the exam rooms first (a need names its pool)
        self.room_pools = {t.name: RoomPool(env, t, i, self.duty) for i, t in enumerate(compiled.room_types)}
        env.start(
            walk
            for index, provider in enumerate(compiled.providers)
            for walk in self._time_off_walks(index, provider, windows[index])
        )

    def staff(self, pool: str, which: int) -> PriorityPool:
        """Pool ``pool`` shared by everyone (``which`` 0) or the team of provider ``which - 1``."""
        return self.pools[pool] if which == 0 else self.teams[(pool, which - 1)]

    def staff_choices(self, pool: str, provider: int) -> list[int]:
        """Where a patient of ``provider`` may find a member of ``pool``, preferred first (see :meth:`staff`):
        her team, then (unless the scenario says none) the shared pool; the shared pool for everyone else."""
        if (pool, provider) not in self.teams:
            return [0]
        return [provider + 1, 0] if self.compiled.team_fallback else [provider + 1]

    def resource_records(self) -> tuple[ResourceRecord, ...]:
        """What each resource of the day is: providers, exam rooms (with their owner) and staff pools."""
        records = [ResourceRecord(p.name, PROVIDER_KIND, "", p.role) for p in self.compiled.providers]
        for pool in self.room_pools.values():
            owns_rooms = ROOM_POLICIES[pool.policy].uses_owners
            kind = EXAM_ROOM_KIND if pool.name == EXAM_ROOM else ROOM_KIND
            for room in range(1, len(pool.ids)):
                owner = pool.owner(room)
                name = self.provider_names[owner] if owns_rooms and owner != NO_PROVIDER else ""
                records.append(ResourceRecord(pool.ids[room], kind, name))
        records += [ResourceRecord(name, STAFF_POOL_KIND) for name in self.pools]
        return tuple(records)

    def ticket(self, p: Patient) -> int:
        """``p``'s priority at the station they join now (``station_fifo``): the next queue
        number, urgent patients (under ``urgent_first``) ahead of every routine one."""
        routine = not (p.urgent and self.compiled.urgent_first)
        return next(self._tickets) + (ROUTINE_TICKETS if routine else 0)

    def assign_walk_in(self, rule: str, takers: tuple[int, ...] | None = None) -> int:
        """The provider who takes a walk-in arriving now under ``rule`` (in_turn or least_busy),
        among ``takers`` (those who see the walk-in's visit type; default: everyone)."""
        busy = [len(patients) for patients in self.in_care]
        chosen = WALK_IN_RULES[rule](self.duty, self.env.now, busy, self._turn, takers)
        self._turn = (chosen + 1) % len(busy)
        return chosen

    def enter_care(self, p: Patient) -> None:
        """Patient ``p`` now waits for (or is with) their provider."""
        self.in_care[p.provider][p.pid] = p
        p.in_care = True

    def leave_care(self, p: Patient) -> None:
        """Patient ``p`` is done with their provider (or left): maybe the provider's list is finished."""
        if not p.in_care:
            return
        p.in_care = False
        del self.in_care[p.provider][p.pid]
        waiting = self._lists[p.provider]
        if waiting is not None and p.pid in waiting[0]:
            waiting[0].discard(p.pid)
            if not waiting[0]:
                self._lists[p.provider] = None
                waiting[1].succeed()

    def _list_finished(self, index: int, session_end_min: float) -> simpy.Event | None:
        """An event for when every patient of the session that just ended and is in the clinic
        for provider ``index`` has been seen (or has left); None if nobody is."""
        mine = {
            pid
            for pid, p in self.in_care[index].items()
            if p.kind == WALK_IN or p.appointment_min < session_end_min  # not those booked for later sessions
        }
        if not mine:
            return None
        done = self.env.event()
        self._lists[index] = (mine, done)
        return done

    def documented(self, pid: int, provider: int, request: Any, _: simpy.Event) -> None:
        """Documentation of patient ``pid`` is done: the provider is free for the next one."""
        self.log.append((pid, "documentation", "end", self.env.now, self.provider_names[provider]))
        self.providers[provider].release(request)

    def turned_over(self, pid: int, pool: RoomPool, room: int, _: simpy.Event) -> None:
        """Room ``room`` of ``pool`` is clean after patient ``pid``: give it to the next one."""
        self.log.append((pid, "turnover", "end", self.env.now, pool.ids[room]))
        pool.give_back(room)

    @staticmethod
    def _session_windows(provider: ProviderSpec, seed: int, rep: int) -> list[tuple[float, float]]:
        """(actual start, end) of each session: the start includes the day's lateness."""
        n = len(provider.sessions)
        lateness_u = uniforms(seed, rep, f"lateness/{provider.name}", n) if provider.late else np.zeros(n)
        lateness_min = provider.lateness(lateness_u)
        sessions = provider.sessions
        return [(start + max(float(late), 0.0), end) for (start, end), late in zip(sessions, lateness_min, strict=True)]

    def _time_off_walks(
        self, index: int, provider: ProviderSpec, windows: list[tuple[float, float]]
    ) -> list[tuple[float, Generator[Any, Any, None]]]:
        """Provider ``index``'s time off: (minutes from now until it begins, its walk) for each."""
        starts = [start for start, _ in windows]
        ends = [0.0] + [end for _, end in windows[:-1]]
        # (begin, until, step, finish the ending session's list first)
        spans = [
            (end, start, "off", k > 0 and provider.finish_list)
            for k, (end, start) in enumerate(zip(ends, starts, strict=True))
        ]
        spans += [(b0, b1, "break", False) for b0, b1 in provider.breaks]
        return [
            (begin_min - self.env.now, self._time_off(index, begin_min, until_min, step, finish_list))
            for begin_min, until_min, step, finish_list in spans
            if until_min > begin_min
        ]

    def _time_off(
        self, index: int, begin_min: float, until_min: float, step: str, finish_list: bool
    ) -> Generator[Any, Any, None]:
        """Provider ``index`` steps away from ``begin_min`` (after the visit in progress, and
        with ``finish_list`` after the session's waiting patients) until ``until_min``:
        started at ``begin_min``."""
        env, resource = self.env, self.providers[index]
        listed = self._list_finished(index, begin_min) if finish_list else None
        if listed is not None:
            yield listed
        request = resource.request(BLOCKER_PRIORITY)
        yield request
        if env.now < until_min:
            name = self.provider_names[index]
            self.log.append((-1, step, "start", env.now, name))
            on_break = step == "break"
            if on_break:
                self.duty.break_until[index] = until_min
            yield env.timeout(until_min - env.now)
            if on_break:
                self.duty.break_until[index] = None
            self.log.append((-1, step, "end", env.now, name))
        resource.release(request)


def _staff_shifts(
    env: DayEnvironment, pool: PriorityPool, capacity: int, timeline: tuple[tuple[float, int], ...]
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
        env.start([(0.0, shifts())])
