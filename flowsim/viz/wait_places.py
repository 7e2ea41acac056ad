"""Where the waiting happens: each step's average wait per design, with its 95% interval.

One horizontal bar per step and design ("Exam: in the exam room, for the provider"),
grouped by step so the designs stand side by side, and a whisker for the interval over
the simulated days. A redesign that moves the wait from the waiting room into the exam
room shows as one bar shrinking while the other grows.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

NEEDED = ("scenario", "label", "mean", "ci_low", "ci_high")


def wait_by_place(table: pd.DataFrame) -> go.Figure:
    """Bars of the average wait before each step, one colour per design.

    Parameters
    ----------
    table
        One row per design and step: ``scenario, label, mean, ci_low, ci_high`` in
        minutes (as made by ``flowsim.report.wait_by_place``), steps in pathway order.

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace per design; its ``x`` are the means, the error bars the intervals.
    """
    missing = [c for c in NEEDED if c not in table.columns]
    if missing:
        raise ValueError(f"the wait table needs columns {missing}")
    order = list(dict.fromkeys(table["label"]))
    fig = go.Figure()
    for scenario, rows in table.groupby("scenario", sort=False):
        rows = rows.set_index("label").reindex(order)
        fig.add_trace(
            go.Bar(
                y=order,
                x=rows["mean"],
                name=str(scenario),
                orientation="h",
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": (rows["ci_high"] - rows["mean"]).clip(lower=0),
                    "arrayminus": (rows["mean"] - rows["ci_low"]).clip(lower=0),
                },
                hovertemplate="%{y}<br>%{x:.1f} min on average<extra>" + str(scenario) + "</extra>",
            )
        )
    fig.update_layout(
        barmode="group",
        template="plotly_white",
        xaxis_title="Average wait before the step (min, with 95% interval)",
        yaxis={"autorange": "reversed"},  # the first step of the visit on top
        legend_title_text="Design",
        height=140 + 40 * len(order) * max(1, len(fig.data)) // 2,
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )
    return fig
