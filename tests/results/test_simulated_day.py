"""The tables of real simulated days hang together (counts add up, no negative waits)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from flowsim.model import simulate
from flowsim.results import facts_by_scenario, log_tables, patient_kpis
from flowsim.scenarios import load_scenario, with_changes
from flowsim.scenarios.schema import Scenario

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def scenarios() -> list[Scenario]:
    baseline = load_scenario(ROOT / "scenarios" / "family_practice.yaml")
    impatient = with_changes(
        baseline,
        {"name": "impatient", "patients.patience_min": {"dist": "exponential", "mean": 25}, "exam_rooms.count": 4},
    )
    return [baseline, impatient]


@pytest.fixture(scope="module")
def tables(scenarios: list[Scenario]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    logs = [(s.name, rep, simulate(s, 11, rep)) for s in scenarios for rep in range(3)]
    made = log_tables(logs, providers={s.name: list(s.providers) for s in scenarios})
    return made.visits, made.events, made.kpis(facts_by_scenario(scenarios))


def test_every_patient_is_counted_once(tables: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> None:
    visits, _, kpis = tables
    per_day = visits.groupby(["scenario", "rep"], sort=False).size().to_numpy()
    assert (kpis[["booked", "same_day", "walk_ins"]].sum(axis=1).to_numpy() == per_day).all()
    assert (kpis[["no_shows", "seen", "rebooked_late", "left_unseen"]].sum(axis=1).to_numpy() == per_day).all()
    assert kpis.loc[kpis["scenario"] == "impatient", "left_unseen"].sum() > 0  # abandonment happened


def test_timestamps_run_forward_and_waits_are_not_negative(
    tables: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
) -> None:
    visits, _, _ = tables
    for step in ("check_in", "rooming", "exam", "checkout"):
        q, s, e = (visits[f"{step}_{x}_min"] for x in ("queue", "start", "end"))
        assert ((s >= q) | s.isna()).all() and ((e >= s) | e.isna()).all(), step
    for kpi in ("door_to_provider_min", "waiting_room_min", "exam_room_wait_min", "total_wait_min",
                "time_in_clinic_min", "rooming_wait_min", "exam_wait_min"):  # fmt: skip
        assert (visits[kpi].dropna() >= -1e-9).all(), kpi
    both = visits[["wait_for_provider_min", "door_to_provider_min"]].dropna()
    assert len(both) > 0 and (both["wait_for_provider_min"] <= both["door_to_provider_min"] + 1e-9).all()
    seen = visits["outcome"] == "seen"
    assert visits.loc[seen, "provider_start_min"].notna().all()
    assert visits.loc[~seen, "wait_for_provider_min"].isna().all()


def test_patient_kpis_recomputed_from_timestamps_agree(
    tables: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
) -> None:
    visits, _, _ = tables
    stamps_only = visits.loc[:, :"departure_min"]
    pd.testing.assert_frame_equal(patient_kpis(stamps_only), visits)


def test_day_kpis_are_in_range(tables: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> None:
    _, _, kpis = tables
    for column in [c for c in kpis.columns if c.startswith(("provider_utilisation", "room_utilisation"))]:
        assert kpis[column].between(0, 100).all(), column
    shares = kpis[[c for c in kpis.columns if c.startswith("wait_share_")]].sum(axis=1)
    np.testing.assert_allclose(shares, 100.0)  # percent
    assert (kpis["waiting_room_mean"] <= kpis["waiting_room_max"]).all()
    assert (kpis[[c for c in kpis.columns if "overtime" in c or "idle" in c]] >= 0).all().all()
    assert kpis["seen_within_15_pct"].between(0, 100).all()


def test_waiting_room_time_average_is_total_waiting_over_the_day(
    tables: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame], scenarios: list[Scenario]
) -> None:
    """Little's law on the waiting room: time-average number × horizon = minutes waited."""
    visits, _, kpis = tables
    close = 540.0
    baseline = visits[(visits["scenario"] == scenarios[0].name) & (visits["rep"] == 0)]
    row = kpis.iloc[0]
    horizon = max(close, baseline.loc[baseline["outcome"].isin(["seen", "left_unseen"]), "departure_min"].max())
    assert row["waiting_room_mean"] * horizon == pytest.approx(baseline["waiting_room_min"].sum())
