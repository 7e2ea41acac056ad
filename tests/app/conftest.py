"""Fixtures for the app's tests: the page under AppTest with few replications and no worker processes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

APP_FILE = Path(__file__).resolve().parents[2] / "flowsim" / "app.py"
TEST_REPS = 3


def shipped_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streamlit's settings as ``streamlit run flowsim/app.py`` reads them: the app's own config.toml included."""
    monkeypatch.setattr(config, "_main_script_path", str(APP_FILE))
    config.get_config_options(force_reparse=True)


def in_process_app(monkeypatch: pytest.MonkeyPatch, *arguments: str, reps: int = TEST_REPS) -> None:
    """Settings for an AppTest of ``flowsim/app.py arguments``: the shipped Streamlit settings,
    ``reps`` simulated days, simulations in this process (worker processes are the browser tests')."""
    shipped_settings(monkeypatch)
    monkeypatch.setenv("FLOWSIM_APP_REPS", str(reps))
    monkeypatch.setenv("FLOWSIM_APP_WORKERS", "1")
    monkeypatch.setattr("sys.argv", ["app.py", *arguments])


@pytest.fixture(autouse=True)
def _reset_settings() -> Iterator[None]:
    yield
    config.get_config_options(force_reparse=True)  # the next test starts from the files as they are


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    """The app on the bundled family practice, run once; simulations in this process, 3 days."""
    in_process_app(monkeypatch)
    at = AppTest.from_file(str(APP_FILE), default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    yield at


def shown(markdown: str) -> str:
    """What a person reads of Streamlit Markdown: backslash escapes removed (CommonMark's rule)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)
