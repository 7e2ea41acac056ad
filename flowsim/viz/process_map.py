"""The clinic's patient pathways as a process map: one row of boxes per pathway.

Each box is a step with what it needs and how many of them the clinic has ("Exam ·
provider (4)"); arrows show the order; steps in an exam room are shaded; optional steps
say how often they happen. Drawn with shapes and annotations, so it needs no graph
library and prints like the other figures. The same map comes as plain SVG too
(:func:`process_map_svg`): a browser draws it at once, without loading plotly's script,
which is what the app's first page waits for.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

import pandas as pd
import plotly.graph_objects as go

NEEDED = ("pathway", "visit_types", "position", "label", "needs", "probability", "in_room")
BOX_W, BOX_H, GAP_X, ROW_H = 1.0, 0.7, 0.45, 1.25
ROOM_FILL, HALL_FILL = "#dbe9f6", "#f2f2f2"
SVG_UNIT_PX, SVG_LABEL_PX, SVG_LINE_PX = 200, 190, 14  # a box 200 px wide holds "exam room (8, dedicated) +"


@dataclass(frozen=True)
class _Box:
    """One step's box: left edge and centre line (map units), its lines of text, its look."""

    x0: float
    y: float
    label: str
    needs: tuple[str, ...]  # one resource per line: the box stays narrow
    often: str  # "30% of patients" for optional steps, else ""
    in_room: bool

    @property
    def optional(self) -> bool:
        return bool(self.often)


def _rows(table: pd.DataFrame) -> list[tuple[str, list[_Box]]]:
    """Each pathway's visit types and its boxes, in the table's order (raw text, not escaped)."""
    missing = [c for c in NEEDED if c not in table.columns]
    if missing:
        raise ValueError(f"the pathway table needs columns {missing}")
    rows = []
    for row, pathway in enumerate(dict.fromkeys(table["pathway"])):
        y = -row * ROW_H
        steps = table[table["pathway"] == pathway].sort_values("position")
        boxes = [
            _Box(int(step.position) * (BOX_W + GAP_X), y, str(step.label), tuple(str(step.needs).split(" + ")),
                 "" if step.probability >= 1 else f"{step.probability:.0%} of patients", bool(step.in_room))
            for step in steps.itertuples()
        ]  # fmt: skip
        rows.append((str(steps["visit_types"].iloc[0]), boxes))
    return rows


def _longest(table: pd.DataFrame) -> int:
    return int(table["position"].max()) + 1 if len(table) else 1


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
    rows = _rows(table)
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
    width = _longest(table) * (BOX_W + GAP_X)
    fig.update_xaxes(visible=False, range=[-1.6, width])
    fig.update_yaxes(visible=False, range=[-(len(rows) - 0.5) * ROW_H, 0.5 * ROW_H])
    fig.update_layout(template="plotly_white", height=90 + 110 * len(rows), showlegend=False,
                      margin={"l": 10, "r": 10, "t": 10, "b": 10})  # fmt: skip
    return fig


def process_map_svg(table: pd.DataFrame) -> str:
    """The same map as :func:`process_map`, as an SVG document (text escaped, no script, no links).

    Parameters
    ----------
    table
        As for :func:`process_map`.

    Returns
    -------
    str
        ``<svg ...>...</svg>``: one ``rect`` and one ``text`` per step, one arrow (``line``)
        between consecutive steps, one row label per pathway. Its ``viewBox`` lets it scale.
    """
    rows = _rows(table)
    unit = SVG_UNIT_PX
    width = SVG_LABEL_PX + _longest(table) * (BOX_W + GAP_X) * unit
    height = len(rows) * ROW_H * unit * 0.8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'height="{height:.0f}" '
        'role="img" aria-label="Process map of the clinic\'s pathways" font-family="sans-serif" font-size="12">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    ]
    for row, (users, boxes) in enumerate(rows):
        middle = (row + 0.5) * ROW_H * unit * 0.8
        parts.append(_svg_lines(SVG_LABEL_PX - 12, middle, [("bold", w) for w in _wrap(users)], "end"))
        for i, box in enumerate(boxes):
            left, top = SVG_LABEL_PX + box.x0 * unit, middle - BOX_H * unit * 0.8 / 2
            dash = ' stroke-dasharray="4 3"' if box.optional else ""
            parts.append(f'<rect x="{left:.0f}" y="{top:.0f}" width="{BOX_W * unit:.0f}" '
                         f'height="{BOX_H * unit * 0.8:.0f}" rx="4" fill="{ROOM_FILL if box.in_room else HALL_FILL}" '
                         f'stroke="#555"{dash}/>')  # fmt: skip
            needs = [("", n + (" +" if j < len(box.needs) - 1 else "")) for j, n in enumerate(box.needs)]
            lines = [("bold", box.label), *needs] + ([("italic", box.often)] if box.often else [])
            parts.append(_svg_lines(left + BOX_W * unit / 2, middle, lines, "middle"))
            if i > 0:
                start = left - GAP_X * unit
                parts.append(f'<line x1="{start:.0f}" y1="{middle:.0f}" x2="{left:.0f}" y2="{middle:.0f}" '
                             'stroke="#555" stroke-width="1.5" marker-end="url(#arrow)"/>')  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)


def _wrap(text: str, width: int = 24) -> list[str]:
    """Words in lines of at most ``width`` characters (a longer word keeps its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


_SVG_STYLES = {"": "", "bold": ' font-weight="bold"', "italic": ' font-style="italic"'}


def _svg_lines(x: float, middle: float, lines: list[tuple[str, str]], anchor: str) -> str:
    """A ``text`` of ``(style, text)`` lines centred on ``middle``; the text is escaped here."""
    first = middle - (len(lines) - 1) * SVG_LINE_PX / 2 + 4
    spans = []
    for i, (style, line) in enumerate(lines):
        y = first + i * SVG_LINE_PX
        spans.append(f'<tspan x="{x:.0f}" y="{y:.0f}"{_SVG_STYLES[style]}>{escape(line)}</tspan>')
    return f'<text text-anchor="{anchor}">{"".join(spans)}</text>'


def _plain(text: str) -> str:
    """Text as text in plotly's little HTML: angle brackets and ampersands escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
