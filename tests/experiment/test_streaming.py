"""Memory-light runs: the same numbers without holding the tables, and folders streamed to disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from flowsim.experiment import AutoReps, Experiment, run_experiment
from flowsim.scenarios.schema import Scenario
from tests.experiment.clinics import tiny_clinic, tiny_mapping

TABLES = ("kpis", "summary", "comparison")
CSV_FILES = ("kpis.csv", "summary.csv", "comparison.csv")


def with_checkout(name: str) -> Scenario:
    """The tiny clinic with one more step (so its visits table has more columns), and a
    gap between dr_a's sessions (so its resource_events table has rows)."""
    data: dict[str, Any] = tiny_mapping(name, rooms=3)
    data["pathways"]["visit"].append({"name": "checkout", "duration_min": 2, "needs": ["ma"]})
    data["providers"]["dr_a"] = {"sessions": [{"start": "08:00", "end": "09:00"}, {"start": "09:20", "end": "10:00"}]}
    return Scenario.model_validate(data)


@pytest.fixture(scope="module")
def scenarios() -> list[Scenario]:
    return [tiny_clinic("one_room", rooms=1), tiny_clinic("two_rooms"), with_checkout("checkout_desk")]


@pytest.fixture(scope="module")
def full(scenarios: list[Scenario]) -> Experiment:
    return run_experiment(scenarios, 7, 4, workers=1)


def test_a_run_without_tables_has_the_same_kpis(scenarios: list[Scenario], full: Experiment) -> None:
    light = run_experiment(scenarios, 7, 4, workers=1, keep_visits=False, keep_events=False)
    for table in TABLES:
        pd.testing.assert_frame_equal(getattr(light, table), getattr(full, table), check_exact=True)
    assert light.visits.empty and light.events.empty and light.resource_events.empty


@pytest.mark.parametrize("workers", [1, 2])
def test_a_streamed_folder_holds_the_tables_of_a_full_run(
    scenarios: list[Scenario], full: Experiment, tmp_path: Path, workers: int
) -> None:
    whole = full.write(tmp_path / "whole")
    streamed = run_experiment(
        scenarios, 7, 4, workers=workers, keep_visits=False, keep_events=False, out=tmp_path / "streamed"
    )
    for table in TABLES:
        pd.testing.assert_frame_equal(getattr(streamed, table), getattr(full, table), check_exact=True)
    for name in CSV_FILES:
        assert (tmp_path / "streamed" / name).read_bytes() == (whole / name).read_bytes(), name
    assert set(full.resource_events["scenario"]) == {"checkout_desk"}  # dr_a's gap, every day
    for name in ("visits", "events", "resource_events"):
        on_disk = pd.read_parquet(tmp_path / "streamed" / f"{name}.parquet")
        pd.testing.assert_frame_equal(on_disk, getattr(full, name), check_exact=True)


def test_streamed_files_are_the_same_bytes_for_any_runner_and_chunking(tmp_path: Path) -> None:
    scenarios = [tiny_clinic("one_room", rooms=1), tiny_clinic("two_rooms")]
    for workers in (1, 2):  # 1: blocks of 25 days; 2: chunks of 8 (60 tasks / 8)
        run_experiment(scenarios, 30, 6, workers=workers, keep_visits=False, keep_events=False,
                       out=tmp_path / str(workers))  # fmt: skip
    for name in ("visits.parquet", "events.parquet", "resource_events.parquet", "kpis.csv"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_auto_reps_streamed_leaves_the_look_ahead_out_of_the_files(tmp_path: Path) -> None:
    settings = AutoReps(precision=0.25, pilot_reps=5, max_reps=200)
    auto = run_experiment(tiny_clinic(), settings, 3, workers=1, keep_visits=False, keep_events=False,
                          out=tmp_path / "auto")  # fmt: skip
    fixed = run_experiment(tiny_clinic(), auto.reps, 3, workers=1)
    pd.testing.assert_frame_equal(auto.kpis, fixed.kpis, check_exact=True)
    for name in ("visits", "events", "resource_events"):
        on_disk = pd.read_parquet(tmp_path / "auto" / f"{name}.parquet")
        pd.testing.assert_frame_equal(on_disk, getattr(fixed, name), check_exact=True)


def test_a_run_that_breaks_off_leaves_no_folder(tmp_path: Path) -> None:
    def stop(done: int, total: int) -> None:
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_experiment(tiny_clinic(), 6, 1, workers=1, progress=stop, out=tmp_path / "run")
    assert list(tmp_path.iterdir()) == []


def test_an_experiment_without_its_visits_is_not_written_half(tmp_path: Path) -> None:
    light = run_experiment(tiny_clinic(), 2, 1, workers=1, keep_visits=False)
    with pytest.raises(ValueError, match="out="):
        light.write(tmp_path / "run")
    assert not (tmp_path / "run").exists()
