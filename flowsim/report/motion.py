"""A typical day in motion: the clinic's floor plan laid out from its pathways, and the day played on it.

The plan has one row per step, in the order patients walk them: on the left where they
queue for the step (the queue for an exam room is the waiting room), on the right the
seats of what the step needs, as many as the clinic has (front desk, exam rooms,
providers, medical assistants). A patient who has been roomed waits for the provider
in her room, so the plan draws her there. The first row is the door, the last the exit.

:func:`day_in_motion` is what the app's first page and the notebooks call: one
simulated day of one design, from the run's own tables, as a vidigi animation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from flowsim.experiment import simulate_day
from flowsim.report.pathway_map import resource_counts
from flowsim.report.words import provider_words, resource_words, step_words, words
from flowsim.results.motion import AT, PROVIDER_POOL, QUEUE_SUFFIX, WAIT_IN_ROOM, motion_log
from flowsim.results.seats import ROOM_POOL, one_day
from flowsim.scenarios.schema import Scenario, Step
from flowsim.viz.day_animation import STAGE_COLUMNS, MotionOptions, day_animation

PROVIDER_NEEDS = ("provider", "any_provider")
Stage = tuple[str, str, str, int, int, str | None, int]  # a row of STAGE_COLUMNS


def day_in_motion(
    scenario: Scenario,
    events: pd.DataFrame,
    visits: pd.DataFrame | None = None,
    rep: int = 0,
    options: MotionOptions | None = None,
) -> go.Figure:
    """Day ``rep`` of ``scenario`` (from a run's event log) as an animation on the clinic's floor plan.

    Parameters
    ----------
    scenario
        The design the events belong to (its name selects them; its pathways and
        counts lay out the plan).
    events, visits
        The run's event log and stopwatch sheet (``visits`` names each patient's visit
        type and provider in the hover; optional).
    rep
        Which simulated day.
    options
        Frame spacing, speed and size.

    Raises
    ------
    KeyError
        No events for this design and day (the message names what exists).
    ImportError
        vidigi is not installed (the message says how to install it).
    """
    day = one_day(events, scenario.name, rep)
    log = motion_log(day, visits, list(scenario.providers))
    if visits is not None:
        log["who"] = log["entity_id"].map(_who(visits, scenario.name, rep))
    return day_animation(log, motion_stages(scenario), scenario.clinic.open, options)


def simulated_day_in_motion(
    scenario: Scenario, seed: int, rep: int = 0, options: MotionOptions | None = None
) -> go.Figure:
    """Simulate day ``rep`` of ``scenario`` (the same day as in a run with ``seed``) and animate it."""
    day = simulate_day([scenario], seed, rep)
    return day_in_motion(scenario, day.events, day.visits, rep, options)


def motion_stages(scenario: Scenario) -> pd.DataFrame:
    """The floor plan of ``scenario``: one row per event with a place (:data:`STAGE_COLUMNS`)."""
    plan = _Plan(scenario)
    for walked in _walk_order(scenario):
        plan.add(walked)
    plan.stages.append(("depart", "Leaving", "Leaving the clinic", plan.next_row, 1, None, 0))
    return pd.DataFrame(plan.stages, columns=list(STAGE_COLUMNS))


@dataclass
class _Walked:
    """One step name of the pathways: its first version, the seats it is drawn at, whether it is waited in a room."""

    step: Step
    seats: list[str] = field(default_factory=list)
    waits_in_room: bool = False


class _Plan:
    """Rows of the floor plan, handed out top to bottom as steps are added."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.stages: list[Stage] = [("arrival", "Arriving", "Arriving at the clinic", 0, 0, None, 0)]
        self.next_row = 1
        self.room_row: int | None = None

    def add(self, walked: _Walked) -> None:
        name, row = step_words(walked.step.name), self.next_row
        self.stages.append((f"{walked.step.name}{QUEUE_SUFFIX}", *self._queue_words(walked.step), row, 0, None, 0))
        last, own_row_taken = row, False  # the step's own row has a seat column; more kinds of seat get rows below
        for seat in walked.seats:
            if seat == ROOM_POOL and self.room_row is not None:
                # at the room seats drawn once already: no second label, no second set of room icons
                self.stages.append((f"{walked.step.name}{AT}{seat}", "", f"{name} in an exam room", self.room_row,
                                    1, None, 0))  # fmt: skip
                continue
            if own_row_taken:
                last += 1
            at, own_row_taken = last, True
            if seat == ROOM_POOL:
                self.room_row = at
            self.stages.append((f"{walked.step.name}{AT}{seat}", *self._seat_words(name, seat), at, 1, seat,
                                self._count(seat)))  # fmt: skip
        if walked.waits_in_room and self.room_row is not None:
            need = _first_need(walked.step)
            waiting = f"In an exam room, waiting for {resource_words(need, self.scenario)}" if need else "In a room"
            self.stages.append((f"{walked.step.name}{WAIT_IN_ROOM}", "", waiting, self.room_row, 1, None, 0))
        self.next_row = last + 1

    def _queue_words(self, step: Step) -> tuple[str, str]:
        need, name = _first_need(step), step_words(step.name).lower()
        if need == ROOM_POOL:
            return "Waiting room", "In the waiting room"
        if need in PROVIDER_NEEDS or need in self.scenario.providers:
            waiting = f"Waiting for {resource_words(need, self.scenario)}"
            return waiting, waiting
        return f"Queue for {name}", f"In the queue for {name}"

    def _seat_words(self, name: str, seat: str) -> tuple[str, str]:
        if seat == ROOM_POOL:
            return f"Exam rooms ({self.scenario.exam_rooms.count})", f"{name} in an exam room"
        if seat == PROVIDER_POOL:
            return f"{name} with the provider ({len(self.scenario.providers)})", f"{name} with the provider"
        label = resource_counts(self.scenario).get(seat, words(seat)).split(" (")[0]
        return f"{name}: {label} ({self._count(seat)})", f"{name}: {label}"

    def _count(self, seat: str) -> int:
        if seat == ROOM_POOL:
            return self.scenario.exam_rooms.count
        if seat == PROVIDER_POOL:
            return len(self.scenario.providers)
        if seat in self.scenario.room_types:
            return self.scenario.room_types[seat].count
        pool = self.scenario.staff[seat]
        return max([pool.count, *(c.count for c in pool.count_by_time)])  # the most on duty at any time


def _walk_order(scenario: Scenario) -> list[_Walked]:
    """The step names of the pathways the visit types use, merged in walking order.

    A step first met in a later pathway goes right after the step it follows there. A
    step name used by several pathways collects the seats of all its versions.
    """
    order: list[str] = []
    walked: dict[str, _Walked] = {}
    for pathway in dict.fromkeys(visit.pathway for visit in scenario.visit_types.values()):
        held: set[str] = set()
        previous = -1
        for step in scenario.pathways[pathway]:
            if step.name not in walked:
                walked[step.name] = _Walked(step)
                order.insert(previous + 1, step.name)
            previous = order.index(step.name)
            holding = ROOM_POOL in held and ROOM_POOL not in step.needs
            entry = walked[step.name]
            entry.waits_in_room |= holding
            for seat in _seats(scenario, step, holding):
                if seat not in entry.seats:
                    entry.seats.append(seat)
            held = (held | set(step.hold)) - set(step.release)
    return [walked[name] for name in order]


def _seats(scenario: Scenario, step: Step, holding_room: bool) -> list[str]:
    """Where a step is drawn (as :func:`flowsim.results.motion.motion_log` draws it): room, provider or staff."""
    if ROOM_POOL in step.needs:
        return [ROOM_POOL]
    if any(n in PROVIDER_NEEDS or n in scenario.providers for n in step.needs):
        return [PROVIDER_POOL]
    if holding_room and step.needs:
        return [ROOM_POOL]
    room_types = [n for n in step.needs if n in scenario.room_types]  # seized before staff
    if room_types:
        return room_types[:1]
    return [n for n in step.needs if n in scenario.staff]  # the first one seized: any of them


def _first_need(step: Step) -> str:
    """What a step's queue waits for in words: an exam room if it takes one, else the provider, else the first need."""
    if ROOM_POOL in step.needs:
        return ROOM_POOL
    clinicians = [n for n in step.needs if n in PROVIDER_NEEDS]
    return clinicians[0] if clinicians else step.needs[0] if step.needs else ""


def _who(visits: pd.DataFrame, scenario: str, rep: int) -> dict[int, str]:
    day = visits.loc[(visits["scenario"].astype(str) == scenario) & (visits["rep"] == rep)]
    return {
        int(p): f"Patient {int(p)}: {words(str(v))}, {provider_words(str(d))}"
        for p, v, d in zip(day["patient_id"], day["visit_type"], day["provider"], strict=True)
    }
