"""A small clinic for the app's tests: four providers, dedicated rooms, two staff pools.

Written out here (not the bundled file) so the expected sentences and numbers in the
tests can be checked by hand against it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from flowsim.scenarios import Scenario, scenario_from_dict

_FULL_DAY = [{"start": "08:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}]

CLINIC: dict[str, Any] = {
    "name": "small_practice",
    "description": "Four providers, eight dedicated rooms.",
    "clinic": {"open": "08:00", "close": "17:00"},
    "providers": {
        "dr_adams": {
            "sessions": _FULL_DAY,
            "start_lateness_min": {"dist": "exponential", "mean": 4},
            "breaks": [{"start": "10:00", "end": "10:15"}],
        },
        "dr_baker": {"sessions": _FULL_DAY},
        "np_chen": {"sessions": _FULL_DAY},
        "dr_diaz": {"sessions": [{"start": "08:00", "end": "12:00"}]},
    },
    "staff": {"front_desk": {"count": 2}, "ma": {"count": 3}},
    "exam_rooms": {"count": 8, "policy": "dedicated", "turnover_min": {"dist": "lognormal", "mean": 3, "cv": 0.5}},
    "visit_types": {
        "follow_up": {
            "share": 0.6,
            "slot_min": 15,
            "no_show_prob": 0.1,
            "punctuality_min": {"dist": "normal", "mean": -5, "sd": 10},
            "pathway": "standard",
        },
        "new_patient": {"share": 0.4, "slot_min": 30, "no_show_prob": 0.2, "pathway": "standard"},
    },
    "pathways": {
        "standard": [
            {"name": "check_in", "duration_min": {"dist": "lognormal", "mean": 3, "cv": 0.5}, "needs": ["front_desk"]},
            {
                "name": "rooming",
                "duration_min": {"dist": "lognormal", "mean": 6, "cv": 0.4},
                "needs": ["ma", "exam_room"],
                "hold": ["exam_room"],
            },
            {
                "name": "exam",
                "duration_min": {"dist": "lognormal", "mean": 15, "cv": 0.5},
                "needs": ["provider"],
                "release": ["exam_room"],
            },
            {"name": "checkout", "duration_min": {"dist": "lognormal", "mean": 2, "cv": 0.5}, "needs": ["front_desk"]},
        ]
    },
    "same_day": {"fill_prob": 0.8},
}


def small_clinic() -> Scenario:
    """The clinic above as a validated scenario."""
    return scenario_from_dict(CLINIC)


def write_clinic(folder: Path, name: str = "small_practice.yaml") -> Path:
    """Write the clinic as a scenario file in ``folder`` and return its path."""
    path = folder / name
    path.write_text(yaml.safe_dump(CLINIC, sort_keys=False), encoding="utf-8")
    return path
