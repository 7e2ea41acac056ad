"""The day in motion shows, at every frame, exactly who the event log says is where."""

from __future__ import annotations

import re
import sys

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from flowsim.experiment import simulate_day
from flowsim.report.motion import day_in_motion, motion_stages
from flowsim.report.paths import bundled_scenario
from flowsim.scenarios import load_scenario
from flowsim.scenarios.clock import clock_to_min
from flowsim.scenarios.schema import Scenario
from flowsim.viz.day_animation import MotionOptions, stage_positions
from flowsim.viz.occupancy import count_waiting, waiting_intervals

pytest.importorskip("vidigi")

EVERY_MIN = 5
OFF_FLOOR = ("arrival", "depart")  # at the door: about to come in, or just gone


@pytest.fixture(scope="module")
def clinic() -> Scenario:
    return load_scenario(bundled_scenario())


@pytest.fixture(scope="module")
def day(clinic: Scenario) -> tuple[pd.DataFrame, pd.DataFrame]:
    tables = simulate_day([clinic], 1, 0)
    return tables.visits, tables.events


@pytest.fixture(scope="module")
def figure(clinic: Scenario, day: tuple[pd.DataFrame, pd.DataFrame]) -> go.Figure:
    visits, events = day
    return day_in_motion(clinic, events, visits, rep=0, options=MotionOptions(every_min=EVERY_MIN))


def points(frame: go.Frame) -> pd.DataFrame:
    """Every patient drawn in a frame: who, where, event, entity, x, y (vidigi's invisible placeholders left out)."""
    rows = []
    for trace in frame.data:
        if trace.customdata is None:
            continue
        for data, x, y, icon in zip(trace.customdata, trace.x, trace.y, trace.text, strict=True):
            if str(icon).strip("\ufeff ") and not pd.isna(data[3]):
                rows.append((data[0], data[1], data[2], int(data[3]), float(x), float(y)))
    return pd.DataFrame(rows, columns=["who", "where", "event", "entity", "x", "y"])


def frame_minutes(frame: go.Frame, open_clock: str) -> float:
    return clock_to_min(frame.name) - clock_to_min(open_clock)


Day = tuple[pd.DataFrame, pd.DataFrame]


def test_frames_are_clock_times_every_five_minutes_with_a_play_button(figure: go.Figure, clinic: Scenario,
                                                                       day: Day) -> None:  # fmt: skip
    names = [f.name for f in figure.frames]
    assert all(re.fullmatch(r"\d\d:\d\d", n) for n in names)
    assert names[0] == clinic.clinic.open
    assert np.diff([clock_to_min(n) for n in names]).tolist() == [EVERY_MIN] * (len(names) - 1)
    last_departure = day[0]["departure_min"].max()
    assert frame_minutes(figure.frames[-1], clinic.clinic.open) >= last_departure
    play = figure.layout.updatemenus[0].buttons[0]
    assert play.method == "animate" and play.args[0] is None  # plays every frame from where it is


def test_no_patient_is_in_two_places(figure: go.Figure) -> None:
    for frame in figure.frames:
        entities = points(frame)["entity"]
        assert not entities.duplicated().any(), frame.name


def test_everyone_in_the_clinic_is_drawn_and_nobody_else(figure: go.Figure, clinic: Scenario,
                                                         day: tuple[pd.DataFrame, pd.DataFrame]) -> None:  # fmt: skip
    visits = day[0]
    came = visits.dropna(subset=["arrival_min", "departure_min"])
    for frame in figure.frames:
        t = frame_minutes(frame, clinic.clinic.open)
        inside = set(came.loc[(came["arrival_min"] <= t) & (t < came["departure_min"]), "patient_id"])
        shown = points(frame)
        assert set(shown.loc[~shown["event"].isin(OFF_FLOOR), "entity"]) == inside, frame.name


def test_waiting_room_count_is_the_log_s_at_every_frame(figure: go.Figure, clinic: Scenario,
                                                        day: tuple[pd.DataFrame, pd.DataFrame]) -> None:  # fmt: skip
    intervals = waiting_intervals(day[0])
    anchor = stage_positions(motion_stages(clinic)).set_index("event").loc["rooming_wait_begins"]
    seen_somebody = False
    for frame in figure.frames:
        t = frame_minutes(frame, clinic.clinic.open)
        expected = count_waiting(intervals["from_min"].to_numpy(), intervals["to_min"].to_numpy(), np.array([t]))[0]
        waiting = points(frame).query("event == 'rooming_wait_begins'")
        assert len(waiting) == expected, frame.name
        assert set(waiting["where"]) <= {"In the waiting room"}
        # drawn in the waiting room's area: left of its anchor, on its row or the rows a long queue wraps to
        assert (waiting["x"] <= anchor["x"]).all() and waiting["y"].between(anchor["y"], anchor["y"] + 90).all()
        seen_somebody |= expected > 0
    assert seen_somebody  # the day does fill the waiting room at some point


def test_exam_rooms_and_providers_hold_one_patient_each(figure: go.Figure, clinic: Scenario,
                                                        day: tuple[pd.DataFrame, pd.DataFrame]) -> None:  # fmt: skip
    visits = day[0]
    for frame in figure.frames:
        t = frame_minutes(frame, clinic.clinic.open)
        shown = points(frame)
        in_room = shown[shown["event"].isin(["rooming_at_exam_room", "exam_wait_in_room"])]
        roomed = (visits["roomed_min"] <= t) & (t < visits["provider_start_min"])
        assert len(in_room) == roomed.sum(), frame.name
        assert not in_room[["x", "y"]].duplicated().any()  # one patient per room
        with_provider = shown[shown["event"] == "exam_at_provider"]
        assert len(with_provider) == ((visits["exam_start_min"] <= t) & (t < visits["exam_end_min"])).sum()
        assert not with_provider[["x", "y"]].duplicated().any()  # one patient per provider


def test_the_plan_follows_the_pathways_and_counts(clinic: Scenario) -> None:
    stages = motion_stages(clinic)
    assert list(zip(stages["event"], stages["row"], stages["column"], stages["count"], strict=True)) == [
        ("arrival", 0, 0, 0),
        ("check_in_wait_begins", 1, 0, 0),
        ("check_in_at_front_desk", 1, 1, 2),  # two at the front desk (one over lunch: the most on duty)
        ("rooming_wait_begins", 2, 0, 0),
        ("rooming_at_exam_room", 2, 1, 8),  # a seat per exam room
        ("exam_wait_begins", 3, 0, 0),
        ("exam_at_provider", 3, 1, 4),  # a seat per provider
        ("exam_wait_in_room", 2, 1, 0),  # waiting for the provider happens in the room
        ("lab_draw_wait_begins", 4, 0, 0),  # only long visits draw blood; it comes after the exam
        ("lab_draw_at_ma", 4, 1, 3),
        ("checkout_wait_begins", 5, 0, 0),
        ("checkout_at_front_desk", 5, 1, 2),
        ("depart", 6, 1, 0),
    ]
    assert stages.set_index("event").loc["rooming_wait_begins", "label"] == "Waiting room"


def test_without_vidigi_one_plain_line(monkeypatch: pytest.MonkeyPatch, clinic: Scenario,
                                       day: tuple[pd.DataFrame, pd.DataFrame]) -> None:  # fmt: skip
    monkeypatch.setitem(sys.modules, "vidigi.animation", None)  # makes `import vidigi.animation` fail
    message = r"^The day in motion needs the vidigi package: pip install 'flowsim\[animation\]'$"
    with pytest.raises(ImportError, match=message):
        day_in_motion(clinic, day[1], day[0])
