"""Axis labels read as plain words with units."""

from __future__ import annotations

import pytest

from flowsim.viz.labels import is_share, kpi_label


@pytest.mark.parametrize(
    ("kpi", "label"),
    [
        ("wait_for_provider_min_mean", "Wait for the provider, average (min)"),
        ("waiting_room_min_p90", "Time in the waiting room, 90th percentile (min)"),
        ("rooming_wait_min_mean", "Rooming wait, average (min)"),
        ("provider_overtime_min", "Provider overtime (min)"),
        ("provider_utilisation_dr_lee", "Provider utilisation: dr_lee"),
        ("wait_share_exam", "Share of waiting spent waiting for exam"),
        ("walk_ins", "Walk ins"),
        ("schedule.rule", "Schedule rule"),
    ],
)
def test_labels(kpi: str, label: str) -> None:
    assert kpi_label(kpi) == label


def test_shares_are_utilisations_and_wait_shares_only() -> None:
    assert [is_share(k) for k in ("room_utilisation", "provider_utilisation_np_kim", "wait_share_rooming")] == [
        True,
        True,
        True,
    ]
    assert [is_share(k) for k in ("seen_within_15_pct", "provider_overtime_min")] == [False, False]
