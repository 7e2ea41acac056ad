"""Many simulated days flattened into columns, and the event tables read off them.

The engine hands back, for every replication, a pile of facts ("patient 17 joined the
rooming queue at 42.5", "room_3 seized at 50.1", "dr_a off from 0 to 4"). Here the piles
of many replications are stacked column by column at once (:func:`flatten`): every text
value coded as an integer, every event tagged with its day and with what its day
recorded the resource to be. The long tables are cut from those columns: the patients'
events (every row a patient's) and the resources' events (what a resource did for no
patient: a provider's time off). The stopwatch sheet is read off the same columns (see
:mod:`flowsim.results.visit_sheet`). A text value that is missing (no resource, no
provider yet) is NA in every table, as pandas users expect, never ``""``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from flowsim.records import DayLog, EventColumns, PatientRecord, event_columns
from flowsim.results.columns import EVENT_TABLE_COLUMNS, RESOURCE_EVENT_COLUMNS
from flowsim.results.kinds import kind_categorical, kind_codes

IntArray = np.ndarray[tuple[int, ...], np.dtype[np.int64]]
LogItem = tuple[str, int, DayLog]


@dataclass
class Coded:
    """A text column as integer codes (first seen first) and the names they stand for."""

    codes: IntArray
    names: list[str]

    def code(self, name: str) -> int:
        """Code of ``name``, or -2 (matches nothing) when it never occurs."""
        return self.names.index(name) if name in self.names else -2

    def categorical(self, codes: IntArray | None = None) -> pd.Categorical[Any]:
        # the codes come from factorize, so pandas need not check them again
        chosen = self.codes if codes is None else codes
        return pd.Categorical.from_codes(chosen, dtype=pd.CategoricalDtype(self.names), validate=False)


def coded(values: np.ndarray[Any, Any]) -> Coded:
    """``values`` coded in order of first appearance."""
    codes, uniques = pd.factorize(values, sort=False)
    return Coded(np.asarray(codes, dtype=np.int64), [str(u) for u in uniques])


@dataclass
class FlatLog:
    """Every event and patient record of many days, column by column."""

    scenario: Coded  # per log
    rep: IntArray  # per log
    steps: list[str]
    event_log: IntArray
    patient_id: IntArray
    step: Coded
    event: Coded
    time_min: np.ndarray[tuple[int, ...], np.dtype[np.float64]]
    resource: Coded
    patient_log: IntArray
    patients: list[PatientRecord]
    resource_kind: IntArray  # per event: index into KIND_NAMES, as the event's day recorded it


def flatten(logs: Iterable[LogItem]) -> FlatLog:
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
    resource = coded(stacked.resource_id)
    kinds = kind_codes(resources, resource.names)
    return FlatLog(
        scenario=coded(np.asarray(names, dtype=object)),
        rep=np.asarray(reps, dtype=np.int64),
        steps=list(steps),
        event_log=event_log,
        patient_id=stacked.patient_id,
        step=coded(stacked.step),
        event=coded(stacked.event),
        time_min=stacked.time_min,
        resource=resource,
        patient_log=np.repeat(log_index, patient_counts),
        patients=patients,
        resource_kind=kinds[event_log, resource.codes] if len(kinds) else np.zeros(0, dtype=np.int64),
    )


def _event_rows(flat: FlatLog, rows: np.ndarray[Any, np.dtype[np.bool_]], columns: tuple[str, ...]) -> pd.DataFrame:
    """The events of ``rows`` as a table of ``columns``; text columns categorical, NA where missing."""

    def categorical(coded: Coded, codes: IntArray) -> pd.Categorical[Any]:
        # categories in order of first appearance among these rows, as in a table made of
        # them alone: so stacked chunks equal one table made at once (see kind_categorical)
        own_codes, first_seen = pd.factorize(codes, sort=False)
        return _blank_as_missing(np.asarray(own_codes, dtype=np.int64), [coded.names[c] for c in first_seen])

    log = flat.event_log[rows]
    kinds = kind_categorical(flat.resource_kind[rows])
    values: dict[str, Callable[[], Any]] = {  # only the columns asked for are made
        "scenario": lambda: _blank_as_missing(flat.scenario.codes[log], flat.scenario.names),
        "rep": lambda: flat.rep[log],
        "patient_id": lambda: flat.patient_id[rows],
        "step": lambda: categorical(flat.step, flat.step.codes[rows]),
        "event": lambda: categorical(flat.event, flat.event.codes[rows]),
        "time_min": lambda: flat.time_min[rows],
        "resource_id": lambda: categorical(flat.resource, flat.resource.codes[rows]),
        "resource_kind": lambda: _blank_as_missing(np.asarray(kinds.codes, dtype=np.int64), list(kinds.categories)),
    }
    return pd.DataFrame({column: values[column]() for column in columns})


def _blank_as_missing(codes: IntArray, names: list[str]) -> pd.Categorical[Any]:
    """A categorical of ``codes`` into ``names``, with ``""`` (no step, no resource) as NA.

    The same column as :func:`~flowsim.results.long.missing_as_na` makes of it (the other
    categories keep their order), made from the codes instead of recoding every row.
    """
    if "" in names:
        blank = names.index("")
        codes = np.where(codes == blank, -1, codes - (codes > blank))
        names = names[:blank] + names[blank + 1 :]
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(names), validate=False)


def patient_events_frame(flat: FlatLog) -> pd.DataFrame:
    return _event_rows(flat, flat.patient_id >= 0, EVENT_TABLE_COLUMNS)


def resource_events_frame(flat: FlatLog) -> pd.DataFrame:
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
    return patient_events_frame(flatten(logs))


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
    return resource_events_frame(flatten(logs))
