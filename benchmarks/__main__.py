"""``make bench``: flowsim's performance figures, as ratios measured in one run.

Run ``python -m benchmarks`` (``FLOWSIM_BENCH_QUICK=1`` for a smoke test of a few
seconds). It prints, each against its target with PASS or MISS:

a. cost per replication of the benchmark clinic against a minimal SimPy model of it,
   and ``flowsim run --reps 1000`` against the minimal model's 1,000 days;
b. cost per patient-step against Ciw on a tandem, with both engines' mean waits;
c. per-patient cost as the clinic grows, speed-up on two workers, peak memory;
d. the app's default comparison latency (when ``benchmarks/app_latency.py`` exists);
e. the app on a fresh server in Chromium: first page, memory after three comparisons, 2,000 days.

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
from benchmarks.agreement import AGREEMENT_SE
from benchmarks.timing import QUICK, Timing, machine_busy, ratio, use_bytecode_cache, verdict

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
    speed_up_rounds: int = 7
    tandem_days: int = 50
    wait_days: int = 300


QUICK_SIZES = Sizes(3, 3, 30, 1, (2, 8, 32), 300, 1, 1, 5, 20)


@dataclass
class Report:
    """Lines for the terminal and figures for the JSON file, filled section by section."""

    figures: dict[str, Any] = field(default_factory=dict)

    def line(self, label: str, value: str, note: str = "") -> None:
        print(f"  {label:<40} {value:>24}  {note}".rstrip())

    def timing(self, label: str, timing: Timing, unit: str, scale: float, note: str = "") -> None:
        self.line(label, f"{timing.cpu_s * scale:8.2f} {unit} (wall {timing.wall_s * scale:.2f})", note)


def versus(measured: Timing, floor: Timing, limit: float | None = None, what: str = "") -> str:
    """``1.23x <what> (wall 1.40x)  target <=limit  PASS``, judged on CPU time."""
    r = ratio(measured, floor)
    note = f"{r.cpu_s:.2f}x{what} (wall {r.wall_s:.2f}x)"
    return note if limit is None else f"{note}  target <={limit:g}x  {verdict(r.cpu_s <= limit)}"


def plain(value: Any) -> Any:
    """Figures as JSON-ready data (timings become {wall_s, cpu_s})."""
    if isinstance(value, Timing):
        return value._asdict()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def machine() -> dict[str, Any]:
    """The machine the figures came from."""
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for row in cpuinfo.read_text().splitlines():
            if row.startswith("model name"):
                model = row.split(":", 1)[1].strip()
                break
    return {
        "cpu": model,
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "quick": QUICK,
        "load_average_start": os.getloadavg()[0],
    }


def section_a(report: Report, sizes: Sizes) -> None:
    print("(a) benchmark clinic, per replication: CPU ms (wall ms); ratios on CPU time")
    per_rep = clinic_bench.per_replication(sizes.batch, sizes.rounds)
    floor = per_rep["minimal_simpy"]
    report.timing("minimal SimPy model", floor, "ms", 1e3)
    report.timing("flowsim engine + event log", per_rep["flowsim_engine"], "ms", 1e3,
                  versus(per_rep["flowsim_engine"], floor, 1.5, " minimal") + "  (aim 1.25x)")  # fmt: skip
    report.timing("flowsim end to end with KPIs (1 worker)", per_rep["flowsim_end_to_end"], "ms", 1e3,
                  versus(per_rep["flowsim_end_to_end"], floor, what=" minimal"))  # fmt: skip
    agree = clinic_bench.provider_wait_agreement(sizes.wait_days)
    (fs_mean, fs_se), (mm_mean, mm_se) = agree["flowsim"], agree["minimal_simpy"]
    report.line(f"mean wait for the provider, {sizes.wait_days} days", f"minimal {mm_mean:.2f} +/- {mm_se:.2f} min",
                f"| flowsim {fs_mean:.2f} +/- {fs_se:.2f}: {agree['difference_se']:.1f} SE apart  target <=3"
                f"  {verdict(agree['difference_se'] <= AGREEMENT_SE)}")  # fmt: skip
    report.figures["provider_wait_agreement"] = agree
    times, cpu_ratio, peak_mb = clinic_bench.thousand_reps(sizes.thousand, sizes.thousand_rounds)
    report.timing(f"minimal model, {sizes.thousand} days (a process)", times["minimal_simpy"], "s", 1.0)
    report.timing(f"flowsim run --reps {sizes.thousand} --workers 1", times["flowsim_run"], "s", 1.0,
                  f"{cpu_ratio:.2f}x minimal (median of rounds)  target <=2x  {verdict(cpu_ratio <= 2.0)}")  # fmt: skip
    report.figures["per_replication"] = per_rep
    report.figures["thousand_reps"] = times | {"reps": sizes.thousand, "peak_mb": peak_mb, "cpu_ratio": cpu_ratio}


def section_b(report: Report, sizes: Sizes) -> None:
    print("(b) tandem walk-in clinic (check-in desk -> MA -> provider -> checkout desk): flowsim vs Ciw")
    cost = tandem_bench.cost_per_patient_step(sizes.tandem_days, sizes.rounds)
    report.timing("Ciw, per patient-step", cost["ciw"], "us", 1e6)
    report.timing("flowsim, per patient-step", cost["flowsim"], "us", 1e6,
                  versus(cost["flowsim"], cost["ciw"], 1.0, " Ciw"))  # fmt: skip
    waits = tandem_bench.mean_waits(sizes.wait_days)
    report.line(f"mean wait (min) over {sizes.wait_days} days, +/- 1 SE", "Ciw", "| flowsim")
    for step, (ciw_mean, ciw_se) in waits["ciw"].items():
        fs_mean, fs_se = waits["flowsim"][step]
        report.line(f"  {step}", f"{ciw_mean:6.2f} +/- {ciw_se:.2f}", f"| {fs_mean:6.2f} +/- {fs_se:.2f}")
    report.figures["tandem"] = {"per_patient_step": cost, "mean_waits": waits, "days": sizes.wait_days}


def section_c(report: Report, sizes: Sizes) -> None:
    print("(c) scaling (engine + log, CPU us per patient), parallel speed-up (wall), peak memory")
    rows = clinic_bench.scaling(sizes.providers, sizes.patients_per_case, sizes.scaling_rounds)
    for row in rows:
        report.timing(f"{row['providers']:>3} providers, {row['patients_per_day']:6.0f} patients/day",
                      row["flowsim_per_patient"], "us", 1e6,
                      versus(row["flowsim_per_patient"], row["minimal_per_patient"], what=" minimal"))  # fmt: skip
    costs = [row["flowsim_per_patient"].cpu_s for row in rows]
    spread = max(costs) / min(costs)
    report.line(
        "spread of per-patient cost (max/min)", f"{spread:.2f}x", f"target <=1.5x (flat)  {verdict(spread <= 1.5)}"
    )
    measured = clinic_bench.speed_up(sizes.thousand, sizes.speed_up_rounds)
    times, gain = measured.times, measured.experiment
    one, two = times["experiment_1"].wall_s, times["experiment_2"].wall_s
    spread = ", ".join(f"{r['experiment']:.2f}" for r in measured.rounds)
    report.line(f"{sizes.thousand} replications, 1 worker (fresh process)", f"{one:.2f} s wall")
    report.line(f"{sizes.thousand} replications, 2 workers (fresh process)", f"{two:.2f} s wall",
                f"{gain:.2f}x speed-up (rounds: {spread})  target >=1.8x  {verdict(gain >= 1.8)}")  # fmt: skip
    report.line("parallel efficiency of the 2-worker run", f"{measured.efficiency:.0%}",
                "(CPU seconds of parent and workers / 2 x wall seconds: immune to the machine's drift)")  # fmt: skip
    report.line(f"whole flowsim run --reps {sizes.thousand}, 1 vs 2 workers",
                f"{times['command_1'].wall_s:.2f} / {times['command_2'].wall_s:.2f} s",
                f"{measured.command:.2f}x (start-up of ~0.6 s included, not parallel)")  # fmt: skip
    if machine_busy():
        report.line("", "", f"(load average {os.getloadavg()[0]:.1f}: no idle core for a second worker here)")
    peak_mb = report.figures.get("thousand_reps", {}).get("peak_mb")
    if peak_mb is None:
        report.line(f"peak memory, flowsim run --reps {sizes.thousand}", "n/a", "the run in (a) failed")
    else:
        report.line(f"peak memory, flowsim run --reps {sizes.thousand}", f"{peak_mb:.0f} MB",
                    f"target <=300 MB  {verdict(peak_mb <= 300)}")  # fmt: skip
    report.figures["scaling"] = rows
    report.figures["speed_up"] = times | {
        "gain": gain,
        "gain_whole_command": measured.command,
        "efficiency": measured.efficiency,
        "rounds": measured.rounds,
        "reps": sizes.thousand,
        "load_average": os.getloadavg()[0],
    }


def section_d(report: Report, sizes: Sizes) -> None:
    print("(d) the app's default comparison (baseline + one redesign; 100 replications, 20 in quick mode)")
    if importlib.util.find_spec("benchmarks.app_latency") is None:
        report.line("app latency", "n/a", "benchmarks/app_latency.py is not there yet")
        return
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # AppTest warns about its missing server
    measured = importlib.import_module("benchmarks.app_latency").measure()
    seconds = {"latency_s": float(measured)} if isinstance(measured, (int, float)) else dict(measured)
    for name, value in seconds.items():
        note = f"target <=1 s  {verdict(float(value) <= 1.0)}" if name == "comparison_warm_s" else ""  # issue 13
        report.line(name, f"{float(value):.2f} s", note)
    report.figures["app_latency"] = seconds


def section_e(report: Report, sizes: Sizes) -> None:
    print("(e) the app on a fresh server in Chromium: first page, memory after three comparisons, 2,000 days")
    from benchmarks import app_server

    figures = app_server.measure()
    for name, value in figures.items():
        target = app_server.TARGETS.get(name)
        unit = "s" if name.endswith("_s") else "MB"
        note = f"target <={target:g} {unit}  {verdict(value <= target)}" if target is not None else ""
        report.line(name, f"{value:.2f} {unit}", note)
    report.figures["app_server"] = figures


def main() -> None:
    """Run every section and write the JSON file."""
    sizes = QUICK_SIZES if QUICK else Sizes()
    use_bytecode_cache(RESULTS_PATH.parent / "pycache")
    report = Report(figures={"machine": machine(), "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
    info = report.figures["machine"]
    print(f"flowsim benchmarks on {info['cpu']} ({info['nproc']} cores), Python {info['python']}"
          + ("  [quick mode]" if QUICK else ""))  # fmt: skip
    if machine_busy():
        print(f"  note: load average {os.getloadavg()[0]:.1f} on {info['nproc']} cores: wall times are inflated;"
              " single-process ratios are judged on CPU time")  # fmt: skip
    failures = []
    for section in (section_a, section_b, section_c, section_d, section_e):
        try:
            section(report, sizes)
        except Exception as error:  # a benchmark that cannot run is reported; the others still run
            failures.append(f"{section.__name__}: {type(error).__name__}: {str(error).strip()[:300]}")
            print(f"  ERROR {failures[-1]}")
    report.figures["failures"] = failures
    RESULTS_PATH.parent.mkdir(exist_ok=True)
    report.figures["load_average_end"] = os.getloadavg()[0]
    RESULTS_PATH.write_text(json.dumps(plain(report.figures), indent=2) + "\n", encoding="utf-8")
    print("figures written to benchmarks/results/latest.json")
    if failures:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
