"""KPIs censored at ``results_until``: the hand-built day of days.py cut at minute 30.

Worked out on paper (see days.py for the full day):

- P4 arrives at 40, after the cut: not counted at all (not booked, not rebooked).
- P3's no-show appointment is at 30, not after the cut: counted as a no-show.
- P1 came at 20, was roomed at 30 but the doctor comes in at 35: still waiting at the
  cut. Counted as came and as waiting, left out of every mean and of the wait shares,
  as a patient who left unseen is left out of the means.
- P0 (seen at 10) and P2 (left unseen at 27) are as on the full day.
- Utilisation and the waiting room are over [0, 30]; what happens after 30 is cut off.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pandas.testing as pdt
import pytest

from flowsim.results import ClinicFacts, day_kpis, log_tables
from flowsim.results.catalogue import kpi
from flowsim.results.stacking import stack_day_kpis
from tests.results.days import FACTS, hand_day

CUT = replace(FACTS, results_until_min=30.0)
CENSORED_DAY = {
    "wait_for_provider_min_mean": 10.0,  # P0 only
    "wait_for_provider_min_p90": 10.0,
    "total_wait_min_mean": 3.0,
    "time_in_clinic_min_mean": 25.0,
    "seen_within_15_pct": 100.0,
    "booked": 2,  # P0, P3 (P4 came after the cut)
    "same_day": 1,  # P1, still waiting
    "walk_ins": 1,
    "no_shows": 1,
    "seen": 1,
    "rebooked_late": 0,
    "left_unseen": 1,
    "waiting_at_results_until": 1,
    "left_unseen_pct": 100 / 3,  # of the 3 who came by 30 (P0, P1, P2)
    "rebooked_late_pct": 0.0,
    "left_unseen_wait_min_mean": 22.0,
    # dr_a: session 0-30 (32-45 starts after the cut); busy 10-25 and charting 25-30, off 0-4
    "provider_utilisation_dr_a": 100 * 20 / 30,
    "provider_idle_min_dr_a": 6.0,  # 4-10
    "provider_overtime_min_dr_a": 0.0,
    "provider_utilisation_dr_b": 0.0,
    "provider_idle_min_dr_b": 30.0,
    "provider_utilisation": 100 * 20 / 60,
    "provider_idle_min": 36.0,
    "clinic_overtime_min": 0.0,  # P1 still in at 30, before close at 45
    "wait_share_check_in": 0.0,
    "wait_share_rooming": 100 * 21 / 23,  # P0 1 (2-3), P2 20 (7-27); not P1
    "wait_share_exam": 100 * 2 / 23,  # P0 8-10
    "room_utilisation": 100 * 27 / 30,  # held 3-25, turnover 25-30
    "waiting_room_mean": 29 / 30,  # P0 2-3, P1 22-30, P2 7-27 over [0, 30]
    "waiting_room_max": 2.0,
    "staff_utilisation_front_desk": 100 * 6 / 30,
    "staff_utilisation_ma": 100 * 5 / 30,  # 3-8; the second MA only comes at 30
}


def _kpis(facts: ClinicFacts) -> pd.DataFrame:
    tables = log_tables([("base", 0, hand_day())])
    return day_kpis(tables.visits, tables.events, facts, resource_events=tables.resource_events)


def test_every_kpi_of_the_hand_day_cut_at_30() -> None:
    row = _kpis(CUT).iloc[0]
    for name, expected in CENSORED_DAY.items():
        assert row[name] == pytest.approx(expected), name


def test_without_results_until_there_is_no_waiting_column() -> None:
    assert "waiting_at_results_until" not in _kpis(FACTS).columns


def test_a_cut_after_the_last_event_changes_nothing_but_the_horizon_and_the_window() -> None:
    full, late = _kpis(FACTS).iloc[0], _kpis(replace(FACTS, results_until_min=1000.0)).iloc[0]
    assert late["waiting_at_results_until"] == 0
    for name in ("wait_for_provider_min_mean", "seen", "booked", "rebooked_late", "wait_share_rooming"):
        assert late[name] == full[name], name
    assert late["waiting_room_mean"] == pytest.approx(29 / 1000)


def test_the_count_is_in_the_catalogue() -> None:
    assert kpi("waiting_at_results_until").scale == "count"


def test_results_until_must_be_after_opening() -> None:
    with pytest.raises(ValueError, match="results_until_min"):
        replace(FACTS, results_until_min=0.0)


def test_a_censored_and_a_whole_day_side_by_side_stack_like_one_table() -> None:
    tables = log_tables([("cut", 0, hand_day()), ("whole", 0, hand_day())])
    together = day_kpis(
        tables.visits, tables.events, {"cut": CUT, "whole": FACTS}, resource_events=tables.resource_events
    )
    parts = [_kpis(CUT).assign(scenario="cut"), _kpis(FACTS).assign(scenario="whole")]
    stacked = stack_day_kpis(parts)
    pdt.assert_frame_equal(stacked, together, check_dtype=False)
    assert together["waiting_at_results_until"].tolist()[0] == 1
    assert pd.isna(together["waiting_at_results_until"].iloc[1])  # not censored: nothing to count
    assert together.iloc[1]["booked"] == 3  # the whole day keeps P4
