"""Sweeps: the grid, each point saved when done, and resuming after an interruption."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from flowsim.experiment import SweepError, run_experiment, run_sweep
from flowsim.experiment.sweep import grid_points
from flowsim.scenarios import ScenarioError
from tests.experiment.clinics import tiny_clinic

VARIES = [("exam_rooms.count", [1, 3]), ("staff.ma.count", [1, 2])]


class SweepInterruptedError(Exception):
    """Stands for Ctrl-C or a killed process in the middle of a sweep."""


def test_grid_is_the_cartesian_product_first_field_outermost() -> None:
    points = grid_points(tiny_clinic(), VARIES)
    assert [p.changes for p in points] == [
        {"exam_rooms.count": 1, "staff.ma.count": 1},
        {"exam_rooms.count": 1, "staff.ma.count": 2},
        {"exam_rooms.count": 3, "staff.ma.count": 1},
        {"exam_rooms.count": 3, "staff.ma.count": 2},
    ]
    assert [(p.scenario.exam_rooms.count, p.scenario.staff["ma"].count) for p in points] == [
        (1, 1),
        (1, 2),
        (3, 1),
        (3, 2),
    ]
    assert points[0].point_id == "000-exam_rooms.count=1-staff.ma.count=1"
    assert len({p.scenario.name for p in points}) == 4


def test_an_interrupted_sweep_resumes_and_ends_as_an_uninterrupted_one(tmp_path: Path) -> None:
    base = tiny_clinic()

    def stop_after_first(done: int, total: int) -> None:
        if done == 1:
            raise SweepInterruptedError

    with pytest.raises(SweepInterruptedError):
        run_sweep(base, VARIES, 3, 4, tmp_path / "sweep", workers=1, progress=stop_after_first)
    finished = sorted(p.name for p in (tmp_path / "sweep" / "points").iterdir())
    assert finished == ["000-exam_rooms.count=1-staff.ma.count=1"]

    resumed = run_sweep(base, VARIES, 3, 4, tmp_path / "sweep", workers=1)
    assert resumed.skipped == ("000-exam_rooms.count=1-staff.ma.count=1",)
    assert len(resumed.computed) == 3

    straight = run_sweep(base, VARIES, 3, 4, tmp_path / "straight", workers=1)
    assert straight.skipped == () and len(straight.computed) == 4
    pd.testing.assert_frame_equal(resumed.summary, straight.summary, check_exact=True)
    written = pd.read_csv(tmp_path / "sweep" / "sweep_summary.csv")
    assert len(written) == len(straight.summary) and set(written["point_id"]) == set(straight.grid["point_id"])
    for point in straight.grid["point_id"]:
        a = pd.read_csv(tmp_path / "sweep" / "points" / point / "kpis.csv")
        b = pd.read_csv(tmp_path / "straight" / "points" / point / "kpis.csv")
        pd.testing.assert_frame_equal(a, b, check_exact=True)

    again = run_sweep(base, VARIES, 3, 4, tmp_path / "sweep", workers=1)
    assert again.computed == () and len(again.skipped) == 4


def test_summary_has_one_row_per_point_and_kpi_with_the_varied_values(tmp_path: Path) -> None:
    result = run_sweep(tiny_clinic(), [("exam_rooms.count", [1, 2])], 2, 1, tmp_path / "s", workers=1)
    summary = result.summary
    assert list(summary.columns[:2]) == ["point_id", "exam_rooms.count"]
    assert not summary.duplicated(["point_id", "kpi"]).any()
    assert summary.groupby("point_id").size().nunique() == 1
    assert sorted(summary["exam_rooms.count"].unique()) == [1, 2]
    grid = pd.read_csv(tmp_path / "s" / "grid.csv")
    assert list(grid["exam_rooms.count"]) == [1, 2]
    asked = json.loads((tmp_path / "s" / "sweep.json").read_text())
    assert asked["seed"] == 1 and asked["reps"] == 2


def test_a_folder_holding_something_else_is_refused_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "s"
    run_sweep(tiny_clinic(), [("exam_rooms.count", [1])], 2, 1, out, workers=1)
    with pytest.raises(SweepError, match="different sweep"):
        run_sweep(tiny_clinic(), [("exam_rooms.count", [1])], 2, 2, out, workers=1)
    forced = run_sweep(tiny_clinic(), [("exam_rooms.count", [1])], 2, 2, out, workers=1, force=True)
    assert len(forced.computed) == 1
    other = tmp_path / "notes"
    other.mkdir()
    (other / "mine.txt").write_text("keep me")
    with pytest.raises(SweepError, match="other files"):
        run_sweep(tiny_clinic(), [("exam_rooms.count", [1])], 2, 1, other, workers=1)
    assert (other / "mine.txt").read_text() == "keep me"


def test_a_bad_field_path_is_a_scenario_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError):
        run_sweep(tiny_clinic(), [("exam_rooms.cuont", [1, 2])], 2, 1, tmp_path / "s", workers=1)
    assert not (tmp_path / "s").exists()


def test_repeated_field_is_refused() -> None:
    with pytest.raises(SweepError, match="once"):
        grid_points(tiny_clinic(), [("exam_rooms.count", [1]), ("exam_rooms.count", [2])])


def test_points_run_together_on_two_workers_are_the_points_run_one_by_one(tmp_path: Path) -> None:
    # The sweep hands every point's days to the workers at once; each point's folder must
    # still be exactly what running that point alone writes (the manifest's times aside).
    base = tiny_clinic()
    swept = run_sweep(base, VARIES, 7, 4, tmp_path / "sweep", workers=2, keep_events=True)
    assert len(swept.computed) == 4
    for point in grid_points(base, VARIES):
        alone = tmp_path / "alone" / point.point_id
        run_experiment(point.scenario, 7, 4, workers=1, keep_visits=False, keep_events=False, out=alone)
        together = tmp_path / "sweep" / "points" / point.point_id
        files = sorted(p.name for p in alone.iterdir())
        assert files == sorted(p.name for p in together.iterdir())
        for name in files:
            if name != "manifest.json":
                assert (together / name).read_bytes() == (alone / name).read_bytes(), (point.point_id, name)


def test_an_interrupted_pipelined_sweep_leaves_no_half_written_point(tmp_path: Path) -> None:
    def stop_after_second(done: int, total: int) -> None:
        if done == 2:
            raise SweepInterruptedError

    with pytest.raises(SweepInterruptedError):
        run_sweep(tiny_clinic(), VARIES, 9, 4, tmp_path / "sweep", workers=2, progress=stop_after_second)
    left = sorted(p.name for p in (tmp_path / "sweep" / "points").iterdir())
    assert len(left) == 2 and not any(name.startswith(".") for name in left)


def test_sweep_keeps_every_points_kpis_and_compares_them_with_the_reference(tmp_path: Path) -> None:
    varies = [("exam_rooms.count", [1, 2, 3])]
    result = run_sweep(tiny_clinic(), varies, 4, 5, tmp_path / "s", workers=1, reference=1)
    assert result.kpis is not None and result.comparison is not None
    assert result.reference == result.grid["point_id"][1]
    assert list(result.kpis.columns[:4]) == ["point_id", "exam_rooms.count", "scenario", "rep"]
    assert result.kpis.groupby("exam_rooms.count").size().tolist() == [4, 4, 4]
    comparison = result.comparison
    assert sorted(comparison["exam_rooms.count"].unique()) == [1, 3]  # the reference is not compared with itself
    assert set(comparison["reference"]) == {result.reference}
    # paired by replication: the difference is the mean of the per-day differences of the points' KPIs
    kpis = result.kpis.set_index(["exam_rooms.count", "rep"])["wait_for_provider_min_mean"]
    row = comparison.loc[
        (comparison["exam_rooms.count"] == 3) & (comparison["kpi"] == "wait_for_provider_min_mean")
    ].iloc[0]
    assert row["diff"] == pytest.approx((kpis.loc[3] - kpis.loc[2]).mean())
    assert row["baseline_mean"] == pytest.approx(kpis.loc[2].mean())
    on_disk = pd.read_csv(tmp_path / "s" / "sweep_comparison.csv")
    assert list(on_disk.columns) == list(comparison.columns) and len(on_disk) == len(comparison)
    assert len(pd.read_csv(tmp_path / "s" / "sweep_kpis.csv")) == 12


def test_an_unknown_reference_point_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SweepError, match=r"reference point 5: the grid has points 0..1"):
        run_sweep(tiny_clinic(), [("exam_rooms.count", [1, 2])], 2, 1, tmp_path / "s", workers=1, reference=5)
