"""How sure are we? Confidence intervals over replications, and paired comparisons.

One simulated day is one draw from a lottery of days. Over many replications each KPI
gets a mean and a 95% t-interval (:func:`summarise`). To compare a redesign with the
baseline, replication *r* of both faces the same patients (common random numbers), so
the per-replication differences are compared (:func:`paired_comparison`): the day-to-day
noise shared by both cancels and the interval of the difference is much narrower than
the one from two independent sets of runs (Welch), which is shown alongside so users see
why pairing matters.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import special  # not scipy.stats: importing it costs half a second at every start

Array = np.ndarray[Any, Any]
KEY_COLUMNS = ("scenario", "rep")
SUMMARY_COLUMNS = ("scenario", "kpi", "mean", "sd", "ci_low", "ci_high", "n_reps")
COMPARISON_COLUMNS = (
    "redesign",
    "kpi",
    "baseline_mean",
    "redesign_mean",
    "diff",
    "diff_ci_low",
    "diff_ci_high",
    "pct_change",
    "pct_ci_low",
    "pct_ci_high",
    "unpaired_ci_low",
    "unpaired_ci_high",
    "pairing_gain",
    "n_reps",
)


def kpi_names(kpis: pd.DataFrame) -> list[str]:
    """The KPI columns of a kpis table (everything except scenario and rep), in order."""
    return [c for c in kpis.columns if c not in KEY_COLUMNS]


def _t_half_width(sd: Array, n: Array, df: Array, confidence: float) -> Array:
    with np.errstate(invalid="ignore", divide="ignore"):
        quantile = special.stdtrit(np.where(df > 0, df, np.nan), 0.5 + confidence / 2)  # = scipy.stats.t.ppf
        return np.asarray(quantile * sd / np.sqrt(n), dtype=float)


def _mean_sd_n(values: Array) -> tuple[Array, Array, Array]:
    """Column-wise mean, sample sd (ddof 1) and count of non-NaN values, without warnings."""
    n = (~np.isnan(values)).sum(axis=0)
    total = np.nansum(values, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n > 0, total / n, np.nan)
        squares = np.nansum((values - mean) ** 2, axis=0)
        sd = np.where(n > 1, np.sqrt(squares / (n - 1)), np.nan)
    return mean, sd, n


def summarise(kpis: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Mean, sd and t-interval of every KPI per scenario (``summary.csv``).

    Parameters
    ----------
    kpis
        One row per scenario × replication (:func:`day_kpis`).
    confidence
        Coverage of the interval (0.95: the 95% interval mean ± t(0.975, n-1)·sd/√n).

    Returns
    -------
    pandas.DataFrame
        ``scenario, kpi, mean, sd, ci_low, ci_high, n_reps``, scenarios in first-seen
        order, KPIs in column order. Replications where a KPI is NaN are left out of its
        row (``n_reps`` counts the others); with fewer than two, sd and interval are NaN.
    """
    names = kpi_names(kpis)
    parts = []
    for scenario, rows in kpis.groupby("scenario", sort=False, observed=True):
        mean, sd, n = _mean_sd_n(rows[names].to_numpy(dtype=float))
        half = _t_half_width(sd, n, n - 1, confidence)
        parts.append(
            pd.DataFrame(
                {
                    "scenario": str(scenario),
                    "kpi": names,
                    "mean": mean,
                    "sd": sd,
                    "ci_low": mean - half,
                    "ci_high": mean + half,
                    "n_reps": n,
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    return pd.concat(parts, ignore_index=True)


def paired_comparison(kpis: pd.DataFrame, baseline: str, confidence: float = 0.95) -> pd.DataFrame:
    """Every other scenario against ``baseline``, paired by replication (``comparison.csv``).

    Parameters
    ----------
    kpis
        One row per scenario × replication; replication *r* of every scenario must come
        from the same random numbers (same seed) for the pairing to mean anything.
    baseline
        Name of the baseline scenario.
    confidence
        Coverage of the intervals.

    Returns
    -------
    pandas.DataFrame
        Per redesign and KPI, over the replications both have (and where both values
        exist): ``baseline_mean, redesign_mean``; ``diff`` (redesign − baseline) with its
        paired t-interval ``diff_ci_low, diff_ci_high``; ``pct_change`` = 100·diff ÷
        baseline mean with ``pct_ci_low, pct_ci_high`` (the diff interval over the baseline
        mean); ``unpaired_ci_low, unpaired_ci_high``, the Welch interval treating the two
        as independent runs; ``pairing_gain`` = unpaired ÷ paired half-width (how many
        times narrower pairing made the interval; inf when pairing removed all noise);
        ``n_reps``.
    """
    scenarios = [str(s) for s in pd.unique(kpis["scenario"])]
    if baseline not in scenarios:
        raise ValueError(f"baseline {baseline!r} is not among the scenarios {scenarios}")
    names = kpi_names(kpis)
    by_rep = {s: rows.set_index("rep")[names] for s, rows in kpis.groupby("scenario", sort=False, observed=True)}
    parts = [_compare(by_rep[baseline], by_rep[s], confidence).assign(redesign=s) for s in scenarios if s != baseline]
    if not parts:
        return pd.DataFrame(columns=list(COMPARISON_COLUMNS))
    return pd.concat(parts, ignore_index=True)[list(COMPARISON_COLUMNS)]


def _compare(base: pd.DataFrame, redesign: pd.DataFrame, confidence: float) -> pd.DataFrame:
    reps = base.index.intersection(redesign.index).sort_values()
    b = base.loc[reps].to_numpy(dtype=float)
    r = redesign.loc[reps].to_numpy(dtype=float)
    both = ~np.isnan(b) & ~np.isnan(r)
    b, r = np.where(both, b, np.nan), np.where(both, r, np.nan)
    b_mean, b_sd, n = _mean_sd_n(b)
    r_mean, r_sd, _ = _mean_sd_n(r)
    d_mean, d_sd, _ = _mean_sd_n(r - b)
    paired = _t_half_width(d_sd, n, n - 1, confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.sqrt((b_sd**2 + r_sd**2) / n)
        welch_df = se**4 / ((b_sd**2 / n) ** 2 / (n - 1) + (r_sd**2 / n) ** 2 / (n - 1))
        unpaired = np.where(se == 0, 0.0, _t_half_width(se * np.sqrt(n), n, welch_df, confidence))
        gain = np.where((paired == 0) & (unpaired == 0), np.nan, unpaired / paired)
        pct_low = 100 * (d_mean - paired) / b_mean
        pct_high = 100 * (d_mean + paired) / b_mean
        pct_change = 100 * d_mean / b_mean
    return pd.DataFrame(
        {
            "kpi": base.columns,
            "baseline_mean": b_mean,
            "redesign_mean": r_mean,
            "diff": d_mean,
            "diff_ci_low": d_mean - paired,
            "diff_ci_high": d_mean + paired,
            "pct_change": np.where(b_mean == 0, np.nan, pct_change),
            "pct_ci_low": np.where(b_mean == 0, np.nan, np.fmin(pct_low, pct_high)),
            "pct_ci_high": np.where(b_mean == 0, np.nan, np.fmax(pct_low, pct_high)),
            "unpaired_ci_low": d_mean - unpaired,
            "unpaired_ci_high": d_mean + unpaired,
            "pairing_gain": gain,
            "n_reps": n,
        }
    )
