"""The record of one simulated day: plain tuples, no pandas.

The engine only records facts: who, which step, what happened, when, with which
resource. Every KPI is computed afterwards from these records (see
:mod:`flowsim.results`), by the same functions that read an observed stopwatch sheet.

Event vocabulary (``Event.event``):

``arrive``     the patient walks in (step ``""``)
``no_show``    a booked patient did not come (at the appointment time)
``rebooked``   came too late and was rebooked (at arrival)
``queue``      joined the queue for ``step``
``seize``      got ``resource_id`` for ``step`` (one row per resource)
``start``      ``step`` begins (all its resources are held)
``end``        ``step`` ends
``release``    gave back ``resource_id`` (at the end of the step that releases it)
``abandon``    left unseen while queueing for ``step`` (patience ran out)
``depart``     left the clinic

Non-patient activity uses ``patient_id == -1`` for provider time off
(steps ``off`` before a session/late start/between sessions and ``break``), and the
id of the patient concerned for ``documentation`` (provider) and ``turnover`` (room),
each as a ``start``/``end`` pair with the resource id.

Resource ids: the provider's name; ``room_<n>`` for exam room n (1-based); the staff
pool's name for a member of a staff pool.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Event(NamedTuple):
    """One fact of the day."""

    patient_id: int
    step: str
    event: str
    time_min: float
    resource_id: str


class PatientRecord(NamedTuple):
    """Who a patient is and how their day ended (one per patient, booked or not)."""

    patient_id: int
    kind: str  # booked | same_day | walk_in
    visit_type: str
    provider: str  # the provider the patient was booked with or assigned to ("" for shared queue until seen)
    appointment_min: float  # nan for walk-ins
    arrival_min: float  # nan for no-shows
    outcome: str  # seen | no_show | rebooked_late | left_unseen
    urgent: bool


@dataclass(frozen=True, slots=True)
class DayLog:
    """Everything that happened on one simulated day."""

    events: list[Event]
    patients: list[PatientRecord]
    steps: tuple[str, ...]  # every step name of the scenario's pathways, in first-seen order


EVENT_COLUMNS = Event._fields
PATIENT_COLUMNS = PatientRecord._fields
