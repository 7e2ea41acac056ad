"""Fair timing on a busy machine: interleaved repeats and medians.

Two pieces of code timed one after the other see different machines (another job
starts, the CPU clocks down). Timing them in alternation, round after round, and
keeping the median of each, lets a ratio of the two survive the noise of a shared
two-core box. Every helper here returns seconds.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence

QUICK = os.environ.get("FLOWSIM_BENCH_QUICK", "") not in ("", "0")
"""Smoke-test mode (``FLOWSIM_BENCH_QUICK=1``): every measurement shrinks to a few seconds."""


def interleaved(cases: Mapping[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Median seconds per call of each case, calling the cases in turn ``rounds`` times.

    The order of the cases rotates each round so that none always runs first.
    """
    names = list(cases)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            start = time.perf_counter()
            cases[name]()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(times) for name, times in samples.items()}


def run_process(command: Sequence[str]) -> tuple[float, float]:
    """Run ``command`` to completion; return (wall seconds, peak resident MB of any process it ran).

    The peak comes from ``getrusage(RUSAGE_CHILDREN)`` in a fresh Python wrapper, so it
    covers the command and every descendant it waited for, and nothing else.
    """
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "wall = time.perf_counter() - start\n"
        "peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(wall, peak_kb, done.returncode)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True)
    wall_s, peak_kb, returncode = out.stdout.split()
    if int(returncode) != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {returncode}: {out.stderr.strip()[-500:]}")
    return float(wall_s), int(peak_kb) / 1024.0


def own_peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def verdict(ok: bool) -> str:
    """PASS or MISS, for the target column."""
    return "PASS" if ok else "MISS"
