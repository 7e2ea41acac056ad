"""Run one clinic day: ``simulate(scenario, seed, rep) -> DayLog``.

The day is set up before the clock starts: the scenario is compiled (once), every
patient is drawn with all their attributes, the resources are laid out. Then SimPy
plays the day until nobody is left inside, and the raw event tuples are handed back
as a :class:`~flowsim.model.eventlog.DayLog`, ordered by time.

The rules of the day, in brief (time 0 is opening; minutes):

- Booked and same-day patients arrive at appointment + punctuality, but never before
  0: those who come earlier wait at the door and walk in at 0 (their ``arrive`` event
  is at 0; ``arrival_min`` in their record keeps when they came);
  under ``queue_discipline: arrival`` they rank, and come in, by when they came;
  no-shows leave only a ``no_show`` event at their appointment time; patients later
  than ``rebook_if_late_min`` arrive, are ``rebooked`` and depart at once.
- Every queue (provider, staff pool, room) serves by priority: urgent first (if
  ``urgent_first``), then appointment time (``queue_discipline: appointment``; walk-ins
  by arrival) or arrival time, then patient id; under ``station_fifo`` each queue serves
  by when the patient joined it (urgent first still), so the order is per station.
- A provider is away (``off``) from opening until the first session's start plus that
  session's lateness, and between sessions; breaks and time off begin after the visit
  in progress. Before the time off between sessions the provider first sees the
  ending session's patients already in the clinic for her (booked before the session
  end, or walk-ins): the gap shrinks, and the next session starts late if they run
  past its start (``finish_list_before_break: false`` opts out). Breaks end on time.
  After the last session the provider sees whoever is left (overtime).
- ``in_turn`` and ``least_busy`` walk-ins are assigned at arrival among the providers
  on duty then (in a started session, not on a break), else to whoever comes on duty
  first. Under ``dedicated`` rooms a ``shared_queue`` walk-in roomed first is seen by
  the room's owner (the room decides the provider; rooms of providers on duty first);
  a pathway that reaches the provider first lets the provider decide the room.
- Held early arrivals (``hold_early_arrivals``) wait in the waiting room until their
  appointment before the first step needing a room or the provider, whatever the pathway.
- When a patient gives the provider back, the provider documents that visit
  (``documentation``) before seeing anyone else; a room is cleaned (``turnover``)
  before it is given to the best waiting patient allowed to use it.
- Patients give up (``abandon``, outcome ``left_unseen``) when their patience, counted
  from max(arrival, appointment), runs out while queueing for a step at or before their
  first provider step. Anyone still
  waiting when nothing more can happen (e.g. for staff who never come) gives up at
  the last moment of the day.
"""

from __future__ import annotations

import gc
from operator import attrgetter

from flowsim.model.arrivals import draw_patients
from flowsim.model.compile import Compiled, compile_scenario
from flowsim.model.entities import NO_PROVIDER, NO_SHOW, REBOOKED_LATE, Patient
from flowsim.model.eventlog import DayLog, PatientRecord, event_columns
from flowsim.model.kernel import DayEnvironment
from flowsim.model.pathway import close_day, patient_day
from flowsim.model.resources import Clinic
from flowsim.scenarios.schema import Scenario


def simulate(scenario: Scenario, seed: int, rep: int) -> DayLog:
    """Simulate replication ``rep`` of ``seed`` of one clinic day of ``scenario``.

    Parameters
    ----------
    scenario
        The validated clinic design (never modified).
    seed, rep
        Together with each stream's name they fix every random number of the day;
        the same triple always gives the identical log.

    Returns
    -------
    DayLog
        Events in time order, one record per patient, and the pathway step names.
    """
    compiled = compile_scenario(scenario)
    collecting = gc.isenabled()
    # A day allocates many short-lived objects and no garbage worth collecting mid-day;
    # the cyclic collector runs once afterwards instead of dozens of times during it.
    gc.disable()
    try:
        return _simulate(compiled, seed, rep)
    finally:
        if collecting:
            gc.enable()


def _simulate(compiled: Compiled, seed: int, rep: int) -> DayLog:
    patients = draw_patients(compiled, seed, rep)
    env = DayEnvironment(initial_time=0.0)
    clinic = Clinic(env, compiled, seed, rep)
    log = clinic.log
    coming = []  # (minutes until they come through the door, their day), in door order
    for p in _door_order(compiled, patients):
        if p.no_show:
            log.append((p.pid, "", "no_show", p.appointment_min, ""))
            p.outcome = NO_SHOW
        elif p.rebooked:
            log.append((p.pid, "", "arrive", p.door_min, ""))
            log.append((p.pid, "", "rebooked", p.door_min, ""))
            log.append((p.pid, "", "depart", p.door_min, ""))
            p.outcome = REBOOKED_LATE
        else:
            coming.append((p.door_min, patient_day(clinic, p)))
    env.start(coming)
    env.run()
    close_day(clinic, [p for p in patients if not p.outcome])
    names = [vt.name for vt in compiled.visit_types]
    return DayLog.from_columns(
        event_columns(log, by_time=True),  # stable: simultaneous events keep the order they happened in
        patients=[_record(p, names, clinic.provider_names) for p in patients],
        steps=compiled.step_names,
        resources=clinic.resource_records(),
    )


def _door_order(compiled: Compiled, patients: list[Patient]) -> list[Patient]:
    """The order in which patients come in: booking order, except at the door.

    Under arrival discipline those who came before opening file in at opening in
    the order they came (their queue order), so the first to come is the first
    served even where a free desk is taken on the spot. They keep the places in
    the sequence the early comers had, so nobody else's order changes.
    """
    if compiled.appointment_order:
        return patients
    places = [i for i, p in enumerate(patients) if p.came_min < 0]
    ordered = patients[:]
    for i, p in zip(places, sorted((patients[i] for i in places), key=attrgetter("priority")), strict=True):
        ordered[i] = p
    return ordered


def _record(p: Patient, visit_types: list[str], providers: list[str]) -> PatientRecord:
    provider = providers[p.provider] if p.provider != NO_PROVIDER else ""
    # positional (field order of PatientRecord): keyword construction costs a Python call per patient
    return PatientRecord(
        p.pid, p.kind, visit_types[p.visit_type], provider, p.appointment_min, p.came_min, p.outcome, p.urgent
    )
