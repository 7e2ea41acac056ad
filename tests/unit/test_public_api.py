"""The top-level API: every listed name exists, and ``import flowsim`` stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import flowsim


def test_all_lists_exactly_the_lazy_exports() -> None:
    assert set(flowsim.__all__) == {"__version__", *flowsim._EXPORTS}


def test_exported_members_exist_and_come_from_flowsim() -> None:
    for name in flowsim.__all__:
        member = getattr(flowsim, name)
        if name != "__version__":
            assert member.__module__.startswith("flowsim."), name


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'simulat'"):
        flowsim.simulat  # noqa: B018


def test_import_flowsim_does_not_load_pandas_or_plotly() -> None:
    heavy = "('pandas', 'plotly', 'streamlit')"
    code = f"import sys, flowsim, flowsim.model; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"
