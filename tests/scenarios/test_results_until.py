"""``clinic.results_until``: a clock time after opening (may be past midnight) at which KPIs are censored."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowsim.results import clinic_facts
from flowsim.scenarios import ScenarioError, load_scenario
from tests.scenarios.helpers import baseline_data, write


def _load(tmp_path: Path, **clinic: object) -> tuple[Path, object]:
    data = baseline_data()
    data["clinic"] = {**data.get("clinic", {}), **clinic}
    path = write(tmp_path / "clinic.yaml", data)
    return path, load_scenario(path)


def test_results_until_past_midnight_is_read_in_minutes_from_opening(tmp_path: Path) -> None:
    _, scenario = _load(tmp_path, open="08:00", close="25:00", results_until="25:30")
    assert scenario.clinic.results_until == "25:30"  # type: ignore[attr-defined]
    assert clinic_facts(scenario).results_until_min == 17.5 * 60  # type: ignore[arg-type]


def test_without_results_until_the_facts_are_not_censored(tmp_path: Path) -> None:
    _, scenario = _load(tmp_path)
    assert clinic_facts(scenario).results_until_min is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("08:00", "results_until (08:00) must be after open (08:00)"),
        ("07:30", "results_until (07:30) must be after open (08:00)"),
        ("noon", "expected a clock time HH:MM (e.g. 08:30; past midnight 25:00, up to 47:59), got 'noon'"),
    ],
)
def test_results_until_must_be_a_clock_time_after_opening(tmp_path: Path, value: str, message: str) -> None:
    data = baseline_data()
    data["clinic"] = {**data.get("clinic", {}), "open": "08:00", "results_until": value}
    path = write(tmp_path / "clinic.yaml", data)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert ("clinic.results_until", message) in caught.value.problems
    assert f"{path}: clinic.results_until: {message}" in str(caught.value).splitlines()
