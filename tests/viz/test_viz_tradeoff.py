"""The trade-off figure places each scenario at its means with its 95% intervals."""

from __future__ import annotations

import pandas as pd
import pytest

from flowsim.viz import tradeoff


@pytest.fixture
def summary() -> pd.DataFrame:
    rows = [
        ("base", "wait_for_provider_min_mean", 20.0, 18.0, 23.0),
        ("base", "provider_overtime_min", 10.0, 6.0, 12.0),
        ("base", "provider_utilisation", 80.0, 78.0, 83.0),
        ("wave", "wait_for_provider_min_mean", 12.0, 11.0, 14.0),
        ("wave", "provider_overtime_min", 25.0, 21.0, 30.0),
        ("wave", "provider_utilisation", 75.0, 70.0, 79.0),
    ]
    table = pd.DataFrame(rows, columns=["scenario", "kpi", "mean", "ci_low", "ci_high"])
    table["sd"], table["n_reps"] = 1.0, 10
    return table


def test_points_sit_at_the_means_with_interval_error_bars(summary: pd.DataFrame) -> None:
    fig = tradeoff(summary)
    base_overtime, wave_overtime, base_util, wave_util = fig.data
    assert (wave_overtime.name, wave_overtime.x[0], wave_overtime.y[0]) == ("wave", 12.0, 25.0)
    assert (wave_overtime.error_x.arrayminus[0], wave_overtime.error_x.array[0]) == (1.0, 2.0)
    assert (wave_overtime.error_y.arrayminus[0], wave_overtime.error_y.array[0]) == (4.0, 5.0)
    assert (base_util.x[0], base_util.y[0]) == (20.0, 80.0)
    assert base_util.error_y.arrayminus[0] == pytest.approx(2.0)
    assert base_util.error_y.array[0] == pytest.approx(3.0)
    assert (base_overtime.xaxis, base_util.xaxis) == ("x", "x2")
    assert (wave_util.y[0], wave_util.showlegend, wave_overtime.showlegend) == (75.0, False, True)


def test_axes_are_labelled_in_plain_words(summary: pd.DataFrame) -> None:
    fig = tradeoff(summary)
    assert fig.layout.xaxis.title.text == "Average wait for the provider (min)"
    assert fig.layout.yaxis.title.text == "Provider overtime (min)"
    assert fig.layout.yaxis2.ticksuffix == "%"  # utilisation is in percent, as every share


def test_missing_kpi_is_named(summary: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="clinic_overtime_min"):
        tradeoff(summary, against=["clinic_overtime_min"])


def test_sweep_points_coloured_by_one_field_and_labelled_by_another(summary: pd.DataFrame) -> None:
    sweep = pd.concat([summary, summary.assign(scenario=summary["scenario"] + "_10")], ignore_index=True)
    sweep["rule"] = sweep["scenario"].str.split("_").str[0]
    sweep["rooms"] = sweep["scenario"].str.endswith("_10").map({True: 10, False: 8})
    sweep.loc[sweep["scenario"].str.endswith("_10") & (sweep["kpi"] == "provider_overtime_min"), "mean"] += 1.0
    fig = tradeoff(sweep, against=["provider_overtime_min"], colour_by="rule", label_by="rooms")
    base, wave = fig.data
    assert (base.name, list(base.text), list(base.x), list(base.y)) == ("base", ["8", "10"], [20.0, 20.0], [10.0, 11.0])
    assert (wave.name, list(wave.text), list(wave.y)) == ("wave", ["8", "10"], [25.0, 26.0])
    assert list(wave.error_y.array) == [5.0, 4.0]
    assert fig.layout.legend.title.text == "Rule"
