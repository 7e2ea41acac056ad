"""A day that runs past midnight: an urgent-care centre open 16:00-01:00 (written 25:00)."""

from __future__ import annotations

import pytest

from flowsim.model import simulate
from flowsim.report import book_table
from flowsim.scenarios import ScenarioError, scenario_from_dict
from tests.model.days import BASE, clinic, times

LATE = {"open": "16:00", "close": "25:00"}


def test_a_late_session_is_booked_and_played_past_midnight() -> None:
    scenario = clinic(
        clinic=LATE,
        providers={"dr_a": {"sessions": [{"start": "23:30", "end": "24:30"}]}},
    )
    table = book_table(scenario)
    assert table["time"].tolist() == ["23:30", "24:00"]
    assert table["time_min"].tolist() == [450, 480]
    log = simulate(scenario, 1, 0)
    # patient 1 (00:00 after midnight): rooming 480-485, exam 485-495
    assert [times(log, 1, "rooming")[e] for e in ("start", "end")] == [480, 485]
    assert [times(log, 1, "exam")[e] for e in ("start", "end")] == [485, 495]


def test_a_session_past_close_is_refused_with_its_field() -> None:
    data = {**BASE, "clinic": LATE, "providers": {"dr_a": {"sessions": [{"start": "24:00", "end": "25:30"}]}}}
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)
    assert ("providers.dr_a.sessions", "sessions must lie within opening hours 16:00-25:00") in caught.value.problems


def test_close_before_open_is_still_refused() -> None:
    data = {**BASE, "clinic": {"open": "16:00", "close": "15:00"}}
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)
    assert any(field == "clinic" and "must be after open" in message for field, message in caught.value.problems)
