"""``flowsim fit``: files written, a summary printed, one clear line per problem and exit code 2."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from flowsim.cli import app
from flowsim.scenarios import dump_scenario, load_scenario
from tests.calibrate.clinics import truth_scenario, write_export

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("cli")
    base = folder / "truth.yaml"
    base.write_text(dump_scenario(truth_scenario()))
    return write_export(truth_scenario(), days=4, seed=1, path=folder / "export.csv"), base


def test_fit_writes_the_folder_and_prints_the_verdicts(files: tuple[Path, Path], tmp_path: Path) -> None:
    sheet, base = files
    out = tmp_path / "ours"
    result = runner.invoke(app, ["fit", str(sheet), "--base", str(base), "--out", str(out), "--days", "5",
                                 "--workers", "1"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "fitted" in result.stdout and "mean wait for the provider: observed" in result.stdout
    assert "Provider In" in result.output and "provider_in" in result.output  # the preview, on stderr
    assert load_scenario(out / "scenario.yaml").name == "Your clinic"
    assert len(pd.read_csv(out / "backtest.csv")) > 5


def test_bad_input_is_one_line_each_and_exit_2(files: tuple[Path, Path], tmp_path: Path) -> None:
    sheet, _ = files
    bad_map = tmp_path / "map.yaml"
    bad_map.write_text("columns: {Arrived: arival}\n")
    cases = {
        "arival' (did you mean 'arrival'?)": ["fit", str(sheet), "--map", str(bad_map), "--out", str(tmp_path / "a")],
        "nothere.csv: no such file": ["fit", str(tmp_path / "nothere.csv"), "--out", str(tmp_path / "b")],
        "--days must be at least 2": ["fit", str(sheet), "--out", str(tmp_path / "c"), "--days", "1"],
        "extends": ["fit", str(sheet), "--base", str(sheet), "--out", str(tmp_path / "d")],
    }
    for expected, arguments in cases.items():
        result = runner.invoke(app, arguments)
        assert result.exit_code == 2, (arguments, result.output)
        assert "Traceback" not in result.output and result.output.startswith("error: "), result.output
        if expected != "extends":
            assert expected in result.output
    assert not any(p.name in "abcd" for p in tmp_path.iterdir())  # nothing written on failure
