"""The engine's public surface: what it exports and what it must not drag in."""

from __future__ import annotations

import subprocess
import sys

import flowsim.model


def test_exports() -> None:
    assert sorted(flowsim.model.__all__) == ["DayLog", "Event", "PatientRecord", "Slot", "book", "simulate"]
    for name in flowsim.model.__all__:
        assert getattr(flowsim.model, name) is not None


def test_engine_imports_no_tables_or_plots() -> None:
    # A fresh interpreter: the engine must run on machines without the app or table stack loaded.
    code = (
        "import sys, flowsim.model\n"
        "loaded = [m for m in ('pandas', 'plotly', 'streamlit') if m in sys.modules]\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
