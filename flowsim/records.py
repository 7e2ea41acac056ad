"""The record of one clinic day: plain tuples, no pandas, no engine.

The engine only records facts: who, which step, what happened, when, with which
resource, and what each resource is. Every KPI is computed afterwards from these
records (see :mod:`flowsim.results`), by the same functions that read an observed
stopwatch sheet. The record types live here, outside :mod:`flowsim.model`, so that
results can read a day without importing the engine that played it.

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

Resource ids: the provider's name; ``room_<n>`` for exam room n (1-based); ``<type>_<n>``
for room n of a room type (``procedure_1``); the staff
pool's name for a member of a staff pool. What each id *is* is recorded, never read off
its name: ``DayLog.resources`` holds one :class:`ResourceRecord` per resource (its kind,
one of :data:`RESOURCE_KINDS`, and its owner, e.g. the provider of a dedicated room).

A day's events are kept column by column (:class:`EventColumns`, numpy arrays), the
form the tables of :mod:`flowsim.results` are built from; ``DayLog.events`` reads them
as a list of :class:`Event` tuples, made when first asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, repeat
from typing import Any, NamedTuple

import numpy as np


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
    arrival_min: float  # when the patient came to the door, before opening (< 0) if early; nan for no-shows
    outcome: str  # seen | no_show | rebooked_late | left_unseen
    urgent: bool


PROVIDER_KIND = "provider"
EXAM_ROOM_KIND = "exam_room"
STAFF_POOL_KIND = "staff_pool"
ROOM_KIND = "room"
RESOURCE_KINDS = (PROVIDER_KIND, EXAM_ROOM_KIND, STAFF_POOL_KIND, ROOM_KIND)
"""What a resource can be: a provider, an exam room, (a member of) a staff pool, or a room
of another type (``room_types``: a procedure room ...; which type is the scenario's
``room_types``, see :func:`flowsim.scenarios.room_policies.room_id`)."""


class ResourceRecord(NamedTuple):
    """What one resource of the day is, as the engine set it up."""

    resource_id: str  # as in Event.resource_id
    kind: str  # one of RESOURCE_KINDS
    owner: str = ""  # the provider owning a dedicated or flex room (of any type); "" for none
    role: str = ""  # a provider's role (physician, np, pa, nurse); "" for rooms and staff


class EventColumns(NamedTuple):
    """A day's events column by column, in log order (text columns hold Python strings)."""

    patient_id: np.ndarray[Any, np.dtype[np.int64]]
    step: np.ndarray[Any, np.dtype[np.object_]]
    event: np.ndarray[Any, np.dtype[np.object_]]
    time_min: np.ndarray[Any, np.dtype[np.float64]]
    resource_id: np.ndarray[Any, np.dtype[np.object_]]


def event_columns(rows: Sequence[tuple[int, str, str, float, str]], *, by_time: bool = False) -> EventColumns:
    """Event tuples as columns; with ``by_time``, ordered by time (ties keep their order)."""
    flat = list(chain.from_iterable(rows))  # one pass in C; column k is then every fifth item from k
    columns = EventColumns(
        np.array(flat[0::5], dtype=np.int64),
        np.array(flat[1::5], dtype=object),
        np.array(flat[2::5], dtype=object),
        np.array(flat[3::5], dtype=np.float64),
        np.array(flat[4::5], dtype=object),
    )
    if not by_time:
        return columns
    order = np.argsort(columns.time_min, kind="stable")
    c = columns
    return EventColumns(c.patient_id[order], c.step[order], c.event[order], c.time_min[order], c.resource_id[order])


_State = tuple[EventColumns, list[PatientRecord], tuple[str, ...], tuple[ResourceRecord, ...]]


class DayLog:
    """Everything that happened on one simulated day.

    ``events`` in time order, one record per patient in ``patients``, ``steps``, every
    step name of the scenario's pathways in first-seen order, and ``resources``, one
    :class:`ResourceRecord` per resource. Made from a list of :class:`Event`
    (``DayLog(events, patients, steps, resources)``) or from columns
    (:meth:`from_columns`, as the engine does); either form is read as needed.
    """

    __slots__ = ("_columns", "_events", "patients", "resources", "steps")

    def __init__(
        self,
        events: Sequence[Event],
        patients: list[PatientRecord],
        steps: tuple[str, ...],
        resources: Sequence[ResourceRecord] = (),
    ) -> None:
        self._events: list[Event] | None = list(events)
        self._columns: EventColumns | None = None
        self.patients = patients
        self.steps = steps
        self.resources = tuple(resources)

    @classmethod
    def from_columns(
        cls,
        columns: EventColumns,
        patients: list[PatientRecord],
        steps: tuple[str, ...],
        resources: Sequence[ResourceRecord] = (),
    ) -> DayLog:
        """A day log of events given column by column."""
        log = cls((), patients, steps, resources)
        log._events, log._columns = None, columns
        return log

    @property
    def events(self) -> list[Event]:
        """The events as :class:`Event` tuples, in time order."""
        if self._events is None:
            plain = zip(*(column.tolist() for column in self.columns), strict=True)
            self._events = list(map(tuple.__new__, repeat(Event), plain))  # Event._make without a call per row
        return self._events

    @property
    def columns(self) -> EventColumns:
        """The events column by column."""
        if self._columns is None:
            self._columns = event_columns(self._events or [])
        return self._columns

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DayLog):
            return NotImplemented
        mine = (self.events, self.patients, self.steps, self.resources)
        return mine == (other.events, other.patients, other.steps, other.resources)

    __hash__ = None  # type: ignore[assignment]  # mutable caches: not hashable, like the dataclass it was

    def __repr__(self) -> str:
        return f"DayLog({len(self.columns.time_min)} events, {len(self.patients)} patients, steps={self.steps})"

    def __getstate__(self) -> _State:
        return self.columns, self.patients, self.steps, self.resources

    def __setstate__(self, state: _State) -> None:
        self._columns, self.patients, self.steps, self.resources = state
        self._events = None


EVENT_COLUMNS = Event._fields
PATIENT_COLUMNS = PatientRecord._fields
RESOURCE_COLUMNS = ResourceRecord._fields
