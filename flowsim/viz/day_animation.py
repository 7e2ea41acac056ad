"""A day in motion: patients moving through the clinic's floor plan, drawn by vidigi.

The floor plan is a table of *stages*, one row per event of the day's log that has a
place: where on the plan it sits (``row`` from the top, ``column`` 0 for queues and 1
for seats), the words shown there and in the hover, and for seats the resource and how
many the clinic has. :func:`day_animation` turns the stages into vidigi's
``event_position_df``, takes a snapshot of every patient every few minutes and returns
the plotly figure with its play button and a clock-time slider ("09:15").

vidigi is an optional extra (``pip install 'flowsim[animation]'``); it is imported only
when a day is animated, and its absence is one plain :class:`ImportError`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

STAGE_COLUMNS = ("event", "label", "where", "row", "column", "resource", "count")
COLUMN_X = (430.0, 1000.0)  # queues build leftwards from the first anchor, seats from the second
ROW_H = 100.0  # room for three wrapped rows of a queue
ROW_PX, SLIDER_PX = 75, 170
QUEUE_WRAP, SEAT_WRAP = 10, 12
HOVER = "%{customdata[0]}<br>%{customdata[1]}<extra></extra>"
HIDDEN_DAY = "2026-01-05"  # vidigi formats times as datetimes; only the clock is shown
INSTALL = "The day in motion needs the vidigi package: pip install 'flowsim[animation]'"


@dataclass(frozen=True)
class MotionOptions:
    """How the day is played.

    Attributes
    ----------
    every_min
        Minutes of the day between two frames (the day's length / ``every_min`` frames).
    frame_ms
        Milliseconds each frame stays on screen when playing.
    height_px
        Height of the figure; by default enough for the plan's rows and the slider.
    max_shown
        Patients drawn one by one at a place; more show as "+ n more".
    """

    every_min: int = 5
    frame_ms: int = 300
    height_px: int | None = None
    max_shown: int = 30


def stage_positions(stages: pd.DataFrame) -> pd.DataFrame:
    """vidigi's ``event_position_df`` (``event, x, y, label, resource``) from the stages table."""
    missing = [c for c in STAGE_COLUMNS if c not in stages.columns]
    if missing:
        raise ValueError(f"the stages table needs columns {missing}")
    rows = int(stages["row"].max()) + 1 if len(stages) else 1
    return pd.DataFrame(
        {
            "event": stages["event"].astype(str),
            "x": [COLUMN_X[int(c)] for c in stages["column"]],
            "y": [(rows - int(r)) * ROW_H for r in stages["row"]],
            "label": stages["label"].astype(str),
            "resource": stages["resource"].astype(object).where(stages["resource"].notna(), None),
        }
    )


def day_animation(
    log: pd.DataFrame, stages: pd.DataFrame, open_clock: str, options: MotionOptions | None = None
) -> go.Figure:
    """Animate one day's log on the floor plan given by ``stages``.

    Parameters
    ----------
    log
        One day in vidigi's columns, with rooms and providers as seats (see
        :func:`flowsim.results.motion.motion_log`); a ``who`` column, when present,
        names each patient in the hover.
    stages
        The floor plan: one row per event (:data:`STAGE_COLUMNS`).
    open_clock
        The clinic's opening time (``"08:00"``): time 0 of the log, so frames are
        labelled with clock times.
    options
        Frame spacing, speed and size (:class:`MotionOptions`).

    Returns
    -------
    plotly.graph_objects.Figure
        One frame per ``every_min`` minutes, named by its clock time, with a play button.
        Each patient's point carries ``customdata`` = (who, where, event, entity_id).
    """
    animate = _vidigi()
    options = options or MotionOptions()
    positions = stage_positions(stages)
    counts = {str(r): int(c) for r, c in zip(stages["resource"], stages["count"], strict=True) if pd.notna(r)}
    where = dict(zip(stages["event"].astype(str), stages["where"].astype(str), strict=True))
    frame = log.assign(
        who=log["who"].astype(str) if "who" in log.columns else "Patient " + log["entity_id"].astype(str),
        where=log["event"].astype(str).map(where).fillna(""),
        resource_id=log["resource_id"].astype(float),
        event=log["event"].astype(str),
    )
    with warnings.catch_warnings():
        # Waits inside a room are drawn at the rooms' own anchor on purpose (see flowsim.results.motion).
        warnings.filterwarnings("ignore", message=".*places different events at identical coordinates")
        fig: go.Figure = _draw(animate, frame, positions, counts, open_clock, options)
    fig.update_layout(template="plotly_white", margin={"l": 10, "r": 10, "t": 40, "b": 10})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _draw(
    animate: Any,
    frame: pd.DataFrame,
    positions: pd.DataFrame,
    counts: dict[str, int],
    open_clock: str,
    options: MotionOptions,
) -> go.Figure:
    figure: go.Figure = animate(
        event_log=frame[["entity_id", "event_type", "event", "time", "resource_id", "who", "where"]],
        event_position_df=positions,
        scenario=counts,
        every_x_time_units=options.every_min,
        step_snapshot_max=options.max_shown,
        wrap_queues_at=QUEUE_WRAP,
        wrap_resources_at=SEAT_WRAP,
        gap_between_entities=34,
        gap_between_queue_rows=30,
        gap_between_resources=40,
        gap_between_resource_rows=30,
        entity_icon_size=18,
        resource_icon_size=18,
        text_size=14,
        plotly_height=options.height_px or SLIDER_PX + ROW_PX * (int(positions["y"].max() / ROW_H) + 1),
        frame_duration=options.frame_ms,
        frame_transition_duration=min(options.frame_ms, 200),
        start_date=HIDDEN_DAY,
        start_time=f"{open_clock}:00",
        time_display_units="%H:%M",
        custom_hover_data=["who", "where", "event", "entity_id"],
        hover_text_entity=HOVER,
    )
    return figure


def _vidigi() -> Any:
    try:
        from vidigi.animation import animate_activity_log
    except ImportError:
        raise ImportError(INSTALL) from None
    return animate_activity_log
