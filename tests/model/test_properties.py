"""Properties of every simulated day, over scenarios nobody wrote by hand.

Whatever the clinic, a day must make sense: a patient's clock never runs backwards,
no provider, room or staff pool serves more people at once than it has, and every
patient leaves with exactly one outcome that agrees with their events.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from flowsim.model import DayLog, Event, book, simulate
from flowsim.scenarios.room_policies import room_id
from flowsim.scenarios.schema import Scenario
from tests.model.days import busy_intervals, peak
from tests.strategies import scenarios

OUTCOMES = {"seen", "no_show", "rebooked_late", "left_unseen"}
SEEDS = st.integers(0, 2**31 - 1)


def _capacities(scenario: Scenario) -> dict[str, int]:
    capacity = {name: 1 for name in scenario.providers}
    capacity.update({f"room_{n}": 1 for n in range(1, scenario.exam_rooms.count + 1)})
    for room_type, rooms in scenario.room_types.items():  # each room of a type holds one patient at a time
        capacity.update({room_id(room_type, n): 1 for n in range(1, rooms.count + 1)})
    for name, pool in scenario.staff.items():
        capacity[name] = max([pool.count, *(c.count for c in pool.count_by_time)])
    return capacity


def _always_sees_provider(scenario: Scenario, visit_type: str) -> bool:
    steps = scenario.pathways[scenario.visit_types[visit_type].pathway]
    return any("provider" in s.needs and s.probability == 1 for s in steps)


STEP_GRAMMAR = re.compile(r"^Q(S*)(TE|A)$")  # queue, seizes, then start+end or abandon
LETTER = {"queue": "Q", "seize": "S", "start": "T", "end": "E", "abandon": "A"}


def _check_step_order(scenario: Scenario, visit_type: str, own: list[Event]) -> None:
    """Steps in pathway order, each as queue → seize… → start → end (or abandon), after arrival.

    The log is sorted by time (stably), so an event stamped earlier than one it must follow
    would show up here as a step whose events are out of order.
    """
    pathway = [s.name for s in scenario.pathways[scenario.visit_types[visit_type].pathway]]
    walked: list[str] = []
    letters: dict[str, str] = {}
    for e in own:
        if e.step in pathway and e.event in LETTER:
            if e.step not in letters:
                walked.append(e.step)
                letters[e.step] = ""
            letters[e.step] += LETTER[e.event]
    assert walked == [name for name in pathway if name in walked], f"steps out of pathway order: {walked}"
    for name, pattern in letters.items():
        assert STEP_GRAMMAR.match(pattern), f"step {name} events out of order: {pattern}"
    if own and own[0].event != "no_show":
        assert own[0].event == "arrive"


def _check_day(scenario: Scenario, log: DayLog) -> None:
    by_patient: dict[int, list[float]] = defaultdict(list)
    for e in log.events:
        by_patient[e.patient_id].append(e.time_min)
    for pid, stamps in by_patient.items():
        if pid >= 0:
            assert stamps == sorted(stamps), f"patient {pid}'s clock runs backwards: {stamps}"

    for p in log.patients:
        _check_step_order(scenario, p.visit_type, [e for e in log.events if e.patient_id == p.patient_id])

    capacity = _capacities(scenario)
    for resource, spans in busy_intervals(log).items():
        assert all(end >= start for start, end in spans)
        assert peak(spans) <= capacity[resource], f"{resource} over capacity {capacity[resource]}"

    assert [p.patient_id for p in log.patients] == list(range(len(log.patients)))
    for p in log.patients:
        assert p.outcome in OUTCOMES
        kinds = [e.event for e in log.events if e.patient_id == p.patient_id and e.step == ""]
        if p.outcome == "no_show":
            assert kinds == ["no_show"] and math.isnan(p.arrival_min)
        else:
            assert kinds[0] == "arrive" and kinds[-1] == "depart" and kinds.count("depart") == 1
        if p.outcome == "rebooked_late":
            assert kinds == ["arrive", "rebooked", "depart"]
        own = [e for e in log.events if e.patient_id == p.patient_id]
        if p.outcome == "left_unseen":
            assert any(e.event == "abandon" for e in own)
        if p.outcome == "seen" and _always_sees_provider(scenario, p.visit_type):
            seized = {e.resource_id for e in own if e.event == "seize"}
            assert p.provider in seized, f"patient {p.patient_id} counted seen but never with {p.provider}"


@settings(max_examples=40, deadline=None)
@given(scenario=scenarios(), seed=SEEDS, rep=st.integers(0, 50))
def test_every_day_is_consistent(scenario: Scenario, seed: int, rep: int) -> None:
    _check_day(scenario, simulate(scenario, seed, rep))


@settings(max_examples=20, deadline=None)
@given(scenario=scenarios(fixed_durations=True, walk_ins=True), seed=SEEDS)
def test_days_with_walk_ins_and_fixed_times_are_consistent(scenario: Scenario, seed: int) -> None:
    _check_day(scenario, simulate(scenario, seed, 0))


@settings(max_examples=15, deadline=None)
@given(scenario=scenarios(), seed=SEEDS, rep=st.integers(0, 50))
def test_same_seed_same_day(scenario: Scenario, seed: int, rep: int) -> None:
    first, second = simulate(scenario, seed, rep), simulate(scenario, seed, rep)
    assert first.events == second.events
    assert [repr(p) for p in first.patients] == [repr(p) for p in second.patients]  # repr: nan != nan
    assert first.steps == second.steps


@settings(max_examples=20, deadline=None)
@given(scenario=scenarios(), seed=SEEDS, rep=st.integers(0, 50))
def test_the_book_is_the_day_that_is_played(scenario: Scenario, seed: int, rep: int) -> None:
    slots = [s for s in book(scenario, seed, rep) if s.status == "booked" or s.visit_type]
    patients = [p for p in simulate(scenario, seed, rep).patients if p.kind != "walk_in"]
    assert [(s.provider, s.time_min, s.visit_type) for s in slots] == [
        (p.provider, p.appointment_min, p.visit_type) for p in patients
    ]
    assert [s.status == "reserved" for s in slots] == [p.kind == "same_day" for p in patients]
    for provider in scenario.providers:  # each provider's book is in time order
        times_min = [s.time_min for s in slots if s.provider == provider]
        assert times_min == sorted(times_min)
