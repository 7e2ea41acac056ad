"""Seat numbers for pooled staff, vidigi's columns, the process-mining log and clock helpers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from flowsim.experiment import run_experiment
from flowsim.results.clock import clock_times, date_times, with_clock_columns
from flowsim.results.process_log import process_log
from flowsim.results.seats import one_day, seated_events, vidigi_log
from tests.experiment.clinics import tiny_clinic


def _events(rows: list[tuple[int, str, str, float, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["patient_id", "step", "event", "time_min", "resource_id"])
    return frame.assign(scenario="s", rep=0)


# Three patients want one of two MAs; patient 0 leaves first, so patient 2 gets chair 1 back.
HAND_DAY = _events(
    [
        (0, "", "arrive", 0.0, ""),
        (0, "rooming", "queue", 0.0, ""),
        (0, "rooming", "seize", 0.0, "room_3"),
        (0, "rooming", "seize", 0.0, "ma"),
        (0, "rooming", "start", 0.0, ""),
        (1, "", "arrive", 1.0, ""),
        (1, "rooming", "queue", 1.0, ""),
        (1, "rooming", "seize", 1.0, "room_1"),
        (1, "rooming", "seize", 1.0, "ma"),
        (1, "rooming", "start", 1.0, ""),
        (2, "", "arrive", 2.0, ""),
        (2, "rooming", "queue", 2.0, ""),
        (0, "rooming", "end", 5.0, ""),
        (0, "rooming", "release", 5.0, "ma"),
        (2, "rooming", "seize", 5.0, "ma"),
        (2, "rooming", "seize", 5.0, "room_2"),
        (2, "rooming", "start", 5.0, ""),
        (0, "", "depart", 5.0, ""),
        (-1, "off", "start", 6.0, "dr_a"),
        (1, "rooming", "end", 7.0, ""),
        (1, "rooming", "release", 7.0, "ma"),
        (1, "", "depart", 7.0, ""),
        (2, "rooming", "end", 9.0, ""),
        (2, "rooming", "release", 9.0, "ma"),
        (2, "", "depart", 9.0, ""),
    ]
)


def test_pooled_staff_get_the_lowest_free_seat_and_rooms_keep_their_number() -> None:
    seated = seated_events(HAND_DAY)
    seize = seated.loc[seated["event"] == "seize"]
    assert list(zip(seize["patient_id"], seize["pool"], seize["seat"], strict=True)) == [
        (0, "exam_room", 3),
        (0, "ma", 1),
        (1, "exam_room", 1),
        (1, "ma", 2),
        (2, "ma", 1),
        (2, "exam_room", 2),
    ]
    release = seated.loc[seated["event"] == "release"]
    assert list(zip(release["patient_id"], release["seat"], strict=True)) == [(0, 1), (1, 2), (2, 1)]


def test_vidigi_log_of_the_hand_day() -> None:
    log = vidigi_log(HAND_DAY)
    assert list(log.columns) == ["entity_id", "pathway", "event_type", "event", "time", "resource", "resource_id"]
    patient2 = log.loc[log["entity_id"] == 2, ["event_type", "event", "time", "resource", "resource_id"]]
    assert [tuple(r) for r in patient2.astype(object).itertuples(index=False)] == [
        ("arrival_departure", "arrival", 2.0, pd.NA, pd.NA),
        ("queue", "rooming_wait_begins", 2.0, pd.NA, pd.NA),
        ("resource_use", "rooming_begins", 5.0, "ma", 1),
        ("resource_use_end", "rooming_complete", 9.0, "ma", 1),
        ("arrival_departure", "depart", 9.0, pd.NA, pd.NA),
    ]
    assert -1 not in set(log["entity_id"])  # provider time off is not an entity


def test_seats_never_exceed_the_pool_nor_double_book_on_simulated_days() -> None:
    experiment = run_experiment(tiny_clinic("busy", rooms=2), 3, seed=2, workers=1)
    for rep in range(3):
        seated = seated_events(one_day(experiment.events, "busy", rep))
        for (pool, seat), rows in seated.groupby(["pool", "seat"]):
            kinds = rows["event"].tolist()
            assert kinds == ["seize", "release"] * (len(kinds) // 2), (pool, seat)  # one patient at a time
        assert seated.loc[seated["pool"] == "ma", "seat"].max() == 1  # the tiny clinic has one MA
        assert seated.loc[seated["pool"] == "exam_room", "seat"].max() <= 2


def test_a_missing_day_is_named() -> None:
    with pytest.raises(KeyError, match=r"no events for scenario 'x', rep 0: scenarios \['s'\], reps 0..0"):
        one_day(HAND_DAY, "x", 0)


def test_process_log_uses_the_process_mining_names_and_date_times() -> None:
    log = process_log(HAND_DAY, "2026-03-02", "08:00")
    assert list(log.columns[:5]) == [
        "case:concept:name",
        "concept:name",
        "lifecycle:transition",
        "time:timestamp",
        "org:resource",
    ]
    case2 = log.loc[log["case:concept:name"] == "s|0|2"]
    assert case2["concept:name"].tolist() == ["arrive", "rooming", "rooming", "depart"]
    assert case2["lifecycle:transition"].tolist() == ["complete", "start", "complete", "complete"]
    assert case2["time:timestamp"].astype(str).tolist() == [
        "2026-03-02 08:02:00",
        "2026-03-02 08:05:00",
        "2026-03-02 08:09:00",
        "2026-03-02 08:09:00",
    ]
    assert case2["org:resource"].astype(object).tolist()[1] == "ma 1; room_2"  # two MAs that day: seats shown


def test_clock_and_date_time_helpers() -> None:
    assert clock_times([0.0, 95.5, np.nan, 1000.0], "08:00").astype(object).tolist() == [
        "08:00",
        "09:35",
        pd.NA,
        "24:40",
    ]
    stamps = date_times([0.0, 90.25, 1000.0, np.nan], "2026-03-02", "08:00")
    assert stamps.astype(str).tolist()[:3] == ["2026-03-02 08:00:00", "2026-03-02 09:30:15", "2026-03-03 00:40:00"]
    assert pd.isna(stamps.iloc[3])
    visits = pd.DataFrame({"arrival_min": [5.0], "exam_start_min": [20.0], "exam_wait_min": [3.0]})
    clocked = with_clock_columns(visits, "08:30")
    assert list(clocked.columns) == [
        "arrival_min",
        "arrival_clock",
        "exam_start_min",
        "exam_start_clock",
        "exam_wait_min",
    ]
    assert clocked.loc[0, "exam_start_clock"] == "08:50"
    dated = with_clock_columns(visits, "08:30", date="2026-03-02")
    assert str(dated.loc[0, "arrival_at"]) == "2026-03-02 08:35:00"
