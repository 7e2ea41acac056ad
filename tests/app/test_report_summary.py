"""The one-page summary states what was compared, the differences with intervals and the assumptions."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from flowsim.report import headline_sentence, key_differences, summary_html
from flowsim.scenarios import with_changes
from tests.app.clinic import small_clinic

BASELINE = small_clinic()
POOLED = with_changes(BASELINE, {"name": "pooled_rooms", "exam_rooms.policy": "pooled", "description": "A <b> test"})


def comparison() -> pd.DataFrame:
    rows = [
        ("pooled_rooms", "wait_for_provider_min_mean", 24.0, 14.0, -10.0, -11.28, -8.88, -41.7, -47.0, -37.0),
        ("pooled_rooms", "clinic_overtime_min", 10.0, 11.0, 1.0, -2.0, 4.0, 10.0, -20.0, 40.0),
        ("pooled_rooms", "room_utilisation", 50.0, 60.0, 10.0, 5.0, 15.0, 20.0, 10.0, 30.0),
    ]
    columns = [
        "redesign",
        "kpi",
        "baseline_mean",
        "redesign_mean",
        "diff",
        "diff_ci_low",
        "diff_ci_high",
        "pct_change",
        "pct_ci_low",
        "pct_ci_high",
    ]
    return pd.DataFrame(rows, columns=columns)


def test_key_differences_are_the_headline_kpis_in_order() -> None:
    found = key_differences(comparison(), "pooled_rooms")
    assert found == [
        ("Average wait for the provider: 24 → 14 min, −42% (95% interval −47% to −37%)", "better"),
        (
            "Clinic overtime (last patient leaves after closing): 10 → 11 min, +10% (95% interval −20% to +40%)",
            "no clear difference",
        ),
    ]


def test_summary_page_has_what_was_compared_the_differences_and_the_assumptions() -> None:
    page = summary_html(BASELINE, [POOLED], comparison(), seed=7, reps=100, created=datetime(2026, 1, 2, tzinfo=UTC))
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>")
    assert "2026-01-02 00:00 UTC · 100 simulated days per design · seed 7" in page
    assert "8 exam rooms; each provider uses only their own rooms (2 rooms each)." in page
    assert "<li>Room assignment: dedicated → pooled</li>" in page
    row = comparison().iloc[0].to_dict()
    assert headline_sentence("wait_for_provider_min_mean", row) in page
    assert "same 100 clinic days (random seed 7)" in page
    assert "A &lt;b&gt; test" in page and "<b> test" not in page  # user text is escaped
    assert "<script" not in page


def test_a_description_inherited_from_the_baseline_is_not_repeated_as_the_redesign_s() -> None:
    inherited = with_changes(BASELINE, {"name": "pooled_rooms", "exam_rooms.policy": "pooled"})
    page = summary_html(BASELINE, [inherited], comparison(), seed=7, reps=100)
    assert page.count(BASELINE.description) == 0  # the baseline is described in words, not by its blurb
