"""Her clinic today, in numbers: the headline KPIs of the baseline with their intervals.

The first page shows what a normal day looks like before anything is changed: the
average wait for the provider, how many are seen within 15 minutes, the long waits,
overtime and how busy the providers are, each as the average over the simulated days
with a 95% interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from flowsim.report.headline import HEADLINE_KPIS, kpi_label

TODAY_KPIS = tuple(dict.fromkeys((*HEADLINE_KPIS, "time_in_clinic_min_mean")))


@dataclass(frozen=True)
class Figure:
    """One headline number: its label, the value as shown and the interval in words."""

    label: str  # short: the words before any explanation in brackets
    value: str
    interval: str  # the explanation in brackets, then the 95% interval


def _show(value: float, scale: str) -> str:
    if math.isnan(value):
        return "–"
    if scale == "percent":
        return f"{value:.0f}%"
    if scale == "minutes":
        return f"{value:.0f} min" if abs(value) >= 10 else f"{value:.1f} min"
    return f"{value:.1f}"


def clinic_today(summary: pd.DataFrame, scenario: str) -> list[Figure]:
    """The headline KPIs of ``scenario`` from an experiment's summary, in :data:`TODAY_KPIS` order."""
    rows = {str(r["kpi"]): r for r in summary[summary["scenario"] == scenario].to_dict("records")}
    figures = []
    for kpi in TODAY_KPIS:
        if kpi not in rows:
            continue
        row, label = rows[kpi], kpi_label(kpi)
        mean, low, high = (float(row[k]) for k in ("mean", "ci_low", "ci_high"))
        interval = (
            f"95% interval {_show(low, label.scale)} to {_show(high, label.scale)}"
            if not math.isnan(low)
            else "no interval (one day)"
        )
        short, _, explained = label.label.partition(" (")
        if explained:
            interval = f"{explained.removesuffix(')').capitalize()}. {interval}"
        figures.append(Figure(short, _show(mean, label.scale), interval))
    return figures
