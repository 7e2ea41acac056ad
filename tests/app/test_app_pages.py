"""The app under AppTest: change a widget, run, and see the library's own numbers for the same inputs."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from flowsim import report, viz
from flowsim.app_pages import clinic_map, controls, uploads
from flowsim.app_pages.sheet import readable_sheet
from flowsim.experiment import run_experiment
from flowsim.report.paths import bundled_scenario
from flowsim.scenarios import ScenarioError, load_scenario, with_changes
from tests.app.conftest import APP_FILE, TEST_REPS, shipped_settings, shown

BASELINE = load_scenario(bundled_scenario())
SEED = 1


def headlines(at: AppTest) -> list[str]:
    return [shown(m.value) for m in at.markdown if m.value.startswith("- ")]


def expected_headlines(*redesigns: object) -> list[str]:
    experiment = run_experiment([BASELINE, *redesigns], reps=TEST_REPS, seed=SEED, workers=1, keep_events=False)
    assert experiment.comparison is not None
    return [
        f"- {sentence} — *{word}*"
        for scenario in experiment.scenarios[1:]
        for sentence, word in report.key_differences(experiment.comparison, scenario.name)
    ]


def test_your_clinic_shows_the_baseline_in_words_and_its_book(app: AppTest) -> None:
    texts = [shown(m.value) for m in app.markdown]
    for topic, text in report.describe_scenario(BASELINE).items():
        assert f"**{topic}.** {text}" in texts
    book = app.tabs[0].dataframe[0].value
    expected = report.book_table(BASELINE, seed=SEED, rep=0).drop(columns=["time_min"])
    pd.testing.assert_frame_equal(book.reset_index(drop=True), expected)


def test_the_first_page_shows_a_normal_day_map_and_day_before_anything_is_changed(app: AppTest) -> None:
    ran = run_experiment([BASELINE], reps=TEST_REPS, seed=SEED, workers=1, keep_events=False)
    expected = report.clinic_today(ran.summary, BASELINE.name)
    shown_metrics = [(m.label, m.value, m.help) for m in app.tabs[0].metric]
    assert sorted(shown_metrics) == sorted((f.label, f.value, f.interval) for f in expected)  # 3 columns, 2 rows
    assert shown_metrics[0][0] == "Average wait for the provider"
    assert report.bottleneck_sentence(ran.summary, BASELINE) in [shown(m.value) for m in app.tabs[0].markdown]
    charts = [c.key for c in app.tabs[0].get("plotly_chart")]
    assert charts == ["fig_clinic_day"]  # the process map is SVG (drawn before plotly's script has loaded)
    svg = viz.process_map_svg(report.pathway_table(BASELINE))
    assert clinic_map.map_markdown(svg) in [m.value for m in app.tabs[0].markdown]  # the map, as an image


def test_the_map_is_an_image_whose_text_cannot_act_as_markup() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>"><script>alert(1)</script></text></svg>'
    html = clinic_map.map_markdown(svg)
    match = re.fullmatch(
        r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="([^"<>]+)" style="width: 100%">', html
    )
    assert match is not None, html
    assert base64.b64decode(match[1]).decode() == svg


def test_pooled_rooms_compared_with_the_library_numbers(app: AppTest) -> None:
    assert app.info[0].value.startswith("Change something")  # nothing to compare yet
    app.selectbox(key="rd_room_policy").set_value("pooled").run()
    assert "Rooms: each provider uses only their own rooms → any provider can use any free room" in " ".join(
        shown(m.value) for m in app.markdown
    )
    app.button(key="cmp_run").click().run()
    assert not app.exception, [e.value for e in app.exception]
    pooled = with_changes(
        BASELINE,
        {"exam_rooms.policy": "pooled", "name": "redesign_1", "description": f"A redesign of {BASELINE.name}."},
    )
    assert headlines(app) == expected_headlines(pooled)
    days = f"compared with {BASELINE.name} over the same {TEST_REPS} simulated days (seed {SEED})"
    assert days in [shown(c.value) for c in app.caption]  # the seed: the CLI's --seed gives the same days
    charts = [c.key for c in app.get("plotly_chart")]
    assert charts == ["fig_clinic_day", "fig_places", "fig_waits", "fig_forest", "fig_occupancy",
                      "fig_tradeoff", "fig_timeline"]  # fmt: skip
    labels = [b.label for b in app.get("download_button")]
    assert labels == [
        "One-page summary (HTML)",
        "Comparison (CSV)",
        "Results per day (CSV)",
        "Stopwatch sheets (parquet)",
    ]


def test_the_stopwatch_sheet_is_the_chosen_day_of_the_chosen_design(app: AppTest) -> None:
    app.number_input(key="rd_room_count").set_value(12).run()
    app.button(key="cmp_run").click().run()
    app.selectbox(key="cmp_design").set_value("redesign_1").run()
    app.number_input(key="cmp_day").set_value(1).run()
    sheet = app.tabs[2].dataframe[0].value
    more_rooms = with_changes(
        BASELINE, {"exam_rooms.count": 12, "name": "redesign_1", "description": f"A redesign of {BASELINE.name}."}
    )
    experiment = run_experiment([BASELINE, more_rooms], reps=TEST_REPS, seed=SEED, workers=1, keep_events=False)
    expected = readable_sheet(report.stopwatch_sheet(experiment.visits, "redesign_1", 1, BASELINE.clinic.open))
    pd.testing.assert_frame_equal(sheet.reset_index(drop=True), expected, check_dtype=False, check_categorical=False)


def test_impossible_rooms_are_explained_and_not_run(app: AppTest) -> None:
    app.number_input(key="rd_room_count").set_value(3).run()
    assert [shown(w.value) for w in app.warning] == [
        "With dedicated rooms every provider needs a room of their own: 3 rooms for 4 providers. "
        "Add rooms, or choose pooled or flex rooms."
    ]
    assert not app.get("button") or all(b.key != "cmp_run" for b in app.button)
    app.selectbox(key="rd_room_policy").set_value("pooled").run()
    assert not app.warning
    assert any(b.key == "cmp_run" for b in app.button)


def test_saving_sets_the_controls_back_to_the_clinic(app: AppTest) -> None:
    app.selectbox(key="rd_room_policy").set_value("pooled").run()
    app.number_input(key="rd_room_count").set_value(10).run()
    app.button(key="rd_save").click().run()
    assert app.selectbox(key="rd_room_policy").value == "dedicated"
    assert app.number_input(key="rd_room_count").value == 8
    assert "**Changes from your clinic:** none yet" in [m.value for m in app.markdown]
    app.number_input(key="rd_staff_ma").set_value(4).run()  # the next redesign does not stack on the first
    assert "**Changes from your clinic:** Medical assistants\\: 3 → 4" in [m.value for m in app.markdown]


def test_saved_redesigns_are_compared_together(app: AppTest) -> None:
    app.selectbox(key="rd_room_policy").set_value("pooled").run()
    app.button(key="rd_save").click().run()
    assert app.text_input(key="rd_name").value == "redesign_2"
    app.number_input(key="rd_staff_ma").set_value(4).run()
    app.button(key="rd_save").click().run()
    assert [b.label for b in app.get("download_button")] == ["Download as YAML", "Download as YAML"]
    app.button(key="cmp_run").click().run()
    description = {"description": f"A redesign of {BASELINE.name}."}
    pooled = with_changes(BASELINE, {"exam_rooms.policy": "pooled", "name": "redesign_1", **description})
    more_mas = with_changes(BASELINE, {"staff.ma.count": 4, "name": "redesign_2", **description})
    assert headlines(app) == expected_headlines(pooled, more_mas)


def test_a_bad_upload_shows_the_validate_messages_and_the_app_keeps_running(app: AppTest) -> None:
    bad = b"extends: family_practice.yaml\nname: typo\nexam_rooms: {cuont: 3}\n"
    app.file_uploader(key="rd_upload").set_value(("typo.yaml", bad, "application/x-yaml")).run()
    assert not app.exception
    with pytest.raises(uploads.UploadError) as caught:  # the lines `flowsim validate` prints (test_report_uploads)
        uploads.load_upload(bad, "typo.yaml", str(bundled_scenario()), BASELINE)
    lines = caught.value.lines
    assert len(app.error) == 1
    for line in lines:
        assert line in shown(app.error[0].value)
    assert "typo.yaml: exam_rooms.cuont: unknown field 'cuont' (did you mean 'count'?)" in shown(app.error[0].value)
    app.number_input(key="rd_room_count").set_value(12).run()  # still working
    assert "Exam rooms: 8 → 12" in " ".join(shown(m.value) for m in app.markdown)


def test_a_good_upload_becomes_a_saved_redesign(app: AppTest) -> None:
    redesign = with_changes(BASELINE, {"name": "evening_reset", "exam_rooms.turnover_min": 5})
    text = uploads.redesign_file(str(bundled_scenario()), BASELINE, redesign)
    app.file_uploader(key="rd_upload").set_value(("evening_reset.yaml", text.encode(), "application/x-yaml")).run()
    assert not app.error
    saved = app.session_state["redesigns"]
    assert list(saved) == ["evening_reset"]
    assert saved["evening_reset"] == redesign.model_dump_json()


def test_every_redesign_control_explains_itself(app: AppTest) -> None:
    from flowsim.scenarios import ExamRooms, Schedule, StaffPool

    assert app.number_input(key="rd_room_count").help == ExamRooms.model_fields["count"].description
    assert app.selectbox(key="rd_room_policy").help == ExamRooms.model_fields["policy"].description
    assert app.selectbox(key="rd_rule").help == Schedule.model_fields["rule"].description
    assert app.number_input(key="rd_staff_ma").help == StaffPool.model_fields["count"].description
    unexplained = [w.key for w in [*app.number_input, *app.selectbox, *app.checkbox] if not w.help]
    assert unexplained == []


def test_a_bad_baseline_file_is_reported_in_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "clinic.yaml"
    bad.write_text("name: x\nexam_rooms: {cuont: 3}\n", encoding="utf-8")
    shipped_settings(monkeypatch)
    monkeypatch.setattr("sys.argv", ["app.py", "--scenario", str(bad)])
    at = AppTest.from_file(str(APP_FILE), default_timeout=180)
    at.run()
    assert not at.exception
    with pytest.raises(ScenarioError) as caught:
        load_scenario(bad)
    assert len(at.error) == 1
    for line in caught.value.lines():
        assert line in shown(at.error[0].value)
    assert not at.tabs  # nothing else is drawn from a scenario that could not be read


def test_a_redesign_named_like_the_clinic_is_refused(app: AppTest) -> None:
    app.number_input(key="rd_room_count").set_value(12).run()
    app.text_input(key="rd_name").set_value(BASELINE.name).run()
    assert [shown(w.value) for w in app.warning] == controls.name_problems(BASELINE, BASELINE.name)
    assert app.tabs[2].info[0].value.startswith("Change something")  # nothing runnable to compare
