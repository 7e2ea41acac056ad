"""Confidence intervals over replications and paired comparisons, against hand computations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowsim.results import paired_comparison, summarise

T_975_DF3 = 3.182446305284263  # Student t 97.5% quantiles from a printed table
T_975_DF4 = 2.7764451051977987


def kpis_frame(**by_scenario: list[float]) -> pd.DataFrame:
    rows = [
        {"scenario": name, "rep": rep, "wait_min": value}
        for name, values in by_scenario.items()
        for rep, value in enumerate(values)
    ]
    return pd.DataFrame(rows)


def test_summary_t_interval_by_hand() -> None:
    summary = summarise(kpis_frame(a=[1, 2, 3, 4, 5]))
    assert list(summary.columns) == ["scenario", "kpi", "mean", "sd", "ci_low", "ci_high", "n_reps"]
    row = summary.iloc[0]
    half = T_975_DF4 * math.sqrt(2.5) / math.sqrt(5)  # sd of 1..5 is sqrt(2.5)
    assert (row["scenario"], row["kpi"], row["n_reps"]) == ("a", "wait_min", 5)
    assert row["mean"] == pytest.approx(3.0)
    assert row["sd"] == pytest.approx(math.sqrt(2.5))
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((3 - half, 3 + half))
    assert half == pytest.approx(1.963243, abs=1e-6)


def test_summary_leaves_out_missing_values_and_orders_rows() -> None:
    kpis = pd.DataFrame(
        {"scenario": ["b", "b", "a", "a", "a"], "rep": [0, 1, 0, 1, 2], "x": [1.0, 3.0, 5.0, np.nan, 7.0],
         "y": [0.0, 0.0, 1.0, 1.0, 1.0]}
    )  # fmt: skip
    summary = summarise(kpis)
    assert summary[["scenario", "kpi"]].values.tolist() == [["b", "x"], ["b", "y"], ["a", "x"], ["a", "y"]]
    a_x = summary.iloc[2]
    assert (a_x["mean"], a_x["n_reps"]) == (6.0, 2)
    b_y = summary.iloc[1]
    assert (b_y["sd"], b_y["ci_low"], b_y["ci_high"]) == (0.0, 0.0, 0.0)


def test_one_replication_has_no_interval() -> None:
    row = summarise(kpis_frame(a=[4.0])).iloc[0]
    assert row["mean"] == 4.0 and math.isnan(row["sd"]) and math.isnan(row["ci_low"])


@pytest.mark.filterwarnings("error")
def test_a_kpi_without_any_value_is_skipped_quietly() -> None:
    """A design where nobody is seen has no wait at all: NA in the summary and the
    comparison, n_reps 0, and no numpy warning on the way (warnings are errors here)."""
    kpis = kpis_frame(base=[10.0, 20.0, 30.0], nobody=[math.nan] * 3)
    summary = summarise(kpis).set_index("scenario")
    assert summary.loc["nobody", ["mean", "sd", "ci_low", "ci_high"]].isna().all()
    assert summary.loc["nobody", "n_reps"] == 0 and summary.loc["base", "mean"] == 20.0
    row = paired_comparison(kpis, baseline="base").iloc[0]
    assert row[["baseline_mean", "redesign_mean", "diff", "diff_ci_low", "pct_change", "pairing_gain"]].isna().all()
    assert row["n_reps"] == 0


def test_paired_comparison_by_hand() -> None:
    # the redesign cuts every day's wait by about 2 minutes, while days differ by 10s of minutes
    kpis = kpis_frame(base=[10, 20, 30, 40], redesign=[8, 19, 27, 38])
    comparison = paired_comparison(kpis, baseline="base")
    assert list(comparison.columns)[:13] == [
        "redesign", "kpi", "baseline_mean", "redesign_mean", "diff", "diff_ci_low", "diff_ci_high",
        "pct_change", "pct_ci_low", "pct_ci_high", "unpaired_ci_low", "unpaired_ci_high", "pairing_gain",
    ]  # fmt: skip
    row = comparison.iloc[0]
    paired_half = T_975_DF3 * math.sqrt(2 / 3) / 2  # differences -2, -1, -3, -2
    assert (row["redesign"], row["kpi"]) == ("redesign", "wait_min")
    assert (row["baseline_mean"], row["redesign_mean"], row["diff"]) == pytest.approx((25.0, 23.0, -2.0))
    assert (row["diff_ci_low"], row["diff_ci_high"]) == pytest.approx((-2 - paired_half, -2 + paired_half))
    assert row["pct_change"] == pytest.approx(-8.0)
    assert (row["pct_ci_low"], row["pct_ci_high"]) == pytest.approx(
        (100 * (-2 - paired_half) / 25, 100 * (-2 + paired_half) / 25)
    )
    # Welch: variances 500/3 and 482/3 over 4 replications each
    var_b, var_r = 500 / 3 / 4, 482 / 3 / 4
    welch_df = (var_b + var_r) ** 2 / (var_b**2 / 3 + var_r**2 / 3)
    assert welch_df == pytest.approx(5.998, abs=1e-3)
    t_welch = 2.447  # t 97.5% at ~6 degrees of freedom
    unpaired_half = row["unpaired_ci_high"] + 2
    assert unpaired_half == pytest.approx(t_welch * math.sqrt(var_b + var_r), rel=1e-3)
    assert row["pairing_gain"] == pytest.approx(unpaired_half / paired_half)
    assert row["pairing_gain"] > 15
    assert row["n_reps"] == 4


def test_pairing_is_by_replication_not_by_row_order() -> None:
    kpis = kpis_frame(base=[10, 20, 30, 40], redesign=[8, 19, 27, 38])
    shuffled = kpis.sample(frac=1.0, random_state=3)
    shuffled = pd.concat([shuffled[shuffled.scenario == "base"], shuffled[shuffled.scenario == "redesign"]])
    pd.testing.assert_frame_equal(
        paired_comparison(shuffled, "base"), paired_comparison(kpis, "base"), check_exact=False, rtol=1e-12
    )


def test_comparison_of_several_redesigns_and_unknown_baseline() -> None:
    kpis = kpis_frame(base=[1, 2, 3], r1=[1, 2, 3], r2=[2, 3, 4]).assign(rooms=5.0)
    comparison = paired_comparison(kpis, "base")
    assert comparison[["redesign", "kpi"]].values.tolist() == [["r1", "wait_min"], ["r1", "rooms"],
                                                               ["r2", "wait_min"], ["r2", "rooms"]]  # fmt: skip
    assert comparison["diff"].tolist() == [0.0, 0.0, 1.0, 0.0]
    # identical or constant-shift days: pairing removes all the noise the unpaired interval sees
    assert comparison["pairing_gain"].iloc[[0, 2]].tolist() == [math.inf, math.inf]
    assert math.isnan(comparison.iloc[1]["pairing_gain"])  # a KPI that never varies: nothing to gain
    assert comparison.iloc[1]["diff_ci_low"] == comparison.iloc[1]["diff_ci_high"] == 0.0
    with pytest.raises(ValueError, match="nope"):
        paired_comparison(kpis, "nope")


@given(
    st.lists(st.floats(-100, 100, allow_nan=False), min_size=3, max_size=30),
    st.floats(-10, 10),
    st.floats(0.1, 5),
)
def test_shared_noise_makes_paired_interval_narrower(days: list[float], effect: float, scale: float) -> None:
    """Redesign = baseline + effect + small own noise: pairing never widens the interval."""
    rng = np.random.default_rng(len(days))
    base = np.array(days)
    redesign = base + effect + scale * rng.standard_normal(len(days))
    row = paired_comparison(kpis_frame(base=list(base), redesign=list(redesign)), "base").iloc[0]
    assert row["diff"] == pytest.approx(float(np.mean(redesign - base)), abs=1e-9)
    assert row["diff_ci_low"] <= row["diff"] <= row["diff_ci_high"]
    if np.std(base) > 10 * scale:
        assert row["pairing_gain"] > 1
