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

from flowsim.results.busy import activity_intervals, provider_kpis, room_utilisation
from flowsim.results.catalogue import day_kpi_names
from flowsim.results.columns import patient_kpi_columns, step_columns, step_wait_column, steps_from_columns
from flowsim.results.facts import ClinicFacts
from flowsim.results.grouped import group_mean, group_quantile
from flowsim.results.intervals import peak_count
from flowsim.results.patient import minutes

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
ATTENDED = ("seen", "left_unseen")
"""Outcomes of patients who stayed in the clinic (their departures keep it open)."""


def day_kpis(
    visits: pd.DataFrame, events: pd.DataFrame | None, facts: Mapping[str, ClinicFacts] | ClinicFacts
) -> pd.DataFrame:
    """Day-level KPIs, one row per scenario × replication (``kpis.csv``).

    Parameters
    ----------
    visits
        The stopwatch sheet with its per-patient KPI columns (:func:`visits_table` or
        :func:`read_stopwatch`).
    events
        The event log (:func:`events_table`); ``None`` for observed data without one, in
        which case the provider and room columns are NaN.
    facts
        :class:`ClinicFacts` per scenario name, or one for every scenario.

    Returns
    -------
    pandas.DataFrame
        ``scenario, rep``; ``<kpi>_mean, <kpi>_p90`` for every per-patient KPI (90th
        percentile by linear interpolation, over patients for whom the KPI exists);
        ``seen_within_15_pct`` (percent of seen patients with a wait for the provider of at
        most 15 minutes); the counts ``booked, same_day, walk_ins, no_shows, seen,
        rebooked_late, left_unseen``; ``provider_utilisation`` (percent), ``provider_idle_min,
        provider_overtime_min`` overall (see :func:`~flowsim.results.busy.provider_kpis`)
        and per provider; ``clinic_overtime_min`` (last departure of a patient who came in
        − close, ≥ 0); ``wait_share_<step>`` (percent of all waiting minutes, NaN on a day
        without waiting); ``room_utilisation`` (percent); ``waiting_room_mean, waiting_room_max``
        (time-average and peak number of patients waiting to be roomed over
        ``[0, max(close, last departure)]``). Rows are sorted by scenario (first seen)
        and replication.
    """
    groups, visit_group, event_group = _groups(visits, events)
    names = groups["scenario"].tolist()
    facts_map = {s: facts for s in dict.fromkeys(names or [""])} if isinstance(facts, ClinicFacts) else facts
    missing = sorted(set(names) - set(facts_map))
    if missing:
        raise KeyError(f"no ClinicFacts for scenario(s) {missing}")
    n = len(groups)
    steps = steps_from_columns(visits.columns)
    close = np.array([facts_map[s].close_min for s in names], dtype=float)

    text = {c: visits[c].to_numpy(dtype=object) for c in ("kind", "outcome")}
    kpis = patient_kpi_columns(steps)
    needed = [*kpis, *(step_columns(s)[2] for s in steps), "roomed_min", "arrival_min", "departure_min"]
    block = minutes(visits, needed)
    times = {name: block[:, i] for i, name in enumerate(needed)}
    columns: dict[str, Array] = {}
    columns.update(_wait_statistics(times, visit_group, n, kpis, text["outcome"] == "seen"))
    columns.update(_counts(text, visit_group, n))
    # observed data without an event log: the provider and room columns exist but are unknown
    intervals = activity_intervals(events, event_group) if events is not None else _no_intervals()
    unknown = events is None
    columns.update(
        {k: np.full(n, np.nan) if unknown else v for k, v in provider_kpis(intervals, names, facts_map).items()}
    )
    attended = np.isin(text["outcome"], ATTENDED)
    last_departure = np.full(n, np.nan)
    np.fmax.at(last_departure, visit_group[attended], times["departure_min"][attended])
    columns["clinic_overtime_min"] = np.clip(np.nan_to_num(last_departure - close, nan=0.0), 0.0, None)
    columns.update(_wait_shares(times, visit_group, n, steps))
    columns["room_utilisation"] = np.full(n, np.nan) if unknown else room_utilisation(intervals, names, facts_map)
    horizon = np.fmax(close, last_departure)
    left = text["outcome"] == "left_unseen"
    columns.update(_waiting_room(times, visit_group, horizon, steps, left))
    providers = list(dict.fromkeys(p for s in dict.fromkeys(names or list(facts_map)) for p in facts_map[s].sessions))
    return pd.concat([groups, pd.DataFrame(_in_catalogue_order(columns, steps, providers))], axis=1)


def _in_catalogue_order(
    columns: Mapping[str, Array], steps: Sequence[str], providers: Sequence[str]
) -> dict[str, Array]:
    """The computed columns in ``kpis.csv`` order; a column without a catalogue entry is a bug."""
    layout = day_kpi_names(steps, providers)
    stray = [name for name in columns if name not in layout]
    if stray:
        raise AssertionError(f"KPI columns {stray} have no entry in flowsim.results.catalogue")
    return {name: columns[name] for name in layout}


def kpi_columns(steps: Sequence[str], providers: Sequence[str]) -> list[str]:
    """The columns of :func:`day_kpis` for these pathway steps and providers, in order."""
    return ["scenario", "rep", *day_kpi_names(steps, providers)]


def _no_intervals() -> pd.DataFrame:
    return pd.DataFrame({"group": [], "resource_id": [], "activity": [], "start_min": [], "end_min": []})


def _groups(visits: pd.DataFrame, events: pd.DataFrame | None) -> tuple[pd.DataFrame, Array, Array]:
    """Distinct (scenario, rep) and the group index of every visit and event row."""
    frames = [visits] + ([events] if events is not None else [])
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
    visit_group = np.searchsorted(unique, all_keys[0])
    event_group = np.searchsorted(unique, all_keys[1]) if events is not None else np.zeros(0, dtype=np.int64)
    return groups, visit_group, event_group


def _wait_statistics(times: Times, group: Array, n: int, kpis: list[str], seen: Array) -> dict[str, Array]:
    result: dict[str, Array] = {}
    for kpi in kpis:
        result[f"{kpi}_mean"] = group_mean(times[kpi], group, n)
        result[f"{kpi}_p90"] = group_quantile(times[kpi], group, n, 0.9)
    wait = times["wait_for_provider_min"]
    counted = seen & ~np.isnan(wait)
    with np.errstate(invalid="ignore", divide="ignore"):
        within = np.bincount(group[counted & (wait <= SEEN_WITHIN_MIN)], minlength=n)
        result["seen_within_15_pct"] = 100.0 * within / np.bincount(group[counted], minlength=n)
    return result


def _counts(text: Mapping[str, Array], group: Array, n: int) -> dict[str, Array]:
    return {name: np.bincount(group[text[column] == value], minlength=n) for name, (column, value) in COUNTS.items()}


def _wait_shares(times: Times, group: Array, n: int, steps: list[str]) -> dict[str, Array]:
    sums = {step: np.bincount(group, np.nan_to_num(times[step_wait_column(step)]), minlength=n) for step in steps}
    total = np.zeros(n)
    for step_sum in sums.values():  # one step after the other: np.sum(axis=0) sums pairwise when there is
        total = total + step_sum  # one day and in sequence when there are many, so the last bit would differ
    with np.errstate(invalid="ignore", divide="ignore"):
        return {f"wait_share_{step}": np.where(total > 0, 100.0 * s / total, np.nan) for step, s in sums.items()}


def _waiting_room(times: Times, group: Array, horizon: Array, steps: list[str], left_unseen: Array) -> dict[str, Array]:
    """Patients waiting to be roomed: from ``roomed - waiting_room_min`` to ``roomed``; a
    patient who left unseen before being roomed waits from the end of their last finished
    step (or arrival) until leaving."""
    roomed = times["roomed_min"]
    since = roomed - times["waiting_room_min"]
    last_end = np.full(len(roomed), -np.inf)
    for step in steps:
        last_end = np.fmax(last_end, times[step_columns(step)[2]])
    last_end = np.where(np.isneginf(last_end), times["arrival_min"], last_end)
    left = left_unseen & np.isnan(roomed)
    start = np.where(left, last_end, since)
    end = np.where(left, times["departure_min"], roomed)
    valid = ~np.isnan(start) & ~np.isnan(end)
    g, h = group[valid], horizon[group[valid]]
    start, end = np.clip(start[valid], 0.0, h), np.clip(end[valid], 0.0, h)
    total = np.bincount(g, end - start, minlength=len(horizon))
    return {"waiting_room_mean": total / horizon, "waiting_room_max": peak_count(g, start, end, len(horizon))}
