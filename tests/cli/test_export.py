"""``flowsim export excel|vidigi|eventlog RUN_DIR``: files another tool opens, one clear line on bad input."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from flowsim.cli import app
from flowsim.results import catalogue
from flowsim.results.workbook import sheet_names
from tests.experiment.clinics import write_tiny

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("clinics")
    base = write_tiny(folder, "=one room", rooms=1)  # a name a spreadsheet would take for a formula
    redesign = write_tiny(folder, "three_rooms", rooms=3)
    out = folder / "run"
    result = runner.invoke(
        app, ["compare", str(base), str(redesign), "--reps", "3", "--workers", "1", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_excel_has_summary_comparison_kpis_and_a_sheet_per_design(run_dir: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    result = runner.invoke(app, ["export", "excel", str(run_dir)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(run_dir / "flowsim.xlsx")
    assert book.sheetnames == ["Summary", "Comparison", "KPIs", "=one room", "three_rooms"]
    summary = pd.read_excel(run_dir / "flowsim.xlsx", sheet_name="Summary")
    assert summary["scenario"].drop_duplicates().tolist() == ["=one room", "three_rooms"]  # baseline first
    row = summary.loc[summary["kpi"] == "provider_utilisation"].iloc[0]
    assert (row["label"], row["unit"]) == (catalogue.label("provider_utilisation"), "%")
    expected = pd.read_csv(run_dir / "summary.csv")
    assert summary["mean"].tolist() == pytest.approx(expected["mean"].tolist(), nan_ok=True)
    cell = book["Summary"]["A2"]
    assert (cell.value, cell.data_type) == ("=one room", "s")  # text, not a formula
    days = pd.read_excel(run_dir / "flowsim.xlsx", sheet_name="three_rooms")
    assert days["rep"].tolist() == [0, 1, 2]
    again = runner.invoke(app, ["export", "excel", str(run_dir)])
    assert again.exit_code == 2 and "flowsim.xlsx: exists (use --force to replace it)" in again.output


def test_sheet_names_are_valid_and_distinct() -> None:
    names = sheet_names(["a/b", "x" * 40, "x" * 40, "Summary"], ["Summary"])
    assert names == ["a_b", "x" * 31, "x" * 27 + " (2)", "Summary (2)"]


def test_vidigi_export_of_one_day(run_dir: Path) -> None:
    out = run_dir.parent / "day1.csv"
    result = runner.invoke(
        app, ["export", "vidigi", str(run_dir), "--rep", "1", "--scenario", "three_rooms", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    log = pd.read_csv(out)
    assert list(log.columns) == ["entity_id", "pathway", "event_type", "event", "time", "resource", "resource_id"]
    assert set(log["event_type"]) == {"arrival_departure", "queue", "resource_use", "resource_use_end"}
    assert set(log["pathway"]) == {"routine"}
    rooms = log.loc[log["resource"] == "exam_room", "resource_id"]
    assert rooms.between(1, 3).all()
    arrivals = log.loc[log["event"] == "arrival", "entity_id"]
    assert sorted(arrivals) == sorted(log.loc[log["event"] == "depart", "entity_id"])


def test_vidigi_export_names_what_exists(run_dir: Path) -> None:
    result = runner.invoke(app, ["export", "vidigi", str(run_dir), "--rep", "7"])
    assert result.exit_code == 2
    assert (
        "no events for scenario '=one room', rep 7: scenarios ['=one room', 'three_rooms'], reps 0..2" in result.output
    )


def test_eventlog_csv_and_xes(run_dir: Path) -> None:
    csv = run_dir.parent / "log.csv"
    result = runner.invoke(app, ["export", "eventlog", str(run_dir), "--date", "2026-03-02", "--out", str(csv)])
    assert result.exit_code == 0, result.output
    log = pd.read_csv(csv)
    assert log.columns[:5].tolist() == [
        "case:concept:name",
        "concept:name",
        "lifecycle:transition",
        "time:timestamp",
        "org:resource",
    ]
    assert (
        log["time:timestamp"]
        .str.startswith(("2026-03-02 08:", "2026-03-03 08:", "2026-03-04 08:", "2026-03-02 09:"))
        .any()
    )
    pm4py = pytest.importorskip("pm4py")
    xes = run_dir.parent / "log.xes"
    result = runner.invoke(app, ["export", "eventlog", str(run_dir), "--xes", "--out", str(xes)])
    assert result.exit_code == 0, result.output
    read_back = pm4py.read_xes(str(xes))
    assert len(read_back) == len(log)
    assert read_back["case:concept:name"].nunique() == log["case:concept:name"].nunique()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["excel", "nowhere"], "nowhere: not a folder (expected the --out folder of flowsim run or compare)"),
        (["eventlog", "{run}", "--date", "March"], "--date: expected a date YYYY-MM-DD, got 'March'"),
    ],
)
def test_bad_input_is_one_line(run_dir: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["export", *(a.format(run=run_dir) for a in args)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
