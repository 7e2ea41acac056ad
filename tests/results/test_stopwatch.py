"""An observed stopwatch sheet is read into the visits shape, without patient identifiers."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from flowsim.results import ClinicFacts, day_kpis, read_stopwatch

SHEET = pd.DataFrame(
    {
        "Patient Name": ["Ada Lovelace", "Alan Turing", "Grace Hopper"],
        "MRN": ["MRN-0012345", "MRN-0099999", "MRN-0042424"],
        "Date of Birth": ["1815-12-10", "1912-06-23", "1906-12-09"],
        "patient_id": ["MRN-0012345", "MRN-0099999", "MRN-0042424"],
        "notes": ["anxious", "", "came with daughter"],
        "visit_type": ["new", "follow_up", "acute"],
        "provider": ["dr_a", "dr_a", "dr_a"],
        "appointment_min": [0.0, 20.0, None],
        "arrival_min": [-5.0, 22.0, 10.0],
        "check_in_queue_min": [-5.0, 22.0, 10.0],
        "check_in_start_min": [0.0, 22.0, 10.0],
        "check_in_end_min": [3.0, 25.0, 13.0],
        "exam_queue_min": [3.0, 25.0, 13.0],
        "exam_start_min": [4.0, 31.0, None],
        "exam_end_min": [18.0, 45.0, None],
        "roomed_min": [4.0, 31.0, None],
        "provider_start_min": [4.0, 31.0, None],
        "departure_min": [18.0, 45.0, 40.0],
    }
)
IDENTIFYING = ("Ada", "Turing", "MRN", "1815", "daughter")


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_identifiers_are_dropped(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"week{suffix}"
    SHEET.to_csv(path, index=False) if suffix == ".csv" else SHEET.to_parquet(path)
    visits = read_stopwatch(path)
    assert not {"patient_name", "mrn", "date_of_birth", "notes"} & set(visits.columns)
    text = visits.astype(str).to_csv()
    for fragment in IDENTIFYING:
        assert fragment not in text
    assert visits["patient_id"].tolist() == [0, 1, 2]  # row numbers, not the sheet's ids


def test_kpis_of_an_observed_sheet(tmp_path: Path) -> None:
    path = tmp_path / "week.csv"
    SHEET.to_csv(path, index=False)
    visits = read_stopwatch(path, scenario="our clinic")
    assert visits["scenario"].tolist() == ["our clinic"] * 3 and visits["rep"].tolist() == [0, 0, 0]
    assert visits["kind"].tolist() == ["booked", "booked", "walk_in"]
    assert visits["outcome"].tolist() == ["seen", "seen", "left_unseen"]
    assert visits["wait_for_provider_min"].tolist()[:2] == [4.0, 9.0]  # early arrival counts from appointment
    assert visits["door_to_provider_min"].tolist()[:2] == [4.0, 9.0]  # from the door: max(-5, opening 0)
    assert visits["check_in_wait_min"].tolist() == [5.0, 0.0, 0.0]
    assert visits["exam_wait_min"].tolist() == [1.0, 6.0, 27.0]  # the walk-in left at 40 unseen
    # the walk-in sat in the waiting room from the end of check-in (13) until leaving (40)
    assert visits["waiting_room_min"].tolist() == [1.0, 6.0, 27.0]
    assert visits["arrival_min"].tolist() == [-5.0, 22.0, 10.0]  # the true arrival is kept


def test_clock_times_are_converted_from_opening(tmp_path: Path) -> None:
    sheet = pd.DataFrame(
        {"Arrival_min": ["08:05"], "Appointment_min": ["08:00"], "provider_start_min": ["08:20"],
         "departure_min": ["08:40"]}
    )  # fmt: skip
    path = tmp_path / "clock.csv"
    sheet.to_csv(path, index=False)
    with pytest.raises(ValueError, match="clinic_open"):
        read_stopwatch(path)
    row = read_stopwatch(path, clinic_open="08:00").iloc[0]
    assert (row["arrival_min"], row["wait_for_provider_min"], row["time_in_clinic_min"]) == (5.0, 15.0, 35.0)


def test_unknown_file_type(tmp_path: Path) -> None:
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(b"")
    with pytest.raises(ValueError, match=r"csv or \.parquet"):
        read_stopwatch(path)


def test_day_kpis_of_an_observed_sheet(tmp_path: Path) -> None:
    path = tmp_path / "week.csv"
    SHEET.to_csv(path, index=False)
    visits = read_stopwatch(path, scenario="our clinic")
    facts = ClinicFacts(close_min=40.0, sessions={"dr_a": ((0.0, 40.0),)}, rooms=2)
    row = day_kpis(visits, None, facts).iloc[0]
    assert (row["scenario"], row["rep"], row["seen"], row["left_unseen"], row["walk_ins"]) == ("our clinic", 0, 2, 1, 1)
    assert row["wait_for_provider_min_mean"] == 6.5
    assert row["waiting_room_min_mean"] == 3.5  # over the two seen: 1, 6
    assert row["left_unseen_pct"] == pytest.approx(100 / 3)
    assert row["left_unseen_wait_min_mean"] == 30.0  # the walk-in, in at 10, gone at 40
    assert row["seen_within_15_pct"] == 100.0
    assert row["clinic_overtime_min"] == 5.0  # last patient left at 45
    assert row["wait_share_exam"] == pytest.approx(100 * 34 / 39)  # exam waits 1 + 6 + 27 of 39 minutes
    assert math.isnan(row["provider_utilisation"])  # unknown without an event log
