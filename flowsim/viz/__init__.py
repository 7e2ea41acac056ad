"""Figures for people who run a clinic: DataFrames in, plotly figures out.

Every function here takes the tidy tables a run produces (the stopwatch sheet of
visits, the event log, the per-replication KPIs, their summary or a paired comparison)
and returns a :class:`plotly.graph_objects.Figure`. Nothing here runs a model or knows
about the app; the same figures serve the app, the notebooks and anyone's own analysis.
"""

from __future__ import annotations

from flowsim.results.catalogue import title as kpi_label
from flowsim.viz.day_animation import MotionOptions, day_animation
from flowsim.viz.forest import forest_plot
from flowsim.viz.occupancy import waiting_room_occupancy
from flowsim.viz.process_map import process_map, process_map_svg
from flowsim.viz.timeline import timeline
from flowsim.viz.tradeoff import tradeoff
from flowsim.viz.wait_places import wait_by_place
from flowsim.viz.waits import wait_distribution

__all__ = [
    "MotionOptions",
    "day_animation",
    "forest_plot",
    "kpi_label",
    "process_map",
    "process_map_svg",
    "timeline",
    "tradeoff",
    "wait_by_place",
    "wait_distribution",
    "waiting_room_occupancy",
]
