"""The largest clinic flowsim simulates, and a quick estimate of a day's patients.

Each limit is far above any real practice yet keeps one simulated day within a few
gigabytes and minutes; past them a file is refused with a message naming the limit,
instead of running out of memory an hour later.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from flowsim.scenarios.clock import clock_to_min

if TYPE_CHECKING:
    from flowsim.scenarios.references import Problem
    from flowsim.scenarios.schema import Scenario, Schedule, Session

MAX_PROVIDERS = 10_000
MAX_ROOMS = 10_000
MAX_STAFF = 10_000
"""Staff on duty in one pool at any time."""
MAX_WAVE_SIZE = 1_000
MIN_SLOT_MIN = 1.0
"""The shortest appointment slot, in minutes."""
MAX_WALK_INS_PER_HOUR = 1_000.0
MAX_PATIENTS_PER_DAY = 200_000
"""Patients one simulated day may hold (booked, add-on slots and expected walk-ins)."""
MAX_REPS = 100_000
"""Replications (simulated days) per scenario in one run."""
MAX_GRID_POINTS = 10_000
"""Points (redesigns) in one sweep."""
MAX_WORKERS = 256
"""Local worker processes (each holds a copy of the engine: a few hundred megabytes)."""


def limit_problems(scenario: Scenario) -> list[Problem]:
    """Problems of a scenario too large to simulate (checked after every field is valid)."""
    if len(scenario.providers) > MAX_PROVIDERS:
        return [("providers", f"{len(scenario.providers):,} providers; at most {MAX_PROVIDERS:,} are simulated")]
    providers = scenario.providers.values()
    booked = sum(_booked_bound(scenario, p.schedule or scenario.schedule, p.sessions) for p in providers)
    walk_ins = _expected_walk_ins(scenario)
    if booked + walk_ins > MAX_PATIENTS_PER_DAY:
        return [
            (
                "",
                f"up to {booked + walk_ins:,.0f} patients a day ({booked:,} booked, {walk_ins:,.0f} walk-ins "
                f"expected); at most {MAX_PATIENTS_PER_DAY:,} are simulated: fewer providers, longer slots "
                "or a lower walk-in rate",
            )
        ]
    return []


def _booked_bound(scenario: Scenario, schedule: Schedule, sessions: list[Session]) -> int:
    """At most how many patients a provider's book holds (overbooking included)."""
    if schedule.rule == "none":
        return 0
    extra = 2 if schedule.overbook_every is not None else 1
    if schedule.rule == "custom":
        return len(schedule.custom_times) * extra
    shortest = min(vt.slot_min for vt in scenario.visit_types.values())
    per_slot = schedule.wave_size if schedule.rule == "wave" else 1
    total = 0
    for session in sessions:
        length = clock_to_min(session.end) - clock_to_min(session.start)
        total += (math.floor(length / shortest) + 1) * per_slot
    return total * extra


def _expected_walk_ins(scenario: Scenario) -> float:
    walk_ins = scenario.walk_ins
    if walk_ins is None:
        return 0.0
    top = max([walk_ins.per_hour, *(r.per_hour for r in walk_ins.rate_by_time)])
    end = clock_to_min(walk_ins.until or scenario.clinic.close)
    return top * max(0, end - clock_to_min(scenario.clinic.open)) / 60
