"""Compile a scenario once into plain tuples the engine can read quickly.

A scenario is a tree of validated pydantic objects: pleasant to write, slow to walk
thousands of times. Before a day is simulated the tree is flattened once into small
frozen records of numbers, names and quantile functions (clock times become minutes
from opening, distributions become ``u -> minutes`` functions), and the result is
cached, so the hundredth replication of a scenario pays nothing for this.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from flowsim.model.mixes import Behaviour, BookMix, behaviour, book_mix
from flowsim.scenarios.clock import clock_to_min
from flowsim.scenarios.distributions import Fixed
from flowsim.scenarios.people import is_person
from flowsim.scenarios.practice_checks import sees
from flowsim.scenarios.references import seize_order
from flowsim.scenarios.room_policies import EXAM_ROOM, room_id
from flowsim.scenarios.samplers import FloatArray, Quantile, quantile_function
from flowsim.scenarios.schema import Scenario, Schedule, Step

PROVIDER = "provider"
CACHE_SIZE = 64


@dataclass(frozen=True, slots=True)
class StepSpec:
    """One pathway step: what it needs, holds and releases, and its duration law."""

    name: str
    needs: tuple[str, ...]  # in the order seized: rooms ('exam_room', room types), staff pools, people (people.py)
    hold: frozenset[str]
    release: tuple[str, ...]
    probability: float
    quantile: Quantile
    patience_applies: bool  # at or before the pathway's first provider step
    provider_step: bool  # needs the patient's own provider (who documents after the last such step)
    sees_clinician: bool  # needs a person (own, named or any provider): reaching it means the patient was seen
    sort_people: bool  # needs several people: seized in the providers' order, resolved per patient
    frees: tuple[str, ...]  # given back when the step ends: needs not held, then the release list
    provider_later: bool  # a later step of the pathway needs the provider again (if the patient does it)
    holds_early: bool  # the first step needing a room or the provider: early arrivals may be held before it


@dataclass(frozen=True, slots=True)
class VisitTypeSpec:
    """A visit type with its pathway resolved to step records."""

    name: str
    share: float
    slot_min: float
    no_show_prob: float
    punctuality: Quantile
    steps: tuple[StepSpec, ...]


@dataclass(frozen=True, slots=True)
class ProviderSpec:
    """A provider's day: sessions and breaks in minutes from opening, book rule, rooms."""

    name: str
    role: str
    sessions: tuple[tuple[float, float], ...]
    breaks: tuple[tuple[float, float], ...]
    lateness: Quantile
    late: bool  # lateness is random (drawn) rather than fixed
    documentation: Quantile | None
    schedule: Schedule
    custom_times: tuple[float, ...]
    rooms: tuple[int, ...]
    mix: BookMix | None  # own visit mix, blocks or typed template; None: the clinic's mix
    finish_list: bool  # sees the ending session's waiting patients before time off between sessions


@dataclass(frozen=True, slots=True)
class RoomTypeSpec:
    """The rooms of one type (the exam rooms are the type ``exam_room``)."""

    name: str  # as steps need it: 'exam_room' or a key of room_types
    count: int
    policy: str  # a key of ROOM_POLICIES
    owned: tuple[tuple[int, ...], ...]  # room numbers of each provider (by provider index)
    ids: tuple[str, ...]  # resource id of room n at index n (index 0 unused)
    turnover: Quantile | None
    random_turnover: bool  # turnover time is drawn (not fixed)
    stream: str  # the name of the stream turnover times are drawn from


@dataclass(frozen=True, slots=True)
class WalkInSpec:
    """Walk-in arrivals: a piecewise-constant rate on [0, until_min), a mix and a rule."""

    rate_changes: tuple[tuple[float, float], ...]  # (from_min, per_hour), from 0 on, in time order
    until_min: float
    mix_cum: FloatArray
    mix_types: tuple[int, ...]  # visit-type indices matching mix_cum
    urgent_prob: float
    assign: str  # in_turn | least_busy | shared_queue | a provider name
    takers: tuple[tuple[int, ...], ...]  # by visit-type index: providers who see it (walk-ins go only to them)


@dataclass(frozen=True, slots=True)
class Compiled:
    """Everything the engine needs about a scenario, as plain values."""

    providers: tuple[ProviderSpec, ...]
    visit_types: tuple[VisitTypeSpec, ...]
    book_cum: FloatArray  # cumulative visit-type shares for the appointment book
    step_names: tuple[str, ...]
    staff: tuple[tuple[str, int, tuple[tuple[float, int], ...]], ...]  # name, capacity, (from_min, count)
    room_types: tuple[RoomTypeSpec, ...]  # the exam rooms first, then room_types in file order
    teams: tuple[tuple[str, int, int], ...]  # (pool, provider index, size): staff reserved for a provider
    team_fallback: bool  # a provider's patients take a pool member when her team is busy
    close_min: float
    rebook_if_late_min: float | None
    patience: Quantile | None
    hold_early_arrivals: bool
    same_day_fill_prob: float
    same_day_cum: FloatArray | None
    same_day_types: tuple[int, ...]
    same_day_urgent_prob: float
    walk_ins: WalkInSpec | None
    appointment_order: bool
    station_fifo: bool  # each queue serves by when the patient joined it (after urgent_first)
    urgent_first: bool
    random_steps: frozenset[str]  # step names whose duration is not fixed somewhere (need draws)
    optional_steps: frozenset[str]  # step names that are optional somewhere
    random_punctuality: bool
    any_no_show: bool
    random_patience: bool  # patience is drawn (not fixed)
    behaviour: Behaviour | None  # no-show and punctuality factors by provider and hour; None: all 1


def pick(cum: FloatArray, u: FloatArray) -> FloatArray:
    """Indices chosen by uniforms ``u`` from cumulative shares ``cum``."""
    return np.minimum(np.searchsorted(cum, u, side="right"), len(cum) - 1)


_CACHE: dict[int, tuple[Scenario, Compiled]] = {}
_CACHE_BY_JSON: dict[str, Compiled] = {}


def compile_scenario(scenario: Scenario) -> Compiled:
    """The compiled form of ``scenario`` (cached by identity, then by content)."""
    hit = _CACHE.get(id(scenario))
    if hit is not None and hit[0] is scenario:
        return hit[1]
    key = scenario.model_dump_json()
    compiled = _CACHE_BY_JSON.get(key)
    if compiled is None:
        compiled = _compile(scenario)
        if len(_CACHE_BY_JSON) >= CACHE_SIZE:
            _CACHE_BY_JSON.pop(next(iter(_CACHE_BY_JSON)))
        _CACHE_BY_JSON[key] = compiled
    if len(_CACHE) >= CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(scenario)] = (scenario, compiled)  # keeping the scenario alive keeps its id unique
    return compiled


def _compile(s: Scenario) -> Compiled:
    open_min = clock_to_min(s.clinic.open)
    vt_names = list(s.visit_types)
    rooms = (EXAM_ROOM, *s.room_types)
    pathways = {name: _compile_pathway(steps, rooms, list(s.providers)) for name, steps in s.pathways.items()}
    visit_types = tuple(
        VisitTypeSpec(
            name=name,
            share=vt.share,
            slot_min=vt.slot_min,
            no_show_prob=vt.no_show_prob,
            punctuality=quantile_function(vt.punctuality_min, truncate_at_zero=False),
            steps=pathways[vt.pathway],
        )
        for name, vt in s.visit_types.items()
    )
    step_names = tuple(dict.fromkeys(step.name for steps in s.pathways.values() for step in steps))
    same_day_cum, same_day_types = _mix(s.same_day.visit_mix, vt_names)
    teams = tuple(
        (pool, index, size) for index, p in enumerate(s.providers.values()) for pool, size in (p.team or {}).items()
    )
    reserved = {pool: sum(size for name, _, size in teams if name == pool) for pool, _, _ in teams}
    return Compiled(
        providers=_compile_providers(s, open_min),
        visit_types=visit_types,
        book_cum=np.cumsum([vt.share for vt in s.visit_types.values()]),
        step_names=step_names,
        staff=tuple(  # the pool shared by everyone: what the teams leave of it
            _compile_pool(
                name,
                pool.count - reserved.get(name, 0),
                [(clock_to_min(c.from_), c.count - reserved.get(name, 0)) for c in pool.count_by_time],
                open_min,
            )
            for name, pool in s.staff.items()
        ),
        room_types=_compile_room_types(s),
        teams=teams,
        team_fallback=s.team_fallback == "pool",
        close_min=float(clock_to_min(s.clinic.close) - open_min),
        rebook_if_late_min=s.patients.rebook_if_late_min,
        patience=quantile_function(s.patients.patience_min) if s.patients.patience_min is not None else None,
        hold_early_arrivals=s.patients.hold_early_arrivals,
        same_day_fill_prob=s.same_day.fill_prob,
        same_day_cum=same_day_cum,
        same_day_types=same_day_types,
        same_day_urgent_prob=s.same_day.urgent_prob,
        walk_ins=_compile_walk_ins(s, open_min, vt_names),
        appointment_order=s.queue_discipline == "appointment",
        station_fifo=s.queue_discipline == "station_fifo",
        urgent_first=s.urgent_first,
        random_steps=frozenset(
            step.name for steps in s.pathways.values() for step in steps if not isinstance(step.duration_min, Fixed)
        ),
        optional_steps=frozenset(step.name for steps in s.pathways.values() for step in steps if step.probability < 1),
        random_punctuality=any(not isinstance(vt.punctuality_min, Fixed) for vt in s.visit_types.values()),
        any_no_show=any(vt.no_show_prob > 0 for vt in s.visit_types.values()),
        random_patience=not isinstance(s.patients.patience_min, Fixed | None),
        behaviour=behaviour(s, open_min),
    )


def _compile_room_types(s: Scenario) -> tuple[RoomTypeSpec, ...]:
    types = [(EXAM_ROOM, s.exam_rooms.count, s.exam_rooms.policy, s.exam_rooms.turnover_min)]
    types += [(name, t.count, t.policy, t.turnover_min) for name, t in s.room_types.items()]
    specs = []
    for name, count, policy, turnover in types:
        owners = s.room_type_owners(name)
        specs.append(
            RoomTypeSpec(
                name=name,
                count=count,
                policy=policy,
                owned=tuple(tuple(owners[p]) for p in s.providers),
                ids=tuple(room_id(name, n) for n in range(count + 1)),
                turnover=quantile_function(turnover) if turnover is not None else None,
                random_turnover=not isinstance(turnover, Fixed | None),
                # the exam rooms keep the stream they always had: adding a room type changes no draw
                stream="turnover" if name == EXAM_ROOM else f"turnover:{name}",
            )
        )
    return tuple(specs)


def _compile_pathway(typed: list[Step], rooms: tuple[str, ...], providers: list[str]) -> tuple[StepSpec, ...]:
    provider_at = [i for i, step in enumerate(typed) if PROVIDER in step.needs]
    person_at = [i for i, step in enumerate(typed) if any(is_person(n, providers) for n in step.needs)]
    # early arrivals are held in the waiting room: before rooming or, without a room, before a clinician
    leaves_waiting_room = next(
        (i for i, s in enumerate(typed) if set(rooms) & set(s.needs) or any(is_person(n, providers) for n in s.needs)),
        -1,
    )
    last_patient_step = person_at[0] if person_at else len(typed) - 1
    return tuple(
        StepSpec(
            name=step.name,
            needs=tuple(seize_order(step.needs, rooms, providers)),  # one clinic-wide order: see seize_order
            hold=frozenset(step.hold),
            release=tuple(step.release),
            probability=step.probability,
            quantile=quantile_function(step.duration_min),
            patience_applies=i <= last_patient_step,
            provider_step=PROVIDER in step.needs,
            sees_clinician=i in person_at,
            sort_people=sum(is_person(n, providers) for n in set(step.needs)) > 1,
            frees=tuple(dict.fromkeys([*(n for n in step.needs if n not in step.hold), *step.release])),
            provider_later=bool(provider_at) and i < provider_at[-1],
            holds_early=i == leaves_waiting_room,
        )
        for i, step in enumerate(typed)
    )


def _compile_providers(s: Scenario, open_min: int) -> tuple[ProviderSpec, ...]:
    rooms = s.provider_rooms()
    specs = []
    for name, p in s.providers.items():
        schedule = p.schedule if p.schedule is not None else s.schedule
        specs.append(
            ProviderSpec(
                name=name,
                role=p.role,
                sessions=_spans([(x.start, x.end) for x in p.sessions], open_min),
                breaks=_spans([(b.start, b.end) for b in p.breaks], open_min),
                lateness=quantile_function(p.start_lateness_min, truncate_at_zero=False),
                late=not isinstance(p.start_lateness_min, Fixed),
                documentation=quantile_function(p.documentation_min) if p.documentation_min is not None else None,
                schedule=schedule,
                custom_times=tuple(float(clock_to_min(t) - open_min) for t in schedule.custom_times),
                rooms=tuple(rooms[name]),
                mix=book_mix(s, p, schedule, open_min),
                finish_list=p.finish_list_before_break,
            )
        )
    return tuple(specs)


def _spans(clock_spans: list[tuple[str, str]], open_min: int) -> tuple[tuple[float, float], ...]:
    """Clock-time spans as (start, end) minutes from opening, in time order."""
    return tuple(sorted((float(clock_to_min(a) - open_min), float(clock_to_min(b) - open_min)) for a, b in clock_spans))


def _from_open(clock: str, open_min: int) -> float:
    """Minutes from opening of a clock time (0 for times before opening)."""
    return float(max(clock_to_min(clock) - open_min, 0))


def _compile_pool(
    name: str, count: int, changes: list[tuple[int, int]], open_min: int
) -> tuple[str, int, tuple[tuple[float, int], ...]]:
    timeline = [(0.0, count), *((float(max(t - open_min, 0)), c) for t, c in changes)]
    capacity = max(c for _, c in timeline)
    return name, capacity, tuple(timeline)


def _mix(mix: dict[str, float] | None, vt_names: list[str]) -> tuple[FloatArray | None, tuple[int, ...]]:
    if mix is None:
        return None, ()
    return np.cumsum(list(mix.values())), tuple(vt_names.index(name) for name in mix)


def _compile_walk_ins(s: Scenario, open_min: int, vt_names: list[str]) -> WalkInSpec | None:
    w = s.walk_ins
    if w is None:
        return None
    cum, types = _mix(w.visit_mix, vt_names)
    assert cum is not None
    until = clock_to_min(w.until) if w.until is not None else clock_to_min(s.clinic.close)
    return WalkInSpec(
        rate_changes=((0.0, w.per_hour), *((_from_open(r.from_, open_min), r.per_hour) for r in w.rate_by_time)),
        until_min=float(until - open_min),
        mix_cum=cum,
        mix_types=types,
        urgent_prob=w.urgent_prob,
        assign=w.assign,
        takers=tuple(tuple(i for i, p in enumerate(s.providers.values()) if sees(p, vt)) for vt in vt_names),
    )
