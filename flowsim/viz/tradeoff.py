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

from flowsim.viz.labels import is_share, kpi_label

MAX_TEXT_LABELS = 8
"""Points are labelled with their scenario name up to this many scenarios (else: legend and hover only)."""


def as_summary(table: pd.DataFrame) -> pd.DataFrame:
    """The summary (``scenario, kpi, mean, ci_low, ci_high``) of a summary or a per-replication KPI table."""
    if {"kpi", "mean", "ci_low", "ci_high"} <= set(table.columns):
        return table
    from flowsim.results import summarise  # a KPI table (scenario x rep): summarise it the usual way

    return summarise(table)


def _estimate(summary: pd.DataFrame, scenario: str, kpi: str) -> tuple[float, float, float]:
    row = summary[(summary["scenario"] == scenario) & (summary["kpi"] == kpi)]
    if row.empty:
        raise ValueError(f"summary has no {kpi!r} for scenario {scenario!r}")
    mean, low, high = (float(row[c].iloc[0]) for c in ("mean", "ci_low", "ci_high"))
    return mean, mean - low, high - mean


def tradeoff(
    table: pd.DataFrame,
    wait_kpi: str = "wait_for_provider_min_mean",
    against: Sequence[str] = ("provider_overtime_min", "provider_utilisation"),
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

    Returns
    -------
    plotly.graph_objects.Figure
        One marker trace per scenario and panel: x and y are the means, the error bars reach the 95% interval.
    """
    summary = as_summary(table)
    scenarios = list(dict.fromkeys(summary["scenario"].astype(str)))
    fig = make_subplots(rows=1, cols=len(against), shared_xaxes=True, horizontal_spacing=0.12)
    label_points = len(scenarios) <= MAX_TEXT_LABELS
    for col, kpi in enumerate(against, start=1):
        for k, scenario in enumerate(scenarios):
            x, x_minus, x_plus = _estimate(summary, scenario, wait_kpi)
            y, y_minus, y_plus = _estimate(summary, scenario, kpi)
            fig.add_trace(
                go.Scatter(
                    x=[x],
                    y=[y],
                    name=scenario,
                    legendgroup=scenario,
                    showlegend=col == 1,
                    mode="markers+text" if label_points else "markers",
                    text=[scenario] if label_points else None,
                    textposition="top center",
                    marker={"size": 10, "color": _colour(k)},
                    error_x={"type": "data", "symmetric": False, "array": [x_plus], "arrayminus": [x_minus]},
                    error_y={"type": "data", "symmetric": False, "array": [y_plus], "arrayminus": [y_minus]},
                ),
                row=1,
                col=col,
            )
        fig.update_yaxes(title_text=kpi_label(kpi), tickformat=".0%" if is_share(kpi) else None, row=1, col=col)
        fig.update_xaxes(title_text=kpi_label(wait_kpi), row=1, col=col)
    fig.update_layout(
        title="Shorter waits, at what cost? Each point is a scenario (bars: 95% intervals)",
        template="plotly_white",
        legend={"title": "Scenario"},
    )
    return fig


def _colour(k: int) -> str:
    palette = (
        "#1f77b4",
        "#ff7f0e",
        "#2ca02c",
        "#d62728",
        "#9467bd",
        "#8c564b",
        "#e377c2",
        "#7f7f7f",
        "#bcbd22",
        "#17becf",
    )
    return palette[k % len(palette)]
