"""Surprising results explained from the KPIs: more patients seen, waits that move rooms."""

from __future__ import annotations

import pandas as pd

from flowsim.report import explanations


def comparison(rows: dict[str, tuple[float, float, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"redesign": "r", "kpi": kpi, "baseline_mean": b, "redesign_mean": n, "diff_ci_low": lo, "diff_ci_high": hi}
            for kpi, (b, n, lo, hi) in rows.items()
        ]
    )


def test_reminders_more_patients_come_so_waits_grow() -> None:
    said = explanations(
        comparison({"wait_for_provider_min_mean": (20.0, 23.0, 2.0, 4.0), "seen": (76.9, 82.0, 4.0, 6.2)}), "r"
    )
    assert said == [
        "More patients come and are seen (76.9 → 82.0 a day), so the providers have more to do: "
        "that is why the wait for them grows."
    ]


def test_an_extra_room_moves_the_wait_into_the_exam_room() -> None:
    said = explanations(
        comparison(
            {
                "wait_for_provider_min_mean": (21.0, 20.8, -0.9, 0.4),
                "waiting_room_min_mean": (6.0, 1.5, -5.0, -4.0),
                "exam_room_wait_min_mean": (16.5, 20.7, 3.5, 4.9),
                "seen": (77.0, 77.0, 0.0, 0.0),
            }
        ),
        "r",
    )
    assert said == [
        "Patients leave the waiting room sooner (6.0 → 1.5 min) but wait longer in the exam room for the provider "
        "(16.5 → 20.7 min): the wait moves, the provider is still the bottleneck."
    ]


def test_nothing_to_explain_when_the_intervals_include_zero() -> None:
    rows = {"wait_for_provider_min_mean": (20.0, 23.0, 2.0, 4.0), "seen": (77.0, 78.0, -1.0, 3.0)}
    assert explanations(comparison(rows), "r") == []
