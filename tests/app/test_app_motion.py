"""The first page's day in motion: opened on demand, the library's own animation, one plain line without vidigi."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from flowsim import report
from flowsim.app_pages.day_in_motion import NOT_INSTALLED
from flowsim.report.paths import bundled_scenario
from flowsim.scenarios import load_scenario
from tests.app.conftest import APP_FILE, in_process_app

BASELINE = load_scenario(bundled_scenario())
SEED = 1


def chart_keys(at: AppTest) -> list[str]:
    return [c.key for c in at.tabs[0].get("plotly_chart")]


def test_the_day_in_motion_waits_until_she_opens_it(app: AppTest) -> None:
    assert chart_keys(app) == ["fig_clinic_day"]  # the first page draws no animation
    assert app.toggle(key="motion_show").value is False


def test_opened_it_is_the_library_s_animation_of_the_same_day(app: AppTest) -> None:
    pytest.importorskip("vidigi")
    app.toggle(key="motion_show").set_value(True).run()
    assert not app.exception, [e.value for e in app.exception]
    assert chart_keys(app) == ["fig_clinic_day", "fig_day_in_motion"]  # the Gantt stays
    spec = json.loads(app.tabs[0].get("plotly_chart")[1].proto.spec)
    expected = report.simulated_day_in_motion(BASELINE, SEED, rep=0)
    assert [f["name"] for f in spec["frames"]] == [f.name for f in expected.frames]
    at_ten = next(i for i, f in enumerate(expected.frames) if f.name == "10:00")
    shown = [point for trace in spec["frames"][at_ten]["data"] for point in trace.get("customdata", [])]
    library = json.loads(expected.to_json())["frames"][at_ten]["data"]
    assert shown == [point for trace in library for point in trace.get("customdata", [])]
    assert any(point[2] == "rooming_wait_begins" for point in shown)  # somebody is in the waiting room at 10:00
    assert spec["layout"]["updatemenus"][0]["buttons"][0]["method"] == "animate"  # the play button


@pytest.fixture
def app_without_vidigi(monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    in_process_app(monkeypatch)
    monkeypatch.setattr("flowsim.app_pages.day_in_motion.vidigi_installed", lambda: False)
    at = AppTest.from_file(str(APP_FILE), default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    yield at


def test_without_vidigi_one_plain_line_and_the_gantt(app_without_vidigi: AppTest) -> None:
    at = app_without_vidigi
    assert NOT_INSTALLED in [c.value for c in at.tabs[0].caption]
    assert chart_keys(at) == ["fig_clinic_day"]
    assert len(at.toggle) == 0


def test_the_typical_day_names_providers_and_rooms_as_people_do(app: AppTest) -> None:
    spec = json.loads(app.tabs[0].get("plotly_chart")[0].proto.spec)
    lanes = spec["layout"]["yaxis"]["categoryarray"]
    assert lanes == ["Dr Garcia", "Dr Nguyen", "Dr Patel", "NP Kim", *(f"Exam room {n}" for n in range(1, 9))]
    assert {y for trace in spec["data"] for y in trace["y"]} <= set(lanes)
