"""The top of the first page: which clinic she is looking at, and its pathway as a map.

Drawn before anything else of the page is imported: this module needs Streamlit, the
scenario and the map's few light modules, no pandas, plotly or simulation. On a fresh
server the map is therefore on her screen about as soon as Streamlit's own page has loaded,
while the rest of the page (charts, numbers, the other tabs) is still being prepared.
"""

from __future__ import annotations

import base64
from typing import Any

import streamlit as st

from flowsim.app_pages.server import MAP_SENT
from flowsim.app_pages.text import as_text
from flowsim.report.pathway_map import pathway_steps
from flowsim.scenarios import load_scenario
from flowsim.scenarios.schema import Scenario
from flowsim.viz.pathway_boxes import process_map_svg

CHOSEN = "data_chosen_json"
"""Session key of the fitted clinic the manager made "your clinic" on "Start from your data" (scenario JSON)."""
MAP_ALT = "Process map of the clinic's pathways: each step, who does it and how many the clinic has"


@st.cache_data(show_spinner=False)
def load_json(path: str) -> str:
    """The scenario file as validated JSON text (raises ScenarioError)."""
    return load_scenario(path).model_dump_json()


def chosen_baseline(baseline: Scenario, path: str) -> tuple[Scenario, str]:
    """The fitted clinic if the manager chose it on "Start from your data", else the clinic loaded at start."""
    chosen = st.session_state.get(CHOSEN)
    if chosen is None:
        return baseline, path
    return Scenario.model_validate_json(chosen), "your data (fitted on the page Start from your data)"


def map_markdown(svg: str) -> str:
    """The SVG as an image in markdown's HTML: base64, so no text of the map can act as markup.

    An ``<img>`` in markdown, not ``st.image``: the browser already has the script that draws
    markdown when the first page arrives, while an image element waits for its own.
    """
    encoded = base64.b64encode(svg.encode()).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{encoded}" alt="{MAP_ALT}" style="width: 100%">'


def clinic_heading(baseline: Scenario, path: str) -> Any:
    """Her clinic's name, where it comes from, and its map; returns the place for its numbers (filled last)."""
    st.subheader(f"Your clinic: {as_text(baseline.name)}")
    st.caption(as_text(f"From {path}. {baseline.description}"))
    place = st.container(border=True)  # filled by clinic.clinic_numbers once the rest of the page is on screen
    st.markdown("#### How patients move through your clinic")
    st.caption("Each box is a step with who does it and how many the clinic has; blue steps happen in an exam room.")
    # SVG, not plotly: the browser draws it at once, while plotly's script (~3 s to load on a busy
    # machine) is still on its way for the day's chart below. Same layout as viz.process_map.
    svg = process_map_svg(pathway_steps(baseline))
    st.container(key="fig_process_map").markdown(map_markdown(svg), unsafe_allow_html=True)
    MAP_SENT.set()  # the server's warm-up may now start simulating (flowsim.app_pages.server)
    return place
