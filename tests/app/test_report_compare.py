"""The comparison behind the Compare page: the app's defaults and its tables."""

from __future__ import annotations

import pandas as pd
import pytest

from flowsim.experiment import run_experiment
from flowsim.report import day_events, default_reps, default_workers, run_comparison, stopwatch_sheet
from flowsim.scenarios import with_changes
from tests.app.clinic import small_clinic


def test_replications_come_from_the_url_then_the_environment_then_100() -> None:
    assert default_reps({}, {}) == 100
    assert default_reps({"FLOWSIM_APP_REPS": "7"}, {}) == 7
    assert default_reps({"FLOWSIM_APP_REPS": "7"}, {"reps": "12"}) == 12
    assert default_reps({"FLOWSIM_APP_REPS": "lots"}, {"reps": "-3"}) == 100
    assert default_reps({"FLOWSIM_APP_REPS": "1"}, {}) == 2  # a paired interval needs two days


def test_workers_come_from_the_environment() -> None:
    assert default_workers({"FLOWSIM_APP_WORKERS": "1"}) == 1
    assert default_workers({"FLOWSIM_APP_WORKERS": "3"}) == 3


def test_the_app_s_comparison_and_day_are_the_library_s(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOWSIM_APP_WORKERS", "1")  # worker processes are exercised by the browser test
    baseline = small_clinic()
    pooled = with_changes(baseline, {"name": "pooled", "exam_rooms.policy": "pooled"})
    jsons = (baseline.model_dump_json(), pooled.model_dump_json())
    ran = run_comparison(jsons, seed=3, reps=2, runner=None)
    expected = run_experiment([baseline, pooled], reps=2, seed=3, workers=1)
    assert ran.comparison is not None and expected.comparison is not None
    pd.testing.assert_frame_equal(ran.comparison, expected.comparison)
    pd.testing.assert_frame_equal(ran.kpis, expected.kpis)
    for shown, run in zip(day_events(jsons, seed=3, rep=1), (expected.events, expected.resource_events), strict=True):
        pd.testing.assert_frame_equal(
            shown.reset_index(drop=True), run[run["rep"] == 1].reset_index(drop=True), check_categorical=False
        )
    sheet = stopwatch_sheet(ran.visits, "pooled", 1)
    assert len(sheet) == ((ran.visits["scenario"] == "pooled") & (ran.visits["rep"] == 1)).sum()
    assert "scenario" not in sheet.columns and "rep" not in sheet.columns


def test_the_stopwatch_sheet_puts_clock_times_first() -> None:
    visits = pd.DataFrame(
        {
            "scenario": ["a", "a", "b"],
            "rep": [0, 0, 0],
            "patient_id": [0, 1, 0],
            "arrival_min": [5.04, float("nan"), 1.0],
            "provider_start_min": [30.0, float("nan"), 2.0],
            "departure_min": [61.25, float("nan"), 3.0],
        }
    )
    sheet = stopwatch_sheet(visits, "a", 0, open_clock="08:30")
    assert list(sheet.columns[:3]) == ["arrived", "seen_by_provider", "left"]
    assert sheet["arrived"].tolist() == ["08:35", ""]
    assert sheet["left"].tolist() == ["09:31", ""]
    assert sheet["arrival_min"].tolist()[0] == 5.0


def test_download_files_are_the_comparison_s_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from flowsim.report import comparison_figures, comparison_files

    monkeypatch.setenv("FLOWSIM_APP_WORKERS", "1")
    baseline = small_clinic()
    pooled = with_changes(baseline, {"name": "pooled", "exam_rooms.policy": "pooled"})
    ran = run_comparison((baseline.model_dump_json(), pooled.model_dump_json()), seed=2, reps=2)
    files = comparison_files(ran)
    assert ran.comparison is not None
    assert files.comparison_csv == ran.comparison.to_csv(index=False)
    assert files.kpis_csv == ran.kpis.to_csv(index=False)
    pd.testing.assert_frame_equal(pd.read_parquet(io.BytesIO(files.visits_parquet)), ran.visits)
    assert "pooled compared with small_practice" in files.summary_html
    figures = comparison_figures(ran)
    assert list(figures) == ["places", "waits", "forest", "occupancy", "tradeoff"]
    assert [trace.name for trace in figures["waits"].data] == ["small_practice", "pooled"]


def test_the_comparison_s_figures_speak_of_designs_not_scenarios(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app says "design" (the Design picker, the wait-by-place legend); the figures' words agree."""
    import json

    from flowsim.report import comparison_figures

    monkeypatch.setenv("FLOWSIM_APP_WORKERS", "1")
    baseline = small_clinic()
    pooled = with_changes(baseline, {"name": "pooled", "exam_rooms.policy": "pooled"})
    figures = comparison_figures(run_comparison((baseline.model_dump_json(), pooled.model_dump_json()), 2, 2))
    for name, figure in figures.items():
        words = json.dumps(figure.layout.to_plotly_json(), default=str).lower()
        assert "scenario" not in words, name  # titles, axes, legends and annotations
    assert figures["waits"].layout.xaxis.title.text == "Design"
    assert figures["tradeoff"].layout.legend.title.text == "Design"
