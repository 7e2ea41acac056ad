"""Engine cost on the benchmark clinic against the minimal SimPy model, for A/B runs of two code trees.

``python -m benchmarks.engine_ab [ROUNDS]`` prints the median CPU milliseconds per
replication of flowsim's engine (with its event log) and of the minimal model, and the
median of the rounds' ratios, the two timed in alternation within each round. To compare
two versions of flowsim, run it alternately with each on ``PYTHONPATH`` (e.g. ``git archive
main flowsim | tar -x -C /tmp/base``, then ``PYTHONPATH=/tmp/base python -m benchmarks.engine_ab``):
the ratio to the minimal model cancels most of the machine's drift between the runs.
"""

from __future__ import annotations

import statistics
import sys
import time

import flowsim
from benchmarks.clinic_bench import SEED, load_clinic
from benchmarks.minimal_simpy import simulate_day
from flowsim.model import simulate

BATCH = 20


def main(rounds: int) -> str:
    """One line: which flowsim, engine and minimal ms per replication, median ratio."""
    scenario = load_clinic()
    simulate(scenario, SEED, 0)  # warm: compile the scenario, import lazily loaded modules
    simulate_day(SEED, 0)
    ratios, engine_ms, minimal_ms = [], [], []
    for _ in range(rounds):
        start = time.process_time()
        for rep in range(BATCH):
            simulate_day(SEED, rep)
        minimal = time.process_time() - start
        start = time.process_time()
        for rep in range(BATCH):
            simulate(scenario, SEED, rep)
        engine = time.process_time() - start
        ratios.append(engine / minimal)
        engine_ms.append(1e3 * engine / BATCH)
        minimal_ms.append(1e3 * minimal / BATCH)
    return (
        f"{flowsim.__file__}: engine {statistics.median(engine_ms):.2f} ms, "
        f"minimal {statistics.median(minimal_ms):.2f} ms, ratio {statistics.median(ratios):.3f}"
    )


if __name__ == "__main__":
    print(main(int(sys.argv[1]) if len(sys.argv) > 1 else 9))
