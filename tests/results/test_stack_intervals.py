"""Interval tables stacked with their text columns still categorical, rows and values as pd.concat's."""

from __future__ import annotations

import pandas as pd

from flowsim.model import simulate
from flowsim.report.paths import bundled_scenario
from flowsim.results import log_tables
from flowsim.results.busy import activity_intervals, stack_intervals
from flowsim.results.day import _groups
from flowsim.scenarios import load_scenario


def _intervals_of_a_day() -> tuple[pd.DataFrame, pd.DataFrame]:
    scenario = load_scenario(bundled_scenario())  # its providers take breaks: both tables have intervals
    tables = log_tables([(scenario.name, rep, simulate(scenario, 3, rep)) for rep in range(2)])
    _, _, event_group, resource_group = _groups(tables.visits, tables.events, tables.resource_events)
    own = activity_intervals(tables.resource_events, resource_group)
    return activity_intervals(tables.events, event_group), own


def test_stacked_intervals_are_the_concatenated_rows_with_categorical_text() -> None:
    patients, own = _intervals_of_a_day()
    assert len(patients) and len(own)
    stacked = stack_intervals([patients, own])
    expected = pd.concat([patients, own], ignore_index=True)
    for name in ("resource_id", "resource_kind", "activity"):
        assert isinstance(stacked[name].dtype, pd.CategoricalDtype), name
    # the same rows and values as pandas' own concatenation (which makes the text columns objects)
    pd.testing.assert_frame_equal(stacked.astype(object), expected.astype(object))


def test_a_table_without_rows_stacks_too() -> None:
    patients, own = _intervals_of_a_day()
    none = own.iloc[:0].astype({"resource_id": "category", "resource_kind": pd.CategoricalDtype([])})
    stacked = stack_intervals([patients, none])
    pd.testing.assert_frame_equal(stacked.astype(object), patients.astype(object))
