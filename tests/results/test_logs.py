"""The stopwatch sheet and the event table read off hand-built days."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pandas.testing as pdt

from flowsim.records import DayLog, Event, PatientRecord, ResourceRecord
from flowsim.results import day_kpis, events_table, log_tables, resource_events_table, visits_columns, visits_table
from tests.results.days import FACTS, RESOURCES, STEPS, hand_day, short_day, stepped

NAN = math.nan


def test_visits_columns_are_the_spec_columns_in_order() -> None:
    visits = visits_table([("base", 0, hand_day())])
    assert list(visits.columns) == [
        "scenario", "rep", "patient_id", "visit_type", "provider", "kind", "appointment_min", "arrival_min",
        "outcome",
        "check_in_queue_min", "check_in_start_min", "check_in_end_min",
        "rooming_queue_min", "rooming_start_min", "rooming_end_min",
        "exam_queue_min", "exam_start_min", "exam_end_min",
        "roomed_min", "provider_start_min", "departure_min",
        "wait_for_provider_min", "door_to_provider_min", "waiting_room_min", "exam_room_wait_min",
        "total_wait_min", "time_in_clinic_min", "check_in_wait_min", "rooming_wait_min", "exam_wait_min",
    ]  # fmt: skip
    assert list(visits.columns) == visits_columns(STEPS)


def test_timestamps_of_the_hand_day() -> None:
    visits = visits_table([("base", 0, hand_day())]).set_index("patient_id")
    stamps = visits[["check_in_queue_min", "rooming_queue_min", "rooming_start_min", "exam_start_min", "exam_end_min"]]
    expected = pd.DataFrame(
        [[0, 2, 3, 10, 25], [20, 22, 30, 35, 50], [5, 7, NAN, NAN, NAN], [NAN] * 5, [NAN] * 5],
        index=pd.Index([0, 1, 2, 3, 4], name="patient_id"),
        columns=stamps.columns,
        dtype=float,
    )
    pdt.assert_frame_equal(stamps, expected)
    assert visits["roomed_min"].tolist()[:2] == [3.0, 30.0]
    assert visits["provider_start_min"].tolist()[:2] == [10.0, 35.0]
    np.testing.assert_array_equal(visits["departure_min"], [25.0, 50.0, 27.0, NAN, 40.0])
    assert visits["outcome"].tolist() == ["seen", "seen", "left_unseen", "no_show", "rebooked_late"]
    assert visits["kind"].tolist() == ["booked", "same_day", "walk_in", "booked", "booked"]


def test_per_patient_kpis_of_the_hand_day() -> None:
    visits = visits_table([("base", 0, hand_day())]).set_index("patient_id")
    kpis = visits.loc[:, "wait_for_provider_min":]
    expected = pd.DataFrame(
        {
            "wait_for_provider_min": [10, 15, NAN, NAN, NAN],  # P1 late: counted from arrival 20
            "door_to_provider_min": [10, 15, NAN, NAN, NAN],  # P0 came at -6: from the door at 0
            # roomed - end of check-in; P2 sat there from 7 until leaving at 27; P4 left at the door
            "waiting_room_min": [1, 8, 20, NAN, 0],
            "exam_room_wait_min": [7, 5, NAN, NAN, NAN],
            "total_wait_min": [3, 8, 20, NAN, NAN],  # P2 waited 20 for a room, then left
            "time_in_clinic_min": [25, 30, 22, NAN, 0],
            "check_in_wait_min": [0, 0, 0, NAN, NAN],
            "rooming_wait_min": [1, 8, 20, NAN, NAN],
            "exam_wait_min": [2, 0, NAN, NAN, NAN],
        },
        index=pd.Index([0, 1, 2, 3, 4], name="patient_id"),
        dtype=float,
    )
    pdt.assert_frame_equal(kpis, expected)


def test_events_table_keeps_every_patient_event_with_scenario_and_rep() -> None:
    day = hand_day()
    events = events_table([("base", 3, day)])
    assert list(events.columns) == [
        "scenario", "rep", "patient_id", "step", "event", "time_min", "resource_id", "resource_kind",
    ]  # fmt: skip
    theirs = [e for e in day.events if e.patient_id >= 0]  # documentation and turnover name their patient
    assert len(events) == len(theirs) == len(day.events) - 4
    assert (events["rep"] == 3).all() and (events["scenario"] == "base").all()
    rows = events[["patient_id", "step", "event", "time_min", "resource_id"]].astype(object)
    got = [tuple(None if pd.isna(v) else v for v in row) for row in rows.itertuples(index=False)]
    assert got == [(e.patient_id, e.step or None, e.event, e.time_min, e.resource_id or None) for e in theirs]
    assert isinstance(events["event"].dtype, pd.CategoricalDtype)
    assert "off" not in events["step"].cat.categories  # no category of the time off left behind


def test_provider_time_off_has_its_own_table() -> None:
    time_off = resource_events_table([("base", 3, hand_day())])
    assert list(time_off.columns) == ["scenario", "rep", "step", "event", "time_min", "resource_id", "resource_kind"]
    assert time_off.astype(object).values.tolist() == [
        ["base", 3, "off", "start", 0.0, "dr_a", "provider"],  # dr_a starts 4 minutes late
        ["base", 3, "off", "end", 4.0, "dr_a", "provider"],
        ["base", 3, "off", "start", 30.0, "dr_a", "provider"],  # between the sessions 0-30 and 32-45
        ["base", 3, "off", "end", 32.0, "dr_a", "provider"],
    ]
    assert list(time_off["step"].cat.categories) == ["off"]
    pdt.assert_frame_equal(log_tables([("base", 3, hand_day())]).resource_events, time_off)


def test_time_off_in_its_own_table_gives_the_kpis_of_one_log_holding_both() -> None:
    """busy.py reads the time off from resource_events: with it, the KPIs are those of the
    hand-made day (test_day.py); without it, dr_a's late start (0-4, in the session) would
    count as idle (the 30-32 gap is between sessions: neither)."""
    tables = log_tables([("base", 0, hand_day())])
    with_time_off = tables.kpis(FACTS).iloc[0]
    assert with_time_off["provider_idle_min_dr_a"] == 9.0  # 4-10 and 32-35; 0-4 and 30-32 were off
    without = day_kpis(tables.visits, tables.events, FACTS).iloc[0]
    assert without["provider_idle_min_dr_a"] == 13.0
    assert without["provider_utilisation_dr_a"] == with_time_off["provider_utilisation_dr_a"]  # busy is busy


def test_provider_time_off_is_not_a_visit() -> None:
    visits = visits_table([("base", 0, hand_day())])
    assert (visits["patient_id"] >= 0).all()
    assert len(visits) == 5


def test_many_reps_at_once_equal_one_at_a_time() -> None:
    logs = [("base", 0, hand_day()), ("base", 1, short_day()), ("other", 0, short_day())]
    together = log_tables(logs)
    apart_visits = pd.concat([visits_table([log]) for log in logs], ignore_index=True)
    pdt.assert_frame_equal(together.visits, apart_visits)
    apart_events = pd.concat([events_table([log]).astype(str) for log in logs], ignore_index=True)
    pdt.assert_frame_equal(together.events.astype(str), apart_events)
    apart_off = pd.concat([resource_events_table([log]).astype(str) for log in logs], ignore_index=True)
    pdt.assert_frame_equal(together.resource_events.astype(str), apart_off)
    assert together.visits.groupby(["scenario", "rep"]).size().to_dict() == {
        ("base", 0): 5, ("base", 1): 1, ("other", 0): 1,
    }  # fmt: skip


def test_scenarios_with_different_steps_get_the_union_of_step_columns() -> None:
    telehealth = DayLog(
        events=[
            Event(0, "", "arrive", 0.0, ""),
            *stepped(0, "video_call", 0, 2, 12, {"dr_a": 2}, ["dr_a"]),
            Event(0, "", "depart", 12.0, ""),
        ],
        patients=[PatientRecord(0, "booked", "tele", "dr_a", 0.0, 0.0, "seen", False)],
        steps=("video_call",),
        resources=RESOURCES,
    )
    visits = visits_table([("base", 0, short_day()), ("tele", 0, telehealth)])
    assert "video_call_start_min" in visits.columns
    assert list(visits.columns).index("exam_end_min") < list(visits.columns).index("video_call_queue_min")
    tele = visits[visits["scenario"] == "tele"].iloc[0]
    assert tele["wait_for_provider_min"] == 2.0
    assert math.isnan(tele["roomed_min"]) and math.isnan(tele["exam_room_wait_min"])
    assert math.isnan(tele["exam_start_min"])


def test_shared_queue_patient_gets_the_provider_who_saw_them() -> None:
    day = DayLog(
        events=[
            Event(0, "", "arrive", 1.0, ""),
            *stepped(0, "exam", 1, 4, 9, {"dr_b": 4}, ["dr_b"]),
            Event(0, "", "depart", 9.0, ""),
        ],
        patients=[PatientRecord(0, "walk_in", "acute", "", NAN, 1.0, "seen", True)],
        steps=("exam",),
    )
    visits = visits_table([("walk", 0, day)], providers={"walk": ["dr_a", "dr_b"]})
    assert visits.loc[0, "provider"] == "dr_b"
    assert visits.loc[0, "provider_start_min"] == 4.0
    assert visits.loc[0, "wait_for_provider_min"] == 3.0  # walk-in: from arrival


def test_provider_start_is_the_step_that_seized_the_own_provider() -> None:
    # a nurse step first (no provider), then the provider joins a later step
    day = DayLog(
        events=[
            Event(0, "", "arrive", 0.0, ""),
            *stepped(0, "triage", 0, 1, 6, {"nurse": 1}, ["nurse"]),
            Event(0, "consult", "queue", 6.0, ""),
            Event(0, "consult", "seize", 6.0, "room_2"),
            Event(0, "consult", "seize", 9.0, "dr_a"),
            Event(0, "consult", "start", 9.0, ""),
            Event(0, "consult", "end", 20.0, ""),
            Event(0, "consult", "release", 20.0, "dr_a"),
            Event(0, "consult", "release", 20.0, "room_2"),
            Event(0, "", "depart", 20.0, ""),
        ],
        patients=[PatientRecord(0, "booked", "new", "dr_a", 5.0, 0.0, "seen", False)],
        steps=("triage", "consult"),
        resources=(
            ResourceRecord("dr_a", "provider"),
            ResourceRecord("room_2", "exam_room"),
            ResourceRecord("nurse", "staff_pool"),
        ),
    )
    row = visits_table([("c", 0, day)]).iloc[0]
    assert (row["roomed_min"], row["provider_start_min"]) == (6.0, 9.0)
    assert row["wait_for_provider_min"] == 4.0  # early arrival: counted from the appointment at 5
    assert row["door_to_provider_min"] == 9.0
    assert row["waiting_room_min"] == 0.0  # roomed as triage ended
    assert row["consult_wait_min"] == 3.0


def test_empty_input_gives_empty_tables_with_columns() -> None:
    tables = log_tables([])
    assert len(tables.visits) == 0 and len(tables.events) == 0 and len(tables.resource_events) == 0
    assert list(tables.events.columns) == [
        "scenario", "rep", "patient_id", "step", "event", "time_min", "resource_id", "resource_kind",
    ]  # fmt: skip
    assert list(tables.resource_events.columns) == [
        "scenario", "rep", "step", "event", "time_min", "resource_id", "resource_kind",
    ]  # fmt: skip


def test_roomed_when_the_assistant_walks_the_patient_in_not_when_the_room_is_reserved() -> None:
    # the room is taken at 4 but the medical assistant is busy until 7: the patient sits in
    # the waiting room until 7, then waits in the room for the provider from 12 to 15
    day = DayLog(
        events=[
            Event(0, "", "arrive", 0.0, ""),
            *stepped(0, "check_in", 0, 0, 2, {"front_desk": 0}, ["front_desk"]),
            *stepped(0, "rooming", 2, 7, 12, {"room_1": 4, "ma": 7}, ["ma"]),
            *stepped(0, "exam", 12, 15, 30, {"dr_a": 15}, ["dr_a", "room_1"]),
            Event(0, "", "depart", 30.0, ""),
        ],
        patients=[PatientRecord(0, "booked", "fu", "dr_a", 0.0, 0.0, "seen", False)],
        steps=("check_in", "rooming", "exam"),
        resources=RESOURCES,
    )
    row = visits_table([("c", 0, day)]).iloc[0]
    assert row["roomed_min"] == 7.0
    assert row["waiting_room_min"] == 5.0  # from the end of check-in (2) to roomed (7)
    assert row["exam_room_wait_min"] == 8.0  # roomed at 7, provider at 15


def test_a_patient_seen_before_the_appointment_waited_zero_minutes() -> None:
    # arrived at 0 for a 20-minute appointment and was seen at 5: no negative wait
    day = DayLog(
        events=[
            Event(0, "", "arrive", 0.0, ""),
            *stepped(0, "exam", 0, 5, 20, {"dr_a": 5}, ["dr_a"]),
            Event(0, "", "depart", 20.0, ""),
        ],
        patients=[PatientRecord(0, "booked", "fu", "dr_a", 20.0, 0.0, "seen", False)],
        steps=("exam",),
        resources=RESOURCES,
    )
    row = visits_table([("c", 0, day)]).iloc[0]
    assert row["wait_for_provider_min"] == 0.0
    assert row["door_to_provider_min"] == 5.0


def _renamed_day(resources: tuple[ResourceRecord, ...]) -> DayLog:
    """Rooming needs a room and a staff pool named ``room_prep``; the exam needs dr_a."""
    return DayLog(
        events=[
            Event(0, "", "arrive", 0.0, ""),
            *stepped(0, "rooming", 0, 4, 9, {"room_1": 0, "room_prep": 4}, ["room_prep"]),
            *stepped(0, "exam", 9, 12, 20, {"dr_a": 12}, ["dr_a", "room_1"]),
            Event(0, "", "depart", 20.0, ""),
        ],
        patients=[PatientRecord(0, "booked", "fu", "dr_a", 0.0, 0.0, "seen", False)],
        steps=("rooming", "exam"),
        resources=resources,
    )


def test_what_a_resource_is_comes_from_the_log_not_its_name() -> None:
    # A staff pool called room_prep is staff: the patient is roomed once it walks them in (4).
    recorded = (
        ResourceRecord("dr_a", "provider"),
        ResourceRecord("room_1", "exam_room", "dr_a"),
        ResourceRecord("room_prep", "staff_pool"),
    )
    tables = log_tables([("c", 0, _renamed_day(recorded))])
    row = tables.visits.iloc[0]
    assert (row["roomed_min"], row["provider_start_min"], row["exam_room_wait_min"]) == (4.0, 12.0, 8.0)
    kinds = tables.events.set_index("resource_id")["resource_kind"].astype(str)
    assert kinds.loc[["room_1", "room_prep", "dr_a"]].drop_duplicates().tolist() == [
        "exam_room", "staff_pool", "provider",
    ]  # fmt: skip
    # Without records nothing is guessed from the names: no room, no provider.
    unrecorded = log_tables([("c", 0, _renamed_day(()))]).visits.iloc[0]
    assert math.isnan(unrecorded["roomed_min"]) and math.isnan(unrecorded["provider_start_min"])
