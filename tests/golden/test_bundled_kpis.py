"""Golden back-tests: the bundled scenarios' day KPIs, as committed, for seed 1, reps 0-4.

A clinic manager who reran last month's comparison should get last month's numbers. Any
change to the engine, the random streams or the KPIs that moves a number of a bundled
scenario fails here, so it cannot slip in with a refactoring or an optimisation. When the
change is meant (a fix, stated in CHANGES.md), regenerate the files and commit them with it:

    FLOWSIM_UPDATE_GOLDEN=1 pytest tests/golden

Numbers are compared to 1e-9 relative: the files hold ten significant digits, and the
last bits of a logarithm may differ between CPUs.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd
import pytest

from flowsim.experiment import run_experiment
from flowsim.results.output import CSV_FLOAT_FORMAT

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("kpis")
BUNDLED = sorted(
    [
        *ROOT.glob("scenarios/*.yaml"),
        *ROOT.glob("scenarios/validation/*.yaml"),
        ROOT / "benchmarks" / "benchmark_clinic.yaml",
    ]
)
UPDATE = os.environ.get("FLOWSIM_UPDATE_GOLDEN", "") not in ("", "0")
SEED, REPS = 1, 5


def _as_written(kpis: pd.DataFrame) -> pd.DataFrame:
    """The KPIs as they read back from a CSV file (the same dtypes as the golden file)."""
    text = kpis.to_csv(index=False, float_format=CSV_FLOAT_FORMAT, lineterminator="\n")
    return pd.read_csv(io.StringIO(text))


def test_every_bundled_scenario_has_a_golden_file() -> None:
    assert len(BUNDLED) >= 10
    assert {p.stem for p in BUNDLED} == {p.stem for p in GOLDEN.glob("*.csv")} or UPDATE


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_day_kpis_are_the_committed_ones(path: Path) -> None:
    kpis = run_experiment(path, reps=REPS, seed=SEED, workers=1).kpis
    golden = GOLDEN / f"{path.stem}.csv"
    if UPDATE:
        golden.write_text(kpis.to_csv(index=False, float_format=CSV_FLOAT_FORMAT, lineterminator="\n"))
    expected = pd.read_csv(golden)
    pd.testing.assert_frame_equal(_as_written(kpis), expected, check_exact=False, rtol=1e-9, atol=1e-12)
