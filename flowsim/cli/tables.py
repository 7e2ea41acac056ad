"""Terminal tables for people: headline KPIs with 95% intervals, and paired differences.

A manager reading the terminal wants a few numbers per design, each with its
uncertainty: "mean wait 18.2 min (16.9 to 19.5)". These functions turn the summary
and comparison tables into rich tables showing only the headline KPIs.
"""

from __future__ import annotations

import math

import pandas as pd
from rich.table import Table

HEADLINE = {
    "wait_for_provider_min_mean": "wait for provider, mean (min)",
    "wait_for_provider_min_p90": "wait for provider, p90 (min)",
    "time_in_clinic_min_mean": "time in clinic, mean (min)",
    "seen_within_15_pct": "seen within 15 min (%)",
    "provider_overtime_min": "provider overtime (min)",
    "provider_utilisation": "provider utilisation",
}
"""Headline KPI columns of the kpis table and how they are labelled on screen."""


def _number(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.1f}"


def _interval(low: float, high: float) -> str:
    return f"[{_number(low)}, {_number(high)}]"


def headline_kpis(table: pd.DataFrame) -> list[str]:
    """The headline KPIs present in ``table``'s ``kpi`` column, in display order."""
    present = set(table["kpi"])
    return [kpi for kpi in HEADLINE if kpi in present]


def summary_table(summary: pd.DataFrame, reps: int) -> Table:
    """One row per scenario and headline KPI: mean and 95% interval."""
    table = Table(title=f"Headline KPIs, mean and 95% interval over {reps} replications")
    for column in ("scenario", "KPI", "mean", "95% interval"):
        table.add_column(column, justify="left" if column in ("scenario", "KPI") else "right")
    for scenario, rows in summary.groupby("scenario", sort=False):
        by_kpi = rows.set_index("kpi")
        for i, kpi in enumerate(headline_kpis(rows)):
            row = by_kpi.loc[kpi]
            table.add_row(
                str(scenario) if i == 0 else "",
                HEADLINE[kpi],
                _number(row["mean"]),
                _interval(row["ci_low"], row["ci_high"]),
            )
        table.add_section()
    return table


def comparison_table(comparison: pd.DataFrame, baseline: str, reps: int) -> Table:
    """One row per redesign and headline KPI: baseline, redesign, paired difference, % change."""
    table = Table(title=f"Paired differences against {baseline} ({reps} replications, 95% intervals)")
    for column in ("redesign", "KPI", "baseline", "redesign mean", "difference", "95% interval", "change"):
        table.add_column(column, justify="left" if column in ("redesign", "KPI") else "right")
    for redesign, rows in comparison.groupby("scenario", sort=False):
        by_kpi = rows.set_index("kpi")
        for i, kpi in enumerate(headline_kpis(rows)):
            row = by_kpi.loc[kpi]
            change = row["pct_change"]
            table.add_row(
                str(redesign) if i == 0 else "",
                HEADLINE[kpi],
                _number(row["baseline_mean"]),
                _number(row["redesign_mean"]),
                f"{row['diff']:+.2f}",
                _interval(row["diff_ci_low"], row["diff_ci_high"]),
                "–" if pd.isna(change) else f"{change:+.1f}%",
            )
        table.add_section()
    return table


def sweep_table(summary: pd.DataFrame, varied: list[str]) -> Table:
    """One row per grid point: the varied values, then each headline KPI's mean and interval."""
    kpis = headline_kpis(summary)[:3]
    table = Table(title="Sweep: headline KPIs per grid point (mean [95% interval])")
    for column in varied:
        table.add_column(column)
    for kpi in kpis:
        table.add_column(HEADLINE[kpi], justify="right")
    for _, rows in summary.groupby("point_id", sort=False):
        by_kpi = rows.set_index("kpi")
        first = rows.iloc[0]
        cells = [str(first[column]) for column in varied]
        for kpi in kpis:
            row = by_kpi.loc[kpi]
            cells.append(f"{_number(row['mean'])} {_interval(row['ci_low'], row['ci_high'])}")
        table.add_row(*cells)
    return table
