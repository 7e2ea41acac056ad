"""Reading an observed stopwatch sheet, keeping nothing that identifies a patient.

The practice manager's week with a stopwatch ends as a spreadsheet: one row per
patient, a column per timestamp, and often a name, a record number or a birth date she
needed at the desk. flowsim needs none of those (SPEC §8): :func:`read_stopwatch` keeps
only the columns it knows (visit type, provider, kind, outcome and the timestamps),
replaces the sheet's own patient ids by row numbers, and works out the per-patient KPIs
with the same code that serves simulated days.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from flowsim.results.columns import ID_COLUMNS, steps_from_columns, timestamp_columns
from flowsim.results.patient import patient_kpis
from flowsim.scenarios.clock import clock_to_min

_CLOCK = re.compile(r"^\s*\d{1,2}:\d{2}\s*$")


def _normalise(name: object) -> str:
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def _read_table(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix in (".csv", ".txt"):
        return pd.read_csv(path)
    raise ValueError(f"{path}: expected a .csv or .parquet stopwatch sheet, got {suffix or 'no extension'}")


def _to_minutes(column: pd.Series, name: str, clinic_open: str | None, path: Path) -> pd.Series:
    """Minutes from opening; clock times (HH:MM) are converted relative to ``clinic_open``."""
    if pd.api.types.is_numeric_dtype(column):
        return column.astype(float)
    text = column.astype("string")
    clocks = text.str.match(_CLOCK).fillna(False).to_numpy(dtype=bool)
    if clocks.any() and clinic_open is None:
        raise ValueError(f"{path}: {name} holds clock times (HH:MM); pass clinic_open to convert them to minutes")
    minutes = pd.to_numeric(text.where(~clocks), errors="coerce").astype(float)
    if clocks.any():
        opened = clock_to_min(clinic_open or "00:00")
        converted = [clock_to_min(v.strip()) - opened for v in text[clocks]]
        minutes[clocks] = np.asarray(converted, dtype=float)
    return minutes


def read_stopwatch(path: str | Path, *, scenario: str = "observed", clinic_open: str | None = None) -> pd.DataFrame:
    """Read an observed stopwatch sheet (CSV or parquet) into the shape of the visits table.

    Parameters
    ----------
    path
        A ``.csv`` or ``.parquet`` file, one row per patient. Column names are matched
        case-insensitively (spaces count as ``_``). Timestamps are minutes from opening
        or clock times ``HH:MM``.
    scenario
        Scenario name for the rows when the sheet has no ``scenario`` column.
    clinic_open
        Opening time ``HH:MM``, needed only when timestamps are clock times.

    Returns
    -------
    pandas.DataFrame
        The visits-table columns the sheet has (missing ones filled: ``rep`` 0, ``kind``
        ``booked`` if there is an appointment time else ``walk_in``, ``outcome`` ``seen``
        if the provider start is known, else ``left_unseen`` if the patient arrived, else
        ``no_show``), followed by the per-patient KPIs. Every other column (names, record
        numbers, birth dates, notes, ...) is dropped, and ``patient_id`` is replaced by the
        row number within each (scenario, rep): the sheet's own ids never leave this
        function.
    """
    source = Path(path)
    raw = _read_table(source)
    raw.columns = [_normalise(c) for c in raw.columns]
    steps = steps_from_columns(raw.columns)
    known = [c for c in timestamp_columns(steps) if c in raw.columns and c != "patient_id"]
    sheet = raw[known].copy()
    for name in sheet.columns:
        if name.endswith("_min"):
            sheet[name] = _to_minutes(sheet[name], name, clinic_open, source)
    if "scenario" not in sheet:
        sheet["scenario"] = scenario
    if "rep" not in sheet:
        sheet["rep"] = 0
    sheet["patient_id"] = sheet.groupby(["scenario", "rep"], sort=False).cumcount().astype(np.int64)
    _fill_defaults(sheet)
    return patient_kpis(sheet)


def _fill_defaults(sheet: pd.DataFrame) -> None:
    def stamp(name: str) -> pd.Series:
        return sheet[name] if name in sheet else pd.Series(np.nan, index=sheet.index)

    for name in ("visit_type", "provider"):
        if name not in sheet:
            sheet[name] = ""
    if "kind" not in sheet:
        sheet["kind"] = np.where(stamp("appointment_min").notna(), "booked", "walk_in")
    if "outcome" not in sheet:
        arrived = stamp("arrival_min").notna()
        seen = stamp("provider_start_min").notna()
        sheet["outcome"] = np.where(seen, "seen", np.where(arrived, "left_unseen", "no_show"))
    for name in ID_COLUMNS:
        if name not in sheet and name.endswith("_min"):
            sheet[name] = np.nan
