"""The KPI catalogue is the one legend: every table column has an entry, every reader uses it.

The property a maintainer relies on: a new KPI is its catalogue entry plus its
computation. So every KPI column a run writes resolves to an entry, every entry shows up
in the run's tables, and the CLI, the app's sentences and the figures take their words,
units and order from the catalogue alone.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

from flowsim import report, viz
from flowsim.cli.tables import column_label, summary_table
from flowsim.experiment import Experiment, run_experiment
from flowsim.results import catalogue
from flowsim.results.catalogue import CENSORED_ONLY, KPIS, day_kpi_names, format_value, kpi, label, patient_kpi_names
from flowsim.results.columns import steps_from_columns
from flowsim.results.day import _in_catalogue_order
from flowsim.scenarios import load_scenario
from flowsim.scenarios.schema import Scenario

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def experiment() -> Experiment:
    # the family practice with a (never needed) procedure room: every KPI family has a column
    practice = load_scenario(ROOT / "scenarios" / "family_practice.yaml")
    with_room = Scenario.model_validate(
        {**practice.model_dump(by_alias=True), "room_types": {"procedure": {"count": 1}}}
    )
    return run_experiment(with_room, reps=2, seed=3, workers=1)


def test_every_kpi_column_of_a_run_is_in_the_catalogue_and_every_entry_is_a_column(experiment: Experiment) -> None:
    kpi_columns = [c for c in experiment.kpis.columns if c not in ("scenario", "rep")]
    steps = steps_from_columns(experiment.visits.columns)
    providers = list(experiment.scenarios[0].providers)
    staff = list(experiment.scenarios[0].staff)
    room_types = list(experiment.scenarios[0].room_types)
    # the layout is the catalogue's, in its order
    assert kpi_columns == day_kpi_names(steps, providers, staff, room_types=room_types)
    assert {kpi(c).name for c in kpi_columns} == set(kpi_columns)
    uncensored = (e for e in KPIS.values() if e.level == "day" and e.name not in CENSORED_ONLY)
    for entry in uncensored:  # every entry and family has columns (censored-only ones: test_results_until)
        pattern = catalogue._pattern(entry.name)
        assert any(pattern.match(c) for c in kpi_columns), entry.name
    assert list(experiment.summary["kpi"].unique()) == kpi_columns


def test_visits_carry_the_patient_kpis_by_name_in_catalogue_order(experiment: Experiment) -> None:
    steps = steps_from_columns(experiment.visits.columns)
    names = patient_kpi_names(steps)
    assert [c for c in experiment.visits.columns if catalogue.is_kpi(c)] == names
    assert names[:2] == ["wait_for_provider_min", "door_to_provider_min"]
    assert names[-len(steps) :] == [f"{s}_wait_min" for s in steps]


def test_shares_are_percent_everywhere(experiment: Experiment) -> None:
    percent = [c for c in experiment.kpis.columns if catalogue.is_percent(c)]
    assert {"seen_within_15_pct", "provider_utilisation", "room_utilisation"} <= set(percent)
    values = experiment.kpis[percent].to_numpy(dtype=float)
    assert np.nanmax(values) > 1.0  # not fractions
    assert ((values[~np.isnan(values)] >= 0) & (values[~np.isnan(values)] <= 100 + 1e-9)).all()
    shares = experiment.kpis[[c for c in percent if c.startswith("wait_share_")]].sum(axis=1)
    np.testing.assert_allclose(shares, 100.0)


def test_a_computed_column_without_an_entry_is_refused() -> None:
    with pytest.raises(AssertionError, match=r"happiness_index.*no entry"):
        _in_catalogue_order({"seen": np.zeros(1), "happiness_index": np.zeros(1)}, [], [], [])


@pytest.mark.parametrize(
    ("name", "words", "unit", "better"),
    [
        ("wait_for_provider_min_mean", "Average wait for the provider", "min", "lower"),
        ("waiting_room_min_p90", "Time in the waiting room, 90th percentile", "min", "lower"),
        ("rooming_wait_min_mean", "Average wait for rooming", "min", "lower"),
        ("check_in_wait_min", "Wait for check in", "min", "lower"),
        ("provider_utilisation_dr_lee", "Provider utilisation: dr_lee", "%", "neutral"),
        ("wait_share_exam_room", "Share of waiting spent waiting for exam room", "%", "neutral"),
        ("seen_within_15_pct", "Patients seen by the provider within 15 min", "%", "higher"),
        ("walk_ins", "Walk-ins", "patients", "neutral"),
        ("waiting_room_mean", "People in the waiting room, average", "people", "lower"),
    ],
)
def test_entries_and_families_resolve(name: str, words: str, unit: str, better: str) -> None:
    entry = kpi(name)
    assert (entry.name, entry.label, entry.unit, entry.better) == (name, words, unit, better)
    assert entry.title == f"{words} ({unit})"


def test_unknown_names_are_refused_but_still_get_words() -> None:
    with pytest.raises(KeyError, match="not a KPI"):
        kpi("schedule.rule")
    assert label("schedule.rule") == "Schedule rule"


def test_values_are_formatted_with_their_unit() -> None:
    assert format_value("wait_for_provider_min_mean", 24.06) == "24.1 min"
    assert format_value("provider_utilisation", 82.6) == "83%"
    assert format_value("seen", 12.0) == "12 patients"
    assert format_value("waiting_room_mean", 3.25) == "3.2 people"
    assert format_value("clinic_overtime_min", math.nan) == "–"


def test_readers_take_words_and_order_from_the_catalogue(experiment: Experiment) -> None:
    names = experiment.summary["kpi"].tolist()
    assert catalogue.headline_kpis(names) == list(catalogue.HEADLINE)
    console = Console(width=200, record=True)
    console.print(summary_table(experiment.summary, experiment.reps))
    text = console.export_text()
    for name in catalogue.HEADLINE:  # the CLI: every headline KPI, in the catalogue's words
        assert column_label(name) == f"{kpi(name).short} ({kpi(name).unit})"
        assert column_label(name) in text
    positions = [text.index(column_label(n)) for n in catalogue.HEADLINE]
    assert positions == sorted(positions)
    assert report.HEADLINE_KPIS == catalogue.HEADLINE  # the app's cards and the one-page report
    for name in names:  # app sentences and figure axes
        assert report.kpi_label(name).label == kpi(name).label
        assert viz.kpi_label(name) == kpi(name).title
    assert all(kpi(n).headline == i for i, n in enumerate(catalogue.HEADLINE))


def test_a_new_headline_entry_reaches_the_cli_without_touching_it(
    experiment: Experiment, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogue, "HEADLINE", (*catalogue.HEADLINE, "waiting_room_max"))
    console = Console(width=200, record=True)
    console.print(summary_table(experiment.summary, experiment.reps))
    assert "waiting room, peak (people)" in console.export_text()


def test_summary_rows_follow_catalogue_order(experiment: Experiment) -> None:
    first = experiment.summary.loc[experiment.summary["scenario"] == experiment.baseline, "kpi"]
    assert list(first) == [c for c in experiment.kpis.columns if c not in ("scenario", "rep")]
    assert isinstance(experiment.summary, pd.DataFrame)
