"""The wait-distribution figure shows exactly each scenario's per-patient waits."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from flowsim.viz import wait_distribution


@pytest.fixture
def visits() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "scenario": ["base", "base", "base", "base", "pooled", "pooled", "pooled"],
            "rep": [0, 0, 1, 1, 0, 0, 1],
            "outcome": ["seen", "no_show", "seen", "seen", "seen", "seen", "left_unseen"],
            "wait_for_provider_min": [12.0, math.nan, 30.0, 3.0, 4.0, 0.0, math.nan],
        }
    )


def test_box_per_scenario_holds_that_scenarios_waits(visits: pd.DataFrame) -> None:
    fig = wait_distribution(visits)
    assert [t.name for t in fig.data] == ["base", "pooled"]
    assert list(fig.data[0].y) == [12.0, 30.0, 3.0]
    assert list(fig.data[1].y) == [4.0, 0.0]
    assert fig.layout.yaxis.title.text == "Wait for the provider (min)"


def test_ecdf_steps_up_by_one_patient_at_each_sorted_wait(visits: pd.DataFrame) -> None:
    fig = wait_distribution(visits, kind="ecdf", target_min=None)
    base = fig.data[0]
    assert list(base.x) == [3.0, 12.0, 30.0]
    np.testing.assert_allclose(base.y, [100 / 3, 200 / 3, 100.0])  # percent of patients
    assert base.line.shape == "hv"


def test_target_line_is_drawn_at_the_target(visits: pd.DataFrame) -> None:
    fig = wait_distribution(visits, target_min=20)
    assert [shape.y0 for shape in fig.layout.shapes] == [20]


def test_unknown_column_is_named_in_the_error(visits: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="no column 'wait_min'"):
        wait_distribution(visits, kpi="wait_min")
