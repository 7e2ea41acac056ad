"""A comparison joined from runs made apart equals the comparison run at once, bit for bit.

Day ``r`` of a design depends only on the design, the seed and ``r`` (common random
numbers), and a day's KPIs only on that day: so the baseline's days simulated once (for
the app's first page) can stand beside the redesigns' days simulated later.
"""

from __future__ import annotations

import pandas as pd
import pytest

from flowsim.experiment import ExperimentError, joined, run_experiment
from flowsim.report.paths import bundled_scenario
from flowsim.scenarios import load_scenario

REPS, SEED = 6, 3


def _designs(*names: str) -> list:  # type: ignore[type-arg]
    return [load_scenario(bundled_scenario(f"{name}.yaml")) for name in names]


@pytest.mark.parametrize(
    "names",
    [
        ("family_practice", "pooled_rooms"),
        ("family_practice", "staggered_starts", "text_reminders"),
        ("multispecialty", "multispecialty_np_takes_new"),
    ],
)
@pytest.mark.parametrize("keep_events", [False, True])
def test_the_baseline_run_apart_joins_the_redesigns_as_if_run_together(
    names: tuple[str, ...], keep_events: bool
) -> None:
    designs = _designs(*names)
    together = run_experiment(designs, reps=REPS, seed=SEED, workers=1, keep_events=keep_events)
    alone = run_experiment(designs[:1], reps=REPS, seed=SEED, workers=1, keep_events=keep_events)
    rest = run_experiment(designs[1:], reps=REPS, seed=SEED, workers=1, keep_events=keep_events)
    both = joined(alone, rest)
    assert both.scenarios == together.scenarios and (both.seed, both.reps) == (together.seed, together.reps)
    for table in ("visits", "events", "resource_events", "kpis", "summary", "comparison"):
        pd.testing.assert_frame_equal(getattr(both, table), getattr(together, table), check_exact=True, obj=table)
    assert both.manifest["scenarios"] == together.manifest["scenarios"]


def test_only_runs_of_the_same_days_join() -> None:
    baseline, pooled = _designs("family_practice", "pooled_rooms")
    alone = run_experiment([baseline], reps=REPS, seed=SEED, workers=1)
    with pytest.raises(ExperimentError, match="same seed and days"):
        joined(alone, run_experiment([pooled], reps=REPS, seed=SEED + 1, workers=1))
    with pytest.raises(ExperimentError, match="same seed and days"):
        joined(alone, run_experiment([pooled], reps=REPS + 1, seed=SEED, workers=1))
    with pytest.raises(ExperimentError, match="names must differ"):
        joined(alone, alone)
