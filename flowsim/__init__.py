"""flowsim: simulate patient flow in an outpatient clinic and compare redesigns by wait time."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
