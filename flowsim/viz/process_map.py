"""The clinic's patient pathways as a process map: one row of boxes per pathway.

Each box is a step with what it needs and how many of them the clinic has ("Exam ·
provider (4)"); arrows show the order; steps in an exam room are shaded; optional steps
say how often they happen. Drawn with shapes and annotations, so it needs no graph
library and prints like the other figures.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

NEEDED = ("pathway", "visit_types", "position", "label", "needs", "probability", "in_room")
BOX_W, BOX_H, GAP_X, ROW_H = 1.0, 0.7, 0.45, 1.25
ROOM_FILL, HALL_FILL = "#dbe9f6", "#f2f2f2"


def process_map(table: pd.DataFrame) -> go.Figure:
    """Boxes and arrows for each pathway's steps.

    Parameters
    ----------
    table
        One row per step: ``pathway, visit_types, position, label, needs, probability,
        in_room`` (as made by ``flowsim.report.pathway_table``).

    Returns
    -------
    plotly.graph_objects.Figure
        One rectangle shape and one annotation per step; one row label per pathway.
    """
    missing = [c for c in NEEDED if c not in table.columns]
    if missing:
        raise ValueError(f"the pathway table needs columns {missing}")
    fig = go.Figure()
    pathways = list(dict.fromkeys(table["pathway"]))
    longest = int(table["position"].max()) + 1 if len(table) else 1
    for row, pathway in enumerate(pathways):
        y = -row * ROW_H
        steps = table[table["pathway"] == pathway].sort_values("position")
        users = str(steps["visit_types"].iloc[0])
        fig.add_annotation(x=-0.15, y=y, text=f"<b>{_plain(users)}</b>", showarrow=False, xanchor="right")
        for step in steps.itertuples():
            x0 = int(step.position) * (BOX_W + GAP_X)
            fig.add_shape(type="rect", x0=x0, x1=x0 + BOX_W, y0=y - BOX_H / 2, y1=y + BOX_H / 2,
                          line={"color": "#555", "dash": "dot" if step.probability < 1 else "solid"},
                          fillcolor=ROOM_FILL if step.in_room else HALL_FILL)  # fmt: skip
            often = "" if step.probability >= 1 else f"<br><i>{step.probability:.0%} of patients</i>"
            needs = _plain(step.needs).replace(" + ", " +<br>")  # one resource per line: the box stays narrow
            fig.add_annotation(x=x0 + BOX_W / 2, y=y, showarrow=False, font={"size": 11},
                               text=f"<b>{_plain(step.label)}</b><br>{needs}{often}")  # fmt: skip
            if step.position > 0:
                fig.add_annotation(x=x0, y=y, ax=x0 - GAP_X, ay=y, xref="x", yref="y", axref="x", ayref="y",
                                   showarrow=True, arrowhead=2, text="")  # fmt: skip
    width = longest * (BOX_W + GAP_X)
    fig.update_xaxes(visible=False, range=[-1.6, width])
    fig.update_yaxes(visible=False, range=[-(len(pathways) - 0.5) * ROW_H, 0.5 * ROW_H])
    fig.update_layout(template="plotly_white", height=90 + 110 * len(pathways), showlegend=False,
                      margin={"l": 10, "r": 10, "t": 10, "b": 10})  # fmt: skip
    return fig


def _plain(text: str) -> str:
    """Text as text in plotly's little HTML: angle brackets and ampersands escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
