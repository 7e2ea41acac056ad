"""Fixtures for the app's tests: the page under AppTest with few replications and no worker processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP_FILE = Path(__file__).resolve().parents[2] / "flowsim" / "app.py"
TEST_REPS = 3


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    """The app on the bundled family practice, run once; simulations in this process, 3 days."""
    monkeypatch.setenv("FLOWSIM_APP_REPS", str(TEST_REPS))
    monkeypatch.setenv("FLOWSIM_APP_WORKERS", "1")
    monkeypatch.setattr("sys.argv", ["app.py"])
    at = AppTest.from_file(str(APP_FILE), default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    yield at
