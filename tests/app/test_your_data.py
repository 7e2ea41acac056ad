"""Start from your data: read, correct the columns, fit, check, make it "your clinic" — and show no identifier."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.calibrate.clinics import export, truth_scenario

DATA_TAB = 3


def page_text(at: AppTest) -> str:
    """Everything the page shows as text, tables included."""
    parts = [str(e.value) for kind in ("markdown", "caption", "code", "warning", "error", "info", "success")
             for e in getattr(at, kind)]  # fmt: skip
    parts += [str(m.value) + str(m.label) for m in at.metric]
    parts += [frame.value.to_csv() for frame in at.dataframe]
    return "\n".join(parts)


@pytest.fixture
def sheet_with_identifiers(tmp_path: Path) -> Iterator[Path]:
    frame = export(truth_scenario(), days=4, seed=3)
    frame.insert(0, "Patient Name", [f"Lovelace Ada {i}" for i in range(len(frame))])
    frame.insert(1, "MRN", [f"MRN{900000 + i}" for i in range(len(frame))])
    frame.insert(2, "DOB", ["1815-12-10"] * len(frame))
    frame = frame.rename(columns={"Arrived": "Pt In Lobby"})  # a header nobody could guess
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    yield path


def test_the_example_is_fitted_checked_and_becomes_your_clinic(app: AppTest) -> None:
    assert [t.label for t in app.tabs][DATA_TAB] == "Start from your data"
    app.button(key="data_example").click().run()
    app.number_input(key="data_days").set_value(10).run()
    app.button(key="data_fit").click().run()
    assert not app.exception, [e.value for e in app.exception]
    text = page_text(app)
    assert "**Back-validation** over 10 simulated days:" in text and "agrees" in text
    assert [b.label for b in app.get("download_button")][-4:] == [
        "Download scenario.yaml", "Download fit.csv", "Download backtest.csv", "Download report.html"]  # fmt: skip
    assert len(app.tabs[DATA_TAB].get("plotly_chart")) == 4  # the headline wait; check-in, rooming and exam waits
    app.button(key="data_use").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.tabs[0].subheader[0].value == "Your clinic: Your clinic"
    assert "From your data" in app.tabs[0].caption[0].value


def test_columns_are_corrected_and_no_identifier_is_shown(app: AppTest, sheet_with_identifiers: Path) -> None:
    app.session_state["data_paths"] = [str(sheet_with_identifiers)]
    app.run()
    preview = app.tabs[DATA_TAB].dataframe[0].value.set_index("column")["became"]
    assert preview["Pt In Lobby"] == "ignore" and preview["MRN"] == preview["Patient Name"] == "identifier"
    app.session_state["data_roles"] = {"Pt In Lobby": "arrival"}  # what choosing "arrival" in the table does
    app.run()
    assert app.tabs[DATA_TAB].dataframe[0].value.set_index("column")["became"]["Pt In Lobby"] == "arrival"
    app.number_input(key="data_days").set_value(10).run()
    app.button(key="data_fit").click().run()
    assert not app.exception, [e.value for e in app.exception]
    text = page_text(app)
    assert "Back-validation" in text and "punctuality" in text  # arrivals were read: punctuality was fitted
    for fragment in ("Lovelace", "MRN9", "1815-12-10"):
        assert fragment not in text


def test_an_unreadable_export_is_an_error_on_the_page(app: AppTest, tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    pd.DataFrame({"Patient": ["Jane Roe"], "Remark": ["<b>bold</b>"]}).to_csv(path, index=False)
    app.session_state["data_paths"] = [str(path)]
    app.run()
    assert not app.exception
    assert app.error[0].value == "The export could not be read:"
    assert "no column was recognised as a time" in app.code[0].value and "Jane" not in page_text(app)
