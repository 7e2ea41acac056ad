"""Drawing a day's patients grows with patients plus providers, not patients times providers."""

from __future__ import annotations

import math

import numpy as np

from flowsim.model.arrivals import draw_patients
from flowsim.model.compile import compile_scenario
from flowsim.model.entities import WALK_IN
from flowsim.rng import uniforms
from flowsim.scenarios import scenario_from_dict
from tests.experiment.clinics import tiny_mapping


def _clinic(providers: int) -> dict[str, object]:
    data = tiny_mapping("many")
    data["providers"] = {
        f"p{i}": {
            "sessions": [{"start": "08:00", "end": "09:00"}],
            "documentation_min": {"dist": "exponential", "mean": 1 + i % 7},
        }
        for i in range(providers)
    }
    data["exam_rooms"] = {"count": providers, "policy": "pooled"}
    data["walk_ins"] = {"per_hour": 6, "visit_mix": {"routine": 1}, "assign": "least_busy"}
    return data


def test_charting_times_are_computed_per_provider_seen_not_for_every_pair() -> None:
    compiled = compile_scenario(scenario_from_dict(_clinic(300)))
    patients = draw_patients(compiled, seed=3, rep=0)
    booked = [p for p in patients if p.kind != WALK_IN]
    assert len(booked) > 600
    for p in booked:  # as the engine reads it: the patient's own provider
        assert p.documentation_min[p.provider] > 0
    tables = {id(p.documentation_min.times): p.documentation_min.times for p in patients}  # type: ignore[attr-defined]
    computed = sum(len(t.columns) for t in tables.values())
    # one column per provider's own patients (before: every provider's column for every owner, 300 x 301)
    assert computed == 300


def test_charting_times_are_the_providers_law_applied_to_the_owners_stream() -> None:
    compiled = compile_scenario(scenario_from_dict(_clinic(3)))
    patients = draw_patients(compiled, seed=5, rep=2)
    walk_ins = [p for p in patients if p.kind == WALK_IN]
    u = uniforms(5, 2, f"documentation/{WALK_IN}", len(walk_ins))
    for provider in range(3):  # a walk-in may be seen by any provider: every column is available
        mean = 1 + provider
        expected = -mean * np.log1p(-u)
        got = [p.documentation_min[provider] for p in walk_ins]
        assert all(math.isclose(a, b, rel_tol=1e-12) for a, b in zip(got, expected, strict=True))
    assert len(walk_ins[0].documentation_min) == 3
