"""What the observed visits say about each parameter of a scenario, with an interval and a sample size.

Each function reads the stopwatch sheet (:func:`flowsim.observed.read_observed`) and
returns :class:`Estimate` records keyed by the scenario field they set, e.g.
``visit_types.follow_up.no_show_prob``. Where the sheet cannot tell (a step without
start and end stamps, too few patients) there is no estimate, and the scenario keeps the
``--base`` value.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from flowsim.calibrate.families import FamilyFit, Minutes, fit_minutes, t_interval
from flowsim.observed.stopwatch import STEPS

MIN_N = 8
"""Fewer observations than this are not fitted: the base scenario's value stays."""
MIN_EXACT = 3
"""Censored estimates (lateness, documentation) also need this many exactly observed values."""
ATTENDED = ("seen", "left_unseen", "rebooked_late")


@dataclass(frozen=True)
class Estimate:
    """One fitted scenario value.

    Attributes
    ----------
    path
        Field path in the scenario (``visit_types.<v>.no_show_prob``, ``pathways.<p>[i].duration_min``, ...)
        once placed; the key the estimate is found by until then (``duration:<visit type>:<step>``).
    what
        What it is, in words.
    family
        ``binomial``, ``poisson``, a distribution family, ``empirical``, or ``from base`` / ``inferred``.
    value
        What goes into the scenario (a number or a distribution mapping).
    estimate, ci_low, ci_high
        The headline number (probability, mean minutes, rate) and its 95% interval.
    n
        Observations behind it.
    """

    path: str
    what: str
    family: str
    value: Any
    estimate: float
    ci_low: float
    ci_high: float
    n: int
    aic: float = float("nan")
    ks_distance: float = float("nan")
    ks_p: float = float("nan")
    source: str = "fitted"
    note: str = ""
    extra: dict[str, float] = field(default_factory=dict)

    def placed(self, path: str) -> Estimate:
        """This estimate at its scenario field path."""
        return Estimate(**{**self.__dict__, "path": path})


def _from_fit(key: str, what: str, fitted: FamilyFit, n: int, note: str = "") -> Estimate:
    return Estimate(
        key,
        what,
        fitted.family,
        fitted.dist,
        fitted.mean,
        fitted.ci_low,
        fitted.ci_high,
        n,
        fitted.aic,
        fitted.ks_distance,
        fitted.ks_p,
        note=note,
        extra=fitted.aic_by_family,
    )


def _types(visits: pd.DataFrame) -> list[str]:
    return [str(v) for v in dict.fromkeys(visits["visit_type"])]


def no_show_rates(visits: pd.DataFrame) -> Iterator[Estimate]:
    """No-show probability per visit type: binomial, Clopper-Pearson 95% interval."""
    booked = visits[visits["kind"] == "booked"]
    for visit_type in _types(booked):
        rows = booked[booked["visit_type"] == visit_type]
        n, k = len(rows), int((rows["outcome"] == "no_show").sum())
        interval = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="exact")
        yield Estimate(
            f"visit_types.{visit_type}.no_show_prob",
            f"no-show rate of {visit_type}",
            "binomial",
            round(k / n, 4),
            k / n,
            float(interval.low),
            float(interval.high),
            n,
        )


def punctuality(visits: pd.DataFrame, whole_minutes: bool) -> Iterator[Estimate]:
    """Arrival minus appointment per visit type (booked patients who came)."""
    came = visits[(visits["kind"] == "booked") & visits["outcome"].isin(ATTENDED)]
    for visit_type in _types(came):
        offsets = (came["arrival_min"] - came["appointment_min"])[came["visit_type"] == visit_type].dropna()
        if len(offsets) >= MIN_N:
            fitted = fit_minutes(Minutes(offsets.to_numpy(float), np.zeros(0), whole_minutes), offset=True)
            yield _from_fit(
                f"visit_types.{visit_type}.punctuality_min", f"punctuality of {visit_type}", fitted, len(offsets)
            )


def step_durations(visits: pd.DataFrame, whole_minutes: bool) -> Iterator[Estimate]:
    """Each step's duration per visit type, from its start and end stamps (patients who left unseen never
    started the steps they waited for, so they add no duration)."""
    for step in STEPS:
        start, end = f"{step}_start_min", f"{step}_end_min"
        if start not in visits:
            continue
        for visit_type in _types(visits):
            rows = visits[visits["visit_type"] == visit_type]
            minutes = (rows[end] - rows[start]).dropna()
            if len(minutes) >= MIN_N:
                fitted = fit_minutes(Minutes(minutes.to_numpy(float), np.zeros(0), whole_minutes))
                yield _from_fit(f"duration:{visit_type}:{step}", f"{step} of {visit_type}", fitted, len(minutes))


def walk_in_rates(visits: pd.DataFrame, open_min: float, close_min: float) -> Iterator[Estimate]:
    """Walk-ins per hour for each clock hour of the day: Poisson counts over the observed days, exact interval."""
    days = int(visits["rep"].nunique())
    arrivals = visits.loc[visits["kind"] == "walk_in", "arrival_min"].dropna().to_numpy(float)
    for hour_start in np.arange(0.0, close_min, 60.0):
        count = int(((arrivals >= hour_start) & (arrivals < hour_start + 60)).sum())
        low = stats.chi2.ppf(0.025, 2 * count) / 2 if count else 0.0
        high = stats.chi2.ppf(0.975, 2 * count + 2) / 2
        clock = open_min + hour_start
        yield Estimate(
            f"walk_ins.hour.{int(clock // 60):02d}:{int(clock % 60):02d}",
            "walk-ins per hour",
            "poisson",
            round(count / days, 3),
            count / days,
            low / days,
            high / days,
            days,
        )


def documentation(visits: pd.DataFrame, whole_minutes: bool, max_gap_min: float = 60.0) -> Iterator[Estimate]:
    """Charting time after a visit, per provider: the gap until the same provider's next patient.

    When the next patient was ready (intake complete) before the gap ended, the provider
    was charting all along and the gap is the documentation time; otherwise the provider
    waited for the patient, and documentation took *at most* the gap (left-censored).
    Gaps over ``max_gap_min`` (lunch, a break) are left out. When most exact gaps are
    within the recording's resolution (a minute), the provider does not chart between
    patients: the estimate is "none" (no documentation time), not a distribution fitted
    to rounding noise.
    """
    if "exam_start_min" not in visits:
        return
    seen = visits.dropna(subset=["exam_start_min", "exam_end_min"]).sort_values(["rep", "provider", "exam_start_min"])
    for provider, rows in seen.groupby("provider", sort=False):
        same_day = rows["rep"].to_numpy()[1:] == rows["rep"].to_numpy()[:-1]
        gap = rows["exam_start_min"].to_numpy(float)[1:] - rows["exam_end_min"].to_numpy(float)[:-1]
        ready = rows["exam_queue_min"].to_numpy(float)[1:]
        usable = same_day & (gap >= 0) & (gap <= max_gap_min)
        waited_for_provider = ready + (1.0 if whole_minutes else 0.0) < rows["exam_start_min"].to_numpy(float)[1:]
        exact, bound = gap[usable & waited_for_provider], gap[usable & ~waited_for_provider]
        if len(exact) + len(bound) < MIN_N or len(exact) < MIN_EXACT:
            continue
        if np.median(exact) <= (1.0 if whole_minutes else 0.0):
            mean, low, high = t_interval(exact)
            yield Estimate(
                f"providers.{provider}.documentation_min",
                f"documentation of {provider}",
                "none",
                None,
                mean,
                low,
                high,
                len(exact),
                note="most gaps are within a minute: no documentation time",
            )
        else:
            fitted = fit_minutes(Minutes(exact, bound, whole_minutes))
            yield _from_fit(
                f"providers.{provider}.documentation_min",
                f"documentation of {provider}",
                fitted,
                len(exact) + len(bound),
                note=f"{len(bound)} gaps are upper bounds",
            )


def start_lateness(
    visits: pd.DataFrame, session_starts: dict[str, list[float]], whole_minutes: bool
) -> Iterator[Estimate]:
    """Minutes each provider starts a session late: first patient's provider-in minus the session start.

    Exact when that patient was ready before the provider came; otherwise the provider
    was *at most* that late (left-censored).
    """
    if "exam_start_min" not in visits:
        return
    seen = visits.dropna(subset=["exam_start_min"])
    for provider, starts in session_starts.items():
        rows = seen[seen["provider"] == provider]
        exact: list[float] = []
        bound: list[float] = []
        for _, day in rows.groupby("rep"):
            for i, start in enumerate(starts):
                end = starts[i + 1] if i + 1 < len(starts) else np.inf
                session = day[(day["exam_start_min"] >= start) & (day["exam_start_min"] < end)]
                if session.empty:
                    continue
                first = session.sort_values("exam_start_min").iloc[0]
                late = max(float(first["exam_start_min"]) - start, 0.0)
                ready = float(first["exam_queue_min"])
                provider_came_last = ready + (1.0 if whole_minutes else 0.0) < float(first["exam_start_min"])
                (exact if provider_came_last else bound).append(late)
        if len(exact) + len(bound) >= MIN_N and len(exact) >= MIN_EXACT and max(exact) > 0:
            fitted = fit_minutes(Minutes(np.asarray(exact), np.asarray(bound), whole_minutes))
            yield _from_fit(
                f"providers.{provider}.start_lateness_min",
                f"start lateness of {provider}",
                fitted,
                len(exact) + len(bound),
                note=f"{len(bound)} sessions give upper bounds",
            )
