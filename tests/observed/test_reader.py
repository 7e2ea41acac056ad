"""Observed exports are read into the stopwatch sheet: headers, times, days, problems, identifiers."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from flowsim.observed import ObservedDataError, read_observed

EXPORT = pd.DataFrame(
    {
        "Patient Name": ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"],
        "MRN": ["MRN-0012345", "MRN-0099999", "MRN-0042424", "MRN-0077777"],
        "DOB": ["1815-12-10", "1912-06-23", "1906-12-09", "1930-05-11"],
        "Visit Date": ["2026-03-02", "2026-03-02", "2026-03-03", "2026-03-03"],
        "Appt Time": ["08:00", "08:15", "8:00 AM", "08:30"],
        "Arrived": ["07:55", "08:20", "07:58", ""],
        "Check-in Complete": ["07:58", "08:22", "08:01", ""],
        "Roomed": ["08:05", "08:30", "08:04", ""],
        "Intake Complete": ["08:10", "08:36", "08:09", ""],
        "Provider In": ["08:12", "08:40", "08:15", ""],
        "Provider Out": ["08:27", "08:52", "08:31", ""],
        "Checkout": ["08:30", "08:55", "08:33", ""],
        "Provider": ["Dr. Lee", "Dr. Lee", "NP Kim", "NP Kim"],
        "Visit Type": ["Follow Up", "New Patient", "Follow Up", "Follow Up"],
        "Appt Status": ["Completed", "Completed", "Completed", "No Show"],
        "Comments": ["anxious", "", "came with daughter", ""],
    }
)
IDENTIFYING = ("Ada", "Turing", "MRN-", "1815", "daughter", "Dijkstra")


def write(frame: pd.DataFrame, path: Path) -> Path:
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    elif path.suffix == ".xlsx":
        frame.to_excel(path, index=False)
    else:
        frame.to_parquet(path)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_an_ehr_export_becomes_the_stopwatch_sheet(tmp_path: Path, suffix: str) -> None:
    sheet = read_observed(write(EXPORT, tmp_path / f"march{suffix}"))
    visits = sheet.visits
    assert sheet.clinic_open == "08:00" and sheet.open_inferred and sheet.whole_minutes
    assert sheet.days == ("2026-03-02", "2026-03-03")
    assert visits["rep"].tolist() == [0, 0, 1, 1] and visits["patient_id"].tolist() == [0, 1, 0, 1]
    assert visits["provider"].tolist() == ["dr_lee", "dr_lee", "np_kim", "np_kim"]
    assert visits["visit_type"].tolist() == ["follow_up", "new_patient", "follow_up", "follow_up"]
    assert visits["outcome"].tolist() == ["seen", "seen", "seen", "no_show"]
    first = visits.iloc[0]
    # arrived 07:55 (-5), checked in by 07:58, roomed 08:05, intake done 08:10, provider 08:12-08:27, out 08:30
    assert (first["check_in_end_min"], first["rooming_queue_min"], first["rooming_start_min"]) == (-2.0, -2.0, 5.0)
    assert (first["exam_queue_min"], first["exam_start_min"], first["exam_end_min"]) == (10.0, 12.0, 27.0)
    assert (first["wait_for_provider_min"], first["waiting_room_min"], first["departure_min"]) == (12.0, 7.0, 30.0)
    assert visits.iloc[1]["wait_for_provider_min"] == 20.0  # late arrival: from 08:20 to 08:40
    assert math.isnan(visits.iloc[3]["wait_for_provider_min"])
    became = dict(zip(sheet.preview["column"], sheet.preview["became"], strict=True))
    assert became["Provider In"] == "provider_in" and became["Visit Date"] == "date"
    assert became["MRN"] == became["Patient Name"] == became["DOB"] == "dropped: identifies a patient"
    assert became["Comments"] == "not used"
    text = visits.astype(str).to_csv() + sheet.preview.to_csv() + "\n".join(sheet.problems)
    assert not [fragment for fragment in IDENTIFYING if fragment in text]


def test_date_times_give_days_and_many_files_are_one_study(tmp_path: Path) -> None:
    one = pd.DataFrame({"Appointment": ["2026-03-02 09:00"], "Arrival": ["2026-03-02 08:50:30"],
                        "Provider In": ["2026-03-02 09:20"], "Provider Out": ["2026-03-02 09:35"]})  # fmt: skip
    two = one.replace("2026-03-02", "2026-03-04", regex=True)
    sheet = read_observed([write(one, tmp_path / "a.csv"), write(two, tmp_path / "b.csv")], clinic_open="08:30")
    assert sheet.days == ("2026-03-02", "2026-03-04") and not sheet.open_inferred and not sheet.whole_minutes
    assert sheet.visits["arrival_min"].tolist() == [20.5, 20.5]
    assert sheet.visits["wait_for_provider_min"].tolist() == [20.0, 20.0]


def test_unreadable_times_are_reported_never_no_shows(tmp_path: Path) -> None:
    export = EXPORT.copy()
    export.loc[1, "Arrived"] = "about eight"
    export.loc[2, "Provider In"] = "n/a??"
    sheet = read_observed(write(export.drop(columns="Appt Status"), tmp_path / "m.csv"))
    assert len(sheet.visits) == 2 and "no_show" in sheet.visits["outcome"].tolist()  # only the real one
    assert any("column 'Arrived': 1 row(s) left out" in p and "rows 3" in p for p in sheet.problems)
    assert any("column 'Provider In'" in p and "rows 4" in p for p in sheet.problems)


def test_out_of_order_duplicates_cancelled_and_unknown_statuses(tmp_path: Path) -> None:
    export = pd.concat([EXPORT, EXPORT.iloc[[0]]], ignore_index=True)
    export.loc[1, "Provider Out"] = "08:35"  # before provider in (08:40)
    export.loc[2, "Appt Status"] = "Rescheduled"
    export.loc[3, "Appt Status"] = "Bumped by doctor?"
    sheet = read_observed(write(export, tmp_path / "m.csv"))
    assert len(sheet.visits) == 1
    problems = "\n".join(sheet.problems)
    assert "m.csv: 1 row(s) times out of order" in problems and "rows 3" in problems
    assert "1 rescheduled or cancelled row(s) left out" in problems
    assert "unknown status ('Bumped by doctor?')" in problems
    assert "m.csv: 1 row(s) duplicate of an earlier row: left out: rows 6" in problems


def test_a_mapping_file_names_the_rest(tmp_path: Path) -> None:
    export = pd.DataFrame({"Sched": ["08:00"], "Pt In Lobby": ["08:05"], "Doc Start": ["08:30"], "Doc End": ["08:45"],
                           "Result": ["Done"], "Guarantor": ["Jane Roe"]})  # fmt: skip
    path = write(export, tmp_path / "x.csv")
    with pytest.raises(ObservedDataError, match="no column was recognised as a time"):
        read_observed(path)
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        'columns: {Sched: appointment, "Pt In Lobby": arrival, "Doc Start": provider_in, "Doc End": provider_out,'
        " Result: status, Guarantor: identifier}\nstatus: {Done: seen}\nclinic_open: 07:30\n"
    )
    sheet = read_observed(path, mapping=mapping)
    assert sheet.clinic_open == "07:30"
    row = sheet.visits.iloc[0]
    assert (row["appointment_min"], row["wait_for_provider_min"], row["outcome"]) == (30.0, 25.0, "seen")
    assert "Jane" not in sheet.visits.astype(str).to_csv()
    mapping.write_text("columns: {Sched: apointment}\nstatuses: {}\n")
    with pytest.raises(ObservedDataError) as error:
        read_observed(path, mapping=mapping)
    assert error.value.lines() == [
        f"{mapping}: statuses: unknown key (did you mean 'status'?); allowed: columns, status, clinic_open",
        f"{mapping}: columns.Sched: unknown value 'apointment' (did you mean 'appointment'?); allowed: "
        "appointment, arrival, check_in_start, check_in_end, roomed, intake_end, provider_in, provider_out, "
        "checkout, provider, visit_type, date, status, ignore, identifier",
    ]


def test_flowsim_own_sheet_in_minutes_is_read_as_is(tmp_path: Path) -> None:
    own = pd.DataFrame({"appointment_min": [0.0, 15.0], "arrival_min": [-3.0, 16.0], "exam_start_min": [2.0, 30.0],
                        "exam_end_min": [14.0, 41.0], "departure_min": [16.0, 43.0], "patient_id": [7, 8]})  # fmt: skip
    sheet = read_observed(write(own, tmp_path / "own.parquet"))
    assert sheet.visits["wait_for_provider_min"].tolist() == [2.0, 14.0]
    assert sheet.visits["patient_id"].tolist() == [0, 1]


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(ObservedDataError, match=r"x\.json: cannot read \.json; use a \.csv, \.xlsx or \.parquet"):
        read_observed(tmp_path / "x.json")
    with pytest.raises(ObservedDataError, match="no such file"):
        read_observed(tmp_path / "x.csv")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(ObservedDataError, match="cannot read the file as xlsx"):
        read_observed(broken)
    clash = pd.DataFrame({"Arrived": ["08:00"], "Arrival Time": ["08:01"]})
    with pytest.raises(ObservedDataError, match="'Arrived' and 'Arrival Time' both look like arrival"):
        read_observed(write(clash, tmp_path / "clash.csv"))


def test_a_messy_export_mixed_spellings_missing_stamps_and_extra_columns(tmp_path: Path) -> None:
    messy = pd.DataFrame(
        {
            "Unnamed: 0": ["1", "2", "3", "4"],
            "Appt Date": ["03/02/2026", "2026-03-02", "2026-03-02", "2026-03-02"],
            "APPT TIME": ["8:00", "08:15:00", "8:30 AM", "1:00 PM"],
            "Arrived": ["7:55 am", "2026-03-02 08:20:30", "", "12:58"],
            "Roomed": ["08:02", "", "", "13:05"],
            "Provider In": ["08:10", "08:41", "", ""],
            "Provider Out": ["08:25", "08:50", "", ""],
            "Location": ["Main St", "Main St", "Main St", "Main St"],
            "Billing Code": ["99213", "99214", "", "99213"],
        }
    )
    sheet = read_observed(write(messy, tmp_path / "messy.csv"))
    visits = sheet.visits
    assert sheet.days == ("2026-03-02",) and sheet.problems == ()
    assert visits["appointment_min"].tolist() == [0.0, 15.0, 30.0, 300.0]
    assert visits["arrival_min"].tolist()[:2] == [-5.0, 20.5]
    # no stamps at all: a no-show; arrived and roomed but never seen: left unseen (not a no-show)
    assert visits["outcome"].tolist() == ["seen", "seen", "no_show", "left_unseen"]
    assert visits["wait_for_provider_min"].tolist()[:2] == [10.0, 20.5]
    # not roomed on record: in the waiting room until the provider came (SPEC §5, as for simulated days)
    assert visits["waiting_room_min"].iloc[1] == 20.5
    became = dict(zip(sheet.preview["column"], sheet.preview["became"], strict=True))
    assert became["Location"] == became["Billing Code"] == became["Unnamed: 0"] == "not used"
    assert became["Appt Date"] == "date"
