"""Minutes from opening, shown as the clock on the wall or as a date and time.

Inside flowsim every time is a number of minutes from clinic open (0 = opening), which
is what arithmetic needs. People and other tools want "10:42" or
``2026-03-02 10:42:13``: these helpers turn any ``*_min`` timestamp column into either,
given the opening time (and, for date-times, the date of the day). A day that runs
past midnight shows "25:10" as a clock time (as in scenario files) and the next
date as a date-time. Missing times stay missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from flowsim.results.columns import PATIENT_STAMPS, step_columns, steps_from_columns
from flowsim.scenarios.clock import clock_to_min


def timestamp_columns_of(frame: pd.DataFrame) -> list[str]:
    """The timestamp columns of a visits or events table (not the waits, which are durations)."""
    stamps = ["appointment_min", "arrival_min", *PATIENT_STAMPS, "time_min"]
    stamps += [c for step in steps_from_columns(frame.columns) for c in step_columns(step)]
    return [c for c in frame.columns if c in stamps]


def clock_times(minutes: pd.Series | Sequence[float] | np.ndarray, open_clock: str) -> pd.Series:
    """``HH:MM`` (rounded down to the minute) for minutes from opening; NA where missing.

    >>> clock_times([0.0, 95.5, float("nan")], "08:00").tolist()
    ['08:00', '09:35', <NA>]
    """
    values = pd.Series(minutes, dtype=float)
    total = np.floor(values.to_numpy() + clock_to_min(open_clock))
    text = [pd.NA if np.isnan(t) else f"{int(t) // 60:02d}:{int(t) % 60:02d}" for t in total]
    return pd.Series(text, index=values.index, dtype="string")


def date_times(minutes: pd.Series | Sequence[float] | np.ndarray, date: str | dt.date, open_clock: str) -> pd.Series:
    """Date-times (to the second, no time zone) for minutes from opening on ``date``; NaT where missing.

    >>> date_times([0.0, 90.25], "2026-03-02", "08:00").astype(str).tolist()
    ['2026-03-02 08:00:00', '2026-03-02 09:30:15']
    """
    values = pd.Series(minutes, dtype=float)
    start = pd.Timestamp(date) + pd.Timedelta(minutes=clock_to_min(open_clock))
    return (start + pd.to_timedelta(values.to_numpy(), unit="min")).round("s").to_series(index=values.index)


def with_clock_columns(frame: pd.DataFrame, open_clock: str, date: str | dt.date | None = None) -> pd.DataFrame:
    """``frame`` with a ``<name>_clock`` column (or ``<name>_at`` date-time, given ``date``)
    after every timestamp column ``<name>_min``."""
    result = frame.copy()
    for column in reversed(timestamp_columns_of(frame)):
        base = column.removesuffix("_min")
        if date is None:
            values, name = clock_times(frame[column], open_clock), f"{base}_clock"
        else:
            values, name = date_times(frame[column], date, open_clock), f"{base}_at"
        result.insert(list(result.columns).index(column) + 1, name, values.to_numpy())
    return result
