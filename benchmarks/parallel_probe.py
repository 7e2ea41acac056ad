"""One experiment in a fresh process, timed after start-up: the probe behind the speed-up figure.

``python -m benchmarks.parallel_probe REPS WORKERS`` loads the benchmark clinic, then
times ``run_experiment`` on ``WORKERS`` workers for ``REPS`` replications, keeping only
the KPIs, as ``flowsim run`` does without ``--out``, and prints one line of JSON:
``wall_s`` (what the user waits for the replications) and ``cpu_s`` (this process and
its workers). Each side of the speed-up runs in a process of its own, so neither pays
for the other's heap, and both start from the same state; the interpreter's start-up
and imports (the same for both) are left out here and timed with the whole command.
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import time

from benchmarks.clinic_bench import SEED, load_clinic
from flowsim.experiment import run_experiment


def children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(args: list[str]) -> None:
    reps, workers = int(args[0]), int(args[1])
    scenario = load_clinic()
    gc.freeze()  # as the commands do: start-up objects are not scanned again
    wall, cpu, children = time.perf_counter(), time.process_time(), children_cpu_s()
    run_experiment([scenario], reps, SEED, workers=workers, keep_visits=False, keep_events=False)
    wall_s = time.perf_counter() - wall
    cpu_s = time.process_time() - cpu + children_cpu_s() - children  # the pool is shut down: workers reaped
    print(json.dumps({"wall_s": wall_s, "cpu_s": cpu_s}))


if __name__ == "__main__":
    main(sys.argv[1:])
