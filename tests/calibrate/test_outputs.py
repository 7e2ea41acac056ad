"""The fit's folder: a valid commented scenario, one row per parameter, verdicts, a report; no identifier anywhere."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from flowsim.calibrate import FitResult, fit
from flowsim.calibrate.commented import line_paths
from flowsim.calibrate.outputs import scenario_yaml
from flowsim.results.folders import OutputExistsError
from flowsim.scenarios import load_scenario
from tests.calibrate.clinics import export, truth_scenario

NAMES = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov"]


@pytest.fixture(scope="module")
def fitted(tmp_path_factory: pytest.TempPathFactory) -> tuple[FitResult, Path, list[str]]:
    folder = tmp_path_factory.mktemp("fit")
    sheet = export(truth_scenario(walk_ins_per_hour=0.5), days=6, seed=5)
    n = len(sheet)
    identifiers = {
        "Patient Name": [NAMES[i % 5] + f" {i:04d}" for i in range(n)],
        "MRN": [f"MRN{7000000 + i}" for i in range(n)],
        "Date of Birth": [f"19{40 + i % 50}-0{1 + i % 9}-1{i % 10}" for i in range(n)],
        "Phone": [f"555-01{i:04d}" for i in range(n)],
        "Comments": [f"came with {NAMES[(i + 2) % 5]}" for i in range(n)],
    }
    sheet = pd.concat([pd.DataFrame(identifiers), sheet], axis=1)
    path = folder / "lovelace_ada_march.csv"
    sheet.to_csv(path, index=False)
    result = fit(path, base=truth_scenario(), days=20, seed=2)
    fragments = [*NAMES, "lovelace_ada", "MRN700", "555-01", *{d[:7] for d in identifiers["Date of Birth"]}]
    return result, result.write(folder / "out"), fragments


def test_no_identifier_reaches_any_output_file(fitted: tuple[FitResult, Path, list[str]]) -> None:
    _, out, fragments = fitted
    assert sorted(p.name for p in out.iterdir()) == ["backtest.csv", "fit.csv", "report.html", "scenario.yaml"]
    for file in out.iterdir():
        text = file.read_text(encoding="utf-8")
        leaked = [f for f in fragments if f in text]
        assert not leaked, (file.name, leaked)


def test_scenario_yaml_is_valid_and_every_fitted_value_is_commented(fitted: tuple[FitResult, Path, list[str]]) -> None:
    result, out, _ = fitted
    assert load_scenario(out / "scenario.yaml") == result.scenario
    lines = (out / "scenario.yaml").read_text().splitlines()
    by_path = dict(zip(line_paths(lines), lines, strict=True))
    exam = next(e for e in result.estimates if e.path == "pathways.follow_up.2.duration_min")
    line = by_path["pathways.follow_up.2.duration_min"]
    assert f"# fitted: n={exam.n}, " in line and "95% CI" in line and exam.family in line
    assert "# count: from base: rooms are not in the timestamps" in by_path["exam_rooms"]


def test_fit_csv_has_one_row_per_parameter(fitted: tuple[FitResult, Path, list[str]]) -> None:
    _, out, _ = fitted
    table = pd.read_csv(out / "fit.csv")
    assert list(table.columns) == ["path", "what", "source", "family", "value", "estimate", "ci_low", "ci_high", "n",
                                   "aic", "ks_distance", "ks_p", "note"]  # fmt: skip
    assert table["path"].is_unique
    fitted_rows = table[table["source"] == "fitted"]
    assert (fitted_rows["n"] > 0).all() and (fitted_rows["ci_low"] <= fitted_rows["ci_high"]).all()
    assert {"visit_types.follow_up.no_show_prob", "walk_ins.per_hour", "pathways.follow_up.0.duration_min"} <= set(
        fitted_rows["path"]
    )


def test_backtest_csv_has_a_verdict_per_kpi(fitted: tuple[FitResult, Path, list[str]]) -> None:
    _, out, _ = fitted
    table = pd.read_csv(out / "backtest.csv")
    assert set(table["verdict"]) <= {"agrees", "close", "differs", "too few days", "too few patients"}
    means = table[table["check"] == "mean"]
    assert "wait_for_provider_min_mean" in set(means["kpi"]) and means["kpi"].is_unique
    ks = table[(table["check"] == "distribution") & table["ks_p"].notna()]
    assert set(ks["group"]) >= {"all patients", "provider dr_lee"} and ks["group"].str.startswith("hour ").any()
    assert np.all((ks["ks_distance"] >= 0) & (ks["ks_distance"] <= 1))


def test_report_has_observed_vs_simulated_plots(fitted: tuple[FitResult, Path, list[str]]) -> None:
    _, out, _ = fitted
    html = (out / "report.html").read_text()
    assert html.count('class="plotly-graph-div"') == 4  # the headline wait and the wait of each of 3 steps
    assert '"name":"observed"' in html and '"name":"simulated"' in html and "sheet 1" in html


def test_an_existing_folder_is_kept_unless_forced(fitted: tuple[FitResult, Path, list[str]]) -> None:
    result, out, _ = fitted
    before = (out / "scenario.yaml").read_text()
    with pytest.raises(OutputExistsError):
        result.write(out)
    assert (out / "scenario.yaml").read_text() == before
    result.write(out, force=True)
    assert (out / "scenario.yaml").read_text() == scenario_yaml(result)
