"""The bundled family practice against its extra-room redesign: pairing pays off on real scenarios."""

from __future__ import annotations

from pathlib import Path

from flowsim.experiment import run_experiment

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
HEADLINE = "wait_for_provider_min_mean"


def test_pairing_narrows_the_interval_of_the_extra_room_redesign() -> None:
    experiment = run_experiment(
        [SCENARIOS / "family_practice.yaml", SCENARIOS / "extra_room_per_provider.yaml"], 20, 1, workers=1
    )
    row = experiment.comparison.set_index("kpi").loc[HEADLINE]  # type: ignore[union-attr]
    paired_half = (row["diff_ci_high"] - row["diff_ci_low"]) / 2
    unpaired_half = (row["unpaired_ci_high"] - row["unpaired_ci_low"]) / 2
    assert paired_half < unpaired_half
    assert row["pairing_gain"] > 1
    assert row["n_reps"] == 20
    assert experiment.baseline == experiment.scenarios[0].name
