"""From simulated days to tables: the long event logs and the stopwatch sheet.

The engine hands back, for every replication, a pile of facts ("patient 17 joined the
rooming queue at 42.5", "room_3 seized at 50.1", "dr_a off from 0 to 4"). Here the piles
of many replications are stacked into long tables at once: the patients' events (every
row a patient's) and the resources' events (what a resource did for no patient: a
provider's time off). The stopwatch sheet (one row per patient, one column per
timestamp) is read off them with a single vectorised pivot: no Python loop runs per
patient or per event, so post-processing a thousand replications costs far less than
simulating them. A text value that is missing (no resource, no provider yet) is NA in
every table, as pandas users expect, never ``""``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from flowsim.records import (
    EXAM_ROOM_KIND,
    PROVIDER_KIND,
    RESOURCE_KINDS,
    ROOM_KIND,
    DayLog,
    EventColumns,
    PatientRecord,
    event_columns,
)
from flowsim.results.columns import EVENT_TABLE_COLUMNS, RESOURCE_EVENT_COLUMNS, step_columns
from flowsim.results.day import day_kpis
from flowsim.results.facts import ClinicFacts
from flowsim.results.kinds import kind_categorical, kind_codes
from flowsim.results.long import missing_as_na
from flowsim.results.patient import PATIENT_TIMES, kpi_arrays

IntArray = np.ndarray[tuple[int, ...], np.dtype[np.int64]]
FloatArray = np.ndarray[Any, np.dtype[np.float64]]
LogItem = tuple[str, int, DayLog]


class LogTables(NamedTuple):
    """The tables read off a set of simulated days.

    ``visits`` is the stopwatch sheet (:func:`visits_table`), ``events`` the patients'
    events (:func:`events_table`), ``resource_events`` what resources did for no patient
    (:func:`resource_events_table`). KPIs need all three (a provider's time off is not
    idle time): :meth:`kpis`, or ``resource_events=`` for :func:`~flowsim.results.day_kpis`.
    """

    visits: pd.DataFrame
    events: pd.DataFrame
    resource_events: pd.DataFrame

    def kpis(self, facts: Mapping[str, ClinicFacts] | ClinicFacts) -> pd.DataFrame:
        """Day-level KPIs of these days: :func:`~flowsim.results.day_kpis` given all three tables."""
        return day_kpis(self.visits, self.events, facts, resource_events=self.resource_events)


@dataclass
class _Coded:
    codes: IntArray
    names: list[str]

    def code(self, name: str) -> int:
        """Code of ``name``, or -2 (matches nothing) when it never occurs."""
        return self.names.index(name) if name in self.names else -2

    def categorical(self, codes: IntArray | None = None) -> pd.Categorical[Any]:
        # the codes come from factorize, so pandas need not check them again
        chosen = self.codes if codes is None else codes
        return pd.Categorical.from_codes(chosen, dtype=pd.CategoricalDtype(self.names), validate=False)


def _coded(values: np.ndarray[Any, Any]) -> _Coded:
    codes, uniques = pd.factorize(values, sort=False)
    return _Coded(np.asarray(codes, dtype=np.int64), [str(u) for u in uniques])


@dataclass
class _Flat:
    """Every event and patient record of many days, column by column."""

    scenario: _Coded  # per log
    rep: IntArray  # per log
    steps: list[str]
    event_log: IntArray
    patient_id: IntArray
    step: _Coded
    event: _Coded
    time_min: np.ndarray[tuple[int, ...], np.dtype[np.float64]]
    resource: _Coded
    patient_log: IntArray
    patients: list[PatientRecord]
    resource_kind: IntArray  # per event: index into KIND_NAMES, as the event's day recorded it


def _flatten(logs: Iterable[LogItem]) -> _Flat:
    names: list[str] = []
    reps: list[int] = []
    steps: dict[str, None] = {}
    columns: list[EventColumns] = []
    patients: list[PatientRecord] = []
    patient_counts: list[int] = []
    resources: list[dict[str, str]] = []
    recorded: dict[tuple[Any, ...], dict[str, str]] = {}
    for name, rep, log in logs:
        names.append(name)
        reps.append(rep)
        steps.update(dict.fromkeys(log.steps))
        columns.append(log.columns)
        patients.extend(log.patients)
        patient_counts.append(len(log.patients))
        of_log = recorded.get(log.resources)
        if of_log is None:
            of_log = recorded[log.resources] = {r.resource_id: r.kind for r in log.resources}
        resources.append(of_log)
    stacked = EventColumns(*map(np.concatenate, zip(*columns, strict=True))) if columns else event_columns([])
    event_counts = [len(c.time_min) for c in columns]
    log_index = np.arange(len(names), dtype=np.int64)
    event_log = np.repeat(log_index, event_counts)
    resource = _coded(stacked.resource_id)
    kinds = kind_codes(resources, resource.names)
    return _Flat(
        scenario=_coded(np.asarray(names, dtype=object)),
        rep=np.asarray(reps, dtype=np.int64),
        steps=list(steps),
        event_log=event_log,
        patient_id=stacked.patient_id,
        step=_coded(stacked.step),
        event=_coded(stacked.event),
        time_min=stacked.time_min,
        resource=resource,
        patient_log=np.repeat(log_index, patient_counts),
        patients=patients,
        resource_kind=kinds[event_log, resource.codes] if len(kinds) else np.zeros(0, dtype=np.int64),
    )


def _event_rows(flat: _Flat, rows: np.ndarray[Any, np.dtype[np.bool_]], columns: tuple[str, ...]) -> pd.DataFrame:
    """The events of ``rows`` as a table of ``columns``; text columns categorical, NA where missing."""

    def categorical(coded: _Coded, codes: IntArray) -> pd.Categorical[Any]:
        # categories in order of first appearance among these rows, as in a table made of
        # them alone: so stacked chunks equal one table made at once (see kind_categorical)
        own_codes, first_seen = pd.factorize(codes, sort=False)
        return _Coded(np.asarray(own_codes, dtype=np.int64), [coded.names[c] for c in first_seen]).categorical()

    log = flat.event_log[rows]
    frame = pd.DataFrame(
        {
            "scenario": flat.scenario.categorical(flat.scenario.codes[log]),
            "rep": flat.rep[log],
            "patient_id": flat.patient_id[rows],
            "step": categorical(flat.step, flat.step.codes[rows]),
            "event": categorical(flat.event, flat.event.codes[rows]),
            "time_min": flat.time_min[rows],
            "resource_id": categorical(flat.resource, flat.resource.codes[rows]),
            "resource_kind": kind_categorical(flat.resource_kind[rows]),
        }
    )[list(columns)]
    assert tuple(frame.columns) == columns
    return missing_as_na(frame)


def _events_frame(flat: _Flat) -> pd.DataFrame:
    return _event_rows(flat, flat.patient_id >= 0, EVENT_TABLE_COLUMNS)


def _resource_events_frame(flat: _Flat) -> pd.DataFrame:
    return _event_rows(flat, flat.patient_id < 0, RESOURCE_EVENT_COLUMNS)


def events_table(logs: Iterable[LogItem]) -> pd.DataFrame:
    """The patients' events of many simulated days (``events.parquet``).

    Parameters
    ----------
    logs
        ``(scenario_name, rep, DayLog)`` triples, any number of scenarios and reps.

    Returns
    -------
    pandas.DataFrame
        Columns ``scenario, rep, patient_id, step, event, time_min, resource_id,
        resource_kind`` in log order, one row per event of a patient: besides the
        patient's own steps, the provider's documentation of their visit and the room's
        turnover after them. The text columns are categorical, NA where there is no value
        (``step`` of an arrival, the resource of a ``start``). ``resource_kind`` is what the
        day's log recorded the resource to be (``provider``, ``exam_room``,
        ``staff_pool``). A provider's time off belongs to no patient: see
        :func:`resource_events_table`.
    """
    return _events_frame(_flatten(logs))


def resource_events_table(logs: Iterable[LogItem]) -> pd.DataFrame:
    """What resources did for no patient, over many simulated days (``resource_events.parquet``).

    Parameters
    ----------
    logs
        ``(scenario_name, rep, DayLog)`` triples.

    Returns
    -------
    pandas.DataFrame
        Columns ``scenario, rep, step, event, time_min, resource_id, resource_kind`` in log
        order: a provider's time off, a ``start``/``end`` pair per stretch, step ``off``
        (before a session, a late start, between sessions) or ``break``. Text columns as in
        :func:`events_table`.
    """
    return _resource_events_frame(_flatten(logs))


def visits_table(logs: Iterable[LogItem], *, providers: Mapping[str, Iterable[str]] | None = None) -> pd.DataFrame:
    """The stopwatch sheet of many simulated days (``visits.parquet``), SPEC §4 columns.

    Parameters
    ----------
    logs
        ``(scenario_name, rep, DayLog)`` triples.
    providers
        Optional provider names per scenario, for logs that do not record their resources
        (hand-made ones). Providers and rooms are otherwise what each day's log recorded
        (``DayLog.resources``), never guessed from names.

    Returns
    -------
    pandas.DataFrame
        One row per patient (provider time off is not a visit), see
        :func:`flowsim.results.columns.visits_columns`. ``roomed_min`` is when the patient
        holds the room and the staff who room them (see ``_roomed``); ``provider_start_min``
        the start of the first step that seized the patient's provider (for a patient of a
        shared queue, the first provider who saw them, who also fills the ``provider``
        column); ``departure_min`` the
        ``depart`` event, or the ``abandon`` event if the log has no departure.
    """
    return log_tables(logs, providers=providers).visits


def log_tables(logs: Iterable[LogItem], *, providers: Mapping[str, Iterable[str]] | None = None) -> LogTables:
    """Every table in one pass over ``logs`` (cheaper than three calls; ``logs`` may be an iterator)."""
    flat = _flatten(logs)
    return LogTables(
        visits=_visits_frame(flat, providers or {}),
        events=_events_frame(flat),
        resource_events=_resource_events_frame(flat),
    )


def _patient_rows(flat: _Flat, patient_ids: IntArray) -> tuple[IntArray, np.ndarray[Any, np.dtype[np.bool_]]]:
    """Row of the visits table each event belongs to, and whether it belongs to any."""
    top = int(max(patient_ids.max(initial=0), flat.patient_id.max(initial=0))) + 1
    row_keys = flat.patient_log * top + patient_ids
    order = np.argsort(row_keys, kind="stable")
    sorted_keys = row_keys[order]
    event_keys = flat.event_log * top + flat.patient_id
    position = np.clip(np.searchsorted(sorted_keys, event_keys), 0, max(len(sorted_keys) - 1, 0))
    if len(sorted_keys) == 0:
        return np.zeros(len(event_keys), dtype=np.int64), np.zeros(len(event_keys), dtype=bool)
    matched = (sorted_keys[position] == event_keys) & (flat.patient_id >= 0)
    return order[position].astype(np.int64), matched


def _records(patients: list[PatientRecord]) -> dict[str, Any]:
    """Patient records column by column (object arrays for text, floats for times)."""
    columns: dict[str, Any] = {}
    for i, name in enumerate(PatientRecord._fields):
        values = list(map(itemgetter(i), patients))
        if name == "patient_id":
            columns[name] = np.asarray(values, dtype=np.int64)
        elif name.endswith("_min"):
            columns[name] = np.asarray(values, dtype=np.float64)
        else:
            columns[name] = np.asarray(values, dtype=object)
    return columns


class _Located(NamedTuple):
    """Where each event lands in the visits table."""

    row: IntArray  # visits row (meaningful where matched)
    matched: np.ndarray[Any, np.dtype[np.bool_]]  # the event belongs to a patient record
    step_of: IntArray  # index of the event's step among the pathway steps, -1 for other steps


def _locate(flat: _Flat, patient_ids: IntArray) -> _Located:
    row, matched = _patient_rows(flat, patient_ids)
    step_index = np.array([flat.steps.index(s) if s in flat.steps else -1 for s in flat.step.names], dtype=np.int64)
    step_of = step_index[flat.step.codes] if len(flat.step.codes) else np.zeros(0, dtype=np.int64)
    return _Located(row, matched, step_of)


def _step_stamps(flat: _Flat, at: _Located, n: int) -> FloatArray:
    """Queue, start and end time of every step (columns 3j, 3j+1, 3j+2 for step j)."""
    stamps = np.full((n, 3 * len(flat.steps)), np.nan)
    on_step = at.matched & (at.step_of >= 0)
    for stamp, name in enumerate(("queue", "start", "end")):
        mask = on_step & (flat.event.codes == flat.event.code(name))
        np.fmin.at(stamps, (at.row[mask], 3 * at.step_of[mask] + stamp), flat.time_min[mask])
    return stamps


class _Seizures(NamedTuple):
    """Per event: a pathway step of a patient seized a resource; that resource is a provider."""

    pathway: np.ndarray[Any, np.dtype[np.bool_]]
    of_provider: np.ndarray[Any, np.dtype[np.bool_]]


def _seizures(flat: _Flat, at: _Located, providers: Mapping[str, Any]) -> _Seizures:
    named = {p for ps in providers.values() for p in ps}
    listed = np.array([r in named for r in flat.resource.names] + [False], dtype=bool)
    of_provider = (flat.resource_kind == RESOURCE_KINDS.index(PROVIDER_KIND)) | listed[flat.resource.codes]
    pathway = at.matched & (flat.event.codes == flat.event.code("seize")) & (at.step_of >= 0)
    return _Seizures(pathway, of_provider)


def _provider_start(
    flat: _Flat, at: _Located, own_names: np.ndarray[Any, Any], start: FloatArray, seizures: _Seizures
) -> tuple[FloatArray, np.ndarray[Any, Any]]:
    """Start of the first step that seized the patient's own provider, and who saw them.

    The headline wait is the wait for the clinician the visit is booked with: a step with
    a named colleague or ``any_provider`` before it does not end it. Only a pathway that
    never needs the patient's own provider (``any_provider`` steps alone) counts from the
    first provider who saw them.
    """
    resource_code = {name: code for code, name in enumerate(flat.resource.names)}
    # -1: no provider yet (shared queue: whoever sees them); -2: a provider who never appears
    own = np.array([resource_code.get(p, -2) if p else -1 for p in own_names.tolist()], dtype=np.int64)
    own_of = own[at.row] if len(own) else np.zeros(len(at.row), dtype=np.int64)
    own_provider = (own_of == flat.resource.codes) | (own_of == -1)
    by_provider = seizures.pathway & seizures.of_provider & own_provider
    first = _first_rows(at.row, flat.time_min, by_provider)
    without_own = np.ones(len(own), dtype=bool)
    without_own[at.row[first]] = False
    anyone = seizures.pathway & seizures.of_provider & without_own[at.row] if len(own) else by_provider
    first = np.concatenate([first, _first_rows(at.row, flat.time_min, anyone)])
    rows = at.row[first]
    provider_start = np.full(len(own), np.nan)
    provider_start[rows] = start[rows, at.step_of[first]]
    seen_by = own_names.copy()
    blank = own[rows] == -1
    seen_by[rows[blank]] = np.asarray(flat.resource.names, dtype=object)[flat.resource.codes[first][blank]]
    return provider_start, seen_by


def _visits_frame(flat: _Flat, providers: Mapping[str, Iterable[str]]) -> pd.DataFrame:
    records = _records(flat.patients)
    patient_ids = records["patient_id"]
    n = len(patient_ids)
    at = _locate(flat, patient_ids)
    stamps = _step_stamps(flat, at, n)
    seizures = _seizures(flat, at, providers)
    provider_start, seen_by = _provider_start(flat, at, records["provider"], stamps[:, 1::3], seizures)

    def first(event: str, mask: np.ndarray[Any, Any] | bool = True) -> FloatArray:
        return _first_time(n, at.row, flat.time_min, at.matched & (flat.event.codes == flat.event.code(event)) & mask)

    departure, abandoned = first("depart"), first("abandon")
    table: dict[str, Any] = {
        "scenario": np.asarray(flat.scenario.names, dtype=object)[flat.scenario.codes[flat.patient_log]],
        "rep": flat.rep[flat.patient_log],
        "patient_id": patient_ids,
        "visit_type": records["visit_type"],
        "provider": seen_by,
        "kind": records["kind"],
        "appointment_min": records["appointment_min"],
        "arrival_min": records["arrival_min"],
        "outcome": records["outcome"],
    }
    for j, step in enumerate(flat.steps):
        for stamp, column in enumerate(step_columns(step)):
            table[column] = stamps[:, 3 * j + stamp]
    table["roomed_min"] = _roomed(flat, at, n, seizures, provider_start)
    table["provider_start_min"] = provider_start
    table["departure_min"] = np.where(np.isnan(departure), abandoned, departure)
    times = np.column_stack([stamps, *(table[name] for name in PATIENT_TIMES)]) if n else np.zeros((0, 0))
    table.update(kpi_arrays(times.reshape(n, 3 * len(flat.steps) + len(PATIENT_TIMES)), flat.steps))
    keep = patient_ids >= 0  # provider time off is not a visit
    if not keep.all():
        table = {name: values[keep] for name, values in table.items()}
    return missing_as_na(pd.DataFrame(table))  # text columns become pandas' string dtype


def _roomed(flat: _Flat, at: _Located, n: int, seizures: _Seizures, provider_start: FloatArray) -> FloatArray:
    """When the patient is in the exam room (or the first room of another type they take).

    The rooming step is the step in which the patient first took a room of any type, at
    or before the start with the provider: a room taken only after the provider has seen
    them (a procedure room after the exam) is not where they waited for the provider, so
    such a patient has no ``roomed_min``. The patient
    is in the room once they hold the room and every other non-provider resource of
    that step (the medical assistant who walks them in): a room may be reserved while
    the assistant is still busy, and the patient then still sits in the waiting room.
    A provider the step also needs is waited for in the room.
    """
    is_room = np.isin(flat.resource_kind, [RESOURCE_KINDS.index(EXAM_ROOM_KIND), RESOURCE_KINDS.index(ROOM_KIND)])
    seen_from = provider_start[at.row] if n else np.zeros(len(at.row))
    before_provider = ~(flat.time_min > seen_from)  # (NaN: never with the provider, every room counts)
    first = _first_rows(at.row, flat.time_min, seizures.pathway & is_room & before_provider)
    rooming_step = np.full(n, -1, dtype=np.int64)
    rooming_step[at.row[first]] = at.step_of[first]
    roomed = np.full(n, np.nan)
    escort = seizures.pathway & ~seizures.of_provider
    escort &= at.step_of == (rooming_step[at.row] if n else at.step_of)
    np.fmax.at(roomed, at.row[escort], flat.time_min[escort])
    return roomed


def _first_time(
    n: int, row: IntArray, time_min: np.ndarray[Any, Any], mask: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    first = np.full(n, np.nan)
    np.fmin.at(first, row[mask], time_min[mask])
    return first


def _first_rows(row: IntArray, time_min: np.ndarray[Any, Any], mask: np.ndarray[Any, Any]) -> IntArray:
    """Indices (into the event arrays) of the earliest masked event of each row."""
    candidates = np.flatnonzero(mask)
    order = candidates[np.lexsort((time_min[candidates], row[candidates]))]
    rows = row[order]
    is_first = np.ones(len(order), dtype=bool)
    is_first[1:] = rows[1:] != rows[:-1]
    return order[is_first].astype(np.int64)
