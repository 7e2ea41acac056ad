"""The trade-off a manager has to make: shorter waits against busier or later-working providers.

Each scenario is a point: across, its average wait for the provider; up, how busy the
providers are (utilisation) or how long they work past the end of their sessions
(overtime). Bars are 95% confidence intervals over replications in both directions.
A redesign in the lower left of the overtime panel is better on both counts; one that
cuts waits by idling providers shows up as a drop in utilisation.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from flowsim.results.catalogue import is_percent
from flowsim.results.catalogue import title as kpi_label

MAX_TEXT_LABELS = 12
"""Points carry a text label up to this many scenarios (beyond: legend and hover only)."""


def as_summary(table: pd.DataFrame) -> pd.DataFrame:
    """The summary (``scenario, kpi, mean, ci_low, ci_high``) of a summary or a per-replication KPI table."""
    if {"kpi", "mean", "ci_low", "ci_high"} <= set(table.columns):
        return table
    from flowsim.results import summarise  # a KPI table (scenario x rep): summarise it the usual way

    summary: pd.DataFrame = summarise(table)
    return summary


def tradeoff_points(summary: pd.DataFrame, kpis: Sequence[str], keep: Sequence[str] = ()) -> pd.DataFrame:
    """One row per scenario: ``<kpi>``, ``<kpi>_minus``, ``<kpi>_plus`` (distances to the interval ends).

    Columns named in ``keep`` (e.g. a sweep's varied fields) are carried along.
    """
    rows = []
    for scenario, group in summary.groupby("scenario", sort=False, observed=True):
        row: dict[str, object] = {"scenario": str(scenario), **{c: group[c].iloc[0] for c in keep}}
        for kpi in kpis:
            found = group[group["kpi"] == kpi]
            if found.empty:
                raise ValueError(f"summary has no {kpi!r} for scenario {scenario!r}")
            mean, low, high = (float(found[c].iloc[0]) for c in ("mean", "ci_low", "ci_high"))
            row |= {kpi: mean, f"{kpi}_minus": mean - low, f"{kpi}_plus": high - mean}
        rows.append(row)
    return pd.DataFrame(rows)


def _error(points: pd.DataFrame, kpi: str) -> dict[str, object]:
    return {
        "type": "data",
        "symmetric": False,
        "array": points[f"{kpi}_plus"].to_numpy(float),
        "arrayminus": points[f"{kpi}_minus"].to_numpy(float),
    }


def tradeoff(
    table: pd.DataFrame,
    wait_kpi: str = "wait_for_provider_min_mean",
    against: Sequence[str] = ("provider_overtime_min", "provider_utilisation"),
    colour_by: str | None = None,
    label_by: str | None = None,
) -> go.Figure:
    """Each scenario's average wait against provider overtime and utilisation.

    Parameters
    ----------
    table
        The summary (``scenario, kpi, mean, ci_low, ci_high``), or a per-replication KPI
        table (``scenario, rep, <kpi>...``), which is summarised first.
    wait_kpi
        The KPI across (x).
    against
        The KPIs up (y), one panel each.
    colour_by, label_by
        Columns of the summary (e.g. a sweep's ``schedule.rule`` and ``exam_rooms.count``)
        that colour the points and label them; by default each scenario has its own colour
        and is labelled with its name.

    Returns
    -------
    plotly.graph_objects.Figure
        Per panel, one marker trace per colour group (per scenario by default): x and y
        are the means, the error bars reach the 95% intervals.
    """
    summary = as_summary(table)
    keep = [c for c in dict.fromkeys([colour_by, label_by]) if c is not None]
    points = tradeoff_points(summary, [wait_kpi, *against], keep)
    colour = colour_by or "scenario"
    labels = points[label_by or "scenario"].astype(str)
    fig = make_subplots(rows=1, cols=len(against), horizontal_spacing=0.12)
    for col, kpi in enumerate(against, start=1):
        for k, (group, rows) in enumerate(points.groupby(colour, sort=False, observed=True)):
            fig.add_trace(
                go.Scatter(
                    x=rows[wait_kpi].to_numpy(float),
                    y=rows[kpi].to_numpy(float),
                    name=str(group),
                    legendgroup=str(group),
                    showlegend=col == 1,
                    mode="markers+text" if len(points) <= MAX_TEXT_LABELS else "markers",
                    text=labels[rows.index],
                    textposition="top center",
                    hovertext=rows["scenario"],
                    marker={"size": 10, "color": _colour(k)},
                    error_x=_error(rows, wait_kpi),
                    error_y=_error(rows, kpi),
                ),
                row=1,
                col=col,
            )
        fig.update_yaxes(title_text=kpi_label(kpi), ticksuffix="%" if is_percent(kpi) else None, row=1, col=col)
        fig.update_xaxes(title_text=kpi_label(wait_kpi), row=1, col=col)
    fig.update_layout(
        title="Shorter waits, at what cost? Each point is a design (bars: 95% intervals)",
        template="plotly_white",
        legend={"title": kpi_label(colour_by) if colour_by else "Design"},
    )
    return fig


def _colour(k: int) -> str:
    palette = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
    return palette[k % len(palette)]
