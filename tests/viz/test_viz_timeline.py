"""The timeline's bars are the event log's busy intervals, lane by lane."""

from __future__ import annotations

import pandas as pd
import pytest

from flowsim.viz import timeline
from flowsim.viz.timeline import activity_intervals


def _day(scenario: str, rep: int) -> list[tuple[str, int, int, str, str, float, str]]:
    rows = [
        (-1, "off", "start", 0.0, "dr_a"),
        (-1, "off", "end", 15.0, "dr_a"),
        (1, "", "arrive", 0.0, ""),
        (1, "rooming", "queue", 0.0, ""),
        (1, "rooming", "seize", 2.0, "ma"),
        (1, "rooming", "seize", 2.0, "room_1"),
        (1, "rooming", "start", 2.0, ""),
        (2, "", "arrive", 4.0, ""),
        (2, "rooming", "queue", 4.0, ""),
        (2, "rooming", "seize", 5.0, "ma"),
        (2, "rooming", "seize", 5.0, "room_2"),
        (2, "rooming", "start", 5.0, ""),
        (1, "rooming", "end", 7.0, ""),
        (1, "rooming", "release", 7.0, "ma"),
        (1, "exam", "queue", 7.0, ""),
        (2, "rooming", "end", 9.0, ""),
        (2, "rooming", "release", 9.0, "ma"),
        (2, "exam", "queue", 9.0, ""),
        (1, "exam", "seize", 15.0, "dr_a"),
        (1, "exam", "start", 15.0, ""),
        (1, "exam", "end", 30.0, ""),
        (1, "exam", "release", 30.0, "dr_a"),
        (1, "exam", "release", 30.0, "room_1"),
        (1, "", "depart", 30.0, ""),
        (1, "documentation", "start", 30.0, "dr_a"),
        (1, "turnover", "start", 30.0, "room_1"),
        (1, "turnover", "end", 33.0, "room_1"),
        (1, "documentation", "end", 35.0, "dr_a"),
        (2, "exam", "seize", 35.0, "dr_a"),
        (2, "exam", "start", 35.0, ""),
        (2, "exam", "end", 50.0, ""),
        (2, "exam", "release", 50.0, "dr_a"),
        (2, "exam", "release", 50.0, "room_2"),
        (2, "", "depart", 50.0, ""),
        (-1, "break", "start", 60.0, "dr_a"),
        (-1, "break", "end", 75.0, "dr_a"),
    ]
    return [(scenario, rep, *row) for row in rows]


@pytest.fixture
def events() -> pd.DataFrame:
    columns = ["scenario", "rep", "patient_id", "step", "event", "time_min", "resource_id"]
    other = [
        (s, r, 9, "exam", e, t, "dr_a") for s, r in (("s", 1), ("t", 0)) for e, t in (("seize", 1), ("release", 2))
    ]
    return pd.DataFrame(_day("s", 0) + other, columns=columns)


def _bars(fig: object, activity: str) -> list[tuple[str, float, float]]:
    (trace,) = [t for t in fig.data if t.name == activity]  # type: ignore[attr-defined]
    return [(y, b, b + x) for y, b, x in zip(trace.y, trace.base, trace.x, strict=True)]


def test_bars_are_the_event_intervals(events: pd.DataFrame) -> None:
    fig = timeline(events, scenario="s", rep=0)
    assert _bars(fig, "Patient") == [
        ("dr_a", 15.0, 30.0),
        ("dr_a", 35.0, 50.0),
        ("room_1", 2.0, 30.0),
        ("room_2", 5.0, 50.0),
    ]
    assert _bars(fig, "Documentation") == [("dr_a", 30.0, 35.0)]
    assert _bars(fig, "Room turnover") == [("room_1", 30.0, 33.0)]
    assert _bars(fig, "Break") == [("dr_a", 60.0, 75.0)]
    assert _bars(fig, "Off") == [("dr_a", 0.0, 15.0)]


def test_time_off_from_its_own_table_gives_the_same_bars(events: pd.DataFrame) -> None:
    """A run keeps the patients' events and the providers' time off apart (events,
    resource_events); the timeline draws both, as from one log holding both."""
    own = events["patient_id"] < 0
    time_off = events.loc[own].drop(columns="patient_id")
    text = ["scenario", "step", "event", "resource_id"]
    patients = events.loc[~own].astype(dict.fromkeys(text, "category"))  # as in a run's tables
    fig = timeline(patients, scenario="s", rep=0, resource_events=time_off)
    one_log = timeline(events, scenario="s", rep=0)
    for activity in ("Patient", "Documentation", "Room turnover", "Break", "Off"):
        assert _bars(fig, activity) == _bars(one_log, activity), activity
    without = timeline(patients, scenario="s", rep=0)
    assert {t.name for t in without.data} == {"Patient", "Documentation", "Room turnover"}


def test_categorical_columns_as_in_the_events_table_give_the_same_bars(events: pd.DataFrame) -> None:
    text = ["scenario", "step", "event", "resource_id"]
    fig = timeline(events.astype(dict.fromkeys(text, "category")), scenario="s", rep=0)
    assert _bars(fig, "Patient") == _bars(timeline(events, scenario="s", rep=0), "Patient")
    assert _bars(fig, "Documentation") == [("dr_a", 30.0, 35.0)]


def test_lanes_are_providers_then_rooms_and_a_shared_pool_is_left_out(events: pd.DataFrame) -> None:
    fig = timeline(events, scenario="s", rep=0)
    assert list(fig.layout.yaxis.categoryarray) == ["dr_a", "room_1", "room_2"]


def test_named_lanes_include_a_staff_pool(events: pd.DataFrame) -> None:
    fig = timeline(events, scenario="s", rep=0, resources=["ma", "dr_a"])
    assert [b for b in _bars(fig, "Patient") if b[0] == "ma"] == [("ma", 2.0, 7.0), ("ma", 5.0, 9.0)]
    assert list(fig.layout.yaxis.categoryarray) == ["ma", "dr_a"]


def test_a_resource_seized_twice_by_one_patient_gives_two_bars() -> None:
    rows = [
        (1, "rooming", "seize", 0.0, "ma"),
        (1, "rooming", "release", 5.0, "ma"),
        (1, "checkout", "seize", 20.0, "ma"),
        (1, "checkout", "release", 22.0, "ma"),
    ]
    log = pd.DataFrame(rows, columns=["patient_id", "step", "event", "time_min", "resource_id"])
    intervals = activity_intervals(log)
    assert list(zip(intervals["start_min"], intervals["end_min"], strict=True)) == [(0.0, 5.0), (20.0, 22.0)]


def test_scenario_must_be_named_when_the_log_has_several(events: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="pass scenario="):
        timeline(events)
    with pytest.raises(ValueError, match="replication 7"):
        timeline(events, scenario="s", rep=7)


def test_lanes_can_carry_the_names_people_use(events: pd.DataFrame) -> None:
    labels = {"dr_a": "Dr A", "room_1": "Exam room 1"}  # room_2 has no label: it keeps its id
    fig = timeline(events, scenario="s", rep=0, labels=labels)
    plain = timeline(events, scenario="s", rep=0)
    assert _bars(fig, "Patient") == [(labels.get(y, y), a, b) for y, a, b in _bars(plain, "Patient")]
    assert list(fig.layout.yaxis.categoryarray) == ["Dr A", "Exam room 1", "room_2"]
