"""A clinic full of chance, and the check that an exact copy of it compares as no change.

The clinic draws every kind of patient randomness the engine has (two visit types,
no-shows, punctuality with late patients rebooked, random step lengths, an optional
lab draw, same-day add-ons, provider lateness), so if scenarios of one experiment did
not share their random numbers, some KPI of some day would differ.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from flowsim.experiment import Experiment
from flowsim.scenarios.schema import Scenario

STEPS = ("rooming", "exam", "lab")


def chancy_mapping(name: str, rooms: int = 2) -> dict[str, Any]:
    """Two doctors, 08:00-10:00, one MA, ``rooms`` pooled rooms; randomness everywhere."""
    session = {
        "sessions": [{"start": "08:00", "end": "10:00"}],
        "start_lateness_min": {"dist": "exponential", "mean": 4},
    }
    return {
        "name": name,
        "clinic": {"open": "08:00", "close": "11:00"},
        "providers": {"dr_a": session, "dr_b": session},
        "staff": {"ma": {"count": 1}},
        "exam_rooms": {"count": rooms, "policy": "pooled"},
        "visit_types": {
            "follow_up": {
                "share": 0.7,
                "slot_min": 15,
                "no_show_prob": 0.15,
                "punctuality_min": {"dist": "normal", "mean": -5, "sd": 10},
                "pathway": "visit",
            },
            "new": {"share": 0.3, "slot_min": 30, "no_show_prob": 0.05, "pathway": "visit"},
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
                    "duration_min": {"dist": "gamma", "mean": 15, "cv": 0.5},
                    "needs": ["provider"],
                    "release": ["exam_room"],
                },
                {
                    "name": "lab",
                    "duration_min": {"dist": "uniform", "min": 2, "max": 8},
                    "needs": ["ma"],
                    "probability": 0.3,
                },
            ]
        },
        "patients": {"rebook_if_late_min": 15},
        "schedule": {"rule": "individual", "reserve_every": 4},
        "same_day": {"fill_prob": 0.6, "urgent_prob": 0.5},
    }


def chancy_clinic(name: str, rooms: int = 2) -> Scenario:
    """The chancy clinic as a validated scenario."""
    return Scenario.model_validate(chancy_mapping(name, rooms))


def write_chancy(folder: Path, name: str, rooms: int = 2) -> Path:
    """The chancy clinic written as ``<folder>/<name>.yaml``; returns the path."""
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(chancy_mapping(name, rooms), sort_keys=False), encoding="utf-8")
    return path


def assert_no_difference(comparison: pd.DataFrame) -> None:
    """Every KPI of the comparison: the same mean on both sides, a paired difference and CI of exactly 0."""
    assert len(comparison) > 30, "the comparison must hold every KPI"
    # a KPI nobody had on either side (e.g. no one left unseen) is no difference either
    checked = comparison[comparison["baseline_mean"].notna() | comparison["redesign_mean"].notna()]
    differs = (checked["redesign_mean"] != checked["baseline_mean"]) | (
        checked[["diff", "diff_ci_low", "diff_ci_high"]] != 0
    ).any(axis=1)
    assert checked.loc[differs, "kpi"].tolist() == []


def assert_twins_differ_by_nothing(experiment: Experiment) -> None:
    """An experiment of a scenario and its renamed copy: identical days, zero paired differences."""
    kpis = experiment.kpis
    first, second = (kpis[kpis["scenario"] == s.name].drop(columns="scenario") for s in experiment.scenarios)
    pd.testing.assert_frame_equal(first.reset_index(drop=True), second.reset_index(drop=True), check_exact=True)
    assert first["wait_for_provider_min_mean"].nunique() == len(first), "days must differ, or nothing is tested"
    assert experiment.comparison is not None
    assert_no_difference(experiment.comparison)
