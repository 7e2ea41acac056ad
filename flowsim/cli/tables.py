"""Terminal tables for people: headline KPIs with 95% intervals, and paired differences.

A manager reading the terminal wants a few numbers per design, each with its
uncertainty: "mean wait 18.2 min (16.9 to 19.5)". These functions turn the summary
and comparison tables into rich tables showing only the headline KPIs.
"""

from __future__ import annotations

import math

import pandas as pd
from rich.table import Table

from flowsim.results import catalogue


def column_label(kpi: str) -> str:
    """The catalogue's short words for ``kpi`` with its unit: ``"wait, mean (min)"``."""
    entry = catalogue.kpi(kpi)
    return f"{entry.short} ({entry.unit})"


def _row(table: pd.DataFrame, kpi: str) -> pd.Series:
    """The row of ``kpi`` in a long table (one row per KPI)."""
    return table.loc[table["kpi"] == kpi].iloc[0]


def _at(row: pd.Series, column: str) -> float:
    """A number of a table row, as a float (NaN for a missing value)."""
    return float(row[column])


def _number(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.1f}"


def _interval(low: float, high: float) -> str:
    return f"[{_number(low)}, {_number(high)}]"


def headline_kpis(table: pd.DataFrame) -> list[str]:
    """The headline KPIs present in ``table``'s ``kpi`` column, in display order."""
    return catalogue.headline_kpis(list(table["kpi"]))


def summary_table(summary: pd.DataFrame, reps: int) -> Table:
    """One row per scenario and headline KPI: mean and 95% interval."""
    table = Table(
        title=f"Headline KPIs, mean and 95% interval over {reps} replications",
        caption="Waits and times are of the patients seen; those who left or were rebooked are counted apart.",
    )
    for column in ("scenario", "KPI", "mean", "95% interval"):
        table.add_column(column, justify="left" if column in ("scenario", "KPI") else "right")
    for scenario, rows in summary.groupby("scenario", sort=False):
        for i, kpi in enumerate(headline_kpis(rows)):
            row = _row(rows, kpi)
            table.add_row(
                str(scenario) if i == 0 else "",
                column_label(kpi),
                _number(_at(row, "mean")),
                _interval(_at(row, "ci_low"), _at(row, "ci_high")),
            )
        table.add_section()
    return table


def comparison_tables(comparison: pd.DataFrame, baseline: str, reps: int) -> list[Table]:
    """One table per redesign, one row per headline KPI: before, after, paired difference, % change."""
    tables = []
    for redesign, rows in comparison.groupby("redesign", sort=False):
        table = Table(title=f"{redesign} against {baseline} (paired over {reps} replications)", title_justify="left")
        for i, column in enumerate(("KPI", "before", "after", "difference [95% CI]", "change")):
            table.add_column(column, justify="left" if i == 0 else "right", no_wrap=True)
        for kpi in headline_kpis(rows):
            row = _row(rows, kpi)
            change = _at(row, "pct_change")  # already in percent
            low, high = _at(row, "diff_ci_low"), _at(row, "diff_ci_high")
            table.add_row(
                column_label(kpi),
                _number(_at(row, "baseline_mean")),
                _number(_at(row, "redesign_mean")),
                f"{_signed(_at(row, 'diff'))} {_interval(low, high)}",
                "–" if math.isnan(change) else f"{change:+.0f}%",
            )
        tables.append(table)
    return tables


def _signed(value: float) -> str:
    text = _number(value)
    return text if text.startswith(("-", "–")) else f"+{text}"


def pairing_gain_lines(comparison: pd.DataFrame, kpi: str = "wait_for_provider_min_mean") -> list[str]:
    """How much narrower pairing made the interval of each redesign's headline difference."""
    lines = [f"Pairing gain, {column_label(kpi)}: 95% half-width of the difference, paired vs independent runs"]
    for _, row in comparison.loc[comparison["kpi"] == kpi].iterrows():
        paired = (_at(row, "diff_ci_high") - _at(row, "diff_ci_low")) / 2
        unpaired = (_at(row, "unpaired_ci_high") - _at(row, "unpaired_ci_low")) / 2
        gain = _at(row, "pairing_gain")
        times = "–" if math.isnan(gain) else ("∞" if math.isinf(gain) else f"{gain:.1f}×")
        lines.append(f"  {row['redesign']}: ±{_number(paired)} vs ±{_number(unpaired)} ({times} narrower)")
    return lines


def sweep_table(summary: pd.DataFrame, varied: list[str]) -> Table:
    """One row per grid point: the varied values, then each headline KPI's mean and interval."""
    kpis = headline_kpis(summary)[:3]
    table = Table(title="Sweep: headline KPIs per grid point (mean [95% interval])")
    for column in varied:
        table.add_column(column)
    for kpi in kpis:
        table.add_column(column_label(kpi), justify="right")
    for _, rows in summary.groupby("point_id", sort=False):
        first = rows.iloc[0]
        cells = [str(first[column]) for column in varied]
        for kpi in kpis:
            row = _row(rows, kpi)
            low, high = _at(row, "ci_low"), _at(row, "ci_high")
            cells.append(f"{_number(_at(row, 'mean'))} {_interval(low, high)}")
        table.add_row(*cells)
    return table
