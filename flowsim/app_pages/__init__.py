"""The app's pages, laid out with Streamlit: "Your clinic", "Try a redesign", "Compare".

Layout only: sentences, numbers and files come from :mod:`flowsim.report`, figures
from :mod:`flowsim.viz`. ``flowsim/app.py`` puts the three pages in tabs.
"""

from __future__ import annotations

import streamlit as st


def show_problems(title: str, lines: list[str]) -> None:
    """An error box with ``file: field: message`` lines kept exactly as ``flowsim validate`` prints them."""
    st.error(title + "\n\n```\n" + "\n".join(lines) + "\n```")
