"""``make bench``: flowsim's performance figures, as ratios measured in one run.

Run ``python -m benchmarks`` (``FLOWSIM_BENCH_QUICK=1`` for a smoke test of a few
seconds). It prints, each against its target with PASS or MISS:

a. cost per replication of the benchmark clinic against a minimal SimPy model of it,
   and ``flowsim run --reps 1000`` against the minimal model's 1,000 days;
b. cost per patient-step against Ciw on a tandem, with both engines' mean waits;
c. per-patient cost as the clinic grows, speed-up on two workers, peak memory;
d. the app's default comparison latency (when ``benchmarks/app_latency.py`` exists).

Everything is also written to ``benchmarks/results/latest.json``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import json
import os
import platform
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import clinic_bench, tandem_bench
from benchmarks.timing import QUICK, verdict

RESULTS_PATH = Path(__file__).with_name("results") / "latest.json"


@dataclass(frozen=True)
class Sizes:
    """How much work each measurement does (full run, or quick smoke test)."""

    batch: int = 20
    rounds: int = 9
    thousand: int = 1000
    thousand_rounds: int = 3
    providers: tuple[int, ...] = (2, 4, 8, 16, 32, 64)
    patients_per_case: int = 4000
    scaling_rounds: int = 5
    speed_up_rounds: int = 3
    tandem_days: int = 50
    wait_days: int = 300


QUICK_SIZES = Sizes(3, 3, 30, 1, (2, 8, 32), 300, 1, 1, 5, 20)


@dataclass
class Report:
    """Lines for the terminal and figures for the JSON file, filled section by section."""

    figures: dict[str, Any] = field(default_factory=dict)

    def line(self, label: str, value: str, note: str = "") -> None:
        print(f"  {label:<34} {value:>14}  {note}".rstrip())


def machine() -> dict[str, Any]:
    """The machine the figures came from."""
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for row in cpuinfo.read_text().splitlines():
            if row.startswith("model name"):
                model = row.split(":", 1)[1].strip()
                break
    return {"cpu": model, "nproc": os.cpu_count(), "python": platform.python_version(), "quick": QUICK}


def section_a(report: Report, sizes: Sizes) -> None:
    print("(a) benchmark clinic, cost per replication (medians of interleaved rounds)")
    per_rep = clinic_bench.per_replication(sizes.batch, sizes.rounds)
    floor = per_rep["minimal_simpy"]
    engine_ratio = per_rep["flowsim_engine"] / floor
    e2e_ratio = per_rep["flowsim_end_to_end"] / floor
    report.line("minimal SimPy model", f"{floor * 1e3:.2f} ms")
    report.line("flowsim engine + event log", f"{per_rep['flowsim_engine'] * 1e3:.2f} ms",
                f"{engine_ratio:.2f}x  target <=1.5x (aim 1.25x)  {verdict(engine_ratio <= 1.5)}")  # fmt: skip
    report.line("flowsim end to end with KPIs", f"{per_rep['flowsim_end_to_end'] * 1e3:.2f} ms", f"{e2e_ratio:.2f}x")
    thousand = clinic_bench.thousand_reps(sizes.thousand, sizes.thousand_rounds)
    run_ratio = thousand["flowsim_run_s"] / thousand["minimal_s"]
    report.line(f"minimal model, {sizes.thousand} days (process)", f"{thousand['minimal_s']:.2f} s")
    report.line(f"flowsim run --reps {sizes.thousand} --workers 1", f"{thousand['flowsim_run_s']:.2f} s",
                f"{run_ratio:.2f}x  target <=2x  {verdict(run_ratio <= 2.0)}")  # fmt: skip
    report.figures["per_replication_s"] = per_rep
    report.figures["per_replication_ratios"] = {"engine": engine_ratio, "end_to_end": e2e_ratio}
    report.figures["thousand_reps"] = thousand | {"ratio": run_ratio, "reps": sizes.thousand}


def section_b(report: Report, sizes: Sizes) -> None:
    print("(b) tandem walk-in clinic (check-in desk -> MA -> provider -> checkout desk), flowsim vs Ciw")
    cost = tandem_bench.cost_per_patient_step(sizes.tandem_days, sizes.rounds)
    ratio = cost["flowsim_us_per_patient_step"] / cost["ciw_us_per_patient_step"]
    report.line("Ciw, per patient-step", f"{cost['ciw_us_per_patient_step']:.1f} us")
    report.line("flowsim, per patient-step", f"{cost['flowsim_us_per_patient_step']:.1f} us",
                f"{ratio:.2f}x Ciw  target <1x  {verdict(ratio < 1.0)}")  # fmt: skip
    waits = tandem_bench.mean_waits(sizes.wait_days)
    print(f"  mean wait per step over {sizes.wait_days} days (min, +/- 1 SE)   Ciw | flowsim")
    for step, (ciw_mean, ciw_se) in waits["ciw"].items():
        fs_mean, fs_se = waits["flowsim"][step]
        report.line(f"  {step}", f"{ciw_mean:6.2f} +/- {ciw_se:.2f}", f"| {fs_mean:6.2f} +/- {fs_se:.2f}")
    report.figures["tandem"] = cost | {"ratio": ratio, "mean_waits": waits, "days": sizes.wait_days}


def section_c(report: Report, sizes: Sizes) -> None:
    print("(c) scaling with patients per day (engine + log, per patient), parallel speed-up, memory")
    rows = clinic_bench.scaling(sizes.providers, sizes.patients_per_case, sizes.scaling_rounds)
    for row in rows:
        report.line(f"{row['providers']:>3} providers, {row['patients_per_day']:6.0f} patients/day",
                    f"{row['flowsim_us_per_patient']:.0f} us/patient",
                    f"{row['flowsim_us_per_patient'] / row['minimal_us_per_patient']:.2f}x minimal")  # fmt: skip
    costs = [row["flowsim_us_per_patient"] for row in rows]
    spread = max(costs) / min(costs)
    report.line("spread of per-patient cost", f"{spread:.2f}x", f"target <=1.5x (flat)  {verdict(spread <= 1.5)}")
    times = clinic_bench.speed_up(sizes.thousand, sizes.speed_up_rounds)
    gain = times["one_worker_s"] / times["two_workers_s"]
    report.line(f"run_experiment {sizes.thousand} reps, 1 worker", f"{times['one_worker_s']:.2f} s")
    report.line(f"run_experiment {sizes.thousand} reps, 2 workers", f"{times['two_workers_s']:.2f} s",
                f"{gain:.2f}x speed-up  target >=1.8x  {verdict(gain >= 1.8)}")  # fmt: skip
    peak = report.figures["thousand_reps"]["flowsim_run_peak_mb"]
    report.line(f"peak memory, flowsim run --reps {sizes.thousand}", f"{peak:.0f} MB",
                f"target <=300 MB  {verdict(peak <= 300)}")  # fmt: skip
    report.figures["scaling"] = rows
    report.figures["speed_up"] = times | {"gain": gain, "reps": sizes.thousand}


def section_d(report: Report) -> None:
    print("(d) the app's default comparison (100 replications, baseline + one redesign)")
    if importlib.util.find_spec("benchmarks.app_latency") is None:
        report.line("app latency", "n/a", "benchmarks/app_latency.py is not there yet")
        return
    measured = importlib.import_module("benchmarks.app_latency").measure()
    seconds = {"latency_s": float(measured)} if isinstance(measured, (int, float)) else dict(measured)
    for name, value in seconds.items():
        report.line(name, f"{float(value):.2f} s")
    report.figures["app_latency"] = seconds


def main() -> None:
    """Run every section and write the JSON file."""
    sizes = QUICK_SIZES if QUICK else Sizes()
    report = Report(figures={"machine": machine(), "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
    info = report.figures["machine"]
    print(f"flowsim benchmarks on {info['cpu']} ({info['nproc']} cores), Python {info['python']}"
          + ("  [quick mode]" if QUICK else ""))  # fmt: skip
    section_a(report, sizes)
    section_b(report, sizes)
    section_c(report, sizes)
    section_d(report)
    RESULTS_PATH.parent.mkdir(exist_ok=True)
    RESULTS_PATH.write_text(json.dumps(report.figures, indent=2) + "\n", encoding="utf-8")
    print("figures written to benchmarks/results/latest.json")


if __name__ == "__main__":
    main()
