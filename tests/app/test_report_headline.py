"""Headline sentences: the comparison's numbers in words, with the 95% interval."""

from __future__ import annotations

import math

import pytest

from flowsim.report import headline_sentence, verdict
from flowsim.report.headline import kpi_label, signed


def test_the_issue_example_word_for_word() -> None:
    row = {"baseline_mean": 24.0, "redesign_mean": 14.0, "diff_ci_low": -11.28, "diff_ci_high": -8.88}
    assert headline_sentence("wait_for_provider_min_mean", row) == (
        "Average wait for the provider: 24 → 14 min, −42% (95% interval −47% to −37%)"
    )


def test_percent_change_and_its_interval_come_from_the_comparison_when_given() -> None:
    row = {
        "baseline_mean": 20.0,
        "redesign_mean": 15.0,
        "diff_ci_low": -6.0,
        "diff_ci_high": -4.0,
        "pct_change": -25.0,
        "pct_ci_low": -31.0,
        "pct_ci_high": -19.0,
    }
    assert headline_sentence("wait_for_provider_min_mean", row).endswith("−25% (95% interval −31% to −19%)")


def test_shares_change_in_percentage_points() -> None:
    row = {"baseline_mean": 55.0, "redesign_mean": 72.0, "diff_ci_low": 12.0, "diff_ci_high": 21.0}
    assert headline_sentence("provider_utilisation", row) == (
        "Provider utilisation (busy share of session time): 55% → 72%, +17 points (95% interval +12 to +21 points)"
    )


def test_a_zero_baseline_gives_minutes_not_percent() -> None:
    row = {"baseline_mean": 0.0, "redesign_mean": 2.5, "diff_ci_low": 1.0, "diff_ci_high": 4.0}
    assert headline_sentence("clinic_overtime_min", row) == (
        "Clinic overtime (last patient leaves after closing): 0.0 → 2.5 min, +2.5 min (95% interval +1.0 to +4.0 min)"
    )


@pytest.mark.parametrize(
    ("kpi", "low", "high", "expected"),
    [
        ("wait_for_provider_min_mean", -3.0, -1.0, "better"),
        ("wait_for_provider_min_mean", 1.0, 3.0, "worse"),
        ("wait_for_provider_min_mean", -1.0, 2.0, "no clear difference"),
        ("wait_for_provider_min_mean", -0.5, -0.1, "no practical difference"),  # the 0.3-min "better" of the issue
        ("wait_for_provider_min_mean", -1.0, -0.2, "no practical difference"),  # ±1 min, the bound included
        ("wait_for_provider_min_mean", -1.5, -0.2, "better"),  # could be more than a minute
        # an interval that crosses 0 but stays within ±1 min: whatever the difference is, it does not matter
        ("wait_for_provider_min_mean", -0.4, 0.3, "no practical difference"),
        ("clinic_overtime_min", 0.0, 0.0, "no practical difference"),  # exactly the same overtime every day
        ("seen_within_15_pct", -1.5, 1.9, "no practical difference"),
        ("seen_within_15_pct", -2.5, 1.0, "no clear difference"),  # could be more than 2 points worse
        ("seen_within_15_pct", 5.0, 9.0, "better"),
        ("seen_within_15_pct", 0.5, 1.5, "no practical difference"),  # percent: within ±2 points
        ("provider_utilisation", 0.01, 0.05, "higher"),  # neither better nor worse
        ("provider_utilisation", -0.05, -0.01, "lower"),
        ("provider_utilisation", -0.05, 0.01, "no clear difference"),
        ("waiting_room_max", 1.0, 2.0, "higher"),
        ("seen", -3.0, -1.0, "lower"),
        ("provider_overtime_min", math.nan, math.nan, "no clear difference"),
    ],
)
def test_verdict_follows_the_interval_the_practical_threshold_and_the_direction_that_is_better(
    kpi: str, low: float, high: float, expected: str
) -> None:
    scale = 0.5 if "utilisation" in kpi else 50.0  # utilisation is a 0–1 share, seen_within_15_pct a percent
    row = {"baseline_mean": scale, "redesign_mean": scale, "diff_ci_low": low, "diff_ci_high": high}
    assert verdict(kpi, row) == expected


def test_a_utilisation_interval_of_a_few_points_is_higher_not_better() -> None:
    row = {"baseline_mean": 0.78, "redesign_mean": 0.80, "diff_ci_low": 0.01, "diff_ci_high": 0.03}
    assert verdict("provider_utilisation", row) == "higher"
    assert verdict("room_utilisation", row) == "higher"


def test_a_wait_nobody_had_is_not_a_number_in_words() -> None:
    row = {"baseline_mean": 21.0, "redesign_mean": math.nan, "diff_ci_low": math.nan, "diff_ci_high": math.nan}
    sentence = headline_sentence("wait_for_provider_min_mean", row)
    assert sentence == "Average wait for the provider: 21 min → nobody seen (no comparison possible)"
    assert "nan" not in sentence.lower()


def test_unknown_kpis_get_a_readable_label_and_signs_use_a_real_minus() -> None:
    assert kpi_label("check_in_wait_min_mean").label == "Average wait for check in"
    assert kpi_label("wait_share_rooming").unit == "%"
    assert kpi_label("schedule.rule").label == "Schedule rule"
    assert signed(-4.2) == "−4"
    assert signed(0.2) == "0"
    assert signed(3.0) == "+3"


def test_small_changes_in_points_keep_one_decimal() -> None:
    row = {"baseline_mean": 80.0, "redesign_mean": 79.4, "diff_ci_low": -1.0, "diff_ci_high": -0.2}
    assert headline_sentence("provider_utilisation", row).endswith(
        "80% → 79%, −0.6 points (95% interval −1.0 to −0.2 points)"
    )
