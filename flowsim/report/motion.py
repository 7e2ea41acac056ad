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

import pandas as pd
import plotly.graph_objects as go

from flowsim.experiment import simulate_day
from flowsim.report.pathway_map import resource_counts
from flowsim.report.words import provider_words, resource_words, step_words, words
from flowsim.results.motion import PROVIDER_POOL, WAIT_IN_ROOM, motion_log
from flowsim.results.seats import ROOM_POOL, one_day
from flowsim.scenarios.schema import Scenario, Step
from flowsim.viz.day_animation import STAGE_COLUMNS, MotionOptions, day_animation

PROVIDER_NEEDS = ("provider", "any_provider")


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
    visits, events = simulate_day([scenario], seed, rep)
    return day_in_motion(scenario, events, visits, rep, options)


def motion_stages(scenario: Scenario) -> pd.DataFrame:
    """The floor plan of ``scenario``: one row per event with a place (:data:`STAGE_COLUMNS`)."""
    counts = resource_counts(scenario)
    steps = _walk_order(scenario)
    room_row = next((row for row, (step, _) in enumerate(steps, 1) if _first_need(step) == ROOM_POOL), None)
    stages: list[tuple[str, str, str, int, int, str | None, int]] = [
        ("arrival", "Arriving", "Arriving at the clinic", 0, 0, None, 0)
    ]
    for row, (step, queued_in_room) in enumerate(steps, 1):
        need, name = _first_need(step), step_words(step.name)
        if need == ROOM_POOL:
            stages.append((f"{step.name}_wait_begins", "Waiting room", "In the waiting room", row, 0, None, 0))
            stages.append((f"{step.name}_begins", f"Exam rooms ({scenario.exam_rooms.count})",
                           f"{name} in an exam room", row, 1, ROOM_POOL, scenario.exam_rooms.count))  # fmt: skip
        elif need in PROVIDER_NEEDS or need in scenario.providers:
            stages.append((f"{step.name}_wait_begins", f"Waiting for {resource_words(need, scenario)}",
                           f"Waiting for {resource_words(need, scenario)}", row, 0, None, 0))  # fmt: skip
            stages.append((f"{step.name}_begins", f"{name} with the provider ({len(scenario.providers)})",
                           f"{name} with the provider", row, 1, PROVIDER_POOL, len(scenario.providers)))  # fmt: skip
        elif need in scenario.staff:
            pool = scenario.staff[need]
            staff = max([pool.count, *(c.count for c in pool.count_by_time)])
            label = counts.get(need, words(need)).split(" (")[0]
            stages.append((f"{step.name}_wait_begins", f"Queue for {name.lower()}",
                           f"In the queue for {name.lower()}", row, 0, None, 0))  # fmt: skip
            stages.append((f"{step.name}_begins", f"{name}: {label} ({staff})", f"{name}: {label}", row, 1, need,
                           staff))  # fmt: skip
        else:  # a step the patient does alone (a form, a screen): only where she waits for it has a place
            stages.append((f"{step.name}_wait_begins", f"Queue for {name.lower()}",
                           f"In the queue for {name.lower()}", row, 0, None, 0))  # fmt: skip
        if queued_in_room and room_row is not None:
            stages.append((f"{step.name}{WAIT_IN_ROOM}", "", f"In an exam room, waiting for "
                           f"{resource_words(need, scenario)}", room_row, 1, None, 0))  # fmt: skip
    stages.append(("depart", "Leaving", "Leaving the clinic", len(steps) + 1, 1, None, 0))
    return pd.DataFrame(stages, columns=list(STAGE_COLUMNS))


def _walk_order(scenario: Scenario) -> list[tuple[Step, bool]]:
    """The steps of the pathways the visit types use, merged in walking order.

    Each with whether a patient may queue for it while holding an exam room. A step
    first met in a later pathway goes right after the step it follows there.
    """
    order: list[str] = []
    first: dict[str, Step] = {}
    in_room: dict[str, bool] = {}
    used = dict.fromkeys(visit.pathway for visit in scenario.visit_types.values())
    for pathway in used:
        held: set[str] = set()
        previous = -1
        for step in scenario.pathways[pathway]:
            if step.name not in first:
                first[step.name] = step
                order.insert(previous + 1, step.name)
            previous = order.index(step.name)
            in_room[step.name] = in_room.get(step.name, False) or (ROOM_POOL in held and ROOM_POOL not in step.needs)
            held = (held | set(step.hold)) - set(step.release)
    return [(first[name], in_room[name]) for name in order]


def _first_need(step: Step) -> str:
    """The resource a step's seat is drawn for: an exam room if it takes one, else the provider, else the first need.

    The same choice as :func:`flowsim.results.motion.motion_log`, which draws a patient
    in her room while she holds it and with her provider during the exam.
    """
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
