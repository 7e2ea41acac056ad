"""The stopwatch sheet read off the flattened event columns of many days.

One row per patient, one column per timestamp (queue, start and end of every step, when
they were roomed, first saw their provider, left), plus the per-patient waits: what a
practice manager with a stopwatch would have written down. It is read off the columns
of :func:`~flowsim.results.event_tables.flatten` with a single vectorised pivot: no
Python loop runs per patient or per event, so post-processing a thousand replications
costs far less than simulating them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from flowsim.records import EXAM_ROOM_KIND, PROVIDER_KIND, RESOURCE_KINDS, ROOM_KIND, PatientRecord
from flowsim.results.columns import step_columns
from flowsim.results.event_tables import FlatLog, IntArray
from flowsim.results.patient import PATIENT_TIMES, kpi_arrays

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


def _patient_rows(flat: FlatLog, patient_ids: IntArray) -> tuple[IntArray, np.ndarray[Any, np.dtype[np.bool_]]]:
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


def _locate(flat: FlatLog, patient_ids: IntArray) -> _Located:
    row, matched = _patient_rows(flat, patient_ids)
    step_index = np.array([flat.steps.index(s) if s in flat.steps else -1 for s in flat.step.names], dtype=np.int64)
    step_of = step_index[flat.step.codes] if len(flat.step.codes) else np.zeros(0, dtype=np.int64)
    return _Located(row, matched, step_of)


def _step_stamps(flat: FlatLog, at: _Located, n: int) -> FloatArray:
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


def _seizures(flat: FlatLog, at: _Located, providers: Mapping[str, Any]) -> _Seizures:
    named = {p for ps in providers.values() for p in ps}
    listed = np.array([r in named for r in flat.resource.names] + [False], dtype=bool)
    of_provider = (flat.resource_kind == RESOURCE_KINDS.index(PROVIDER_KIND)) | listed[flat.resource.codes]
    pathway = at.matched & (flat.event.codes == flat.event.code("seize")) & (at.step_of >= 0)
    return _Seizures(pathway, of_provider)


def _provider_start(
    flat: FlatLog, at: _Located, own_names: np.ndarray[Any, Any], start: FloatArray, seizures: _Seizures
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


def visits_frame(flat: FlatLog, providers: Mapping[str, Iterable[str]]) -> pd.DataFrame:
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
    text = {name: _blank_as_missing(values) for name, values in table.items() if values.dtype == object}
    # text columns become pandas' string dtype, "" (no provider yet) already missing: the same
    # table as missing_as_na makes afterwards, without comparing every cell of it again
    return pd.DataFrame(table | text)


def _blank_as_missing(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    blank = values == ""
    if not blank.any():
        return values
    missing = values.copy()
    missing[blank] = None
    return missing


def _roomed(flat: FlatLog, at: _Located, n: int, seizures: _Seizures, provider_start: FloatArray) -> FloatArray:
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
