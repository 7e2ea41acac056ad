"""Long tables: one row per number with kpi, group kind and group; designs baseline first."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from flowsim.experiment import Experiment, run_experiment
from flowsim.results import catalogue
from flowsim.results.long import kpis_long, summary_long
from tests.experiment.clinics import tiny_clinic


@pytest.fixture(scope="module")
def experiment() -> Experiment:
    # "z_base" sorts after "a_redesign": alphabetical order would put the baseline last
    return run_experiment([tiny_clinic("z_base", rooms=1), tiny_clinic("a_redesign", rooms=3)], 4, 2, workers=1)


def test_designs_are_ordered_categoricals_with_the_baseline_first(experiment: Experiment) -> None:
    for table in (experiment.kpis, experiment.summary, experiment.kpis_long(), experiment.summary_long()):
        dtype = table["scenario"].dtype
        assert isinstance(dtype, pd.CategoricalDtype) and dtype.ordered
        assert list(dtype.categories) == ["z_base", "a_redesign"]
    assert experiment.summary.sort_values("scenario")["scenario"].iloc[0] == "z_base"


def test_every_wide_kpi_value_is_one_long_row(experiment: Experiment) -> None:
    long = experiment.kpis_long()
    assert list(long.columns) == ["scenario", "rep", "kpi", "group_kind", "group", "value"]
    kpis = experiment.kpis.set_index(["scenario", "rep"])
    cases = {
        "wait_for_provider_min_mean": ("wait_for_provider_min_mean", "all", pd.NA),
        "provider_utilisation_dr_b": ("provider_utilisation_{provider}", "provider", "dr_b"),
        "rooming_wait_min_p90": ("{step}_wait_min_p90", "step", "rooming"),
        "wait_share_exam": ("wait_share_{step}", "step", "exam"),
    }
    for column, (kpi, kind, group) in cases.items():
        rows = long.loc[(long["kpi"] == kpi) & (long["group_kind"] == kind)]
        rows = rows.loc[rows["group"].isna()] if group is pd.NA else rows.loc[rows["group"] == group]
        got = rows.set_index(["scenario", "rep"])["value"].astype(float).sort_index()
        expected = kpis[column].dropna().sort_index()
        np.testing.assert_allclose(got.to_numpy(), expected.to_numpy())
    assert all(catalogue.is_kpi(k) for k in long["kpi"].unique())  # every long KPI is a catalogue name


def test_per_patient_kpis_by_visit_type_and_provider_are_group_means(experiment: Experiment) -> None:
    long = experiment.kpis_long()
    visits = experiment.visits
    day = visits.loc[(visits["scenario"] == "z_base") & (visits["rep"] == 1) & (visits["provider"] == "dr_a")]
    expected = day["wait_for_provider_min"].dropna().mean()
    row = long.loc[
        (long["scenario"] == "z_base")
        & (long["rep"] == 1)
        & (long["kpi"] == "wait_for_provider_min_mean")
        & (long["group_kind"] == "provider")
        & (long["group"] == "dr_a")
    ]
    assert float(row["value"].iloc[0]) == pytest.approx(expected)
    kinds = long.loc[long["kpi"] == "time_in_clinic_min_mean", "group_kind"].astype(str).unique()
    assert set(kinds) == {"all", "visit_type", "provider", "role"}


def test_per_patient_kpis_by_role_of_the_booked_clinician() -> None:
    visits = pd.DataFrame(
        {
            "scenario": ["a", "a", "a", "b"],
            "rep": [0, 0, 0, 0],
            "visit_type": ["visit", "shot", "shot", "shot"],
            "provider": ["dr_a", "nurse_kim", "nurse_kim", "nurse_kim"],
            "wait_for_provider_min": [10.0, 2.0, 4.0, 8.0],
        }
    )
    kpis = pd.DataFrame({"scenario": ["a", "b"], "rep": [0, 0], "wait_for_provider_min_mean": [5.0, 8.0]})
    # nurse_kim is a nurse in design a and (after a redesign) an np in design b
    roles = {"a": {"dr_a": "physician", "nurse_kim": "nurse"}, "b": {"nurse_kim": "np"}}
    long = kpis_long(kpis, visits, roles=roles)
    by_role = long.loc[(long["group_kind"] == "role") & (long["kpi"] == "wait_for_provider_min_mean")]
    got = {(str(r.scenario), r.group): float(r.value) for r in by_role.itertuples()}
    assert got == {("a", "physician"): 10.0, ("a", "nurse"): 3.0, ("b", "np"): 8.0}


def test_per_provider_labels_carry_the_role_in_words() -> None:
    roles = {"nurse_kim": "nurse", "pa_lee": "pa"}
    assert catalogue.kpi("provider_utilisation_nurse_kim", roles).label == "Provider utilisation: nurse_kim (nurse)"
    assert catalogue.kpi("provider_idle_min_pa_lee", roles).label == "Provider idle time: pa_lee (physician assistant)"
    assert catalogue.kpi("provider_idle_min_pa_lee").label == "Provider idle time: pa_lee"


def test_summary_long_agrees_with_the_wide_summary(experiment: Experiment) -> None:
    long_summary = experiment.summary_long()
    overall = long_summary.loc[long_summary["group_kind"] == "all"].set_index(["scenario", "kpi"])
    wide = experiment.summary.set_index(["scenario", "kpi"])
    for key in [("z_base", "wait_for_provider_min_mean"), ("a_redesign", "clinic_overtime_min")]:
        for column in ("mean", "sd", "ci_low", "ci_high", "n_reps"):
            assert overall.loc[key, column] == pytest.approx(wide.loc[key, column], nan_ok=True)


def test_missing_values_are_na_and_left_out() -> None:
    kpis = pd.DataFrame(
        {"scenario": ["a", "a"], "rep": [0, 1], "seen": [3.0, np.nan], "provider_utilisation_x": [np.nan, 50.0]}
    )
    long = kpis_long(kpis)
    assert long.loc[long["kpi"] == "seen", "value"].isna().tolist() == [False, True]  # overall: kept as NA
    assert long.loc[long["kpi"] == "provider_utilisation_{provider}", "rep"].tolist() == [1]  # absent: no row
    summary = summary_long(long)
    assert summary.set_index("kpi").loc["seen", "n_reps"] == 1
