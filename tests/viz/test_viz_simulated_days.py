"""The figures agree with the KPIs on real simulated days of the bundled family practice."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from flowsim.experiment import Experiment, run_experiment
from flowsim.results.busy import activity_intervals as kpi_intervals
from flowsim.viz import timeline, waiting_room_occupancy
from flowsim.viz.occupancy import count_waiting, waiting_intervals
from flowsim.viz.timeline import activity_intervals

FAMILY_PRACTICE = Path(__file__).parents[2] / "scenarios" / "family_practice.yaml"
CLOSE_MIN = 540.0  # 08:00 to 17:00
REPS = 3


@pytest.fixture(scope="module")
def experiment() -> Experiment:
    return run_experiment(FAMILY_PRACTICE, reps=REPS, seed=7, workers=1)


def test_waiting_room_time_average_and_peak_equal_the_kpis(experiment: Experiment) -> None:
    intervals = waiting_intervals(experiment.visits)
    for rep, kpis in experiment.kpis.set_index("rep").iterrows():
        mine = intervals[intervals["rep"] == rep]
        horizon = CLOSE_MIN + float(kpis["clinic_overtime_min"])
        start, end = np.clip(mine["from_min"], 0, horizon), np.clip(mine["to_min"], 0, horizon)
        assert (end - start).sum() / horizon == pytest.approx(kpis["waiting_room_mean"], rel=1e-12)
        instants = np.r_[0.0, start]
        peak = count_waiting(start.to_numpy(), end.to_numpy(), instants).max()
        assert peak == kpis["waiting_room_max"]
        assert mine["to_min"].ge(mine["from_min"]).all()


def test_occupancy_curve_is_the_mean_count_over_replications(experiment: Experiment) -> None:
    fig = waiting_room_occupancy(experiment.visits, open_clock="08:00", step_min=10.0)
    (curve,) = fig.data
    intervals = waiting_intervals(experiment.visits)
    grid = np.asarray(curve.x)
    per_rep = [
        count_waiting(i["from_min"].to_numpy(), i["to_min"].to_numpy(), grid) for _, i in intervals.groupby("rep")
    ]
    np.testing.assert_allclose(curve.y, np.mean(per_rep, axis=0))
    assert curve.y.max() > 0
    assert "12:00" in fig.layout.xaxis.ticktext


def test_timeline_intervals_are_the_busy_intervals_behind_utilisation(experiment: Experiment) -> None:
    day = experiment.events[experiment.events["rep"] == 1]
    mine = activity_intervals(day)
    theirs = kpi_intervals(day, np.zeros(len(day), dtype=np.int64)).dropna(subset=["end_min"])
    names = {"held": "Patient", "documentation": "Documentation", "turnover": "Room turnover", "break": "Break"}
    theirs = theirs.assign(activity=theirs["activity"].map(names | {"off": "Off"}))

    def rows(frame: pd.DataFrame) -> list[tuple[str, str, float, float]]:
        cols = ["resource_id", "activity", "start_min", "end_min"]
        return sorted(frame[cols].astype({"resource_id": str}).itertuples(index=False, name=None))

    assert rows(mine) == rows(theirs)
    assert len(mine) > 100


def test_timeline_lanes_are_the_four_providers_and_eight_rooms(experiment: Experiment) -> None:
    fig = timeline(experiment.events, rep=2, open_clock="08:00")
    lanes = list(fig.layout.yaxis.categoryarray)
    assert lanes == ["dr_garcia", "dr_nguyen", "dr_patel", "np_kim", *(f"room_{n}" for n in range(1, 9))]
    patient_bars = next(t for t in fig.data if t.name == "Patient")
    assert set(patient_bars.y) == set(lanes)
    assert (np.asarray(patient_bars.x) > 0).all()
