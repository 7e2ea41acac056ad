"""CPU per simulated day of two flowsim trees, and the SimPy part of it, timed in alternation.

``python -m benchmarks.day_cpu_ab BASE_TREE [ROUNDS]`` starts one worker process on the
flowsim package under ``BASE_TREE`` (e.g. ``git archive main flowsim | tar -x -C /tmp/base``)
and one on this checkout, then asks them in turn for batches of 20 days of the family practice
and of the benchmark clinic. It prints, for each clinic, the median CPU milliseconds per day of
``simulate`` (``day``), of it without drawing the patients (``nodraw``) and of SimPy's run alone
(``run``), and the median of the batches' ratios (this tree / base): the machine's drift
between batches cancels in each pair.

``python benchmarks/day_cpu_ab.py --events`` prints the events (SimPy's event counter) and
generator resumes per day, over 100 days, of the flowsim found first (``PYTHONPATH=BASE_TREE``
for the base).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CLINICS = {"family_practice": "scenarios/family_practice.yaml", "benchmark_clinic": "benchmarks/benchmark_clinic.yaml"}
BATCH = 20


def _engine_module() -> Any:
    import flowsim.model.engine as engine

    return engine


def _environment_class(engine: Any) -> Any:
    """The environment class the engine plays a day in (SimPy's own before the day kernel)."""
    return getattr(engine, "DayEnvironment", None) or engine.simpy.Environment


def worker() -> None:
    """Answer each clinic name read on stdin with 'day nodraw run' CPU ms per day."""
    from flowsim.model import simulate
    from flowsim.scenarios import load_scenario

    engine = _engine_module()
    spent = {"draw": 0.0, "run": 0.0}

    def timed(key: str, function: Any) -> Any:
        def call(*args: Any) -> Any:
            start = time.process_time()
            try:
                return function(*args)
            finally:
                spent[key] += time.process_time() - start

        return call

    engine.draw_patients = timed("draw", engine.draw_patients)
    environment = _environment_class(engine)
    environment.run = timed("run", environment.run)
    scenarios = {name: load_scenario(ROOT / path) for name, path in CLINICS.items()}
    for scenario in scenarios.values():  # warm: compile, lazy imports
        for rep in range(3):
            simulate(scenario, 1, rep)
    print("ready", flush=True)
    for line in sys.stdin:
        spent.update(draw=0.0, run=0.0)
        start = time.process_time()
        for rep in range(BATCH):
            simulate(scenarios[line.strip()], 2, rep)
        total = time.process_time() - start
        ms = [1e3 * x / BATCH for x in (total, total - spent["draw"], spent["run"])]
        print(*ms, flush=True)


def compare(base_tree: str, rounds: int) -> list[str]:
    """Alternate the two trees' workers batch by batch; one line per clinic and figure."""
    trees = {"base": base_tree, "this": str(ROOT)}
    workers = {
        key: subprocess.Popen(
            # run as a file, not with -m: the working directory must not come before the tree
            [sys.executable, __file__, "--worker"],
            env={**os.environ, "PYTHONPATH": tree},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for key, tree in trees.items()
    }
    for process in workers.values():
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    times: dict[tuple[str, str], list[list[float]]] = {(k, c): [] for k in trees for c in CLINICS}
    for i in range(rounds):
        for clinic in CLINICS:
            for key in ("base", "this") if i % 2 == 0 else ("this", "base"):
                process = workers[key]
                assert process.stdin is not None and process.stdout is not None
                process.stdin.write(clinic + "\n")
                process.stdin.flush()
                times[(key, clinic)].append([float(x) for x in process.stdout.readline().split()])
    for process in workers.values():
        assert process.stdin is not None
        process.stdin.close()
        process.wait()
    lines = []
    for clinic in CLINICS:
        base, this = times[("base", clinic)], times[("this", clinic)]
        for j, figure in enumerate(("day", "nodraw", "run")):
            ratio = statistics.median(t[j] / b[j] for b, t in zip(base, this, strict=True))
            lines.append(
                f"{clinic} {figure}: base {statistics.median(b[j] for b in base):.2f} ms, "
                f"this {statistics.median(t[j] for t in this):.2f} ms, ratio {ratio:.3f}"
            )
    return lines


def events_per_day(days: int = 100) -> list[str]:
    """Events SimPy numbered and generator resumes per day, this tree."""
    import simpy.events

    from flowsim.model import simulate
    from flowsim.scenarios import load_scenario

    engine = _engine_module()
    made: list[Any] = []
    environment = _environment_class(engine)

    class Counted(environment):  # type: ignore[misc,valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    drivers: list[Any] = [simpy.events.Process]
    if hasattr(engine, "DayEnvironment"):
        engine.DayEnvironment = Counted
        from flowsim.model.kernel import Walk

        drivers.append(Walk)
    else:  # before the day kernel: the engine made a simpy.Environment
        engine.simpy = types.SimpleNamespace(Environment=Counted)
    resumes = [0]
    for cls in drivers:
        original = cls._resume

        def counting(self: Any, event: Any, original: Any = original) -> None:
            resumes[0] += 1
            original(self, event)

        cls._resume = counting  # type: ignore[method-assign]
    lines = []
    for clinic, path in CLINICS.items():
        scenario = load_scenario(ROOT / path)
        made.clear()
        resumes[0] = 0
        for rep in range(days):
            simulate(scenario, 1, rep)
        events = sum(next(env._eid) for env in made) / days
        lines.append(f"{clinic}: {events:.1f} events/day, {resumes[0] / days:.1f} resumes/day")
    return lines


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        worker()
    elif sys.argv[1:] == ["--events"]:
        print("\n".join(events_per_day()))
    else:
        print("\n".join(compare(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 40)))
