"""Small helpers for scenario-file tests: the bundled baseline as data, and writing YAML files."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from flowsim.scenarios.loader import load_scenario_data

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
BASELINE = SCENARIOS / "family_practice.yaml"


def baseline_data() -> dict[str, Any]:
    """A fresh, deep copy of the family practice as plain data."""
    return copy.deepcopy(load_scenario_data(BASELINE))


def write(path: Path, content: dict[str, Any] | str) -> Path:
    """Write ``content`` (YAML text, or data dumped as YAML) to ``path`` and return it."""
    text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path
