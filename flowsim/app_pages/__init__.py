"""The app's pages, laid out with Streamlit: "Your clinic", "Try a redesign", "Compare".

Layout only: sentences, numbers and files come from :mod:`flowsim.report`, figures
from :mod:`flowsim.viz`. ``flowsim/app.py`` puts the three pages in tabs.
"""

from __future__ import annotations

from flowsim.app_pages.text import as_text


def show_problems(title: str, lines: list[str]) -> None:
    """An error box with ``file: field: message`` lines exactly as ``flowsim validate`` prints them.

    Title and lines are shown as text (they carry file names, keys and values from the user).
    """
    # Imported here, not above: the app's worker processes import flowsim.app_pages.server (the
    # server's main module) and with it this package; they must not load Streamlit.
    import streamlit as st

    st.error(as_text(title) + "\n\n" + as_text("\n".join(lines)))
