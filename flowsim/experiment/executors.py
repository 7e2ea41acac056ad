"""Where replications run: this process, local worker processes, or a Dask cluster.

Replications are independent days, so they can be dealt out to any number of
workers like exam papers to markers; each worker hands back small tables and the
experiment sorts them by ``(scenario, rep)``. Because every replication is a pure
function of ``(scenario, seed, rep)``, the three runners below give bit-identical
tables; they differ only in speed.

A runner is opened once and reused across batches (``--reps auto``) and sweep points,
so worker start-up is paid once.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, Protocol

from flowsim.experiment.dask_runner import DaskRunner
from flowsim.experiment.errors import ExecutorError, ExperimentError
from flowsim.experiment.replication import Chunk, ChunkResult, run_chunk
from flowsim.scenarios.limits import MAX_WORKERS

CHUNKS_PER_WORKER = 4  # a few chunks per worker balance the load without paying per-task overhead
MAX_CHUNK_REPS = 25  # ...but no chunk so long that progress stalls or Ctrl-C waits for it


class Runner(Protocol):
    """Runs chunks of replications and yields each chunk's results as it finishes."""

    workers: int

    def run(self, chunks: Sequence[Chunk]) -> Iterator[ChunkResult]:
        """Results of every chunk, in completion order."""
        ...

    def close(self) -> None:
        """Release the workers."""
        ...


class SerialRunner:
    """Runs every chunk in this process, one after the other (``--workers 1``).

    Its chunks are ``MAX_CHUNK_REPS`` replications long (see :func:`chunk_size_for`):
    pandas' fixed costs of tabulating are then paid per block of days, not per day.
    """

    workers = 1

    def run(self, chunks: Sequence[Chunk]) -> Iterator[ChunkResult]:
        """Results of every chunk, in order."""
        for chunk in chunks:
            yield run_chunk(chunk)

    def close(self) -> None:
        """Nothing to release."""


class ProcessRunner:
    """Runs chunks on a pool of local worker processes (the default).

    On Linux workers are forked: they start at once with the engine already imported,
    and they work from a notebook, a script without a ``__main__`` guard or a program
    read from stdin, none of which "spawn" handles. (They only run pure functions, so
    the parent's threads, e.g. a progress bar, are no concern.) Elsewhere they are
    spawned, as the platform recommends.

    A server passes ``start_method="forkserver"``: a forked worker would inherit the
    server's open connections and hold them after the server closes them (a browser
    then waits for a reply that never comes). Forkserver workers are forked from a
    small clean process that has imported the engine once, so they start quickly too.
    """

    def __init__(self, workers: int, start_method: str | None = None) -> None:
        self.workers = workers
        self._start_method = start_method or ("fork" if sys.platform.startswith("linux") else "spawn")
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context: Any = multiprocessing.get_context(self._start_method)
            if self._start_method == "forkserver":
                context.set_forkserver_preload([run_chunk.__module__])
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
        return self._pool

    def run(self, chunks: Sequence[Chunk]) -> Iterator[ChunkResult]:
        """Results of every chunk, in completion order."""
        pool = self._executor()
        futures: list[Future[ChunkResult]] = [pool.submit(run_chunk, chunk) for chunk in chunks]
        try:
            for future in as_completed(futures):
                yield future.result()
        except BrokenProcessPool as exc:
            self.close()
            raise ExecutorError(
                "a local worker process stopped abruptly (out of memory? on macOS and Windows, a script that "
                'runs experiments at top level needs `if __name__ == "__main__":`); try fewer --workers'
            ) from exc
        finally:
            for future in futures:
                future.cancel()

    def close(self) -> None:
        """Shut the worker processes down."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _start_worker(parent_pid: int) -> None:
    """Set a worker up: Ctrl-C left to the parent, no GC scans of inherited objects, exit with the parent.

    Workers ignore Ctrl-C: the parent stops the pool, and no worker prints a traceback.
    They exempt what they inherited from garbage collection scans (``gc.freeze``): a
    worker builds millions of small objects, and each full collection would walk the
    imported libraries again (and touch pages shared with the parent).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()
    watch_parent(parent_pid)


PARENT_CHECK_S = 0.5


def watch_parent(parent_pid: int, interval_s: float = PARENT_CHECK_S) -> threading.Thread:
    """End this process soon after the process ``parent_pid`` is gone, however it ended.

    A parent killed outright (SIGKILL, ``timeout``, out of memory) cannot shut its pool
    down, and its workers, waiting on a queue nobody will write to again, would live on
    with their memory. A daemon thread looks every ``interval_s`` seconds and exits the
    process once the parent is gone: when this process has been handed to another
    parent (fork and spawn), or ``parent_pid`` no longer exists (any start method,
    forkserver included, whose workers are children of the server, not of the parent).
    """
    first_ppid = os.getppid()

    def parent_gone() -> bool:
        if os.getppid() != first_ppid:
            return True
        try:
            os.kill(parent_pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:  # exists, under another user
            return False
        return False

    def watch() -> None:
        while not parent_gone():
            time.sleep(interval_s)
        os._exit(1)  # no clean-up to run: the results have nowhere to go

    thread = threading.Thread(target=watch, name="flowsim-parent-watch", daemon=True)
    thread.start()
    return thread


class open_runner(AbstractContextManager[Runner]):  # noqa: N801  (used like a function: `with open_runner(...)`)
    """Open the runner the options ask for, and close it on exit.

    Parameters
    ----------
    workers
        Number of local worker processes; None means one per CPU core, 1 means
        this process (no pool).
    scheduler
        Address of an existing Dask scheduler (``tcp://HOST:PORT``); overrides ``workers``.
    start_method
        How local workers start (``"fork"``, ``"forkserver"``, ``"spawn"``); by default
        fork on Linux, spawn elsewhere. Servers use ``"forkserver"`` (see :class:`ProcessRunner`).
    """

    def __init__(
        self, workers: int | None = None, scheduler: str | None = None, start_method: str | None = None
    ) -> None:
        if workers is not None and not 1 <= workers <= MAX_WORKERS:
            raise ExperimentError(f"workers must be between 1 and {MAX_WORKERS}, got {workers}")
        self._runner: Runner
        if scheduler is not None:
            self._runner = DaskRunner(scheduler)
        elif (workers or os.cpu_count() or 1) == 1:
            self._runner = SerialRunner()
        else:
            self._runner = ProcessRunner(workers or os.cpu_count() or 1, start_method)

    def __enter__(self) -> Runner:
        if isinstance(self._runner, DaskRunner):
            self._runner.open()  # an unreachable scheduler is reported before any work
        return self._runner

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._runner.close()


def describe(runner: Runner) -> dict[str, Any]:
    """What ran the replications, for the manifest: serial, local processes or a Dask cluster."""
    if isinstance(runner, SerialRunner):
        return {"kind": "serial", "workers": 1}
    if isinstance(runner, ProcessRunner):
        return {"kind": "processes", "workers": runner.workers}
    address = getattr(runner, "address", None)
    if address is not None:
        return {"kind": "dask", "scheduler": str(address), "workers": runner.workers}
    return {"kind": type(runner).__name__, "workers": runner.workers}


def chunk_size_for(runner: Runner, n_tasks: int) -> int:
    """How many replications to put in one chunk for ``runner``.

    In this process the longest chunks (there is nothing to balance); elsewhere a few
    chunks per worker, of at most ``MAX_CHUNK_REPS``.
    """
    if isinstance(runner, SerialRunner):
        return MAX_CHUNK_REPS
    return min(MAX_CHUNK_REPS, max(1, -(-n_tasks // (runner.workers * CHUNKS_PER_WORKER))))
