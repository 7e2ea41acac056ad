"""Start from your data: upload an export, check the columns, fit, see the back-validation, use it.

The manager drops her EHR export (or stopwatch sheet) here. The page shows which column
became what (she can correct any line), every row left out and why, then fits the
clinic with the current clinic as the base, compares it with her observed days, and on
request makes the fitted clinic "your clinic" for the other tabs. Identifying columns are
dropped when the sheet is read: the page never shows a cell of them. Uploaded files are
saved under neutral names ("sheet 1.csv"), since file names can carry a patient's name.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

from flowsim.app_pages.clinic_map import CHOSEN
from flowsim.observed import FIELDS, ColumnMap, ObservedDataError, mapping_from_dict, read_observed
from flowsim.observed.synthetic import ehr_export
from flowsim.scenarios import Scenario, ScenarioError

if TYPE_CHECKING:
    from flowsim.calibrate import FitResult

_ROLES = [*FIELDS, "ignore", "identifier"]
_EXAMPLE_DAYS = 10


def _folder() -> Path:
    if "data_folder" not in st.session_state:
        st.session_state["data_folder"] = tempfile.mkdtemp(prefix="flowsim-data-")
    return Path(st.session_state["data_folder"])


def _saved_uploads(uploads: list[Any]) -> list[Path]:
    paths = []
    for i, upload in enumerate(uploads, start=1):
        path = _folder() / f"sheet {i}{Path(upload.name).suffix.lower()}"
        path.write_bytes(upload.getvalue())
        paths.append(path)
    return paths


def _example(baseline: Scenario) -> list[Path]:
    """Ten simulated days of the current clinic as an EHR export, to try the page without data."""
    from flowsim.experiment import run_experiment

    visits = run_experiment(baseline, reps=_EXAMPLE_DAYS, seed=7, workers=1, keep_events=False).visits
    path = _folder() / "example export.csv"
    ehr_export(visits, baseline.clinic.open, noise_min=0.5, seed=7).to_csv(path, index=False)
    return [path]


def your_data_page(baseline: Scenario) -> None:
    """The whole page; ``baseline`` supplies what timestamps cannot (rooms, staff, sessions, pathways)."""
    st.subheader("Start from your data")
    st.caption(
        "Upload a month of visit timestamps from your scheduling system (or your stopwatch sheet): CSV, Excel or "
        "parquet. Names, record numbers and birth dates are dropped as the file is read."
    )
    uploads = st.file_uploader(
        "Your export", type=["csv", "xlsx", "parquet"], accept_multiple_files=True, key="data_upload"
    )
    if uploads:
        st.session_state["data_paths"] = [str(p) for p in _saved_uploads(list(uploads))]
    if st.button("No data at hand? Try an example export", key="data_example"):
        st.session_state["data_paths"] = [str(p) for p in _example(baseline)]
        st.session_state.pop("data_roles", None)
    paths = [Path(p) for p in st.session_state.get("data_paths", [])]
    if not paths:
        st.info("Upload an export, or try the example, to fit your clinic.")
        return
    readable, mapping = _mapping_editor(paths)
    if not readable:
        return
    days = int(st.number_input("Simulated days for the check", 10, 500, 60, 10, key="data_days"))
    if st.button("Fit my clinic", key="data_fit", type="primary"):
        from flowsim.calibrate import fit  # here: fitting needs scipy.stats, ~1 s to import, which no other page needs

        try:
            with st.spinner("Fitting and checking against your days..."):
                st.session_state["data_result"] = fit(paths, mapping=mapping, base=baseline, days=days, workers=1)
        except (ObservedDataError, ScenarioError) as error:
            st.error("The data could not be fitted:")
            st.code("\n".join(error.lines()), language=None)
            return
    result: FitResult | None = st.session_state.get("data_result")
    if result is not None:
        _show_result(result)


def _mapping_editor(paths: list[Path]) -> tuple[bool, ColumnMap | None]:
    """The preview as an editable table (column -> what it became); whether the sheets could be read, and the
    mapping the manager's corrections make (None for none)."""
    roles: dict[str, str] = st.session_state.get("data_roles", {})
    mapping = mapping_from_dict({"columns": roles}) if roles else None
    try:
        sheet = read_observed(paths, mapping=mapping)
    except ObservedDataError as error:
        st.error("The export could not be read:")
        st.code("\n".join(error.lines()), language=None)
        return False, None
    st.markdown("**What was read.** Correct the *became* column where a header was misread.")
    table = sheet.preview.assign(
        became=sheet.preview["became"].replace({"dropped: identifies a patient": "identifier", "not used": "ignore"})
    )
    edited = st.data_editor(
        table[["column", "became", "read_as"]],
        column_config={"became": st.column_config.SelectboxColumn("became", options=_ROLES, required=True)},
        disabled=["column", "read_as"],
        hide_index=True,
        key="data_preview",
    )
    changed = {str(c): str(b) for c, b, old in zip(edited["column"], edited["became"], table["became"], strict=True)
               if b != old}  # fmt: skip
    if changed:
        st.session_state["data_roles"] = {**roles, **changed}
        st.rerun()
    st.caption(f"{len(sheet.visits)} visits on {len(sheet.days)} day(s); clinic opens {sheet.clinic_open}.")
    if sheet.problems:
        st.warning(f"{len(sheet.problems)} problem(s): these rows were left out or are doubtful.")
        st.code("\n".join(sheet.problems), language=None)
    return True, mapping


def _show_result(result: FitResult) -> None:
    from flowsim.calibrate.report import wait_figures

    table = result.backtest.table
    counts = table["verdict"].value_counts()
    st.markdown(
        f"**Back-validation** over {result.backtest.days} simulated days: "
        + ", ".join(f"{n} {verdict}" for verdict, n in counts.items())
    )
    headline = table[table["kpi"] == "wait_for_provider_min_mean"]
    if not headline.empty:
        row = headline.iloc[0]
        st.metric("Mean wait for the provider: observed vs fitted clinic", f"{row['observed']:.1f} min",
                  f"{row['simulated'] - row['observed']:+.1f} min simulated", delta_color="off")  # fmt: skip
    for i, figure in enumerate(wait_figures(result)):
        st.plotly_chart(figure, key=f"data_wait_{i}")
    st.dataframe(table, hide_index=True, key="data_backtest")
    st.markdown("**Fitted values** (n and 95% interval each; *from base* and *inferred* values are not in your data)")
    st.dataframe(result.fit_table(), hide_index=True, key="data_fit_table")
    folder = result.write(_folder() / "fit", force=True)  # the same files as `flowsim fit --out`
    for name in ("scenario.yaml", "fit.csv", "backtest.csv", "report.html"):
        st.download_button(f"Download {name}", (folder / name).read_bytes(), file_name=name,
                           key=f"data_download_{name}")  # fmt: skip
    if st.button("Make this my clinic", key="data_use"):
        st.session_state[CHOSEN] = result.scenario.model_dump_json()
        st.rerun()
    if st.session_state.get(CHOSEN) == result.scenario.model_dump_json():
        st.success("This fitted clinic is now 'your clinic': the other tabs redesign it.")
