"""A day log reads the same as a list of events and column by column."""

from __future__ import annotations

import pickle

import numpy as np

from flowsim.model import simulate
from flowsim.model.eventlog import DayLog, Event, event_columns
from tests.model.days import clinic


def _day() -> DayLog:
    return simulate(clinic(), seed=3, rep=1)


def test_columns_and_events_are_the_same_facts() -> None:
    log = _day()
    columns = log.columns
    assert len(log.events) == len(columns.time_min) > 0
    for i, e in enumerate(log.events):
        assert isinstance(e, Event)
        assert e == (
            columns.patient_id[i],
            columns.step[i],
            columns.event[i],
            columns.time_min[i],
            columns.resource_id[i],
        )
        assert type(e.patient_id) is int and type(e.time_min) is float and type(e.step) is str


def test_a_log_made_from_events_has_their_columns() -> None:
    log = _day()
    rebuilt = DayLog(log.events, log.patients, log.steps, log.resources)
    for mine, theirs in zip(rebuilt.columns, log.columns, strict=True):
        np.testing.assert_array_equal(mine, theirs)
        assert mine.dtype == theirs.dtype
    assert rebuilt == log


def test_events_are_ordered_by_time_keeping_the_order_of_ties() -> None:
    rows = [(1, "a", "start", 5.0, ""), (2, "a", "start", 1.0, ""), (3, "a", "end", 5.0, ""), (4, "b", "x", 1.0, "")]
    columns = event_columns(rows, by_time=True)
    assert columns.patient_id.tolist() == [2, 4, 1, 3]
    assert event_columns([], by_time=True).time_min.dtype == np.float64


def test_a_log_survives_pickling() -> None:
    log = _day()
    again = pickle.loads(pickle.dumps(log))
    assert again == log and again.events == log.events


def test_logs_differ_when_their_days_differ() -> None:
    log = _day()
    assert DayLog(log.events[:-1], log.patients, log.steps) != log
    assert DayLog(log.events, log.patients[:-1], log.steps) != log
    assert log != "a day"
