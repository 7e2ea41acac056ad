"""A small clinic whose true parameters are known, and its days as an EHR export would show them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from flowsim.experiment import run_experiment
from flowsim.observed.synthetic import ehr_export
from flowsim.scenarios import Scenario, scenario_from_dict

TRUTH = {
    "no_show_prob": 0.2,
    "punctuality_mean": -3.0,
    "check_in_mean": 3.0,
    "rooming_mean": 6.0,
    "exam_mean": 12.0,
}


def truth_scenario(walk_ins_per_hour: float = 0.0) -> Scenario:
    """One provider, 08:00-12:00, 15-minute follow-ups, check-in -> rooming -> exam."""
    data = {
        "name": "Truth",
        "clinic": {"open": "08:00", "close": "13:00"},
        "providers": {
            "dr_lee": {
                "sessions": [{"start": "08:00", "end": "12:00"}],
                "start_lateness_min": {"dist": "lognormal", "mean": 12.0, "cv": 0.4},
                "documentation_min": {"dist": "lognormal", "mean": 2.0, "cv": 0.5},
            }
        },
        "staff": {"front_desk": {"count": 1}, "ma": {"count": 1}},
        "exam_rooms": {"count": 2},
        "visit_types": {
            "follow_up": {
                "share": 1.0,
                "slot_min": 15,
                "no_show_prob": TRUTH["no_show_prob"],
                "punctuality_min": {"dist": "normal", "mean": TRUTH["punctuality_mean"], "sd": 5.0},
                "pathway": "visit",
            }
        },
        "pathways": {
            "visit": [
                {
                    "name": "check_in",
                    "duration_min": {"dist": "lognormal", "mean": 3.0, "cv": 0.5},
                    "needs": ["front_desk"],
                },
                {
                    "name": "rooming",
                    "duration_min": {"dist": "lognormal", "mean": 6.0, "cv": 0.4},
                    "needs": ["exam_room", "ma"],
                    "hold": ["exam_room"],
                },
                {
                    "name": "exam",
                    "duration_min": {"dist": "lognormal", "mean": 12.0, "cv": 0.5},
                    "needs": ["provider"],
                    "release": ["exam_room"],
                },
            ]
        },
    }
    if walk_ins_per_hour:
        data["walk_ins"] = {"per_hour": walk_ins_per_hour, "visit_mix": {"follow_up": 1.0}}
    return scenario_from_dict(data, "<truth>")


def export(scenario: Scenario, days: int, seed: int, noise_min: float = 0.5) -> pd.DataFrame:
    """``days`` simulated days of ``scenario`` as a whole-minute EHR export with recording noise."""
    visits = run_experiment(scenario, reps=days, seed=seed, workers=1, keep_events=False).visits
    return ehr_export(visits, scenario.clinic.open, noise_min=noise_min, seed=seed)


def write_export(scenario: Scenario, days: int, seed: int, path: Path) -> Path:
    export(scenario, days, seed).to_csv(path, index=False)
    return path
