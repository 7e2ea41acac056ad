"""Times as exports write them: clock times, date-times, or minutes from opening.

One column holds one kind of time, but a real export mixes spellings ("8:05",
"08:05:30", "2:15 PM", "2026-03-02 08:05"), and Excel hands over its own time and
date-time objects. :func:`parse_stamps` reads every cell it can into minutes after
midnight (plus the date, when the cell has one) and says which cells it could not read,
so that an unreadable time is reported and never mistaken for a missing one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?\s*([ap]\.?m\.?)?$", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class Stamps:
    """A parsed time column.

    Attributes
    ----------
    minutes
        Minutes after midnight (clock and date-time cells) or as written (``relative``); NaN if empty or unreadable.
    dates
        The calendar date of each date-time cell, else None.
    bad
        Cells that held something that is not a time.
    relative
        True when the column holds plain numbers: minutes from clinic opening (flowsim's own sheets).
    kind
        ``"clock times"``, ``"date-times"``, ``"minutes from opening"`` or ``"empty"``, for the preview.
    """

    minutes: np.ndarray
    dates: list[dt.date | None]
    bad: np.ndarray
    relative: bool
    kind: str


def _clock(text: str) -> float | None:
    match = _CLOCK.match(text)
    if match is None:
        return None
    hours, mins = int(match.group(1)), int(match.group(2))
    seconds = float(match.group(3) or 0.0)
    suffix = (match.group(4) or "").lower().replace(".", "")
    if suffix:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if suffix == "pm" else 0)
    if hours > 23 or mins > 59 or seconds >= 60:
        return None
    return hours * 60 + mins + seconds / 60


def _timestamp(text: str) -> pd.Timestamp | None:
    try:
        stamp = pd.Timestamp(text)
    except (ValueError, TypeError, OverflowError):
        return None
    return None if pd.isna(stamp) else stamp


def _cell(value: object) -> tuple[float, dt.date | None, bool, str]:
    """(minutes, date, unreadable, kind) of one cell."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return np.nan, None, False, ""
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.hour * 60 + value.minute + value.second / 60, value.date(), False, "date-times"
    if isinstance(value, dt.time):
        return value.hour * 60 + value.minute + value.second / 60, None, False, "clock times"
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return float(value), None, False, "minutes from opening"
    text = str(value).strip()
    if not text:
        return np.nan, None, False, ""
    clock = _clock(text)
    if clock is not None:
        return clock, None, False, "clock times"
    if _NUMBER.match(text):
        return float(text), None, False, "minutes from opening"
    stamp = _timestamp(text)
    if stamp is None or (stamp.hour == 0 and stamp.minute == 0 and ":" not in text):
        return np.nan, None, True, ""  # a bare date in a time column is not a time
    return stamp.hour * 60 + stamp.minute + stamp.second / 60, stamp.date(), False, "date-times"


def parse_stamps(column: pd.Series) -> Stamps:
    """Read a column of times; see :class:`Stamps`.

    A column mixing plain numbers with clock or date-time cells is ambiguous (minutes
    from opening, or hours?), so its numbers are reported as unreadable.
    """
    cells = [_cell(v) for v in column.tolist()]
    minutes = np.array([c[0] for c in cells], dtype=float)
    bad = np.array([c[2] for c in cells], dtype=bool)
    kinds = {c[3] for c in cells if c[3]}
    relative = kinds == {"minutes from opening"}
    if "minutes from opening" in kinds and len(kinds) > 1:
        numbers = np.array([c[3] == "minutes from opening" for c in cells], dtype=bool)
        bad |= numbers
        minutes[numbers] = np.nan
        kinds.discard("minutes from opening")
    kind = " and ".join(sorted(kinds)) or "empty"
    return Stamps(minutes, [c[1] for c in cells], bad, relative, kind)


def parse_dates(column: pd.Series) -> tuple[list[dt.date | None], np.ndarray]:
    """Calendar dates of a date column, and which non-empty cells could not be read."""
    dates: list[dt.date | None] = []
    bad = np.zeros(len(column), dtype=bool)
    for i, value in enumerate(column.tolist()):
        if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)) or str(value) == "":
            dates.append(None)
            continue
        if isinstance(value, (dt.datetime, pd.Timestamp)):
            dates.append(value.date())
            continue
        if isinstance(value, dt.date):
            dates.append(value)
            continue
        stamp = _timestamp(str(value).strip())
        if stamp is None:
            bad[i] = True
            dates.append(None)
        else:
            dates.append(stamp.date())
    return dates, bad
