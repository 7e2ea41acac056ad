"""Fit plus back-validation of 20 observed days × ~100 patients: target at most 10 s on 2 cores.

``python -m benchmarks.fit_bench [ROUNDS]`` simulates 20 days of the benchmark clinic
(4 providers, 96 booked patients and ~8 walk-ins a day), writes them as a whole-minute
EHR export (date-time stamps, recording noise of half a minute), then times
``flowsim.fit(export, base=benchmark_clinic.yaml, days=100, workers=2)`` in this
process: reading the sheet, every fit, assembling the scenario and simulating it over
100 days on 2 worker processes, and comparing. It prints the median wall and CPU time
of the rounds (CPU time of this process only: the workers' share is in wall time).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from flowsim import fit, load_scenario, run_experiment
from flowsim.observed.synthetic import ehr_export

CLINIC = Path(__file__).with_name("benchmark_clinic.yaml")
TARGET_S = 10.0


def make_export(folder: Path, days: int = 20) -> Path:
    """The benchmark clinic's ``days`` days as an EHR export (CSV)."""
    scenario = load_scenario(CLINIC)
    visits = run_experiment(scenario, reps=days, seed=2026, workers=1, keep_events=False).visits
    path = folder / "export.csv"
    ehr_export(visits, scenario.clinic.open, noise_min=0.5, seed=1).to_csv(path, index=False)
    return path


def main(rounds: int = 3) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        export = make_export(Path(tmp))
        rows = sum(1 for _ in export.open()) - 1
        walls, cpus = [], []
        for _ in range(rounds):
            wall, cpu = time.perf_counter(), time.process_time()
            result = fit(export, base=CLINIC, days=100, seed=1, workers=2)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    wall_s, cpu_s = statistics.median(walls), statistics.median(cpus)
    verdicts = result.backtest.table["verdict"].value_counts().to_dict()
    print(f"fit + back-validation of {rows} visits over 20 days (100 simulated days, 2 workers)")
    print(f"  median of {rounds}: {wall_s:.2f} s wall, {cpu_s:.2f} s CPU in the main process "
          f"(rounds: {', '.join(f'{w:.2f}' for w in walls)} s)")  # fmt: skip
    print(f"  target <= {TARGET_S:.0f} s: {'PASS' if wall_s <= TARGET_S else 'MISS'}; verdicts {verdicts}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
