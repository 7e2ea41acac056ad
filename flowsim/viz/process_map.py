"""The clinic's patient pathways as a process map: one row of boxes per pathway.

Each box is a step with what it needs and how many of them the clinic has ("Exam ·
provider (4)"); arrows show the order; steps in an exam room are shaded; optional steps
say how often they happen. Drawn with shapes and annotations, so it needs no graph
library and prints like the other figures. The same map comes as plain SVG too
(:func:`process_map_svg`): a browser draws it at once, without loading plotly's script,
which is what the app's first page waits for.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from flowsim.viz.pathway_boxes import (
    BOX_H,
    BOX_W,
    GAP_X,
    HALL_FILL,
    ROOM_FILL,
    ROW_H,
    map_rows,
    map_width,
    process_map_svg,
)

__all__ = ["process_map", "process_map_svg"]


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
    rows = map_rows(table)
    fig = go.Figure()
    for users, boxes in rows:
        y = boxes[0].y
        fig.add_annotation(x=-0.15, y=y, text=f"<b>{_plain(users)}</b>", showarrow=False, xanchor="right")
        for i, box in enumerate(boxes):
            fig.add_shape(type="rect", x0=box.x0, x1=box.x0 + BOX_W, y0=y - BOX_H / 2, y1=y + BOX_H / 2,
                          line={"color": "#555", "dash": "dot" if box.optional else "solid"},
                          fillcolor=ROOM_FILL if box.in_room else HALL_FILL)  # fmt: skip
            often = f"<br><i>{box.often}</i>" if box.optional else ""
            needs = " +<br>".join(_plain(n) for n in box.needs)
            fig.add_annotation(x=box.x0 + BOX_W / 2, y=y, showarrow=False, font={"size": 11},
                               text=f"<b>{_plain(box.label)}</b><br>{needs}{often}")  # fmt: skip
            if i > 0:
                fig.add_annotation(x=box.x0, y=y, ax=box.x0 - GAP_X, ay=y, xref="x", yref="y", axref="x", ayref="y",
                                   showarrow=True, arrowhead=2, text="")  # fmt: skip
    width = map_width(rows)
    fig.update_xaxes(visible=False, range=[-1.6, width])
    fig.update_yaxes(visible=False, range=[-(len(rows) - 0.5) * ROW_H, 0.5 * ROW_H])
    fig.update_layout(template="plotly_white", height=90 + 110 * len(rows), showlegend=False,
                      margin={"l": 10, "r": 10, "t": 10, "b": 10})  # fmt: skip
    return fig


def _plain(text: str) -> str:
    """Text as text in plotly's little HTML: angle brackets and ampersands escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
