"""The forest plot draws each redesign's paired difference and its interval, nothing else."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from flowsim.viz import forest_plot
from flowsim.viz.forest import UNPAIRED_OFFSET


@pytest.fixture
def comparison() -> pd.DataFrame:
    rows = [
        # redesign, kpi, diff, low, high, pct, pct_low, pct_high, unpaired_low, unpaired_high
        ("pooled_rooms", "wait_for_provider_min_mean", -6.0, -8.0, -4.5, -30.0, -40.0, -22.5, -11.0, -1.0),
        ("wave_schedule", "wait_for_provider_min_mean", 1.5, -0.5, 3.0, 7.5, -2.5, 15.0, -4.0, 7.0),
        ("pooled_rooms", "provider_overtime_min", -2.0, -5.0, 1.0, -10.0, -25.0, 5.0, -9.0, 5.0),
        ("wave_schedule", "provider_overtime_min", 4.0, 2.0, 6.0, 20.0, 10.0, 30.0, -1.0, 9.0),
    ]
    names = [
        "redesign",
        "kpi",
        "diff",
        "diff_ci_low",
        "diff_ci_high",
        "pct_change",
        "pct_ci_low",
        "pct_ci_high",
        "unpaired_ci_low",
        "unpaired_ci_high",
    ]
    return pd.DataFrame(rows, columns=names)


def test_points_and_error_bars_are_the_differences_and_intervals(comparison: pd.DataFrame) -> None:
    fig = forest_plot(comparison, kpis=["wait_for_provider_min_mean", "provider_overtime_min"])
    waits, overtime = fig.data
    np.testing.assert_array_equal(waits.x, [-6.0, 1.5])
    np.testing.assert_array_equal(waits.x + waits.error_x.array, [-4.5, 3.0])
    np.testing.assert_array_equal(waits.x - waits.error_x.arrayminus, [-8.0, -0.5])
    np.testing.assert_array_equal(overtime.x - overtime.error_x.arrayminus, [-5.0, 2.0])
    np.testing.assert_array_equal(overtime.x + overtime.error_x.array, [1.0, 6.0])
    assert list(waits.y) == [0.0, 1.0]
    assert list(fig.layout.yaxis.ticktext) == ["pooled_rooms", "wave_schedule"]


def test_zero_line_in_every_panel(comparison: pd.DataFrame) -> None:
    fig = forest_plot(comparison, kpis=["wait_for_provider_min_mean", "provider_overtime_min"])
    zero_lines = [s for s in fig.layout.shapes if s.x0 == 0 and s.x1 == 0]
    assert sorted(s.xref for s in zero_lines) == ["x", "x2"]


def test_relative_uses_percent_change_and_its_interval(comparison: pd.DataFrame) -> None:
    fig = forest_plot(comparison, relative=True)
    (waits,) = fig.data
    np.testing.assert_array_equal(waits.x, [-30.0, 7.5])
    np.testing.assert_array_equal(waits.x - waits.error_x.arrayminus, [-40.0, -2.5])
    np.testing.assert_array_equal(waits.x + waits.error_x.array, [-22.5, 15.0])


def test_unpaired_interval_drawn_just_below_the_paired_one(comparison: pd.DataFrame) -> None:
    fig = forest_plot(comparison, show_unpaired=True)
    unpaired, paired = fig.data
    np.testing.assert_array_equal(unpaired.x - unpaired.error_x.arrayminus, [-11.0, -4.0])
    np.testing.assert_array_equal(unpaired.x + unpaired.error_x.array, [-1.0, 7.0])
    np.testing.assert_allclose(unpaired.y, np.asarray(paired.y) - UNPAIRED_OFFSET)


def test_rows_follow_redesign_order_even_when_a_kpi_lists_them_otherwise(comparison: pd.DataFrame) -> None:
    shuffled = comparison.iloc[[0, 1, 3, 2]]
    fig = forest_plot(shuffled, kpis=["provider_overtime_min"])
    assert list(fig.data[0].y) == [1.0, 0.0]
    np.testing.assert_array_equal(fig.data[0].x, [4.0, -2.0])


def test_missing_kpi_is_named(comparison: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="room_utilisation"):
        forest_plot(comparison, kpis=["room_utilisation"])
