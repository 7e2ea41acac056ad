"""Back-validation: does the fitted clinic reproduce the observed days?

The fitted scenario is simulated over many days, and each simulated day is looked at
the way the clinic's system would have recorded it: the same milestones only (a sheet
without check-in stamps gives simulated days without them) and, when the sheet was
written to the minute, times rounded down to the minute. Observed and simulated days
then go through the same KPI code (:func:`flowsim.results.patient_kpis`,
:func:`flowsim.results.day_kpis`, :func:`flowsim.results.summarise`), and are compared:

- each day-level KPI: observed and simulated means with 95% intervals, the difference
  with a Welch interval, and a verdict: ``agrees`` (the interval of the difference holds
  0), ``close`` (it does not, but the difference is within 10% of the observed mean) or
  ``differs``;
- the distribution of each per-patient wait, overall and by step, by appointment hour
  and by provider: the two-sample KS distance and its p-value; ``agrees`` when p >= 0.01,
  else ``close`` when the distance is at most 0.05 (thousands of patients make tiny,
  harmless differences significant), else ``differs``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from flowsim.observed.stopwatch import SIMULATED, to_stopwatch
from flowsim.results import ClinicFacts, day_kpis, patient_kpis, summarise
from flowsim.results.columns import step_wait_column, steps_from_columns
from flowsim.scenarios.clock import clock_to_min
from flowsim.scenarios.schema import Scenario

CLOSE_PCT = 10.0
CLOSE_KS = 0.05
KS_ALPHA = 0.01
MIN_PATIENTS = 5
COLUMNS = [
    "check",
    "kpi",
    "group",
    "observed",
    "observed_ci_low",
    "observed_ci_high",
    "simulated",
    "simulated_ci_low",
    "simulated_ci_high",
    "difference",
    "difference_ci_low",
    "difference_ci_high",
    "ks_distance",
    "ks_p",
    "n_observed",
    "n_simulated",
    "verdict",
]
COMPARED = (
    "_mean",
    "_p90",
    "_pct",
    "booked",
    "walk_ins",
    "no_shows",
    "seen",
    "left_unseen",
    "waiting_room_mean",
    "clinic_overtime_min",
)


@dataclass(frozen=True, eq=False)
class Backtest:
    """Observed vs simulated: the comparison table and the per-patient tables behind it."""

    table: pd.DataFrame
    observed: pd.DataFrame
    simulated: pd.DataFrame
    days: int


def as_recorded(visits: pd.DataFrame, milestones: tuple[str, ...], whole_minutes: bool) -> pd.DataFrame:
    """Simulated visits as an export with these milestones would show them (rounded down if ``whole_minutes``)."""
    table = pd.DataFrame(
        {
            "rep": visits["rep"].to_numpy(),
            "visit_type": visits["visit_type"].to_numpy(object),
            "provider": visits["provider"].to_numpy(object),
            "outcome": visits["outcome"].astype(str).replace("rebooked_late", "seen").to_numpy(object),
        }
    )
    for milestone, column in SIMULATED.items():
        minutes = visits[column].to_numpy(float) if column in visits and milestone in milestones else np.nan
        table[milestone] = np.floor(minutes) if whole_minutes else minutes
    return patient_kpis(to_stopwatch(table, "simulated"))


def backtest(
    scenario: Scenario,
    observed: pd.DataFrame,
    milestones: tuple[str, ...],
    whole_minutes: bool,
    *,
    days: int,
    seed: int,
    workers: int | None,
) -> Backtest:
    """Simulate ``scenario`` over ``days`` days and compare it with the observed stopwatch sheet."""
    from flowsim.experiment import run_experiment

    run = run_experiment(scenario, reps=days, seed=seed, workers=workers, keep_events=False)
    simulated = as_recorded(run.visits, milestones, whole_minutes)
    close = float(clock_to_min(scenario.clinic.close) - clock_to_min(scenario.clinic.open))
    facts = ClinicFacts(close_min=close)
    observed = observed.assign(scenario="observed")
    kpis = day_kpis(pd.concat([observed, simulated], ignore_index=True), None, facts)
    rows = [*_kpi_rows(kpis), *_distribution_rows(observed, simulated, scenario.clinic.open)]
    return Backtest(pd.DataFrame(rows, columns=COLUMNS), observed, simulated, days)


def _kpi_rows(kpis: pd.DataFrame) -> Iterator[dict[str, Any]]:
    summary = summarise(kpis).set_index(["scenario", "kpi"])
    for kpi in dict.fromkeys(summary.index.get_level_values("kpi")):
        if not kpi.endswith(COMPARED) or ("observed", kpi) not in summary.index:
            continue
        o, s = summary.loc[("observed", kpi)], summary.loc[("simulated", kpi)]
        if not np.isfinite(o["mean"]) or not np.isfinite(s["mean"]):
            continue
        diff = float(o["mean"] - s["mean"])
        se = np.sqrt(o["sd"] ** 2 / o["n_reps"] + s["sd"] ** 2 / s["n_reps"]) if o["n_reps"] > 1 else np.nan
        dof = _welch_dof(o["sd"], o["n_reps"], s["sd"], s["n_reps"])
        half = float(stats.t.ppf(0.975, dof) * se) if np.isfinite(se) and se > 0 else (0.0 if se == 0 else np.nan)
        yield {
            "check": "mean",
            "kpi": kpi,
            "group": "all days",
            "observed": o["mean"],
            "observed_ci_low": o["ci_low"],
            "observed_ci_high": o["ci_high"],
            "simulated": s["mean"],
            "simulated_ci_low": s["ci_low"],
            "simulated_ci_high": s["ci_high"],
            "difference": diff,
            "difference_ci_low": diff - half,
            "difference_ci_high": diff + half,
            "n_observed": int(o["n_reps"]),
            "n_simulated": int(s["n_reps"]),
            "verdict": _mean_verdict(diff, half, float(o["mean"])),
        }


def _welch_dof(sd1: float, n1: float, sd2: float, n2: float) -> float:
    a, b = sd1**2 / n1, sd2**2 / n2
    denominator = (a * a / (n1 - 1) if n1 > 1 else 0.0) + (b * b / (n2 - 1) if n2 > 1 else 0.0)
    return float((a + b) ** 2 / denominator) if denominator > 0 else float(max(n1 + n2 - 2, 1))


def _mean_verdict(diff: float, half: float, observed: float) -> str:
    if not np.isfinite(half):
        return "too few days"
    if abs(diff) <= half:
        return "agrees"
    return "close" if abs(diff) <= CLOSE_PCT / 100 * abs(observed) else "differs"


def _distribution_rows(observed: pd.DataFrame, simulated: pd.DataFrame, clinic_open: str) -> Iterator[dict[str, Any]]:
    steps = [s for s in steps_from_columns(observed.columns) if s in steps_from_columns(simulated.columns)]
    seen_o, seen_s = observed[observed["outcome"] == "seen"], simulated[simulated["outcome"] == "seen"]
    for kpi in ["wait_for_provider_min", *(step_wait_column(s) for s in steps)]:
        yield _ks(kpi, "all patients", seen_o[kpi], seen_s[kpi])
    opened = clock_to_min(clinic_open)
    hour_o, hour_s = (_hour(t, opened) for t in (seen_o, seen_s))
    for hour in sorted(set(hour_o.dropna())):
        yield _ks(
            "wait_for_provider_min",
            f"hour {hour}",
            seen_o.loc[hour_o == hour, "wait_for_provider_min"],
            seen_s.loc[hour_s == hour, "wait_for_provider_min"],
        )
    for provider in dict.fromkeys(seen_o["provider"]):
        if provider:
            yield _ks(
                "wait_for_provider_min",
                f"provider {provider}",
                seen_o.loc[seen_o["provider"] == provider, "wait_for_provider_min"],
                seen_s.loc[seen_s["provider"] == provider, "wait_for_provider_min"],
            )


def _ks_verdict(distance: float, p_value: float) -> str:
    if p_value >= KS_ALPHA:
        return "agrees"
    return "close" if distance <= CLOSE_KS else "differs"


def _hour(visits: pd.DataFrame, opened: int) -> pd.Series:
    """Clock hour (``"09:00"``) of each patient's appointment, or arrival for walk-ins."""
    at = visits["appointment_min"].fillna(visits["arrival_min"]) + opened
    hours: pd.Series = np.floor(at / 60).map(lambda h: f"{int(h) % 24:02d}:00" if np.isfinite(h) else None)
    return hours


def _ks(kpi: str, group: str, observed: pd.Series, simulated: pd.Series) -> dict[str, Any]:
    o, s = observed.dropna().to_numpy(float), simulated.dropna().to_numpy(float)
    row: dict[str, Any] = {
        "check": "distribution",
        "kpi": kpi,
        "group": group,
        "n_observed": len(o),
        "n_simulated": len(s),
    }
    if len(o) < MIN_PATIENTS or len(s) < MIN_PATIENTS:
        return {**row, "verdict": "too few patients"}
    result = stats.ks_2samp(o, s)
    return {
        **row,
        "observed": float(np.mean(o)),
        "simulated": float(np.mean(s)),
        "ks_distance": float(result.statistic),
        "ks_p": float(result.pvalue),
        "verdict": _ks_verdict(float(result.statistic), float(result.pvalue)),
    }
