"""Day-level KPIs of the hand-built day, every value worked out on paper (see days.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from flowsim.records import DayLog, Event, PatientRecord
from flowsim.results import ClinicFacts, clinic_facts, day_kpis, log_tables
from flowsim.scenarios import scenario_from_dict
from tests.results.days import FACTS, RESOURCES, hand_day, short_day, stepped

HAND_DAY = {
    "wait_for_provider_min_mean": 12.5,  # P0 10, P1 15
    "wait_for_provider_min_p90": 14.5,  # 10 + 0.9 * 5
    "waiting_room_min_mean": 4.5,  # 1, 8
    "waiting_room_min_p90": 7.3,
    "exam_room_wait_min_mean": 6.0,  # 7, 5
    "exam_room_wait_min_p90": 6.8,
    # means and percentiles are over the patients seen (P0, P1): not P2 who left, nor P4
    "total_wait_min_mean": 5.5,  # 3, 8
    "total_wait_min_p90": 7.5,  # 3 + 0.9 * 5
    "time_in_clinic_min_mean": 27.5,  # 25 (from the door at 0, not from -6), 30
    "time_in_clinic_min_p90": 29.5,
    "door_to_provider_min_mean": 12.5,  # 10 - max(-6, 0), 35 - 20
    "rooming_wait_min_mean": 4.5,  # 1, 8
    "exam_wait_min_p90": 1.8,
    "seen_within_15_pct": 100.0,  # 15 counts as within
    "booked": 3,
    "same_day": 1,
    "walk_ins": 1,
    "no_shows": 1,
    "seen": 2,
    "rebooked_late": 1,
    "left_unseen": 1,
    "left_unseen_pct": 25.0,  # of the 4 who came (P0, P1, P2, P4)
    "rebooked_late_pct": 25.0,
    "left_unseen_wait_min_mean": 22.0,  # P2: in at 5, gone at 27
    "left_unseen_wait_min_p90": 22.0,
    # dr_a busy 10-25, 25-30 (charting), 35-50, 50-55; sessions 0-30 and 32-45; off 0-4 (late start)
    "provider_utilisation_dr_a": 100 * 30 / 43,  # shares in percent
    "provider_idle_min_dr_a": 9.0,  # 4-10 and 32-35
    "provider_overtime_min_dr_a": 10.0,  # last charting ends 55, session ends 45
    "provider_utilisation_dr_b": 0.0,
    "provider_idle_min_dr_b": 45.0,
    "provider_overtime_min_dr_b": 0.0,
    "provider_utilisation": 100 * 30 / 88,  # pooled over both providers' 43 + 45 session minutes
    "provider_idle_min": 54.0,  # summed
    "provider_overtime_min": 10.0,  # summed
    "clinic_overtime_min": 5.0,  # P1 leaves at 50, close 45
    "wait_share_check_in": 0.0,
    "wait_share_rooming": 100 * 29 / 31,
    "wait_share_exam": 100 * 2 / 31,
    "room_utilisation": 100 * 42 / 45,  # room_1 held 3-25, 30-50 and turned over 25-30 (50-55 after close)
    "waiting_room_mean": 29 / 50,  # P0 2-3, P1 22-30, P2 7-27 over [0, 50]
    "waiting_room_max": 2.0,  # P1 and P2 between 22 and 27
    "staff_utilisation_front_desk": 100 * 6 / 45,  # 0-2, 5-7, 20-22 of one clerk's 45 minutes
    "staff_utilisation_ma": 100 * 10 / 60,  # 3-8, 30-35 of 30 x 1 + 15 x 2 on-duty minutes
}


def kpis_of(*logs: tuple[str, int, object], facts: object = FACTS) -> pd.DataFrame:
    tables = log_tables(logs)  # type: ignore[arg-type]
    return day_kpis(tables.visits, tables.events, facts, resource_events=tables.resource_events)  # type: ignore[arg-type]


def test_every_kpi_of_the_hand_day() -> None:
    row = kpis_of(("base", 0, hand_day())).iloc[0]
    for name, expected in HAND_DAY.items():
        assert row[name] == pytest.approx(expected), name


def test_column_order_is_stable() -> None:
    columns = list(kpis_of(("base", 0, hand_day())).columns)
    assert columns[:4] == ["scenario", "rep", "wait_for_provider_min_mean", "wait_for_provider_min_p90"]
    waits = [
        "wait_for_provider_min", "door_to_provider_min", "waiting_room_min", "exam_room_wait_min",
        "total_wait_min", "time_in_clinic_min", "check_in_wait_min", "rooming_wait_min", "exam_wait_min",
    ]  # fmt: skip
    assert columns[2:20] == [f"{w}_{s}" for w in waits for s in ("mean", "p90")]
    assert columns[20:28] == ["seen_within_15_pct", "booked", "same_day", "walk_ins", "no_shows", "seen",
                              "rebooked_late", "left_unseen"]  # fmt: skip
    assert columns[28:32] == ["left_unseen_pct", "rebooked_late_pct", "left_unseen_wait_min_mean",
                              "left_unseen_wait_min_p90"]  # fmt: skip
    assert columns[32:41] == [
        "provider_utilisation", "provider_idle_min", "provider_overtime_min",
        "provider_utilisation_dr_a", "provider_idle_min_dr_a", "provider_overtime_min_dr_a",
        "provider_utilisation_dr_b", "provider_idle_min_dr_b", "provider_overtime_min_dr_b",
    ]  # fmt: skip
    assert columns[41:] == ["clinic_overtime_min", "wait_share_check_in", "wait_share_rooming", "wait_share_exam",
                            "room_utilisation", "staff_utilisation_front_desk", "staff_utilisation_ma",
                            "waiting_room_mean", "waiting_room_max"]  # fmt: skip


def test_many_reps_at_once_equal_one_at_a_time() -> None:
    logs = [("base", 1, short_day()), ("base", 0, hand_day()), ("alt", 0, short_day())]
    together = kpis_of(*logs)
    assert together[["scenario", "rep"]].values.tolist() == [["base", 0], ["base", 1], ["alt", 0]]
    apart = pd.concat([kpis_of(log) for log in (logs[1], logs[0], logs[2])], ignore_index=True)
    pdt.assert_frame_equal(together, apart)


def test_short_day() -> None:
    row = kpis_of(("base", 0, short_day())).iloc[0]
    assert row["provider_utilisation_dr_a"] == pytest.approx(100 * 20 / 43)  # 10-25 and charting 25-30
    assert row["provider_idle_min_dr_a"] == pytest.approx(19.0)  # 4-10 in session 1, all of 32-45
    assert row["clinic_overtime_min"] == 0.0
    assert row["room_utilisation"] == pytest.approx(100 * 27 / 45)  # held 3-25, turnover 25-30
    assert row["waiting_room_mean"] == pytest.approx(1 / 45)
    assert row["wait_share_exam"] == pytest.approx(100 * 2 / 3)


def test_day_without_any_waiting_has_no_wait_shares() -> None:
    visits = log_tables([("base", 0, short_day())]).visits
    visits.loc[:, ["rooming_wait_min", "exam_wait_min"]] = 0.0
    row = day_kpis(visits, None, FACTS).iloc[0]
    assert math.isnan(row["wait_share_exam"])


def test_observed_data_without_event_log_has_no_provider_or_room_kpis() -> None:
    visits = log_tables([("base", 0, hand_day())]).visits
    row = day_kpis(visits, None, {"base": FACTS}).iloc[0]
    assert math.isnan(row["provider_utilisation"]) and math.isnan(row["provider_idle_min_dr_a"])
    assert math.isnan(row["room_utilisation"])
    assert row["waiting_room_max"] == 2.0 and row["clinic_overtime_min"] == 5.0


def test_missing_facts_are_named() -> None:
    tables = log_tables([("base", 0, short_day())])
    with pytest.raises(KeyError, match="base"):
        day_kpis(tables.visits, tables.events, {"other": FACTS}, resource_events=tables.resource_events)


def test_clinic_facts_from_a_scenario() -> None:
    scenario = scenario_from_dict(
        {
            "name": "s",
            "clinic": {"open": "08:00", "close": "12:30"},
            "providers": {
                "dr_a": {"sessions": [{"start": "08:00", "end": "10:00"}, {"start": "10:30", "end": "12:00"}]},
                "dr_b": {"sessions": [{"start": "09:00", "end": "12:00"}]},
            },
            "exam_rooms": {"count": 3},
            "visit_types": {"fu": {"share": 1.0, "slot_min": 15, "pathway": "p"}},
            "pathways": {"p": [{"name": "exam", "duration_min": 10, "needs": ["provider"]}]},
        }
    )
    facts = clinic_facts(scenario)
    assert facts == ClinicFacts(
        close_min=270.0, sessions={"dr_a": ((0.0, 120.0), (150.0, 240.0)), "dr_b": ((60.0, 240.0),)}, rooms=3
    )


def test_facts_refuse_nonsense() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        ClinicFacts(close_min=60, sessions={"a": ((30.0, 10.0),)})
    with pytest.raises(ValueError, match="close_min"):
        ClinicFacts(close_min=0)


def test_counts_are_integers() -> None:
    kpis = kpis_of(("base", 0, hand_day()))
    assert np.issubdtype(kpis["seen"].dtype, np.integer)


def test_without_rooms_patients_wait_in_the_waiting_room_for_the_provider() -> None:
    # No exam room: check-in, then the provider. P0 is in at 0, checked in 0-2, seen at 10:
    # waiting room 2-10. P1 is in at 5, checked in 5-7 and leaves at 12 still waiting:
    # waiting room 7-12, counted the same though P1 is never seen.
    day = DayLog(
        events=[
            Event(0, "", "arrive", 0.0, ""),
            *stepped(0, "check_in", 0, 0, 2, {"front_desk": 0}, ["front_desk"]),
            Event(1, "", "arrive", 5.0, ""),
            *stepped(1, "check_in", 5, 5, 7, {"front_desk": 5}, ["front_desk"]),
            Event(1, "exam", "queue", 7.0, ""),
            *stepped(0, "exam", 2, 10, 18, {"dr_a": 10}, ["dr_a"]),
            Event(1, "exam", "abandon", 12.0, ""),
            Event(1, "", "depart", 12.0, ""),
            Event(0, "", "depart", 18.0, ""),
        ],
        patients=[
            PatientRecord(0, "booked", "fu", "dr_a", 0.0, 0.0, "seen", False),
            PatientRecord(1, "booked", "fu", "dr_a", 5.0, 5.0, "left_unseen", False),
        ],
        steps=("check_in", "exam"),
        resources=RESOURCES,
    )
    facts = ClinicFacts(close_min=20.0, sessions={"dr_a": ((0.0, 20.0),)})
    tables = log_tables([("tele", 0, day)])
    assert tables.visits["waiting_room_min"].tolist() == [8.0, 5.0]
    row = day_kpis(tables.visits, tables.events, facts, resource_events=tables.resource_events).iloc[0]
    assert row["waiting_room_min_mean"] == 8.0  # over the patient seen
    assert row["waiting_room_mean"] == pytest.approx((8 + 5) / 20)
    assert row["waiting_room_max"] == 2.0  # both between 7 and 10
    assert (row["left_unseen_pct"], row["left_unseen_wait_min_mean"]) == (50.0, 7.0)  # 5 to 12


@pytest.mark.parametrize("until", [None, 60.0])
def test_a_day_nobody_came_to_ends_on_time(until: float | None) -> None:
    """Only P3, a no-show: nobody kept the clinic open, so no clinic overtime (it once came
    out as the largest float, 1.8e308, and the summary's mean of it overflowed)."""
    day = hand_day()
    nobody = DayLog(
        [e for e in day.events if e.patient_id in (-1, 3)],
        [p for p in day.patients if p.outcome == "no_show"],
        day.steps,
        day.resources,
    )
    facts = ClinicFacts(FACTS.close_min, FACTS.sessions, FACTS.rooms, FACTS.staff, results_until_min=until)
    with np.errstate(all="raise"):
        row = kpis_of(("base", 0, nobody), facts=facts).iloc[0]
    assert row["clinic_overtime_min"] == 0.0
    assert (row["no_shows"], row["seen"], row["waiting_room_mean"], row["waiting_room_max"]) == (1, 0, 0.0, 0.0)
