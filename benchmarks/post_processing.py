"""CPU after the SimPy day: the worker's tables and KPIs, and the parent's collection.

``python -m benchmarks.post_processing [ROUNDS]`` simulates the app's default comparison once
(the bundled family practice and its pooled-rooms redesign, 100 days each, chunks of 25 days
as on the app's two workers) and then times, in CPU, only what follows the simulation:

``worker_ms_per_day``   a chunk's ``log_tables`` and day KPIs, as ``run_chunk`` makes them;
``parent_ms``           collecting the 8 chunk results (unpickled as from a worker), stacking
                        them, the summary, the paired comparison and the manifest;
``bytes_per_day``       what a chunk result costs to send back (pickled), per simulated day.

Medians over ROUNDS (default 5). To compare two versions, run it alternately with each tree
first on ``sys.path`` (``cd`` into a ``git archive`` of the other version and run
``python -m benchmarks.post_processing`` there).
"""

from __future__ import annotations

import pickle
import statistics
import sys
import time
from datetime import UTC, datetime

from flowsim.experiment.collect import Collector
from flowsim.experiment.executors import SerialRunner, describe
from flowsim.experiment.experiment import _finished
from flowsim.experiment.replication import ChunkResult, make_chunks
from flowsim.model import simulate
from flowsim.report.paths import bundled_scenario
from flowsim.results import clinic_facts, log_tables
from flowsim.scenarios import load_scenario, with_changes

REPS, CHUNK, SEED = 100, 25, 7


def main(rounds: int) -> str:
    """One line: median worker CPU per day, parent CPU per comparison, pickled bytes per day."""
    baseline = load_scenario(bundled_scenario())
    pooled = with_changes(baseline, {"name": "pooled_rooms", "exam_rooms.policy": "pooled"})
    scenarios = [baseline, pooled]
    chunks = make_chunks(scenarios, SEED, range(REPS), chunk_size=CHUNK, keep_events=False)
    days = [[(c.scenario.name, rep, simulate(c.scenario, SEED, rep)) for rep in c.reps] for c in chunks]

    def worker() -> list[bytes]:
        sent = []
        for chunk, logs in zip(chunks, days, strict=True):
            tables = log_tables(logs, providers={chunk.scenario.name: list(chunk.scenario.providers)})
            kpis = tables.kpis({chunk.scenario.name: clinic_facts(chunk.scenario)})
            result = ChunkResult(chunk.scenario_index, chunk.reps, kpis, tables.visits, None, None)
            sent.append(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        return sent

    def parent(sent: list[bytes]) -> None:
        collector = Collector([s.name for s in scenarios], keep_visits=True, keep_events=False, folder=None)
        for blob in sent:
            collector.add(pickle.loads(blob))
        _finished(collector, scenarios, SEED, REPS, None, datetime.now(UTC), 0.0, None, describe(SerialRunner()))

    parent(worker())  # warm
    worker_s, parent_s = [], []
    for _ in range(rounds):
        start = time.process_time()
        sent = worker()
        worker_s.append(time.process_time() - start)
        start = time.process_time()
        parent(sent)
        parent_s.append(time.process_time() - start)
    n_days = REPS * len(scenarios)
    return (
        f"worker_ms_per_day={1000 * statistics.median(worker_s) / n_days:.3f} "
        f"parent_ms={1000 * statistics.median(parent_s):.1f} "
        f"bytes_per_day={sum(map(len, sent)) / n_days:.0f}"
    )


if __name__ == "__main__":
    print(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))
