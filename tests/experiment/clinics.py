"""Tiny clinics for experiment and CLI tests: a morning with two doctors and a few rooms.

Each is a plain mapping (as a scenario file would be) so tests can both validate it
into a :class:`Scenario` and write it as YAML for the command line. Visits are random
(lognormal), so waits vary from day to day and a room redesign changes them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from flowsim.scenarios.schema import Scenario


def tiny_mapping(name: str = "tiny", rooms: int = 2) -> dict[str, Any]:
    """Two doctors, 08:00-10:00 in 20-minute slots, one MA, ``rooms`` pooled exam rooms."""
    session = {"sessions": [{"start": "08:00", "end": "10:00"}]}
    return {
        "name": name,
        "clinic": {"open": "08:00", "close": "11:00"},
        "providers": {"dr_a": session, "dr_b": session},
        "staff": {"ma": {"count": 1}},
        "exam_rooms": {"count": rooms, "policy": "pooled"},
        "visit_types": {
            "routine": {
                "share": 1.0,
                "slot_min": 20,
                "no_show_prob": 0.1,
                "punctuality_min": {"dist": "normal", "mean": -5, "sd": 8},
                "pathway": "visit",
            }
        },
        "pathways": {
            "visit": [
                {
                    "name": "rooming",
                    "duration_min": {"dist": "lognormal", "mean": 5, "cv": 0.4},
                    "needs": ["exam_room", "ma"],
                    "hold": ["exam_room"],
                },
                {
                    "name": "exam",
                    "duration_min": {"dist": "lognormal", "mean": 18, "cv": 0.5},
                    "needs": ["provider"],
                    "release": ["exam_room"],
                },
            ]
        },
    }


def tiny_clinic(name: str = "tiny", rooms: int = 2) -> Scenario:
    """The tiny clinic as a validated scenario."""
    return Scenario.model_validate(tiny_mapping(name, rooms))


def write_tiny(folder: Path, name: str = "tiny", rooms: int = 2) -> Path:
    """The tiny clinic written as ``<folder>/<name>.yaml``; returns the path."""
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(tiny_mapping(name, rooms), sort_keys=False), encoding="utf-8")
    return path
