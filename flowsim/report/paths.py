"""Where the bundled example clinic lives."""

from __future__ import annotations

from pathlib import Path

BUNDLED = "family_practice.yaml"
_INSTALLED = Path(__file__).resolve().parents[1] / "bundled_scenarios"
"""Where an installed wheel carries ``scenarios/`` (see pyproject.toml's force-include)."""
_CHECKOUT = Path(__file__).resolve().parents[2] / "scenarios"
"""``scenarios/`` next to the package in a source checkout (and an editable install)."""


def bundled_scenario(name: str = BUNDLED) -> Path:
    """Path of a bundled scenario: in the installed package, else in the source checkout."""
    folder = _INSTALLED if _INSTALLED.is_dir() else _CHECKOUT
    return folder / name
