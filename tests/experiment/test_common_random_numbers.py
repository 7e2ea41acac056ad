"""Common random numbers across the scenarios of one experiment, end to end.

Day *r* of every scenario in one experiment meets the same patients: a copy of the
baseline under another name compares as exactly no change on every KPI, whether the
days run in this process, in two worker processes or from the command line (the Dask
cluster is checked in ``test_dask.py``, which owns the cluster). A redesign that
changes only the rooms meets the same people patient by patient: the same visit
types, no-shows, arrivals and step lengths.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from flowsim.cli import app
from flowsim.experiment import run_experiment
from tests.experiment.pairing import (
    STEPS,
    assert_no_difference,
    assert_twins_differ_by_nothing,
    chancy_clinic,
    write_chancy,
)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_renamed_copy_of_the_baseline_differs_by_exactly_zero(workers: int) -> None:
    experiment = run_experiment([chancy_clinic("baseline"), chancy_clinic("same_again")], 8, 11, workers=workers)
    assert_twins_differ_by_nothing(experiment)


def test_compare_command_finds_no_difference_in_a_renamed_copy(tmp_path: Path) -> None:
    base, twin = write_chancy(tmp_path, "baseline"), write_chancy(tmp_path, "same_again")
    out = tmp_path / "run"
    args = ["compare", str(base), str(twin), "--reps", "6", "--seed", "4", "--workers", "2", "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert_no_difference(pd.read_csv(out / "comparison.csv"))


def _draws(visits: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """Per (rep, patient): who they are, whether and when they came, how long each step took."""
    rows = visits[visits["scenario"] == scenario].set_index(["rep", "patient_id"]).sort_index()
    drawn = rows[["visit_type", "provider", "kind", "appointment_min", "arrival_min", "outcome"]].copy()
    for step in STEPS:
        drawn[f"{step}_took_min"] = rows[f"{step}_end_min"] - rows[f"{step}_start_min"]
    return drawn


@pytest.mark.parametrize("workers", [1, 2])
def test_a_rooms_only_redesign_meets_every_patient_again(workers: int) -> None:
    experiment = run_experiment([chancy_clinic("two_rooms"), chancy_clinic("one_room", rooms=1)], 6, 5, workers=workers)
    before, after = _draws(experiment.visits, "two_rooms"), _draws(experiment.visits, "one_room")
    assert before.index.equals(after.index)
    who = ["visit_type", "provider", "kind", "appointment_min", "arrival_min", "outcome"]
    pd.testing.assert_frame_equal(before[who], after[who], check_exact=True)
    for step in STEPS:
        took_before, took_after = before[f"{step}_took_min"], after[f"{step}_took_min"]
        assert took_before.isna().equals(took_after.isna()), step  # the same patients did the step
        pd.testing.assert_series_equal(took_before.dropna(), took_after.dropna(), rtol=1e-9, atol=1e-9)
    # The draws cover what they should: both visit types, no-shows, rebooked and optional
    # lab draws occur, and losing a room really changes the day.
    assert set(before["visit_type"]) == {"follow_up", "new"}
    assert set(before["kind"]) == {"booked", "same_day"}
    assert {"seen", "no_show", "rebooked_late"} <= set(before["outcome"])
    assert 0 < before["lab_took_min"].notna().mean() < 1
    starts = experiment.visits.pivot_table(index=["rep", "patient_id"], columns="scenario", values="exam_start_min")
    assert (starts["one_room"] != starts["two_rooms"]).any()
