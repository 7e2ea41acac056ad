"""The stopwatch sheet as the app shows it: the same numbers, in the words people use."""

from __future__ import annotations

import pandas as pd

from flowsim.app_pages.sheet import readable_sheet
from flowsim.report.paths import bundled_scenario
from flowsim.scenarios import load_scenario

CLINIC = load_scenario(bundled_scenario())


def _sheet() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "arrived": ["08:05", ""],
            "patient_id": [1, 0],
            "visit_type": ["new_patient", "follow_up"],
            "provider": ["dr_patel", "np_kim"],
            "kind": ["walk_in", "booked"],
            "appointment_min": [15.0, 0.0],
            "outcome": ["seen", "no_show"],
            "check_in_queue_min": [5.9, None],
            "lab_draw_end_min": [70.0, None],
            "roomed_min": [9.0, None],
            "wait_for_provider_min": [8.1, None],
            "lab_draw_wait_min": [1.5, None],
        }
    )


def test_columns_and_names_are_in_words_and_the_numbers_stay() -> None:
    sheet = _sheet()
    shown = readable_sheet(sheet)
    assert list(shown.columns) == [
        "Arrived",
        "Patient",
        "Visit type",
        "Provider",
        "Booked or walk-in",
        "Appointment (min)",
        "Outcome",
        "Check-in: joined the line (min)",
        "Lab draw: ended (min)",
        "Roomed (min)",
        "Wait for the provider (min)",
        "Wait for lab draw (min)",
    ]
    assert shown["Provider"].tolist() == ["Dr Patel", "NP Kim"]
    assert shown["Visit type"].tolist() == ["new patient", "follow up"]
    assert shown["Booked or walk-in"].tolist() == ["walk-in", "booked"]
    assert shown["Outcome"].tolist() == ["seen", "no show"]
    numbers = [i for i, c in enumerate(sheet.columns) if c.endswith("_min") or c == "patient_id"]
    assert shown.iloc[:, numbers].equals(sheet.iloc[:, numbers].set_axis(shown.columns[numbers], axis=1))
    assert sheet.columns[0] == "arrived" and sheet["provider"][0] == "dr_patel"  # the sheet itself is left as it was


def test_every_column_of_a_real_sheet_gets_words() -> None:
    from flowsim.experiment import run_experiment
    from flowsim.report import stopwatch_sheet

    ran = run_experiment([CLINIC], reps=1, seed=1, workers=1, keep_events=False)
    shown = readable_sheet(stopwatch_sheet(ran.visits, CLINIC.name, 0, CLINIC.clinic.open))
    assert not [c for c in shown.columns if "_" in c or c != c.strip()]
    assert len(set(shown.columns)) == len(shown.columns)
