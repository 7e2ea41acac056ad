"""Your clinic: the baseline in plain words and its appointment book."""

from __future__ import annotations

import streamlit as st

from flowsim import report
from flowsim.app_pages.text import as_text
from flowsim.scenarios.schema import Scenario


def clinic_page(baseline: Scenario, path: str) -> None:
    """The baseline in plain words and its appointment book."""
    st.subheader(f"Your clinic: {as_text(baseline.name)}")
    st.caption(as_text(f"From {path}. {baseline.description}"))
    for topic, text in report.describe_scenario(baseline).items():
        st.markdown(f"**{topic}.** {as_text(text)}")
    st.markdown("**The appointment book** (simulated day 0; add-on slots filled as on that day)")
    table = report.book_table(baseline, seed=st.session_state.get("cmp_seed", 1), rep=0)
    st.dataframe(table.drop(columns=["time_min"]), hide_index=True, key="clinic_book", height=300)
