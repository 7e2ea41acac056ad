"""One line per simulated (or observed) day: the day-level KPIs of SPEC §5.

After a clinic day the manager wants a handful of numbers: how long patients waited
(on average, and the unlucky tenth), how many were seen within 15 minutes, how many did
not come or left, how busy the doctors and rooms were, how late everybody went home,
how full the waiting room got, and which step the waiting was for. :func:`day_kpis`
computes that line for every (scenario, replication) at once, from the visits table,
the event log and a few :class:`~flowsim.results.facts.ClinicFacts`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from flowsim.results.busy import (
    activity_intervals,
    provider_kpis,
    room_type_utilisation,
    room_utilisation,
    stack_intervals,
    staff_utilisation,
)
from flowsim.results.catalogue import day_kpi_names
from flowsim.results.censoring import WAITING, censor_intervals, censor_visits
from flowsim.results.columns import patient_kpi_columns, step_columns, step_wait_column, steps_from_columns
from flowsim.results.facts import ClinicFacts
from flowsim.results.grouped import group_mean, group_quantile
from flowsim.results.intervals import peak_count
from flowsim.results.patient import door_time, minutes, waiting_room_exit

Array = np.ndarray[Any, Any]
Times = Mapping[str, Array]
SEEN_WITHIN_MIN = 15.0
COUNTS = {
    "booked": ("kind", "booked"),
    "same_day": ("kind", "same_day"),
    "walk_ins": ("kind", "walk_in"),
    "no_shows": ("outcome", "no_show"),
    "seen": ("outcome", "seen"),
    "rebooked_late": ("outcome", "rebooked_late"),
    "left_unseen": ("outcome", "left_unseen"),
}
"""Count columns of kpis.csv: (visits column, value counted)."""
ATTENDED = ("seen", "left_unseen", WAITING)
"""Outcomes of patients who stayed in the clinic (their departures keep it open)."""
CAME = ("seen", "left_unseen", "rebooked_late", WAITING)
"""Outcomes of patients who came to the door (the base of the rates below)."""
RATES = {"left_unseen_pct": "left_unseen", "rebooked_late_pct": "rebooked_late"}
"""Rate columns of kpis.csv: percent of the patients who came with this outcome."""
LEFT_UNSEEN_WAIT = "left_unseen_wait_min"
"""Minutes from max(door, appointment) to leaving, of the patients who left unseen."""


def day_kpis(
    visits: pd.DataFrame,
    events: pd.DataFrame | None,
    facts: Mapping[str, ClinicFacts] | ClinicFacts,
    *,
    resource_events: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Day-level KPIs, one row per scenario × replication (``kpis.csv``).

    Parameters
    ----------
    visits
        The stopwatch sheet with its per-patient KPI columns (:func:`visits_table` or
        :func:`read_stopwatch`).
    events
        The patients' events (:func:`events_table`); ``None`` for observed data without
        them, in which case the provider and room columns are NaN.
    facts
        :class:`ClinicFacts` per scenario name, or one for every scenario.
    resource_events
        What resources did for no patient (:func:`resource_events_table`): a provider's
        time off, which is neither busy nor idle. ``None``: nobody took time off (an
        observed log, which does not record it).

    Returns
    -------
    pandas.DataFrame
        ``scenario, rep``; ``<kpi>_mean, <kpi>_p90`` for every per-patient KPI (90th
        percentile by linear interpolation, over the patients *seen* for whom the KPI
        exists: a patient rebooked or leaving unseen is counted and rated, not averaged);
        ``seen_within_15_pct`` (percent of seen patients with a wait for the provider of at
        most 15 minutes); the counts ``booked, same_day, walk_ins, no_shows, seen,
        rebooked_late, left_unseen``; ``left_unseen_pct, rebooked_late_pct`` (percent of
        the patients who came); ``left_unseen_wait_min_mean, left_unseen_wait_min_p90``
        (minutes from max(door, appointment) to leaving, over those who left unseen);
        ``provider_utilisation`` (percent), ``provider_idle_min,
        provider_overtime_min`` overall (see :func:`~flowsim.results.busy.provider_kpis`)
        and per provider; ``clinic_overtime_min`` (last departure of a patient who came in
        − close, ≥ 0); ``wait_share_<step>`` (percent of all waiting minutes, NaN on a day
        without waiting); ``room_utilisation`` (exam rooms, percent) and ``room_utilisation_<type>``
        for each other room type; ``staff_utilisation_<pool>`` (percent of
        on-duty staff minutes busy, in opening hours); ``waiting_room_mean, waiting_room_max``
        (time-average and peak number of patients in the waiting room, whatever happens to
        them later, over ``[0, max(close, last departure)]``). Rows are sorted by scenario
        (first seen) and replication.

    Notes
    -----
    A scenario whose facts have ``results_until_min`` is censored there (see
    :mod:`flowsim.results.censoring`): patients who came after it are not counted; those
    still waiting for the provider then count in ``waiting_at_results_until`` (a column
    only when some scenario is censored) and among those who came, and are left out of
    the means and wait shares; utilisation, overtime and the waiting room are over
    ``[0, results_until]``.
    """
    groups, visit_group, event_group, resource_group = _groups(visits, events, resource_events)
    names = groups["scenario"].tolist()
    facts_map = {s: facts for s in dict.fromkeys(names or [""])} if isinstance(facts, ClinicFacts) else facts
    missing = sorted(set(names) - set(facts_map))
    if missing:
        raise KeyError(f"no ClinicFacts for scenario(s) {missing}")
    n = len(groups)
    steps = steps_from_columns(visits.columns)
    close = np.array([facts_map[s].close_min for s in names], dtype=float)
    until = np.array([np.inf if (u := facts_map[s].results_until_min) is None else u for s in names], dtype=float)
    censored = bool(np.isfinite(until).any())
    window = {s: f.observed_window() for s, f in facts_map.items()}

    text = {c: visits[c].to_numpy(dtype=object) for c in ("kind", "outcome")}
    kpis = patient_kpi_columns(steps)
    stamps = ["roomed_min", "provider_start_min", "arrival_min", "appointment_min", "departure_min"]
    needed = [*kpis, *(step_columns(s)[2] for s in steps), *stamps]
    block = minutes(visits, needed)
    times = {name: block[:, i] for i, name in enumerate(needed)}
    if censored:
        times, text, visit_group = censor_visits(times, text, visit_group, until, steps)
    columns: dict[str, Array] = {}
    columns.update(_wait_statistics(times, visit_group, n, kpis, text["outcome"] == "seen"))
    columns.update(_counts(text, visit_group, n))
    columns.update(_left_unseen(times, text["outcome"], visit_group, n))
    # observed data without an event log: the provider and room columns exist but are unknown
    intervals = _intervals(events, event_group, resource_events, resource_group)
    if censored:
        intervals = censor_intervals(intervals, until)
    unknown = events is None
    columns.update(
        {k: np.full(n, np.nan) if unknown else v for k, v in provider_kpis(intervals, names, window).items()}
    )
    attended = np.isin(text["outcome"], ATTENDED)
    last_departure = np.full(n, np.nan)
    np.fmax.at(last_departure, visit_group[attended], times["departure_min"][attended])
    # anyone still in at the cut is counted until then; a day nobody came to stays NaN (np.fmin
    # would make it the cut, inf without one): it keeps the clinic open for no one
    last_departure = np.where(np.isnan(last_departure), np.nan, np.fmin(last_departure, until))
    columns["clinic_overtime_min"] = np.clip(np.nan_to_num(last_departure - close, nan=0.0), 0.0, None)
    columns.update(_wait_shares(times, visit_group, n, steps))
    columns["room_utilisation"] = np.full(n, np.nan) if unknown else room_utilisation(intervals, names, window)
    columns.update(
        {k: np.full(n, np.nan) if unknown else v for k, v in room_type_utilisation(intervals, names, window).items()}
    )
    columns.update(
        {k: np.full(n, np.nan) if unknown else v for k, v in staff_utilisation(intervals, names, window).items()}
    )
    horizon = np.where(np.isfinite(until), until, np.fmax(close, last_departure))
    columns.update(_waiting_room(times, visit_group, horizon))
    scenarios = list(dict.fromkeys(names or list(facts_map)))
    providers = list(dict.fromkeys(p for s in scenarios for p in facts_map[s].sessions))
    staff = list(dict.fromkeys(pool for s in scenarios for pool in facts_map[s].staff))
    room_types = list(dict.fromkeys(t for s in scenarios for t in facts_map[s].room_types))
    if censored:
        waiting = np.bincount(visit_group[text["outcome"] == WAITING], minlength=n)
        columns["waiting_at_results_until"] = np.where(np.isfinite(until), waiting, np.nan)  # NaN: not censored
    layout = _in_catalogue_order(columns, steps, providers, staff, censored, room_types)
    return pd.concat([groups, pd.DataFrame(layout)], axis=1)


def _in_catalogue_order(
    columns: Mapping[str, Array],
    steps: Sequence[str],
    providers: Sequence[str],
    staff: Sequence[str],
    censored: bool = False,
    room_types: Sequence[str] = (),
) -> dict[str, Array]:
    """The computed columns in ``kpis.csv`` order; a column without a catalogue entry is a bug."""
    layout = day_kpi_names(steps, providers, staff, censored, room_types)
    stray = [name for name in columns if name not in layout]
    if stray:
        raise AssertionError(f"KPI columns {stray} have no entry in flowsim.results.catalogue")
    return {name: columns[name] for name in layout}


def kpi_columns(
    steps: Sequence[str],
    providers: Sequence[str],
    staff: Sequence[str] = (),
    censored: bool = False,
    room_types: Sequence[str] = (),
) -> list[str]:
    """The columns of :func:`day_kpis` for these pathway steps, providers, staff pools and room
    types, in order (``censored``: some day is cut at ``results_until``)."""
    return ["scenario", "rep", *day_kpi_names(steps, providers, staff, censored, room_types)]


def _no_intervals() -> pd.DataFrame:
    return pd.DataFrame(
        {"group": [], "resource_id": [], "resource_kind": [], "activity": [], "start_min": [], "end_min": []}
    )


def _intervals(
    events: pd.DataFrame | None, event_group: Array, resource_events: pd.DataFrame | None, resource_group: Array
) -> pd.DataFrame:
    """Activity intervals of the patients' events, then of the resources' own (time off).

    Each KPI sums intervals of one activity kind only (busy, off, room held...), in the
    order :func:`activity_intervals` gives them for each table; so the two tables give
    the same numbers, to the last bit, as one log holding both.
    """
    if events is None:
        return _no_intervals()
    intervals = activity_intervals(events, event_group)
    if resource_events is None or resource_events.empty:
        return intervals
    return stack_intervals([intervals, activity_intervals(resource_events, resource_group)])


def _groups(
    visits: pd.DataFrame, events: pd.DataFrame | None, resource_events: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, Array, Array, Array]:
    """Distinct (scenario, rep) and the group index of every visit, event and resource event row."""
    frames = [visits] + [f for f in (events, resource_events) if f is not None]
    scenarios: dict[str, int] = {}
    coded = []
    for frame in frames:
        codes, uniques = pd.factorize(frame["scenario"])  # cheap on categorical columns
        lookup = np.array([scenarios.setdefault(str(u), len(scenarios)) for u in uniques] + [-1], dtype=np.int64)
        coded.append((lookup[codes], frame["rep"].to_numpy(dtype=np.int64)))
    width = int(max([int(rep.max()) for _, rep in coded if len(rep)] + [0])) + 1
    all_keys = [codes * width + rep for codes, rep in coded]
    unique = np.unique(np.concatenate(all_keys))
    groups = pd.DataFrame(
        {  # "str" as pandas infers for text, also when there is no row at all
            "scenario": pd.Series(np.asarray(list(scenarios), dtype=object)[unique // width], dtype="str"),
            "rep": unique % width,
        }
    )
    indices = iter([np.searchsorted(unique, keys) for keys in all_keys])
    visit_group = next(indices)
    none = np.zeros(0, dtype=np.int64)
    event_group = next(indices) if events is not None else none
    resource_group = next(indices) if resource_events is not None else none
    return groups, visit_group, event_group, resource_group


def _wait_statistics(times: Times, group: Array, n: int, kpis: list[str], seen: Array) -> dict[str, Array]:
    result: dict[str, Array] = {}
    for kpi in kpis:
        values = np.where(seen, times[kpi], np.nan)  # over seen patients only
        result[f"{kpi}_mean"] = group_mean(values, group, n)
        result[f"{kpi}_p90"] = group_quantile(values, group, n, 0.9)
    wait = times["wait_for_provider_min"]
    counted = seen & ~np.isnan(wait)
    with np.errstate(invalid="ignore", divide="ignore"):
        within = np.bincount(group[counted & (wait <= SEEN_WITHIN_MIN)], minlength=n)
        result["seen_within_15_pct"] = 100.0 * within / np.bincount(group[counted], minlength=n)
    return result


def _counts(text: Mapping[str, Array], group: Array, n: int) -> dict[str, Array]:
    counts = {name: np.bincount(group[text[column] == value], minlength=n) for name, (column, value) in COUNTS.items()}
    came = np.bincount(group[np.isin(text["outcome"], CAME)], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = {name: np.where(came > 0, 100.0 * counts[outcome] / came, np.nan) for name, outcome in RATES.items()}
    return {**counts, **rates}


def _left_unseen(times: Times, outcome: Array, group: Array, n: int) -> dict[str, Array]:
    """How long those who left unseen had waited, from max(door, appointment) to leaving."""
    since = np.fmax(door_time(times["arrival_min"]), times["appointment_min"])
    waited = np.where(outcome == "left_unseen", np.maximum(times["departure_min"] - since, 0.0), np.nan)
    return {
        f"{LEFT_UNSEEN_WAIT}_mean": group_mean(waited, group, n),
        f"{LEFT_UNSEEN_WAIT}_p90": group_quantile(waited, group, n, 0.9),
    }


def _wait_shares(times: Times, group: Array, n: int, steps: list[str]) -> dict[str, Array]:
    sums = {step: np.bincount(group, np.nan_to_num(times[step_wait_column(step)]), minlength=n) for step in steps}
    total = np.zeros(n)
    for step_sum in sums.values():  # one step after the other: np.sum(axis=0) sums pairwise when there is
        total = total + step_sum  # one day and in sequence when there are many, so the last bit would differ
    with np.errstate(invalid="ignore", divide="ignore"):
        return {f"wait_share_{step}": np.where(total > 0, 100.0 * s / total, np.nan) for step, s in sums.items()}


def _waiting_room(times: Times, group: Array, horizon: Array) -> dict[str, Array]:
    """Everyone in the waiting room: from ``exit - waiting_room_min`` until ``exit``, the
    moment they left it (roomed, with the provider in a pathway without a room, or gone);
    the same for a patient later seen or not (see :func:`~flowsim.results.patient.waiting_room_exit`)."""
    end = waiting_room_exit(times["roomed_min"], times["provider_start_min"], times["departure_min"])
    start = end - times["waiting_room_min"]
    valid = ~np.isnan(start) & ~np.isnan(end)
    g, h = group[valid], horizon[group[valid]]
    start, end = np.clip(start[valid], 0.0, h), np.clip(end[valid], 0.0, h)
    total = np.bincount(g, end - start, minlength=len(horizon))
    return {"waiting_room_mean": total / horizon, "waiting_room_max": peak_count(g, start, end, len(horizon))}
