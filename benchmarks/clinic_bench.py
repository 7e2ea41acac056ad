"""What flowsim costs on the benchmark clinic, against the minimal SimPy model of it.

Four measurements, each a ratio taken in the same run so the machine's mood cancels:
one replication (engine plus event log, and end to end with KPIs), a thousand
replications through ``flowsim run`` against the minimal model's thousand, the cost
per patient as the clinic grows from ~50 to ~1,500 patients a day, and the speed-up of
a thousand replications on two workers. Each function returns plain numbers (seconds,
MB); :mod:`benchmarks.__main__` prints them against the targets.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from benchmarks.agreement import difference_in_se, mean_se
from benchmarks.daylog_waits import provider_waits
from benchmarks.minimal_simpy import ClinicParams, patients_per_day, simulate_day
from benchmarks.timing import Timing, interleaved, median_timing, probe_process, run_process
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


def per_replication(batch: int, rounds: int) -> dict[str, Timing]:
    """Time per replication: minimal model, flowsim engine + log, flowsim end to end with KPIs.

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
    return {name: timing.per(batch) for name, timing in interleaved(cases, rounds).items()}


def provider_wait_agreement(days: int) -> dict[str, Any]:
    """Mean wait for the provider over ``days`` independent days: minimal model and flowsim.

    Each model uses its own random numbers (flowsim seed 11, the minimal model seed 12),
    so the two samples are independent; they should agree within three standard errors.
    """
    from flowsim.model import simulate

    scenario = load_clinic()
    flowsim_days = [statistics.fmean(provider_waits(simulate(scenario, 11, rep))) for rep in range(days)]
    minimal_days = [float(simulate_day(12, rep).mean()) for rep in range(days)]
    return {
        "days": days,
        "flowsim": mean_se(flowsim_days),
        "minimal_simpy": mean_se(minimal_days),
        "difference_se": difference_in_se(flowsim_days, minimal_days),
    }


def thousand_reps(reps: int, rounds: int) -> tuple[dict[str, Timing], float, float]:
    """Time of ``flowsim run --reps N --workers 1`` and of the minimal model's N days; ratio; peak MB.

    Both run as fresh processes (interpreter start, imports and all); the flowsim run
    writes its full output folder. Medians over ``rounds`` rounds run back to back in
    alternating order; the ratio (CPU) is the median of the rounds' own ratios; the peak
    resident memory of the flowsim run is in MB.
    """
    flowsim_times: list[Timing] = []
    minimal_times: list[Timing] = []
    peaks: list[float] = []
    with tempfile.TemporaryDirectory(prefix="flowsim-bench-") as tmp:
        out = Path(tmp) / "run"
        for command in _commands(2, out):  # untimed: fills the bytecode cache
            run_process(command)
        flowsim_run, minimal_run = _commands(reps, out)
        for round_ in range(rounds):
            for command in (flowsim_run, minimal_run) if round_ % 2 == 0 else (minimal_run, flowsim_run):
                timing, peak_mb = run_process(command)
                if command is flowsim_run:
                    flowsim_times.append(timing)
                    peaks.append(peak_mb)
                else:
                    minimal_times.append(timing)
    times = {"flowsim_run": median_timing(flowsim_times), "minimal_simpy": median_timing(minimal_times)}
    cpu_ratio = statistics.median(f.cpu_s / m.cpu_s for f, m in zip(flowsim_times, minimal_times, strict=True))
    return times, cpu_ratio, max(peaks)


def _commands(reps: int, out: Path) -> tuple[list[str], list[str]]:
    """The ``flowsim run`` command (one worker, full output folder) and the minimal model's, for ``reps`` days."""
    flowsim_run = [str(FLOWSIM_SCRIPT), "run", str(CLINIC_PATH), "--reps", str(reps), "--seed", str(SEED),
                   "--workers", "1", "--out", str(out), "--force"]  # fmt: skip
    return flowsim_run, [sys.executable, "-m", "benchmarks.minimal_simpy", str(reps), str(SEED)]


def scaling(provider_counts: tuple[int, ...], patients_per_case: int, rounds: int) -> list[dict[str, Any]]:
    """Time per patient of flowsim's engine and of the minimal model, by clinic size.

    Every size of both models is timed in every round (one :func:`interleaved` over all
    the cases), so the machine's drift during the measurement touches all sizes alike:
    the per-patient costs of different sizes are then comparable with each other.
    """
    cases: dict[str, Callable[[], object]] = {}
    sizes = {}
    for providers in provider_counts:
        scenario, params = scaled_clinic(providers)
        per_day = patients_per_day(params)
        reps = max(2, round(patients_per_case / per_day))
        sizes[providers] = (per_day, per_day * reps)
        cases[f"minimal_{providers}"] = partial(_minimal_days, params, reps)
        cases[f"flowsim_{providers}"] = partial(_flowsim_days, scenario, reps)
    timings = interleaved(cases, rounds)
    return [
        {
            "providers": providers,
            "patients_per_day": per_day,
            "minimal_per_patient": timings[f"minimal_{providers}"].per(patients),
            "flowsim_per_patient": timings[f"flowsim_{providers}"].per(patients),
        }
        for providers, (per_day, patients) in sizes.items()
    ]


def _minimal_days(params: ClinicParams, days: int) -> list[Any]:
    return [simulate_day(SEED, rep, params) for rep in range(days)]


def _flowsim_days(scenario: Scenario, days: int) -> list[Any]:
    from flowsim.model import simulate

    return [simulate(scenario, SEED, rep) for rep in range(days)]


class SpeedUp(NamedTuple):
    """Wall times on one and two workers, and the speed-ups, each the median of the rounds' own ratios."""

    times: dict[str, Timing]  # experiment_1, experiment_2, command_1, command_2: medians
    experiment: float  # speed-up of the replications (fresh processes, after start-up)
    command: float  # speed-up of the whole command, start-up included
    efficiency: float  # CPU seconds of the 2-worker replications / (2 x their wall seconds)
    rounds: list[dict[str, float]]  # every round's ratios


def speed_up(reps: int, rounds: int) -> SpeedUp:
    """Wall time of ``reps`` replications on one and on two workers, each side a fresh process.

    ``experiment_*``: the replications themselves (``run_experiment`` keeping the KPIs,
    as ``flowsim run`` does), timed inside :mod:`benchmarks.parallel_probe` after its
    start-up. ``command_*``: the whole ``flowsim run --reps N --workers W`` from outside,
    start-up included. Only wall time means anything for a speed-up (CPU is summed over
    the workers). The two sides run back to back in each round, in alternating order,
    and the speed-up is the median of the rounds' ratios: the machine's speed drifts by
    tens of percent within minutes, much less between two neighbouring runs. The
    parallel efficiency (both cores' CPU seconds over twice the wall seconds of the
    two-worker run) does not depend on that drift at all.
    """
    probe = [sys.executable, "-m", "benchmarks.parallel_probe", str(reps)]
    command = [str(FLOWSIM_SCRIPT), "run", str(CLINIC_PATH), "--reps", str(reps), "--seed", str(SEED)]
    samples: dict[str, list[Timing]] = {}
    ratios: list[dict[str, float]] = []
    for round_ in range(rounds):
        this: dict[str, Timing] = {}
        for workers in (1, 2) if round_ % 2 == 0 else (2, 1):
            this[f"experiment_{workers}"] = probe_process([*probe, str(workers)])
        for workers in (2, 1) if round_ % 2 == 0 else (1, 2):
            this[f"command_{workers}"] = run_process([*command, "--workers", str(workers)])[0]
        for name, timing in this.items():
            samples.setdefault(name, []).append(timing)
        ratios.append({kind: this[f"{kind}_1"].wall_s / this[f"{kind}_2"].wall_s for kind in ("experiment", "command")})
        ratios[-1]["efficiency"] = this["experiment_2"].cpu_s / (2 * this["experiment_2"].wall_s)
    return SpeedUp(
        times={name: median_timing(times) for name, times in samples.items()},
        experiment=statistics.median(r["experiment"] for r in ratios),
        command=statistics.median(r["command"] for r in ratios),
        efficiency=statistics.median(r["efficiency"] for r in ratios),
        rounds=ratios,
    )
