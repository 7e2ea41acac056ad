"""Visits and events tables: designs as ordered categoricals (baseline first) and NA for missing text,
the same in memory and in the run folder's parquet files, streamed or not."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from flowsim.experiment import Experiment, run_experiment
from flowsim.records import DayLog
from flowsim.results import log_tables
from flowsim.results.long import designs_first, missing_as_na
from tests.experiment.clinics import tiny_clinic
from tests.results.days import hand_day

DESIGNS = ["z_base", "a_redesign"]  # alphabetical order would put the baseline last


@pytest.fixture(scope="module")
def experiment() -> Experiment:
    return run_experiment([tiny_clinic("z_base", rooms=1), tiny_clinic("a_redesign", rooms=3)], 3, 5, workers=1)


def _text_columns(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if not pd.api.types.is_numeric_dtype(table[c])]


@pytest.mark.parametrize("name", ["visits", "events"])
def test_the_scenario_column_lists_the_baseline_first(experiment: Experiment, name: str) -> None:
    table = getattr(experiment, name)
    dtype = table["scenario"].dtype
    assert isinstance(dtype, pd.CategoricalDtype) and dtype.ordered
    assert list(dtype.categories) == DESIGNS
    assert table.sort_values("scenario", kind="stable")["scenario"].iloc[0] == "z_base"
    assert list(table.groupby("scenario", observed=True).size().index) == DESIGNS


@pytest.mark.parametrize("name", ["visits", "events"])
def test_no_text_value_is_an_empty_string(experiment: Experiment, name: str) -> None:
    table = getattr(experiment, name)
    for column in _text_columns(table):
        values = table[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            assert "" not in list(values.cat.categories), column
        assert not (values.astype(object) == "").any(), column


def test_events_without_a_resource_have_na_there(experiment: Experiment) -> None:
    events = experiment.events
    arrivals = events.loc[events["event"] == "arrive"]
    assert len(arrivals) > 0
    assert arrivals["resource_id"].isna().all() and arrivals["resource_kind"].isna().all()
    seized = events.loc[events["event"] == "seize"]
    assert len(seized) > 0 and seized["resource_id"].notna().all()


def test_tables_made_directly_from_logs_have_na_where_a_value_is_missing() -> None:
    """log_tables itself gives NA (not only a run): for hand-made or observed event logs too."""
    day = hand_day()
    shared = [p._replace(provider="") if p.patient_id == 2 else p for p in day.patients]  # shared queue, never seen
    tables = log_tables([("base", 0, DayLog(day.events, shared, day.steps, day.resources))])
    for name in ("visits", "events", "resource_events"):
        table = getattr(tables, name)
        for column in _text_columns(table):
            values = table[column]
            if isinstance(values.dtype, pd.CategoricalDtype):
                assert "" not in list(values.cat.categories), (name, column)
            assert not (values.astype(object) == "").any(), (name, column)
    visits = tables.visits.set_index("patient_id")
    assert pd.isna(visits.loc[2, "provider"]) and visits.loc[0, "provider"] == "dr_a"
    arrivals = tables.events.loc[tables.events["event"] == "arrive"]
    assert len(arrivals) == 4 and arrivals[["step", "resource_id", "resource_kind"]].isna().all().all()


def test_missing_as_na_keeps_the_string_dtype() -> None:
    visits = missing_as_na(pd.DataFrame({"provider": pd.array(["dr_a", "", "dr_b"], dtype="string")}))
    assert visits["provider"].isna().tolist() == [False, True, False]
    assert visits["provider"].dtype == "string"


def test_missing_as_na_drops_the_empty_category_and_keeps_numbers() -> None:
    frame = pd.DataFrame(
        {
            "resource_id": pd.Categorical(["room_1", "", "dr_a", ""], categories=["room_1", "", "dr_a"]),
            "outcome": pd.Series(["seen", "", "seen", "no_show"], dtype=object),
            "time_min": [0.0, 1.0, 2.0, 3.0],
        }
    )
    tidy = missing_as_na(frame)
    assert list(tidy["resource_id"].cat.categories) == ["room_1", "dr_a"]  # order kept: first seen first
    assert tidy["resource_id"].isna().tolist() == [False, True, False, True]
    assert tidy["outcome"].isna().tolist() == [False, True, False, False]
    assert tidy["time_min"].tolist() == [0.0, 1.0, 2.0, 3.0]


def test_designs_first_keeps_a_categoricals_rows() -> None:
    frame = pd.DataFrame({"scenario": pd.Categorical(["b", "a", "b"], categories=["b", "a"])})
    ordered = designs_first(frame, ["a", "b"])
    assert list(ordered["scenario"].cat.categories) == ["a", "b"] and ordered["scenario"].cat.ordered
    assert ordered["scenario"].tolist() == ["b", "a", "b"]


@pytest.mark.parametrize("workers", [1, 2])
def test_parquet_files_read_back_as_the_tables_in_memory(experiment: Experiment, tmp_path: Path, workers: int) -> None:
    scenarios = list(experiment.scenarios)
    whole = experiment.write(tmp_path / "whole")
    run_experiment(scenarios, 3, 5, workers=workers, keep_visits=False, keep_events=False, out=tmp_path / "streamed")
    for name in ("visits", "events"):
        for folder in (whole, tmp_path / "streamed"):
            on_disk = pd.read_parquet(folder / f"{name}.parquet")
            pd.testing.assert_frame_equal(on_disk, getattr(experiment, name), check_exact=True)
