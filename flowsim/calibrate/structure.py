"""What timestamps cannot tell: room and staff counts, sessions, pathways, slot lengths.

A month of visit timestamps says how long rooming takes, not how many medical
assistants did it. Those facts come from the ``--base`` scenario; without one,
:func:`inferred_base` makes a plain clinic around the sheet (one session per provider
over the observed day, two dedicated rooms per provider, one front-desk clerk, one
medical assistant per provider, the usual check-in -> rooming -> exam pathway), and
every such value is listed as *inferred* in ``fit.csv`` so the manager can correct it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from flowsim.calibrate.estimates import Estimate
from flowsim.scenarios.clock import clock_to_min, min_to_clock

DEFAULT_SLOT_MIN = 15.0


def inferred(path: str, what: str, value: Any, note: str) -> Estimate:
    """A value the data cannot identify, guessed and flagged."""
    number = float(value) if isinstance(value, (int, float)) else float("nan")
    return Estimate(path, what, "inferred", value, number, float("nan"), float("nan"), 0, source="inferred", note=note)


def from_base(path: str, what: str, value: Any, note: str) -> Estimate:
    """A value the data do not identify, kept from the base scenario."""
    return Estimate(
        path, what, "from base", value, float("nan"), float("nan"), float("nan"), 0, source="base", note=note
    )


def slot_lengths(visits: pd.DataFrame) -> dict[str, float]:
    """Typical slot per visit type: the median gap to the same provider's next appointment (whole minutes)."""
    booked = visits.dropna(subset=["appointment_min"]).sort_values(["rep", "provider", "appointment_min"])
    gaps = booked.groupby(["rep", "provider"], sort=False)["appointment_min"].diff().shift(-1)
    slots = {}
    for visit_type, gap in gaps.groupby(booked["visit_type"]):
        positive = gap[gap > 0]
        slots[str(visit_type)] = float(np.round(positive.median())) if len(positive) else DEFAULT_SLOT_MIN
    return slots


def inferred_base(visits: pd.DataFrame, clinic_open: str) -> tuple[dict[str, Any], list[Estimate]]:
    """A plain scenario (as plain data) around the observed visits, and the list of what was guessed."""
    open_min = clock_to_min(clinic_open)
    last = float(np.nanmax(visits[["appointment_min", "arrival_min"]].to_numpy(float)))
    close = min_to_clock(min(open_min + 60 * np.ceil((last + 30) / 60), 23 * 60 + 59))
    providers = [p for p in dict.fromkeys(visits["provider"]) if p]
    columns = set(visits.columns)
    notes: list[Estimate] = [
        inferred("clinic.close", "closing time", close, "an hour-or-so after the last appointment")
    ]
    staff: dict[str, Any] = {}
    steps: list[dict[str, Any]] = []
    if "check_in_start_min" in columns:
        staff["front_desk"] = {"count": 1}
        steps.append({"name": "check_in", "duration_min": 3.0, "needs": ["front_desk"]})
    if "rooming_start_min" in columns:
        staff["ma"] = {"count": len(providers)}
        steps.append({"name": "rooming", "duration_min": 6.0, "needs": ["exam_room", "ma"], "hold": ["exam_room"]})
        exam = {"name": "exam", "duration_min": 15.0, "needs": ["provider"], "release": ["exam_room"]}
    else:
        exam = {"name": "exam", "duration_min": 15.0, "needs": ["provider", "exam_room"]}
    steps.append(exam)
    for name, pool in staff.items():
        notes.append(inferred(f"staff.{name}.count", f"{name} on duty", pool["count"], "not in the timestamps"))
    slots = slot_lengths(visits)
    visit_types = {}
    for visit_type, slot in slots.items():
        visit_types[visit_type] = {"share": 1.0 / len(slots), "slot_min": slot, "pathway": "visit"}
        notes.append(inferred(f"visit_types.{visit_type}.slot_min", "slot length", slot, "median appointment gap"))
    session = {"start": clinic_open, "end": close}
    notes.append(inferred("providers.*.sessions", "sessions", float("nan"), f"one session {clinic_open}-{close}"))
    notes.append(inferred("exam_rooms.count", "exam rooms", 2 * len(providers), "two dedicated rooms per provider"))
    data = {
        "name": "Your clinic",
        "clinic": {"open": clinic_open, "close": close},
        "providers": {p: {"sessions": [session]} for p in providers},
        "staff": staff,
        "exam_rooms": {"count": 2 * len(providers), "policy": "dedicated"},
        "visit_types": visit_types,
        "pathways": {"visit": steps},
    }
    return data, notes
