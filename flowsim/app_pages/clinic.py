"""Your clinic below its map: its day as a chart and in motion, in words, the book; a normal day in numbers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from flowsim import report
from flowsim.app_pages import cache
from flowsim.app_pages.day_in_motion import day_in_motion_section
from flowsim.app_pages.text import as_text
from flowsim.report.compare import DEFAULT_SEED
from flowsim.scenarios.schema import Scenario

FIRST_PAGE_MAX_REPS = 100


def normal_day_reps(query: Mapping[str, str]) -> int:
    """Simulated days behind the normal day's numbers: a comparison's default, at most 100.

    At most 100: enough for a normal day's averages, and the first page stays quick whatever she asks for.
    """
    return min(FIRST_PAGE_MAX_REPS, report.default_reps(query=query))


def typical_day_figure(baseline: Scenario, seed: int) -> Any:
    """Day 0 of the clinic: its rooms and providers over the clock (simulated and drawn once, then cached)."""
    return cache.day_figure((baseline.model_dump_json(),), seed, 0, 0)


def _seed() -> int:
    return int(st.session_state.get("cmp_seed", DEFAULT_SEED))  # the Compare page's seed, once she has set it


def clinic_page(baseline: Scenario) -> None:
    """The rest of her clinic, below its map (:func:`flowsim.app_pages.clinic_map.clinic_heading`): its day
    as a chart and in motion, in words, and its appointment book."""
    st.markdown("#### A typical day: rooms and providers")
    seed = _seed()
    st.plotly_chart(typical_day_figure(baseline, seed), key="fig_clinic_day")
    day_in_motion_section(baseline, seed)  # on demand: the first page does not wait for the animation
    st.markdown("#### Your clinic in words")
    for topic, text in report.describe_scenario(baseline).items():
        st.markdown(f"**{topic}.** {as_text(text)}")
    with st.expander("The appointment book (simulated day 0; add-on slots filled as on that day)"):
        table = report.book_table(baseline, seed=seed, rep=0)
        st.dataframe(table.drop(columns=["time_min"]), hide_index=True, key="clinic_book", height=300)


def clinic_numbers(place: Any, baseline: Scenario) -> None:
    """A normal day's headline numbers, over the same simulated days the comparisons use."""
    seed = _seed()
    reps = normal_day_reps(st.query_params.to_dict())
    with place:
        st.markdown(f"**A normal day in your clinic** (average of {reps} simulated days)")
        experiment = cache.run((baseline.model_dump_json(),), seed, reps)
        figures = report.clinic_today(experiment.summary, baseline.name)
        for column, figure in zip(st.columns(3) * 2, figures, strict=False):
            column.metric(figure.label, figure.value, help=figure.interval)
        st.markdown(as_text(report.bottleneck_sentence(experiment.summary, baseline)))
