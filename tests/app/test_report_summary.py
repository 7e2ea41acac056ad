"""The one-page summary states what was compared, the differences with intervals and the assumptions."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pandas as pd
import pytest

from flowsim import report
from flowsim.experiment import run_experiment
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
    assert "<li>Rooms: each provider uses only their own rooms → any provider can use any free room</li>" in page
    row = comparison().iloc[0].to_dict()
    assert headline_sentence("wait_for_provider_min_mean", row) in page
    assert "same 100 clinic days (random seed 7)" in page
    assert "A &lt;b&gt; test" in page and "<b> test" not in page  # user text is escaped
    assert "<script" not in page


def test_a_description_inherited_from_the_baseline_is_not_repeated_as_the_redesign_s() -> None:
    inherited = with_changes(BASELINE, {"name": "pooled_rooms", "exam_rooms.policy": "pooled"})
    page = summary_html(BASELINE, [inherited], comparison(), seed=7, reps=100)
    assert page.count(BASELINE.description) == 0  # the baseline is described in words, not by its blurb


def _comparison(rows: dict[str, tuple[float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"redesign": "closed", "kpi": kpi, "baseline_mean": b, "redesign_mean": r, "diff": r - b,
             "diff_ci_low": r - b - 1, "diff_ci_high": r - b + 1}
            for kpi, (b, r) in rows.items()
        ]
    )  # fmt: skip


def test_a_redesign_where_nobody_is_seen_says_so_with_the_patients_who_left() -> None:
    comparison = _comparison(
        {
            "wait_for_provider_min_mean": (21.0, math.nan),
            "clinic_overtime_min": (30.0, 0.0),  # "−100%, better" if said as a headline
            "seen": (40.0, 0.0),
            "left_unseen": (1.0, 38.5),
        }
    )
    assert key_differences(comparison, "closed") == [
        (
            "Nobody is seen by a provider in this design: on average 38.5 patients a day leave without being seen "
            "(your clinic sees 40 a day). Its waits cannot be compared.",
            "worse",
        )
    ]


@pytest.mark.filterwarnings("error")  # numpy once warned here: a day nobody came to had 1.8e308 min of overtime
def test_nobody_seen_in_a_real_run_is_said_in_the_summary_too() -> None:
    clinic = small_clinic()
    nobody = with_changes(
        clinic, {"name": "all_stay_home", **{f"visit_types.{v}.no_show_prob": 1.0 for v in clinic.visit_types}}
    )
    ran = run_experiment([clinic, nobody], reps=2, seed=1, workers=1, keep_events=False)
    assert ran.comparison is not None
    said = key_differences(ran.comparison, "all_stay_home")
    assert len(said) == 1 and said[0][0].startswith("Nobody is seen by a provider in this design")
    page = summary_html(clinic, [nobody], ran.comparison, seed=1, reps=2)
    assert "Nobody is seen by a provider in this design" in page
    assert "nan " not in page.lower() and "−100%" not in page


def test_the_summary_shows_where_the_waiting_happens_for_every_design() -> None:
    clinic = small_clinic()
    more = with_changes(clinic, {"name": "more_rooms", "exam_rooms.count": 12})
    ran = run_experiment([clinic, more], reps=3, seed=1, workers=1, keep_events=False)
    assert ran.comparison is not None
    page = summary_html(clinic, [more], ran.comparison, seed=1, reps=3, summary=ran.summary)
    section = page.split("<h2>Where the waiting happens</h2>")[1].split("<h2>")[0]
    for design in (clinic, more):
        assert f"<p>{report.bottleneck_sentence(ran.summary, design)}</p>" in section
    rows = report.wait_by_place(ran.summary, [clinic, more])
    first = rows.iloc[0]
    low = max(first["ci_low"], 0.0)  # a wait is never below 0: the t-interval is cut there for reading
    assert f"<td class='num'>{first['mean']:.1f} min ({low:.1f} to {first['ci_high']:.1f})</td>" in section
    assert section.count("<tr>") == len(rows)
    assert "<script" not in page
