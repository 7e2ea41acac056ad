"""Helpers for engine tests: small clinics written as data, and readers of a day's log.

``clinic(**changes)`` is a one-provider, one-room clinic with fixed durations and
punctual patients; tests change what they are about. The readers turn a
:class:`~flowsim.model.DayLog` into per-patient traces and per-resource busy
intervals, without pandas, so a failing test prints plain tuples.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any

from flowsim.model import DayLog, Event
from flowsim.scenarios.schema import Scenario

BASE: dict[str, Any] = {
    "name": "test clinic",
    "clinic": {"open": "08:00", "close": "17:00"},
    "providers": {"dr_a": {"sessions": [{"start": "08:00", "end": "12:00"}]}},
    "exam_rooms": {"count": 1, "policy": "pooled"},
    "visit_types": {"visit": {"share": 1.0, "slot_min": 30, "pathway": "visit"}},
    "pathways": {
        "visit": [
            {"name": "rooming", "duration_min": 5, "needs": ["exam_room"], "hold": ["exam_room"]},
            {"name": "exam", "duration_min": 10, "needs": ["provider"], "release": ["exam_room"]},
        ]
    },
}


def clinic(**changes: Any) -> Scenario:
    """The base clinic with top-level keys replaced by ``changes``."""
    data = copy.deepcopy(BASE)
    data.update(copy.deepcopy(changes))
    return Scenario.model_validate(data)


def trace(log: DayLog, patient_id: int) -> list[tuple[str, str, float, str]]:
    """(step, event, time, resource) of one patient's own events, in log order."""
    return [(e.step, e.event, e.time_min, e.resource_id) for e in log.events if e.patient_id == patient_id]


def times(log: DayLog, patient_id: int, step: str) -> dict[str, float]:
    """``{event: time}`` of one patient's events at ``step`` (first of each kind)."""
    found: dict[str, float] = {}
    for e in log.events:
        if e.patient_id == patient_id and e.step == step:
            found.setdefault(e.event, e.time_min)
    return found


def provider_events(log: DayLog, provider: str) -> list[tuple[int, str, str, float]]:
    """Time off, breaks and documentation of ``provider``: (patient, step, event, time)."""
    return [
        (e.patient_id, e.step, e.event, e.time_min)
        for e in log.events
        if e.resource_id == provider and e.event in ("start", "end")
    ]


def busy_intervals(log: DayLog) -> dict[str, list[tuple[float, float]]]:
    """Per resource id, every interval it served someone.

    Patients: from ``seize`` to the matching ``release`` (so a room held across steps is
    one interval). Providers: also ``documentation``, ``off`` and ``break`` start→end.
    Rooms: also ``turnover``.
    """
    open_at: dict[tuple[int, str, str], list[float]] = defaultdict(list)
    spans: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for e in log.events:
        after_care = e.step in ("documentation", "turnover", "off", "break")
        tag = (e.patient_id, e.resource_id, e.step if after_care else "")
        if e.event == "seize" or (e.event == "start" and after_care):
            open_at[tag].append(e.time_min)
        elif e.event == "release" or (e.event == "end" and after_care):
            spans[e.resource_id].append((open_at[tag].pop(0), e.time_min))
    leftover = {k: v for k, v in open_at.items() if v}
    assert not leftover, f"seized and never released: {leftover}"
    return dict(spans)


def peak(intervals: list[tuple[float, float]]) -> int:
    """Most intervals overlapping at any instant (an interval ending at t does not overlap one starting at t)."""
    moments = sorted([(end, -1) for _, end in intervals] + [(start, 1) for start, _ in intervals])
    level = top = 0
    for _, change in moments:
        level += change
        top = max(top, level)
    return top


def events_of(log: DayLog, event: str) -> list[Event]:
    """Every event of one kind."""
    return [e for e in log.events if e.event == event]


def step_durations(log: DayLog) -> dict[tuple[int, str], float]:
    """(patient, step) -> end − start, for every pathway step a patient did."""
    started: dict[tuple[int, str], float] = {}
    took: dict[tuple[int, str], float] = {}
    for e in log.events:
        if e.patient_id < 0 or e.step in ("", "documentation", "turnover"):
            continue
        if e.event == "start":
            started[(e.patient_id, e.step)] = e.time_min
        elif e.event == "end":
            took[(e.patient_id, e.step)] = e.time_min - started[(e.patient_id, e.step)]
    return took
