"""A typical day in motion, on the first page: opened on demand, drawn once per clinic.

The animation takes a few seconds to draw, so the first page does not wait for it: the
manager opens it with a toggle, and the figure is cached per scenario and seed, so
opening it again (or after a look at another tab) is instant. Without the optional
vidigi package the page says so in one line; the Gantt of rooms and providers above it
shows the same day.
"""

from __future__ import annotations

import importlib.util

import plotly.graph_objects as go
import streamlit as st

from flowsim import report
from flowsim.scenarios.schema import Scenario

NOT_INSTALLED = (
    "The day in motion needs the optional vidigi package (pip install 'flowsim[animation]'); "
    "the chart above shows the same day."
)


def vidigi_installed() -> bool:
    """Whether the animation can be drawn (vidigi is importable), without importing it."""
    return importlib.util.find_spec("vidigi") is not None


@st.cache_data(show_spinner=False, max_entries=8)
def motion_figure(scenario_json: str, seed: int) -> go.Figure:
    """Day 0 of the scenario as an animation (the same day as the Gantt), drawn once per scenario and seed."""
    return report.simulated_day_in_motion(Scenario.model_validate_json(scenario_json), seed, rep=0)


def day_in_motion_section(baseline: Scenario, seed: int) -> None:
    """The toggle, and once it is on, the animated day."""
    st.markdown("#### A typical day in motion")
    if not vidigi_installed():
        st.caption(NOT_INSTALLED)
        return
    st.caption(
        "Press play to watch the same day: patients arrive, queue at the front desk, wait in the "
        "waiting room, are roomed, wait in the room for the provider, are seen and check out."
    )
    if st.toggle("Show the day in motion", key="motion_show"):
        with st.spinner("Drawing the day..."):
            figure = motion_figure(baseline.model_dump_json(), seed)
        st.plotly_chart(figure, key="fig_day_in_motion")
