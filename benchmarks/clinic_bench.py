"""What flowsim costs on the benchmark clinic, against the minimal SimPy model of it.

Four measurements, each a ratio taken in the same run so the machine's mood cancels:
one replication (engine plus event log, and end to end with KPIs), a thousand
replications through ``flowsim run`` against the minimal model's thousand, the cost
per patient as the clinic grows from ~50 to ~1,500 patients a day, and the speed-up of
a thousand replications on two workers. Each function returns plain numbers (seconds,
MB); :mod:`benchmarks.__main__` prints them against the targets.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from benchmarks.minimal_simpy import ClinicParams, patients_per_day, simulate_day
from benchmarks.timing import interleaved, run_process
from flowsim.scenarios.schema import Scenario

CLINIC_PATH = Path(__file__).with_name("benchmark_clinic.yaml")
SEED = 1
FLOWSIM_SCRIPT = Path(sys.executable).with_name("flowsim")  # the console script of this environment


def clinic_data() -> dict[str, Any]:
    """The benchmark clinic's YAML as plain data."""
    data: dict[str, Any] = yaml.safe_load(CLINIC_PATH.read_text(encoding="utf-8"))
    return data


def load_clinic() -> Scenario:
    """The benchmark clinic as a validated scenario."""
    return Scenario.model_validate(clinic_data())


def scaled_clinic(providers: int) -> tuple[Scenario, ClinicParams]:
    """The clinic grown to ``providers`` providers, in flowsim and in the minimal model.

    Rooms stay two per provider; front desk and MAs grow as one per two providers; the
    walk-in rate as one per hour per four providers, so patients per day grow in
    proportion (about 24 per provider).
    """
    data = clinic_data()
    template = next(iter(data["providers"].values()))
    staff = max(1, providers // 2)
    walk_ins_per_hour = providers / 4.0
    data["providers"] = {f"dr_{i:02d}": template for i in range(providers)}
    data["staff"] = {"front_desk": {"count": staff}, "ma": {"count": staff}}
    data["exam_rooms"]["count"] = 2 * providers
    data["walk_ins"]["per_hour"] = walk_ins_per_hour
    params = ClinicParams(
        providers=providers, medical_assistants=staff, front_desk=staff, walk_ins_per_hour=walk_ins_per_hour
    )
    return Scenario.model_validate(data), params


def per_replication(batch: int, rounds: int) -> dict[str, float]:
    """Seconds per replication: minimal model, flowsim engine + log, flowsim end to end with KPIs.

    End to end is ``run_experiment`` on one worker: engine, visits and events tables,
    day KPIs and the summary.
    """
    from flowsim.experiment import run_experiment
    from flowsim.model import simulate

    scenario = load_clinic()
    cases = {
        "minimal_simpy": lambda: [simulate_day(SEED, rep) for rep in range(batch)],
        "flowsim_engine": lambda: [simulate(scenario, SEED, rep) for rep in range(batch)],
        "flowsim_end_to_end": lambda: run_experiment([scenario], batch, SEED, workers=1),
    }
    return {name: seconds / batch for name, seconds in interleaved(cases, rounds).items()}


def thousand_reps(reps: int, rounds: int) -> dict[str, float]:
    """Wall seconds of ``flowsim run --reps N --workers 1`` and of the minimal model's N days.

    Both run as fresh processes (interpreter start, imports and all); the flowsim run
    writes its full output folder. Also returns the peak resident memory of the
    flowsim run in MB. Medians over ``rounds`` interleaved rounds.
    """
    flowsim_walls, minimal_walls, peaks = [], [], []
    with tempfile.TemporaryDirectory(prefix="flowsim-bench-") as tmp:
        out = Path(tmp) / "run"
        flowsim_run = [str(FLOWSIM_SCRIPT), "run", str(CLINIC_PATH), "--reps", str(reps),
                       "--seed", str(SEED), "--workers", "1", "--out", str(out), "--force"]  # fmt: skip
        minimal_run = [sys.executable, "-m", "benchmarks.minimal_simpy", str(reps), str(SEED)]
        for _ in range(rounds):
            wall_s, peak_mb = run_process(flowsim_run)
            flowsim_walls.append(wall_s)
            peaks.append(peak_mb)
            minimal_walls.append(run_process(minimal_run)[0])
    return {
        "flowsim_run_s": sorted(flowsim_walls)[len(flowsim_walls) // 2],
        "minimal_s": sorted(minimal_walls)[len(minimal_walls) // 2],
        "flowsim_run_peak_mb": max(peaks),
    }


def scaling(provider_counts: tuple[int, ...], patients_per_case: int, rounds: int) -> list[dict[str, float]]:
    """Seconds per patient of flowsim's engine and of the minimal model, by clinic size."""
    from flowsim.model import simulate

    rows = []
    for providers in provider_counts:
        scenario, params = scaled_clinic(providers)
        per_day = patients_per_day(params)
        reps = max(2, round(patients_per_case / per_day))
        cases = {
            "minimal_simpy": lambda p=params, n=reps: [simulate_day(SEED, rep, p) for rep in range(n)],
            "flowsim_engine": lambda s=scenario, n=reps: [simulate(s, SEED, rep) for rep in range(n)],
        }
        seconds = interleaved(cases, rounds)
        patients = per_day * reps
        rows.append(
            {
                "providers": providers,
                "patients_per_day": per_day,
                "minimal_us_per_patient": seconds["minimal_simpy"] / patients * 1e6,
                "flowsim_us_per_patient": seconds["flowsim_engine"] / patients * 1e6,
            }
        )
    return rows


def speed_up(reps: int, rounds: int) -> dict[str, float]:
    """Seconds for ``reps`` replications through ``run_experiment`` on one and on two workers."""
    from flowsim.experiment import run_experiment

    scenario = load_clinic()
    cases = {
        "one_worker_s": lambda: run_experiment([scenario], reps, SEED, workers=1),
        "two_workers_s": lambda: run_experiment([scenario], reps, SEED, workers=2),
    }
    return interleaved(cases, rounds)
