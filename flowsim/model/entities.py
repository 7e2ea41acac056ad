"""The people of a simulated day, with everything about them decided up front.

A patient is a record drawn before the clinic opens: what they come for, when they
are booked, whether and when they walk in, how long each step of their pathway will
take them, how long they are willing to wait. The simulation only decides *when*
things happen to them, never *who* they are, so a redesign meets the same patients.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from flowsim.model.compile import StepSpec

BOOKED = "booked"
SAME_DAY = "same_day"
WALK_IN = "walk_in"

SEEN = "seen"
NO_SHOW = "no_show"
REBOOKED_LATE = "rebooked_late"
LEFT_UNSEEN = "left_unseen"

NO_PROVIDER = -1  # provider not yet known (walk-in assigned at arrival, or shared queue)

BLOCKER_PRIORITY = -1  # time off and absent staff: before every patient


@dataclass(slots=True)
class Patient:
    """One patient of the day (booked, same-day add-on or walk-in)."""

    pid: int
    kind: str
    visit_type: int
    provider: int  # index into Compiled.providers, or NO_PROVIDER
    appointment_min: float  # nan for walk-ins
    door_min: float  # when they walk in: never before opening (0); nan for no-shows
    came_min: float  # when they came to the door, before 0 if early (recorded as arrival_min; queue order)
    urgent: bool
    no_show: bool
    rebooked: bool
    steps: tuple[StepSpec, ...]
    durations_min: list[float]  # aligned with steps
    does_step: list[bool]  # optional-step draws, aligned with steps
    patience_min: float  # inf when patients never give up
    documentation_min: Sequence[float]  # by provider index (0 when there is no documentation)
    turnover_min: tuple[float, ...]  # room cleaning after this patient, by room type (Compiled.room_types order)
    priority: int = 0  # rank by (urgent first, appointment or arrival, id): lower is served first
    outcome: str = ""
    seen: bool = False  # reached a step needing the provider
    step_now: str = ""  # the step the patient is queueing for or doing
    in_care: bool = False  # counted as waiting for or with their provider (least-busy assignment, lunch list)
    held: dict[str, tuple[Any, int, str]] = field(default_factory=dict)  # need -> (request, provider/room, resource id)
