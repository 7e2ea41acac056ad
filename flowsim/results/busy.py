"""How busy providers, rooms and staff were: utilisation, idle time and overtime.

Think of a wall chart with one line per provider, per room and per staff pool, shaded
where someone was in it. A provider is busy while holding a patient (from seizing them
for a step until releasing them) and while documenting a visit; a room is occupied while
a patient holds it and while it is being turned over; a staff member is busy while a
patient holds them. What each resource is comes from what the engine recorded
(``resource_kind``), never from its name. Session times, opening hours and staff head
counts come from :class:`~flowsim.results.facts.ClinicFacts`. Every replication is
handled at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from flowsim.records import EXAM_ROOM_KIND, PROVIDER_KIND, ROOM_KIND, STAFF_POOL_KIND
from flowsim.results.facts import ClinicFacts
from flowsim.results.intervals import overlap_min, pair_intervals

Array = np.ndarray[Any, Any]
TIMED_STEPS = ("documentation", "turnover", "off", "break")
"""Non-pathway activities logged as start/end pairs with the resource concerned."""


def _codes(series: pd.Series) -> tuple[Array, list[str]]:
    """Integer codes of a text column, numbered in order of the names.

    Intervals are sorted by these codes, and sums over intervals follow that order; codes
    taken from the column's categories (first seen in *this* table) would let the last
    bit of a day's KPIs depend on which other days share the table.
    """
    categorical = pd.Categorical(series)
    names = [str(c) for c in categorical.categories]
    rank = np.empty(len(names) + 1, dtype=np.int64)
    rank[np.argsort(np.asarray(names, dtype=object), kind="stable")] = np.arange(len(names))
    rank[-1] = -1  # missing values keep code -1
    return rank[np.asarray(categorical.codes, dtype=np.int64)], sorted(names)


def activity_intervals(events: pd.DataFrame, group: Array) -> pd.DataFrame:
    """Who held or did what, when: one row per interval.

    ``events`` is the patients' events or the resources' own (time off, which have no
    ``patient_id``: they belong to no patient). Returns a frame with ``group``
    (replication index), ``resource_id``,
    ``resource_kind`` (as recorded; ``""`` if the events have none), ``activity``
    (``held`` for seize-to-release of a patient, else the step: documentation, turnover,
    off, break), ``start_min`` and ``end_min`` (NaN if never closed).
    """
    kinds = pd.Categorical(events["resource_kind"] if "resource_kind" in events else np.full(len(events), ""))
    patient = events["patient_id"].to_numpy(dtype=np.int64) if "patient_id" in events else np.full(len(events), -1)
    resource, resource_names = _codes(events["resource_id"])
    step, step_names = _codes(events["step"])
    event, event_names = _codes(events["event"])
    time_min = events["time_min"].to_numpy(dtype=float)

    def is_event(name: str) -> Array:
        return np.asarray(event == (event_names.index(name) if name in event_names else -2))

    by_patient = patient >= 0
    held_open, held_end = pair_intervals(
        (group, patient, resource), time_min, is_event("seize") & by_patient, is_event("release") & by_patient
    )
    timed = np.isin(step, [step_names.index(s) for s in TIMED_STEPS if s in step_names])
    timed_open, timed_end = pair_intervals(
        (group, patient, resource, step), time_min, is_event("start") & timed, is_event("end") & timed
    )
    opens = np.r_[held_open, timed_open]
    # text columns as categoricals made from the codes: no string is built per interval
    activity_names = ["held", *step_names]
    activity = np.r_[np.zeros(len(held_open), dtype=np.int64), step[timed_open] + 1]
    return pd.DataFrame(
        {
            "group": group[opens],
            "resource_id": _categorical(*_blank_for_missing(resource[opens], resource_names)),
            "resource_kind": pd.Categorical.from_codes(kinds.codes[opens], dtype=kinds.dtype),
            "activity": _categorical(activity, activity_names),
            "start_min": time_min[opens],
            "end_min": np.r_[held_end, timed_end],
        }
    )


def stack_intervals(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Interval tables one after the other, their text columns still categorical.

    ``pd.concat`` turns categoricals with different categories into object columns, and
    every KPI would then hash the strings of every interval again (see :func:`_by_category`);
    here the categories are united instead. Rows and values are those of ``pd.concat``.
    """
    columns = {
        name: _united([part[name] for part in parts])
        if isinstance(parts[0][name].dtype, pd.CategoricalDtype)
        else np.concatenate([part[name].to_numpy() for part in parts])
        for name in parts[0].columns
    }
    return pd.DataFrame(columns)


def _united(columns: list[pd.Series]) -> pd.Categorical[Any]:
    try:
        return union_categoricals(columns)
    except TypeError:  # categories of different types (a table without rows has no text): as text
        return pd.Categorical(np.concatenate([column.to_numpy(dtype=object) for column in columns]))


def _categorical(codes: Array, names: list[str]) -> pd.Categorical[Any]:
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(names), validate=False)


def _blank_for_missing(codes: Array, names: list[str]) -> tuple[Array, list[str]]:
    """A missing resource (code -1, e.g. an observed log without one) reads as ``""``."""
    if "" in names:
        return np.where(codes < 0, names.index(""), codes), names
    return np.where(codes < 0, len(names), codes), [*names, ""]


def _by_category(column: pd.Series, value_of: Callable[[str], Any], missing: Any) -> Array:
    """``value_of(text)`` for every row of a text column, worked out once per distinct text."""
    categorical = pd.Categorical(column)  # no work for a column that is categorical already
    values = np.array([value_of(str(c)) for c in categorical.categories] + [missing])
    return values[np.asarray(categorical.codes, dtype=np.int64)]


def provider_kpis(
    intervals: pd.DataFrame, group_scenario: Sequence[str], facts: Mapping[str, ClinicFacts]
) -> dict[str, Array]:
    """Overall and per-provider utilisation, idle minutes and overtime per replication.

    ``provider_utilisation`` = 100 × busy minutes inside sessions ÷ session minutes (percent);
    ``provider_idle_min`` = session minutes neither busy nor off (late start, breaks);
    ``provider_overtime_min`` = end of the last busy interval − end of the last session, ≥ 0.
    Overall: utilisation is pooled (total busy ÷ total session minutes), idle and overtime
    are summed over providers. Per provider the columns get the suffix ``_<provider>``
    (NaN in scenarios without that provider).
    """
    scenarios = list(dict.fromkeys(group_scenario)) or list(facts)  # no day at all: the columns still exist
    providers = list(dict.fromkeys(p for s in scenarios for p in facts[s].sessions))
    n_groups, n_providers = len(group_scenario), len(providers)
    scenario_of = np.array([scenarios.index(s) for s in group_scenario], dtype=np.int64)
    n_sessions = max([len(v) for s in scenarios for v in facts[s].sessions.values()] + [1])
    windows = np.full((len(scenarios), n_providers, 2, n_sessions), np.nan)
    for i, s in enumerate(scenarios):
        for name, sessions in facts[s].sessions.items():
            windows[i, providers.index(name), :, : len(sessions)] = np.array(sessions, dtype=float).T
    session_total = np.nansum(windows[:, :, 1] - windows[:, :, 0], axis=2)
    last_session_end = np.nanmax(np.nan_to_num(windows[:, :, 1], nan=-np.inf), axis=2)

    who = _by_category(intervals["resource_id"], lambda r: providers.index(r) if r in providers else -1, -1)
    who = np.where(_by_category(intervals["resource_kind"], lambda k: k == PROVIDER_KIND, False), who, -1)
    activity = intervals["activity"]
    mine = (who >= 0) & _by_category(activity, lambda a: a in ("held", "documentation", "off", "break"), False)
    is_busy = _by_category(activity, lambda a: a in ("held", "documentation"), False)
    p = who[mine]
    g = intervals["group"].to_numpy(dtype=np.int64)[mine]
    start = intervals["start_min"].to_numpy(dtype=float)[mine]
    end = intervals["end_min"].to_numpy(dtype=float)[mine]
    in_session = overlap_min(start, end, windows[scenario_of[g], p, 0], windows[scenario_of[g], p, 1])
    busy = is_busy[mine]
    cell = g * n_providers + p
    shape = (n_groups, n_providers)
    busy_in = np.bincount(cell[busy], in_session[busy], minlength=n_groups * n_providers).reshape(shape)
    off_in = np.bincount(cell[~busy], in_session[~busy], minlength=n_groups * n_providers).reshape(shape)
    last_end = np.full(n_groups * n_providers, -np.inf)
    np.fmax.at(last_end, cell[busy], end[busy])

    total = session_total[scenario_of]
    present = total > 0
    utilisation = np.where(present, 100.0 * busy_in / np.where(present, total, 1.0), np.nan)
    idle = np.where(present, np.clip(total - busy_in - off_in, 0.0, None), np.nan)
    with np.errstate(invalid="ignore"):  # -inf - -inf for a provider of another scenario: NaN below
        overtime = np.clip(last_end.reshape(shape) - last_session_end[scenario_of], 0.0, None)
    overtime = np.where(present, overtime, np.nan)
    own = [[providers.index(p) for p in facts[s].sessions] for s in scenarios]
    with np.errstate(invalid="ignore", divide="ignore"):
        result: dict[str, Array] = {
            "provider_utilisation": 100.0
            * _own_sums(np.where(present, busy_in, 0.0), own, scenario_of, np.sum)
            / _own_sums(total, own, scenario_of, np.sum),
            "provider_idle_min": _own_sums(idle, own, scenario_of, np.nansum),
            "provider_overtime_min": _own_sums(overtime, own, scenario_of, np.nansum),
        }
    for j, name in enumerate(providers):
        result[f"provider_utilisation_{name}"] = utilisation[:, j]
        result[f"provider_idle_min_{name}"] = idle[:, j]
        result[f"provider_overtime_min_{name}"] = overtime[:, j]
    return result


def _own_sums(values: Array, own: list[list[int]], scenario_of: Array, total: Callable[..., Array]) -> Array:
    """Row sums of ``values`` (groups × providers) over each row's own scenario's providers.

    Summed over exactly the scenario's providers, in its own order: a row's total then
    does not depend on the providers of other scenarios tabulated alongside (numpy's
    pairwise summation would group the terms differently with more columns).
    """
    result = np.zeros(len(values))
    for index, columns in enumerate(own):
        rows = np.flatnonzero(scenario_of == index)
        result[rows] = total(values[np.ix_(rows, np.asarray(columns, dtype=np.int64))], axis=1)
    return result


def room_utilisation(intervals: pd.DataFrame, group_scenario: Sequence[str], facts: Mapping[str, ClinicFacts]) -> Array:
    """Occupied room minutes (patients holding rooms plus turnover) inside opening hours
    ÷ (rooms × opening minutes), in percent, per replication; NaN for a clinic without rooms."""
    close = np.array([facts[s].close_min for s in group_scenario], dtype=float)
    rooms = np.array([facts[s].rooms for s in group_scenario], dtype=float)
    is_room = _by_category(intervals["resource_kind"], lambda k: k == EXAM_ROOM_KIND, False)
    rows = is_room & _by_category(intervals["activity"], lambda a: a in ("held", "turnover"), False)
    per_group = _minutes_open(intervals, rows, close)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(rooms > 0, 100.0 * per_group / (rooms * close), np.nan)


def room_type_utilisation(
    intervals: pd.DataFrame, group_scenario: Sequence[str], facts: Mapping[str, ClinicFacts]
) -> dict[str, Array]:
    """``room_utilisation_<type>``: occupied minutes (patients holding a room of the type plus
    turnover) inside opening hours ÷ (rooms of the type × opening minutes), in percent, per
    replication; NaN for a scenario without rooms of that type."""
    close = np.array([facts[s].close_min for s in group_scenario], dtype=float)
    scenarios = list(dict.fromkeys(group_scenario)) or list(facts)
    types = list(dict.fromkeys(t for s in scenarios for t in facts[s].room_types))
    is_room = _by_category(intervals["resource_kind"], lambda k: k == ROOM_KIND, False)
    occupied = is_room & _by_category(intervals["activity"], lambda a: a in ("held", "turnover"), False)
    result: dict[str, Array] = {}
    for room_type in types:
        ids = frozenset(room for s in scenarios for room in facts[s].room_types.get(room_type, ()))
        rows = occupied & _by_category(intervals["resource_id"], ids.__contains__, False)
        per_group = _minutes_open(intervals, rows, close)
        rooms = np.array([len(facts[s].room_types.get(room_type, ())) for s in group_scenario], dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            result[f"room_utilisation_{room_type}"] = np.where(rooms > 0, 100.0 * per_group / (rooms * close), np.nan)
    return result


def _minutes_open(intervals: pd.DataFrame, rows: Array, close: Array) -> Array:
    """Per replication, minutes of the selected intervals inside opening hours [0, close]."""
    g = intervals["group"].to_numpy(dtype=np.int64)[rows]
    start = intervals["start_min"].to_numpy(dtype=float)[rows]
    inside = overlap_min(start, intervals["end_min"].to_numpy(dtype=float)[rows], np.zeros(len(g)), close[g])
    return np.bincount(g, inside, minlength=len(close))


def staff_utilisation(
    intervals: pd.DataFrame, group_scenario: Sequence[str], facts: Mapping[str, ClinicFacts]
) -> dict[str, Array]:
    """``staff_utilisation_<pool>``: busy staff minutes ÷ on-duty staff minutes, in percent, per replication.

    Both inside opening hours; on-duty minutes follow the pool's head count over the day
    (``count_by_time``). NaN for a scenario without that pool or with nobody on duty.
    """
    close = np.array([facts[s].close_min for s in group_scenario], dtype=float)
    scenarios = list(dict.fromkeys(group_scenario)) or list(facts)
    pools = list(dict.fromkeys(p for s in scenarios for p in facts[s].staff))
    is_staff = _by_category(intervals["resource_kind"], lambda k: k == STAFF_POOL_KIND, False)
    held = is_staff & _by_category(intervals["activity"], lambda a: a == "held", False)
    result: dict[str, Array] = {}
    pool_of = _by_category(intervals["resource_id"], lambda r: pools.index(r) if r in pools else -1, -1)
    for index, pool in enumerate(pools):
        rows = held & (pool_of == index)
        busy = _minutes_open(intervals, rows, close)
        on_duty = np.array(
            [facts[s].staff_minutes(pool) if pool in facts[s].staff else np.nan for s in group_scenario], dtype=float
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            result[f"staff_utilisation_{pool}"] = np.where(on_duty > 0, 100.0 * busy / on_duty, np.nan)
    return result
