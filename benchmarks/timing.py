"""Fair timing on a busy machine: interleaved repeats, medians, wall and CPU time.

Two pieces of code timed one after the other see different machines (another job
starts, the CPU clocks down). Timing them in alternation, round after round, and
keeping the median of each, lets a ratio of the two survive the noise of a shared
two-core box. Each measurement is kept both as wall time (``perf_counter``, what a
user waits) and as CPU time of the process (``process_time``, which other jobs on
the machine barely disturb); the ratios of single-process work are judged on CPU
time when the machine is busier than it has cores. Every helper returns seconds.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

QUICK = os.environ.get("FLOWSIM_BENCH_QUICK", "") not in ("", "0")
"""Smoke-test mode (``FLOWSIM_BENCH_QUICK=1``): every measurement shrinks to a few seconds."""


class Timing(NamedTuple):
    """Seconds of one measurement: wall clock and CPU of the process(es) doing the work."""

    wall_s: float
    cpu_s: float

    def per(self, count: float) -> Timing:
        """The time per item when this timing covered ``count`` items."""
        return Timing(self.wall_s / count, self.cpu_s / count)


def ratio(numerator: Timing, denominator: Timing) -> Timing:
    """Wall and CPU ratios of two timings."""
    return Timing(numerator.wall_s / denominator.wall_s, numerator.cpu_s / denominator.cpu_s)


def median_timing(samples: Sequence[Timing]) -> Timing:
    """Medians of wall and of CPU seconds, each on its own."""
    return Timing(statistics.median(t.wall_s for t in samples), statistics.median(t.cpu_s for t in samples))


def machine_busy() -> bool:
    """True when the 1-minute load average exceeds the number of cores (wall times are then unreliable)."""
    return os.getloadavg()[0] > (os.cpu_count() or 1)


def interleaved(cases: Mapping[str, Callable[[], object]], rounds: int) -> dict[str, Timing]:
    """Median time per call of each case, calling the cases in turn ``rounds`` times.

    The order of the cases rotates each round so that none always runs first.
    """
    names = list(cases)
    samples: dict[str, list[Timing]] = {name: [] for name in names}
    for round_ in range(rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            wall, cpu = time.perf_counter(), time.process_time()
            cases[name]()
            samples[name].append(Timing(time.perf_counter() - wall, time.process_time() - cpu))
    return {name: median_timing(times) for name, times in samples.items()}


def use_bytecode_cache(cache_dir: Path) -> None:
    """Let this process's children cache compiled bytecode in ``cache_dir`` (outside the environment).

    A normal ``pip install`` leaves compiled ``.pyc`` files next to the sources. An
    environment without them (installed by uv, or with ``PYTHONDONTWRITEBYTECODE`` set)
    makes every fresh interpreter compile pandas and scipy from source, which would
    be counted against every ``flowsim`` command and every worker process. Children
    started after this call write and reuse their bytecode under ``cache_dir``
    (``PYTHONPYCACHEPREFIX``), so the installed environment is left untouched.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(cache_dir)


def run_process(command: Sequence[str]) -> tuple[Timing, float]:
    """Run ``command`` to completion; return its timing and the peak resident MB of any process it ran.

    CPU time and peak memory come from ``getrusage(RUSAGE_CHILDREN)`` in a fresh Python
    wrapper, so they cover the command and every descendant it waited for, and
    nothing else (CPU time is summed over those processes; the peak is the largest one).
    """
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "wall = time.perf_counter() - start\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, done.returncode)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True)
    wall_s, cpu_s, peak_kb, returncode = out.stdout.split()
    if int(returncode) != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {returncode}: {out.stderr.strip()[-500:]}")
    return Timing(float(wall_s), float(cpu_s)), int(peak_kb) / 1024.0


def probe_process(command: Sequence[str]) -> Timing:
    """Run a probe that times its own work and prints ``{"wall_s": ..., "cpu_s": ...}`` as its last line."""
    out = subprocess.run(list(command), capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {out.returncode}: {out.stderr.strip()[-500:]}")
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    return Timing(float(figures["wall_s"]), float(figures["cpu_s"]))


def verdict(ok: bool) -> str:
    """PASS or MISS, for the target column."""
    return "PASS" if ok else "MISS"
