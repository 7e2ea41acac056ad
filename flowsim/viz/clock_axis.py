"""Time-of-day axes: minutes from opening, labelled as clock times when the opening time is known.

The engine counts minutes from clinic open (0 = opening). People read "10:30", so a
figure given the opening time (``open_clock="08:00"``) labels its ticks with clock
times while the plotted values stay in minutes from opening.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from flowsim.scenarios.clock import clock_to_min, min_to_clock


def tick_step_min(span_min: float) -> int:
    """A tick spacing that gives about 5 to 12 ticks over ``span_min`` minutes."""
    for step in (15, 30, 60, 120):
        if span_min / step <= 12:
            return step
    return 240


def clock_ticks(start_min: float, end_min: float, open_clock: str) -> tuple[list[float], list[str]]:
    """Tick positions (minutes from opening) and their ``HH:MM`` labels.

    Ticks fall on round clock times (whole quarter, half or full hours), not on round
    minutes from opening, so an 08:15 opening still gets ticks at 09:00, 10:00, ...
    """
    open_min = clock_to_min(open_clock)
    step = tick_step_min(end_min - start_min)
    first = math.ceil((open_min + start_min) / step) * step
    positions = [float(t - open_min) for t in range(first, int(open_min + end_min) + 1, step)]
    return positions, [min_to_clock(p + open_min) for p in positions]


def hover_time(time_min: float, open_clock: str | None) -> str:
    """A time for hover text: ``10:30`` with an opening time, else ``150 min``."""
    if open_clock is None:
        return f"{time_min:.0f} min"
    return min_to_clock(clock_to_min(open_clock) + time_min)


def style_time_axis(fig: go.Figure, start_min: float, end_min: float, open_clock: str | None, axis: str = "x") -> None:
    """Label a time axis of ``fig`` in clock times (or minutes from opening without ``open_clock``)."""
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    if open_clock is None:
        update(title_text="Minutes from opening", range=[start_min, end_min])
        return
    positions, labels = clock_ticks(start_min, end_min, open_clock)
    update(title_text="Time of day", tickmode="array", tickvals=positions, ticktext=labels, range=[start_min, end_min])
