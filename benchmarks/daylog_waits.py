"""Waits read straight off flowsim's event log, for the benchmark checks.

The benchmarks compare flowsim with models written without it (a minimal SimPy model,
Ciw), so they read the two waits they need directly from the engine's records instead
of going through the results tables: the wait for the provider (exam start minus the
later of arrival and appointment) and each step's queueing time (start minus the time
the patient joined that step's queue).
"""

from __future__ import annotations

import math
from collections import defaultdict

from flowsim.model.eventlog import DayLog


def provider_waits(day: DayLog, provider_step: str = "exam") -> list[float]:
    """``wait_for_provider_min`` of every patient seen (walk-ins count from arrival)."""
    due = {
        p.patient_id: p.arrival_min if math.isnan(p.appointment_min) else max(p.arrival_min, p.appointment_min)
        for p in day.patients
        if p.outcome == "seen"
    }
    return [
        e.time_min - due[e.patient_id]
        for e in day.events
        if e.event == "start" and e.step == provider_step and e.patient_id in due
    ]


def step_waits(day: DayLog) -> dict[str, list[float]]:
    """Minutes each patient queued for each step (start minus joining the queue), by step."""
    joined: dict[tuple[int, str], float] = {}
    waits: dict[str, list[float]] = defaultdict(list)
    for e in day.events:
        if e.patient_id < 0:
            continue
        if e.event == "queue":
            joined[e.patient_id, e.step] = e.time_min
        elif e.event == "start" and (e.patient_id, e.step) in joined:
            waits[e.step].append(e.time_min - joined.pop((e.patient_id, e.step)))
    return dict(waits)
