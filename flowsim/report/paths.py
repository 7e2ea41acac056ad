"""Where the bundled example clinic lives."""

from __future__ import annotations

from pathlib import Path

BUNDLED = "family_practice.yaml"


def bundled_scenario(name: str = BUNDLED) -> Path:
    """Path of a bundled scenario (``scenarios/`` next to the package in a source checkout)."""
    return Path(__file__).resolve().parents[2] / "scenarios" / name
