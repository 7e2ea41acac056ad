"""Reading observed visits (a stopwatch week, a month of EHR exports) into the stopwatch sheet.

The practice manager hands over one file per day or one file per month, with headers
like "Appt Time", "Arrived", "Roomed", "Provider In" and times written as clock times or
date-times. :func:`read_observed` turns them into the same table the simulator writes
(one row per patient, ``<step>_queue/start/end_min`` columns, minutes from opening) and
hands that to the same KPI code (:func:`flowsim.results.patient_kpis`), so an observed
day and a simulated day are measured alike.

Nothing is dropped in silence: every unreadable cell, out-of-order time, duplicate row or
unknown status is reported with its file and row, and such rows are left out rather than
guessed at (an unreadable arrival never turns a patient into a no-show). Columns that
identify a patient are dropped before any cell of them is read (SPEC §8).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from flowsim.observed.errors import ObservedDataError
from flowsim.observed.headers import (
    IDENTIFIER,
    IGNORE,
    STAMPS,
    ColumnMap,
    load_mapping,
    outcome_of,
    recognise,
)
from flowsim.observed.stamps import parse_dates, parse_stamps
from flowsim.observed.stopwatch import to_stopwatch
from flowsim.observed.tables import read_table
from flowsim.results.patient import patient_kpis
from flowsim.scenarios.clock import clock_to_min, min_to_clock

Paths = str | Path | Sequence[str | Path]
_SHOWN_ROWS = 8


@dataclass(frozen=True, eq=False)
class ObservedSheet:
    """Observed visits, read and checked.

    Attributes
    ----------
    visits
        The stopwatch sheet with the per-patient KPIs; ``rep`` numbers the clinic days in
        date order, ``patient_id`` the rows of a day (the sheet's own ids are never kept).
    preview
        One row per source column: ``file, column, became, read_as`` (what it was read as).
    problems
        Everything left out or doubtful, one line each (``file: row N: column: what``).
    days
        The clinic day of each ``rep`` (ISO date, or the file name when there is no date).
    clinic_open
        Opening time used as minute 0 (``HH:MM``).
    open_inferred
        True when ``clinic_open`` was inferred from the earliest appointment or arrival.
    whole_minutes
        True when every time was written to the whole minute (the fit then treats each as rounded).
    milestones
        The timestamp fields the sheets had (``arrival``, ``roomed``, ``provider_in``, ...).
    """

    visits: pd.DataFrame
    preview: pd.DataFrame
    problems: tuple[str, ...]
    days: tuple[str, ...]
    clinic_open: str
    open_inferred: bool
    whole_minutes: bool
    milestones: tuple[str, ...]


def read_observed(
    paths: Paths,
    *,
    mapping: ColumnMap | str | Path | None = None,
    clinic_open: str | None = None,
    scenario: str = "observed",
) -> ObservedSheet:
    """Read one or many observed sheets (CSV, .xlsx or parquet) into an :class:`ObservedSheet`.

    Parameters
    ----------
    paths
        One file or several; each holds one or many days (a date column, or date-times).
    mapping
        A mapping file (YAML) or :class:`ColumnMap` for headers and status values the
        reader does not recognise (see :mod:`flowsim.observed.headers`).
    clinic_open
        Opening time ``HH:MM`` (minute 0); else the mapping file's, else the hour of the
        earliest appointment or arrival (flagged as inferred).
    scenario
        Value of the ``scenario`` column.

    Raises
    ------
    ObservedDataError
        When a file cannot be read, has no usable time column, or has no usable row.
    """
    files = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    if not files:
        raise ObservedDataError(["no observed sheet given"])
    column_map = load_mapping(mapping) if isinstance(mapping, (str, Path)) else mapping
    problems: list[str] = []
    previews, rows = [], []
    for path in files:
        preview, table = _read_one(path, column_map, problems)
        previews.append(preview)
        rows.append(table)
    table = pd.concat(rows, ignore_index=True)
    opening, inferred = _opening(table, clinic_open or (column_map.clinic_open if column_map else None))
    table = _check_rows(table, problems)
    if table.empty:
        raise ObservedDataError([*problems, "no usable row is left in the observed data"])
    days = sorted(table["day"].unique())
    table["rep"] = table["day"].map({day: i for i, day in enumerate(days)}).astype(np.int64)
    stamps = table[list(STAMPS)].to_numpy(dtype=float)
    absolute = ~table[[f"{s}_relative" for s in STAMPS]].to_numpy(dtype=bool)
    table[list(STAMPS)] = np.where(absolute, stamps - clock_to_min(opening), stamps)
    finite = stamps[np.isfinite(stamps)]
    preview_all = pd.concat(previews, ignore_index=True)
    visits = patient_kpis(to_stopwatch(table.sort_values(["rep", "appointment", "arrival"], kind="stable"), scenario))
    return ObservedSheet(
        visits=visits.reset_index(drop=True),
        preview=preview_all,
        problems=tuple(problems),
        days=tuple(days),
        clinic_open=opening,
        open_inferred=inferred,
        whole_minutes=bool(np.all(finite == np.round(finite))),
        milestones=tuple(s for s in STAMPS if s in set(preview_all["became"])),
    )


def _read_one(path: Path, column_map: ColumnMap | None, problems: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    raw = read_table(path)
    roles = {column: recognise(column, column_map) for column in raw.columns}
    taken: dict[str, str] = {}
    clashes = []
    for column, role in roles.items():
        if role in (IGNORE, IDENTIFIER):
            continue
        if role in taken:
            clashes.append(
                f"{path}: columns '{taken[role]}' and '{column}' both look like {role}; "
                f"say which is which in a mapping file (--map)"
            )
        taken[role] = str(column)
    kept = raw[[c for c, role in roles.items() if role not in (IGNORE, IDENTIFIER)]].copy()
    del raw  # identifying columns go no further than this line
    if clashes:
        raise ObservedDataError(clashes)
    if not any(role in STAMPS for role in taken):
        raise ObservedDataError(
            [
                f"{path}: no column was recognised as a time (appointment, arrival, roomed, provider in, ...); "
                f"columns: {', '.join(map(str, roles))}; name them in a mapping file (--map)"
            ]
        )
    table = pd.DataFrame(index=kept.index)
    read_as: dict[str, str] = {}
    bad_rows = np.zeros(len(kept), dtype=bool)
    dates: list[list[dt.date | None]] = []
    for field in STAMPS:
        if field not in taken:
            table[field], table[f"{field}_relative"] = np.nan, False
            continue
        stamps = parse_stamps(kept[taken[field]])
        table[field], table[f"{field}_relative"] = stamps.minutes, stamps.relative
        read_as[field] = stamps.kind
        dates.append(stamps.dates)
        _report(stamps.bad, path, taken[field], "not a time (HH:MM, a date-time or minutes from opening)", problems)
        bad_rows |= stamps.bad
    day = [next((d for d in row if d is not None), None) for row in zip(*dates, strict=True)] or [None] * len(kept)
    if "date" in taken:
        column_dates, bad = parse_dates(kept[taken["date"]])
        _report(bad, path, taken["date"], "not a date", problems)
        bad_rows |= bad
        day = [c if c is not None else d for c, d in zip(column_dates, day, strict=True)]
        read_as["date"] = "dates"
    table["day"] = [d.isoformat() if d is not None else path.name for d in day]
    for field in ("provider", "visit_type"):
        table[field] = kept[taken[field]].map(label_name) if field in taken else ""
        if field in taken:
            read_as[field] = "names"
    table["status"] = kept[taken["status"]].astype(str) if "status" in taken else ""
    table["outcome"] = [outcome_of(v, column_map) or "" for v in table["status"]] if "status" in taken else ""
    if "status" in taken:
        read_as["status"] = "outcomes"
        unknown = (table["outcome"] == "") & (table["status"].str.strip() != "")
        values = ", ".join(sorted({repr(v) for v in table.loc[unknown, "status"]})[:5])
        _report(unknown.to_numpy(), path, taken["status"], f"unknown status ({values}); map it under status:", problems)
        bad_rows |= unknown.to_numpy()
    table["row"] = np.arange(len(kept)) + 2  # the spreadsheet's row number (row 1 is the header)
    table["file"] = path.name
    preview = pd.DataFrame(
        {
            "file": path.name,
            "column": [str(c) for c in roles],
            "became": [_became(role) for role in roles.values()],
            "read_as": [read_as.get(role, "") for role in roles.values()],
        }
    )
    return preview, table[~bad_rows]


def _became(role: str) -> str:
    if role == IDENTIFIER:
        return "dropped: identifies a patient"
    if role == IGNORE:
        return "not used"
    return role


def label_name(value: object) -> str:
    """A provider or visit-type label as a scenario name: ``"Dr. Patel"`` -> ``"dr_patel"``."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = re.sub(r"[^0-9a-z]+", "_", str(value).strip().lower()).strip("_")
    return f"v_{text}" if text[:1].isdigit() else text


def _report(bad: np.ndarray, path: Path, column: str, what: str, problems: list[str]) -> None:
    rows = np.flatnonzero(bad) + 2
    if len(rows):
        shown = ", ".join(map(str, rows[:_SHOWN_ROWS])) + (", ..." if len(rows) > _SHOWN_ROWS else "")
        problems.append(f"{path.name}: column '{column}': {len(rows)} row(s) left out, {what}: rows {shown}")


def _opening(table: pd.DataFrame, given: str | None) -> tuple[str, bool]:
    if given is not None:
        try:
            clock_to_min(given)
        except ValueError as error:
            raise ObservedDataError([f"clinic_open: {error}"]) from None
        return given, False
    for stamp in ("appointment", "arrival"):  # appointments first: patients arrive before opening
        values = table.loc[~table[f"{stamp}_relative"], stamp].to_numpy(dtype=float)
        values = values[np.isfinite(values)]
        if len(values):
            return min_to_clock(60 * np.floor(values.min() / 60)), True
    return "00:00", True


def _check_rows(table: pd.DataFrame, problems: list[str]) -> pd.DataFrame:
    """Outcomes filled in; cancelled, out-of-order and duplicated rows left out (and reported)."""
    stamps = table[list(STAMPS)].to_numpy(dtype=float)
    present = np.isfinite(stamps[:, 1:])
    if (table["outcome"] == "").any():
        seen = np.isfinite(table["provider_in"].to_numpy(dtype=float))
        came = present.any(axis=1)
        derived = np.where(seen, "seen", np.where(came, "left_unseen", "no_show"))
        table["outcome"] = np.where(table["outcome"] == "", derived, table["outcome"])
    cancelled = (table["outcome"] == "cancelled").to_numpy()
    if cancelled.any():
        problems.append(f"{cancelled.sum()} rescheduled or cancelled row(s) left out: they were not part of the day")
    came_anyway = (table["outcome"] == "no_show").to_numpy() & present.any(axis=1)
    _by_file(table, came_anyway, "marked no-show but has visit times: kept as a no-show", problems)
    order = _out_of_order(stamps[:, 1:])
    _by_file(table, order, "times out of order (e.g. provider out before provider in): left out", problems)
    keep = ~cancelled & ~order
    columns = [c for c in table.columns if c not in ("row", "file", "status")]
    duplicated = table[columns].duplicated().to_numpy() & present.any(axis=1)
    _by_file(table, duplicated & keep, "duplicate of an earlier row: left out", problems)
    checked: pd.DataFrame = table.loc[keep & ~duplicated].copy()
    return checked


def _out_of_order(stamps: np.ndarray) -> np.ndarray:
    """Rows where a later stamp of the visit (arrival ... checkout) is before an earlier one."""
    running = np.fmax.accumulate(np.where(np.isfinite(stamps), stamps, -np.inf), axis=1)
    earlier = np.concatenate([np.full((len(stamps), 1), -np.inf), running[:, :-1]], axis=1)
    return np.asarray((np.isfinite(stamps) & (stamps < earlier)).any(axis=1), dtype=bool)


def _by_file(table: pd.DataFrame, mask: np.ndarray, what: str, problems: list[str]) -> None:
    for file, rows in table.loc[mask, ["file", "row"]].groupby("file", sort=False)["row"]:
        listed = rows.tolist()
        shown = ", ".join(map(str, listed[:_SHOWN_ROWS])) + (", ..." if len(listed) > _SHOWN_ROWS else "")
        problems.append(f"{file}: {len(listed)} row(s) {what}: rows {shown}")
