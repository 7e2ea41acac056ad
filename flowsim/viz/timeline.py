"""One simulated day, resource by resource: a Gantt chart of providers and rooms.

Each lane is a provider or an exam room; each bar is a stretch of time the lane was
taken: by a patient (from the moment the resource was seized until it was released),
by documentation after a visit, by room turnover (cleaning), or by a break or time
off. Gaps are idle time. The bars come straight from the event log of one replication:
the patients' events, and the resources' own (a provider's time off).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from flowsim.viz.clock_axis import hover_time, style_time_axis

ACTIVITY_COLOURS: dict[str, str] = {
    "Patient": "#1f77b4",
    "Documentation": "#ff7f0e",
    "Room turnover": "#8c564b",
    "Break": "#2ca02c",
    "Off": "#c7c7c7",
}
_ACTIVITY_OF_STEP = {"documentation": "Documentation", "turnover": "Room turnover", "break": "Break", "off": "Off"}
_ROOM = re.compile(r"^room_(\d+)$")


def _pair(events: pd.DataFrame, opening: str, closing: str, keys: list[str]) -> pd.DataFrame:
    """Match each ``opening`` event with the next ``closing`` event of the same keys."""
    opened = events[events["event"] == opening].sort_values("time_min", kind="stable").copy()
    closed = events[events["event"] == closing].sort_values("time_min", kind="stable").copy()
    opened["nth"] = opened.groupby(keys).cumcount()
    closed["nth"] = closed.groupby(keys).cumcount()
    both = opened.merge(closed[[*keys, "nth", "time_min"]], on=[*keys, "nth"], suffixes=("", "_end"))
    return both.rename(columns={"time_min": "start_min", "time_min_end": "end_min"})


def activity_intervals(events: pd.DataFrame) -> pd.DataFrame:
    """Busy stretches of every resource in an event log of one replication.

    Patients hold a resource from ``seize`` to ``release``; documentation, turnover,
    breaks and time off are ``start``/``end`` pairs of those steps.

    Returns
    -------
    pandas.DataFrame
        Columns ``resource_id, activity, patient_id, step, start_min, end_min``, sorted by resource and start.
    """
    columns = ["resource_id", "activity", "patient_id", "step", "start_min", "end_min"]
    has_resource = (events["resource_id"].astype("string").fillna("") != "").to_numpy(bool)  # NA or "": none
    events = events.astype({"step": str, "event": str, "resource_id": str})  # categorical in events tables
    held = _pair(events, "seize", "release", ["patient_id", "resource_id"])
    held["activity"] = "Patient"
    own = events[events["step"].isin(list(_ACTIVITY_OF_STEP)) & has_resource]
    other = _pair(own, "start", "end", ["patient_id", "step", "resource_id"])
    other["activity"] = other["step"].map(_ACTIVITY_OF_STEP)
    both = pd.concat([held[columns], other[columns]], ignore_index=True)
    return both.sort_values(["resource_id", "start_min"], kind="stable").reset_index(drop=True)


def _of_day(events: pd.DataFrame, scenario: str, rep: int) -> pd.DataFrame:
    return events[(events["scenario"].astype(str) == scenario) & (events["rep"] == rep)]


def _room_number(resource: str) -> int:
    match = _ROOM.match(resource)
    return int(match.group(1)) if match else -1


def default_lanes(intervals: pd.DataFrame) -> list[str]:
    """Resources that are one person or one room: providers first, then rooms by number.

    A staff pool of several members shares one resource id, so its patient stretches
    overlap; it is left out (pass ``resources`` to :func:`timeline` to show it anyway).
    """
    lanes = []
    for resource, rows in intervals[intervals["activity"] == "Patient"].groupby("resource_id", observed=True):
        starts, ends = rows["start_min"].to_numpy(float), rows["end_min"].to_numpy(float)
        if (starts[1:] >= ends[:-1] - 1e-9).all():
            lanes.append(str(resource))
    for resource in intervals["resource_id"].unique():
        if str(resource) not in lanes and _ROOM.match(str(resource)):
            lanes.append(str(resource))
    rooms = sorted((r for r in lanes if _ROOM.match(r)), key=_room_number)
    return sorted(r for r in lanes if not _ROOM.match(r)) + rooms


def timeline(
    events: pd.DataFrame,
    scenario: str | None = None,
    rep: int = 0,
    resources: Sequence[str] | None = None,
    open_clock: str | None = None,
    resource_events: pd.DataFrame | None = None,
    labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """Gantt chart of providers and exam rooms over one simulated day.

    Parameters
    ----------
    events
        The event log (``scenario, rep, patient_id, step, event, time_min, resource_id``).
    scenario
        Which scenario to show; may be left out when the log has only one.
    rep
        Which replication to show.
    resources
        Lanes to draw, top to bottom; by default every provider and room (see :func:`default_lanes`).
    open_clock
        Clinic opening time (``"08:00"``) to label the time axis in clock times.
    resource_events
        The resources' own events (``scenario, rep, step, event, time_min, resource_id``),
        for the providers' breaks and time off; without them those stretches look idle.
    labels
        Names to show for lanes (``{"dr_patel": "Dr Patel", "room_3": "Exam room 3"}``);
        a lane without one shows its resource id.

    Returns
    -------
    plotly.graph_objects.Figure
        One horizontal bar trace per activity; bar ``k`` starts at ``base[k]`` and lasts ``x[k]`` minutes.
    """
    names = list(dict.fromkeys(events["scenario"].astype(str)))
    if scenario is None:
        if len(names) != 1:
            raise ValueError(f"the event log has several scenarios {names}: pass scenario=")
        scenario = names[0]
    day = _of_day(events, scenario, rep)
    if day.empty:
        raise ValueError(f"no events for scenario {scenario!r}, replication {rep}")
    if resource_events is not None:  # they belong to no patient: patient_id -1 in the intervals
        own = _of_day(resource_events, scenario, rep).assign(patient_id=-1)
        day = pd.concat([day, own], ignore_index=True)
    intervals = activity_intervals(day)
    lanes = list(resources) if resources is not None else default_lanes(intervals)
    intervals = intervals[intervals["resource_id"].isin(lanes)]
    named = dict(labels or {})
    fig = go.Figure()
    for activity, colour in ACTIVITY_COLOURS.items():
        bars = intervals[intervals["activity"] == activity]
        if bars.empty:
            continue
        hover = [
            f"{who}{step}: {hover_time(a, open_clock)}–{hover_time(b, open_clock)}"
            for who, step, a, b in zip(
                ["patient " + str(p) + ", " if p >= 0 else "" for p in bars["patient_id"]],
                bars["step"],
                bars["start_min"],
                bars["end_min"],
                strict=True,
            )
        ]
        fig.add_trace(
            go.Bar(
                y=[named.get(lane, lane) for lane in bars["resource_id"]],
                x=bars["end_min"] - bars["start_min"],
                base=bars["start_min"],
                orientation="h",
                name=activity,
                marker_color=colour,
                hovertext=hover,
                hoverinfo="text",
            )
        )
    start = float(day["time_min"].min())
    style_time_axis(fig, min(0.0, start), float(day["time_min"].max()), open_clock)
    order = [named.get(lane, lane) for lane in lanes]
    fig.update_yaxes(categoryorder="array", categoryarray=order, autorange="reversed", title_text="")
    fig.update_layout(
        title=f"{scenario}: who and which room was busy when (simulated day {rep})",
        barmode="overlay",
        template="plotly_white",
        height=max(300, 80 + 30 * len(lanes)),
    )
    return fig
