"""Tables tabulated a chunk of days at a time, stacked into the tables of the whole run.

Workers tabulate their own chunks of days (and compute those days' KPIs), like clerks
each filling in a few pages of the stopwatch study; the pages are then bound in
``(scenario, rep)`` order. Binding must not show where one clerk stopped and the next
began: :func:`stack_tables` gives categorical columns the categories they would have
had in one table, and :func:`stack_day_kpis` lines up KPI tables of scenarios with
different steps or providers exactly as :func:`~flowsim.results.day_kpis` over all
days at once would have laid them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from flowsim.results.catalogue import CENSORED_ONLY
from flowsim.results.day import kpi_columns

SHARE_PREFIX = "wait_share_"
UTILISATION_PREFIX = "provider_utilisation_"
STAFF_PREFIX = "staff_utilisation_"
ROOM_TYPE_PREFIX = "room_utilisation_"


def stack_tables(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate chunk tables, keeping categorical columns categorical.

    Each chunk's categorical columns have their own categories; they are given the
    same categories, in order of first appearance in the stacked rows, before
    concatenating, so the result does not depend on how the replications were chunked.
    A column categorical in any part is categorical in the result: a part without rows
    read back from parquet has lost that (its text columns come back as objects).
    """
    if not parts:
        return pd.DataFrame()
    first = parts[0]
    dtypes = [p.dtypes for p in parts]  # (reading a column makes a Series: look at the dtypes once)
    categorical = [c for c in first.columns if any(_is_categorical(d, c) for d in dtypes)]
    if categorical:
        retyped = zip(parts, dtypes, strict=True)
        parts = [_as_categorical(p, [c for c in categorical if not _is_categorical(d, c)]) for p, d in retyped]
        shared = {c: _first_seen_categories([p[c] for p in parts]) for c in categorical}
        parts = [p.assign(**{c: p[c].cat.set_categories(shared[c]) for c in categorical}) for p in parts]
    return pd.concat(parts, ignore_index=True)


def _is_categorical(dtypes: pd.Series, column: str) -> bool:
    return column in dtypes.index and isinstance(dtypes[column], pd.CategoricalDtype)


def _as_categorical(part: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return part.astype(dict.fromkeys(columns, "category")) if columns else part


def _first_seen_categories(columns: list[pd.Series]) -> list[Any]:
    """The values of categorical ``columns`` (taken in order) in order of first appearance."""
    seen: dict[Any, None] = {}
    for column in columns:
        codes = pd.unique(column.cat.codes.to_numpy())
        seen.update(dict.fromkeys(column.cat.categories[codes[codes >= 0]]))
    return list(seen)


def stack_day_kpis(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Stack day-KPI tables computed separately (per scenario and chunk of days).

    Every KPI of a day is computed from that day's rows alone, so only the layout needs
    care: the columns are those :func:`~flowsim.results.day_kpis` gives for the union of
    the parts' steps, providers and staff pools. A part without some step or provider gets NaN there,
    except ``wait_share_<step>``, which is 0 on a day with waiting (none of it was for a
    step the clinic does not have), as in the one-pass table. (The one-pass table adds a
    day's step waits in the order of all scenarios' steps; it equals this stack to the
    last bit when the scenarios list the steps they share in the same order, as
    redesigns that add steps after the shared ones do.)
    """
    if not parts:
        return pd.DataFrame()
    steps = _suffixes(parts, SHARE_PREFIX)
    providers = _suffixes(parts, UTILISATION_PREFIX)
    staff = _suffixes(parts, STAFF_PREFIX)
    censored = any(name in part.columns for part in parts for name in CENSORED_ONLY)
    room_types = _suffixes(parts, ROOM_TYPE_PREFIX)
    layout = kpi_columns(steps, providers, staff, censored, room_types)
    aligned = [part if list(part.columns) == layout else _aligned(part, layout) for part in parts]
    return pd.concat(aligned, ignore_index=True)


def _suffixes(parts: Sequence[pd.DataFrame], prefix: str) -> list[str]:
    """What follows ``prefix`` in the parts' column names, in first-seen order."""
    found = (str(c)[len(prefix) :] for part in parts for c in part.columns if str(c).startswith(prefix))
    return list(dict.fromkeys(found))


def _aligned(part: pd.DataFrame, layout: list[str]) -> pd.DataFrame:
    own_shares = [c for c in part.columns if str(c).startswith(SHARE_PREFIX)]
    waited = part[own_shares].notna().any(axis=1).to_numpy()
    frame = part.reindex(columns=layout)
    for column in layout:
        if column.startswith(SHARE_PREFIX) and column not in part.columns:
            frame[column] = np.where(waited, 0.0, np.nan)
    return frame
