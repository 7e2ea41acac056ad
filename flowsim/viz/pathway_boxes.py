"""The process map's layout (one row of boxes per pathway) and the map drawn as SVG.

Light on purpose: no pandas, no plotly. The app's first page draws her clinic's map from
the pathway's steps as records (``flowsim.report.pathway_map.pathway_steps``) before it
has imported either; :func:`flowsim.viz.process_map` draws the same boxes with plotly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    import pandas as pd

    Steps = pd.DataFrame | Sequence[Mapping[str, Any]]

NEEDED = ("pathway", "visit_types", "position", "label", "needs", "probability", "in_room")
BOX_W, BOX_H, GAP_X, ROW_H = 1.0, 0.7, 0.45, 1.25
ROOM_FILL, HALL_FILL = "#dbe9f6", "#f2f2f2"
SVG_UNIT_PX, SVG_LABEL_PX, SVG_LINE_PX = 200, 190, 14  # a box 200 px wide holds "exam room (8, dedicated) +"


@dataclass(frozen=True)
class Box:
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


def _records(table: Steps) -> Sequence[Mapping[Any, Any]]:
    """The steps as records, whether they come as a DataFrame or as records; every column checked."""
    records: Sequence[Mapping[Any, Any]]
    if isinstance(table, Sequence):
        records = table
        missing = [c for c in NEEDED if any(c not in record for record in records)]
    else:  # a DataFrame: its columns are checked even when it has no rows
        missing = [c for c in NEEDED if c not in table.columns]
        records = table.to_dict("records")
    if missing:
        raise ValueError(f"the pathway table needs columns {missing}")
    return records


def map_rows(table: Steps) -> list[tuple[str, list[Box]]]:
    """Each pathway's visit types and its boxes, in the table's order (raw text, not escaped)."""
    records = _records(table)
    rows = []
    for row, pathway in enumerate(dict.fromkeys(r["pathway"] for r in records)):
        y = -row * ROW_H
        steps = sorted((r for r in records if r["pathway"] == pathway), key=lambda r: r["position"])
        boxes = [
            Box(int(step["position"]) * (BOX_W + GAP_X), y, str(step["label"]), tuple(str(step["needs"]).split(" + ")),
                "" if step["probability"] >= 1 else f"{step['probability']:.0%} of patients", bool(step["in_room"]))
            for step in steps
        ]  # fmt: skip
        rows.append((str(steps[0]["visit_types"]), boxes))
    return rows


def map_width(rows: list[tuple[str, list[Box]]]) -> float:
    """The width up to the right of the last step's box and its gap, in map units (one box and gap for an empty map)."""
    return max((box.x0 for _, boxes in rows for box in boxes), default=0.0) + BOX_W + GAP_X


def process_map_svg(table: Steps) -> str:
    """The same map as :func:`process_map`, as an SVG document (text escaped, no script, no links).

    Parameters
    ----------
    table
        As for :func:`flowsim.viz.process_map`, or the same columns as records (one mapping per step).

    Returns
    -------
    str
        ``<svg ...>...</svg>``: one ``rect`` and one ``text`` per step, one arrow (``line``)
        between consecutive steps, one row label per pathway. Its ``viewBox`` lets it scale.
    """
    rows = map_rows(table)
    unit = SVG_UNIT_PX
    width = SVG_LABEL_PX + map_width(rows) * unit
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
