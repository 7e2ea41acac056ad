"""Did the redesign help? Paired differences against the baseline, with their 95% intervals.

Each row is a redesign; the dot is its average change against the baseline
(redesign minus baseline, over replications that share the same patients) and the bar
is the 95% confidence interval of that change. A bar that stays clear of the zero line
is a change the simulation can tell apart from chance; for waits, left of zero is better.
Optionally a grey bar shows how wide the interval would be had the two scenarios been
run with independent patients: the gap is what common random numbers buy.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from flowsim.results.catalogue import is_percent
from flowsim.results.catalogue import title as kpi_label

UNPAIRED_OFFSET = 0.25
"""How far below the paired interval the unpaired one is drawn (in rows)."""


def _columns(relative: bool) -> tuple[str, str, str]:
    return ("pct_change", "pct_ci_low", "pct_ci_high") if relative else ("diff", "diff_ci_low", "diff_ci_high")


def _interval_trace(
    rows: pd.DataFrame, y: list[float], centre: str, low: str, high: str, *, name: str, colour: str, legend: bool
) -> go.Scatter:
    return go.Scatter(
        x=rows[centre].to_numpy(dtype=float),
        y=y,
        mode="markers",
        name=name,
        legendgroup=name,
        showlegend=legend,
        marker={"color": colour, "size": 9},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": (rows[high] - rows[centre]).to_numpy(dtype=float),
            "arrayminus": (rows[centre] - rows[low]).to_numpy(dtype=float),
            "color": colour,
            "thickness": 2,
        },
        customdata=rows[[low, high]].to_numpy(dtype=float),
        text=rows["redesign"].astype(str),
        hovertemplate="%{text}: %{x:.3g} (95% interval %{customdata[0]:.3g} to %{customdata[1]:.3g})<extra></extra>",
    )


def forest_plot(
    comparison: pd.DataFrame,
    kpis: Sequence[str] = ("wait_for_provider_min_mean",),
    relative: bool = False,
    show_unpaired: bool = False,
) -> go.Figure:
    """Paired differences of each redesign against the baseline, one panel per KPI.

    Parameters
    ----------
    comparison
        The paired comparison: one row per redesign and KPI with ``diff``, ``diff_ci_low``,
        ``diff_ci_high`` (and ``pct_*`` for ``relative``, ``unpaired_ci_*`` for ``show_unpaired``).
    kpis
        The KPIs to show, one panel each, left to right.
    relative
        Show the % change (``pct_change`` and its interval) instead of the difference in the KPI's unit.
    show_unpaired
        Add, in grey just below each row, the interval that independent (unpaired) runs would give
        (for differences only: with ``relative`` it is not drawn).

    Returns
    -------
    plotly.graph_objects.Figure
        Redesign ``j`` (in order of first appearance) sits at y = ``j``; its trace's x is the
        difference and its error bars reach the interval's ends.
    """
    missing = [k for k in kpis if k not in set(comparison["kpi"])]
    if missing:
        raise ValueError(f"comparison has no rows for KPI(s) {missing}; it has {sorted(set(comparison['kpi']))}")
    centre, low, high = _columns(relative)
    redesigns = list(dict.fromkeys(comparison["redesign"].astype(str)))
    row_of = {name: float(j) for j, name in enumerate(redesigns)}
    fig = make_subplots(rows=1, cols=len(kpis), shared_yaxes=True, subplot_titles=[kpi_label(k) for k in kpis])
    for i, kpi in enumerate(kpis, start=1):
        rows = comparison[comparison["kpi"] == kpi]
        y = [row_of[str(name)] for name in rows["redesign"]]
        if show_unpaired and not relative:
            below = [v - UNPAIRED_OFFSET for v in y]
            fig.add_trace(
                _interval_trace(
                    rows,
                    below,
                    centre,
                    "unpaired_ci_low",
                    "unpaired_ci_high",
                    name="if runs were not paired",
                    colour="#b0b0b0",
                    legend=i == 1,
                ),
                row=1,
                col=i,
            )
        fig.add_trace(
            _interval_trace(rows, y, centre, low, high, name="paired 95% interval", colour="#1f4e79", legend=i == 1),
            row=1,
            col=i,
        )
        fig.add_vline(x=0, line_color="#c00000", line_width=1, row=1, col=i)
        if relative:
            fig.update_xaxes(ticksuffix="%", row=1, col=i)
        elif is_percent(kpi):  # a difference of two percentages is in points, not percent
            fig.update_xaxes(tickformat="+.0f", ticksuffix=" pts", row=1, col=i)
    fig.update_yaxes(tickmode="array", tickvals=list(row_of.values()), ticktext=redesigns, autorange="reversed")
    unit = "% change" if relative else "change"
    fig.update_layout(
        title=f"Redesign minus baseline ({unit}), with 95% intervals: bars clear of the red line are real effects",
        template="plotly_white",
        height=max(300, 120 + 60 * len(redesigns)),
        legend={"orientation": "h", "y": -0.2},
    )
    return fig
