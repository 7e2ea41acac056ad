"""What ``run``, ``compare`` and ``sweep`` share: options, errors, progress, output.

The three commands take the same knobs (how many replications, which seed, where to
run, where to write) and fail the same way: one clear line on stderr and exit code 2
for anything the user can fix (a missing file, an invalid scenario, a bad option, an
unreachable scheduler), never a traceback.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, NoReturn

import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from flowsim.experiment import AutoReps, ExecutorError, ExperimentError, SweepError
from flowsim.experiment.dask_runner import check_address
from flowsim.results.csv_cells import to_safe_csv
from flowsim.results.folders import OutputExistsError, check_destination
from flowsim.results.output import CSV_FLOAT_FORMAT
from flowsim.scenarios import ScenarioError, load_scenario
from flowsim.scenarios.limits import MAX_REPS, MAX_WORKERS
from flowsim.scenarios.schema import Scenario

BAD_INPUT = 2
FORMATS = ("table", "json", "csv")

RepsOption = Annotated[
    str, typer.Option("--reps", help="Replications (simulated days) per scenario, or 'auto' (see --precision).")
]
PrecisionOption = Annotated[
    float,
    typer.Option("--precision", help="With --reps auto: target 95% half-width of the mean wait, as a fraction of it."),
]
HalfWidthOption = Annotated[
    float | None,
    typer.Option(
        "--half-width",
        help="With --reps auto: target 95% half-width of the mean wait in minutes (replaces --precision).",
    ),
]
OnOption = Annotated[
    str,
    typer.Option(
        "--on", help="With --reps auto: 'mean' (each design's mean) or 'difference' (each redesign minus the baseline)."
    ),
]
MaxRepsOption = Annotated[int, typer.Option("--max-reps", help="With --reps auto: stop after this many replications.")]
SeedOption = Annotated[
    int, typer.Option("--seed", help="Seed of the random streams; the same seed gives the same numbers.")
]
OutOption = Annotated[
    Path | None, typer.Option("--out", help="Folder for the result files (parquet, csv, manifest.json).")
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace a non-empty --out folder (sweep: one holding something else).")
]
WorkersOption = Annotated[
    int | None, typer.Option("--workers", help="Local worker processes (default: one per CPU core; 1: no pool).")
]
SchedulerOption = Annotated[
    str | None, typer.Option("--scheduler", help="Run on an existing Dask cluster at tcp://HOST:PORT instead.")
]
FormatOption = Annotated[
    str, typer.Option("--format", help="Output on stdout: table (for people), json or csv (for scripts).")
]


@dataclass(frozen=True)
class RunOptions:
    """The options every command shares, as typed on the command line."""

    reps: str
    precision: float
    max_reps: int
    seed: int
    workers: int | None
    scheduler: str | None
    fmt: str
    half_width: float | None = None
    on: str = "mean"

    def checked_reps(self) -> int | AutoReps:
        """Check every option; the number of replications or the ``--reps auto`` settings."""
        check_common(self.seed, self.workers, self.scheduler, self.fmt)
        return parse_reps(self.reps, self.precision, self.max_reps, self.half_width, self.on)


class BadInputError(ValueError):
    """A problem the user can fix; its message is shown as is."""


def fail(message: str, code: int = BAD_INPUT) -> NoReturn:
    """Print ``message`` on stderr (one line per problem) and exit with ``code``."""
    for line in message.splitlines() or [message]:
        typer.echo(f"error: {line}" if not line.startswith("error:") else line, err=True)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the errors a user can fix into one clear line each and exit code 2."""
    try:
        yield
    except ScenarioError as exc:
        fail("\n".join(exc.lines()))
    except (
        BadInputError,
        ExperimentError,
        SweepError,
        ExecutorError,
        OSError,
    ) as exc:  # OSError: e.g. --out not writable
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted", code=130)


def parse_reps(
    reps: str, precision: float, max_reps: int, half_width: float | None = None, on: str = "mean"
) -> int | AutoReps:
    """``--reps N`` (N >= 1) or ``--reps auto`` with its target (relative or in minutes) and cap."""
    if on not in ("mean", "difference"):
        raise BadInputError(f"--on must be 'mean' or 'difference', got {on!r}")
    if reps.strip().lower() == "auto":
        try:
            return AutoReps(precision=precision, max_reps=max_reps, half_width=half_width, on=on)  # type: ignore[arg-type]
        except ValueError as exc:
            raise BadInputError(f"--reps auto: {exc}") from exc
    if half_width is not None or on != "mean":
        raise BadInputError("--half-width and --on set the target of --reps auto; add --reps auto")
    try:
        count = int(reps)
    except ValueError:
        raise BadInputError(f"--reps must be a whole number of at least 1 or 'auto', got {reps!r}") from None
    if not 1 <= count <= MAX_REPS:
        raise BadInputError(f"--reps must be between 1 and {MAX_REPS:,}, got {count:,}")
    return count


def check_common(seed: int, workers: int | None, scheduler: str | None, fmt: str) -> None:
    """Refuse option values no command can use."""
    if seed < 0:
        raise BadInputError(f"--seed must be 0 or more, got {seed}")
    if workers is not None and not 1 <= workers <= MAX_WORKERS:
        raise BadInputError(f"--workers must be between 1 and {MAX_WORKERS}, got {workers:,}")
    if workers is not None and scheduler is not None:
        raise BadInputError("give either --workers (local processes) or --scheduler (a Dask cluster), not both")
    if fmt not in FORMATS:
        raise BadInputError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if scheduler is not None:
        check_address(scheduler)


def check_out(out: Path | None, force: bool) -> None:
    """Refuse an unusable --out before any work is done (the write refuses it again, atomically)."""
    if out is None:
        return
    try:
        check_destination(out, force)
    except OutputExistsError:
        raise BadInputError(f"{out}: folder exists and is not empty; choose another --out or add --force") from None


def load_all(paths: list[Path]) -> list[Scenario]:
    """Load every scenario file, reporting the problems of all of them at once."""
    scenarios, problems = [], []
    for path in paths:
        try:
            scenarios.append(load_scenario(path))
        except ScenarioError as exc:
            problems.extend(exc.lines())
    if problems:
        raise BadInputError("\n".join(problems))
    return scenarios


stderr = Console(stderr=True)


def freeze_start_up_objects() -> None:
    """Exempt everything imported so far from garbage collection scans.

    A command is a short-lived process that builds millions of small objects (events);
    each full collection would otherwise walk pandas', numpy's and the scenario's objects
    again (about a tenth of a 1,000-replication run).
    """
    gc.freeze()


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A ``progress(done, total)`` callback drawing a bar on stderr (only on a terminal)."""
    if not stderr.is_terminal:
        yield lambda done, total: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=stderr, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def emit(frames: dict[str, pd.DataFrame], fmt: str, primary: str) -> None:
    """Write tables to stdout for scripts: JSON (every table) or CSV (the primary one)."""
    if fmt == "json":
        payload = {name: json.loads(frame.to_json(orient="records")) for name, frame in frames.items()}
        typer.echo(json.dumps(payload, indent=2))
    elif fmt == "csv":
        typer.echo(to_safe_csv(frames[primary], float_format=CSV_FLOAT_FORMAT), nl=False)
