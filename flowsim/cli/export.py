"""``flowsim export excel|vidigi|eventlog RUN_DIR``: a run folder in the form another tool wants.

- ``excel``: one workbook for the client (summary, comparison, KPIs, a sheet per design);
- ``vidigi``: one simulated day in vidigi's event-log columns, to animate it;
- ``eventlog``: the patients' events in the process-mining convention (CSV, or XES).

Each writes one file (next to the run folder's tables unless ``--out`` says where) and
refuses to overwrite an existing file unless ``--force``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from flowsim.cli import options as opt
from flowsim.cli.base import app
from flowsim.results.process_log import process_log, write_xes
from flowsim.results.run_files import RunFolderError, read_run
from flowsim.results.seats import one_day, vidigi_log
from flowsim.results.workbook import write_workbook

export_app = typer.Typer(help="Write a run folder as an Excel workbook, a vidigi event log or a process-mining log.")
app.add_typer(export_app, name="export")

RunDir = Annotated[Path, typer.Argument(help="A run folder (the --out of flowsim run or compare).", show_default=False)]
OutFile = Annotated[Path | None, typer.Option("--out", help="File to write (default: inside RUN_DIR).")]
Force = Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")]


def _target(out: Path | None, default: Path, force: bool) -> Path:
    target = out if out is not None else default
    if target.exists() and not force:
        raise opt.BadInputError(f"{target}: exists (use --force to replace it)")
    return target


@export_app.command("excel")
def excel(run_dir: RunDir, out: OutFile = None, force: Force = False) -> None:
    """One workbook: summary, comparison, KPIs and a sheet per design."""
    with opt.user_errors(), _run_errors():
        run = read_run(run_dir)
        target = write_workbook(run, _target(out, run_dir / "flowsim.xlsx", force))
    typer.echo(f"wrote {target}", err=True)


@export_app.command("vidigi")
def vidigi(
    run_dir: RunDir,
    scenario: Annotated[
        str | None, typer.Option("--scenario", help="Design to animate (default: the baseline).")
    ] = None,
    rep: Annotated[int, typer.Option("--rep", help="Simulated day (the rep column, from 0).")] = 0,
    out: OutFile = None,
    force: Force = False,
) -> None:
    """One simulated day in vidigi's event-log columns, with seat numbers for pooled staff."""
    with opt.user_errors(), _run_errors():
        run = read_run(run_dir)
        name = scenario if scenario is not None else run.scenarios[0]
        day = one_day(run.events(), name, rep)
        log = vidigi_log(day, run.visits())
        target = _target(out, run_dir / f"vidigi_rep{rep}.csv", force)
        log.to_csv(target, index=False)
    typer.echo(f"wrote {target} ({len(log)} rows)", err=True)


@export_app.command("eventlog")
def eventlog(
    run_dir: RunDir,
    date: Annotated[str, typer.Option("--date", help="Calendar date of day 0 (YYYY-MM-DD); day n is n days later.")] = (
        "2026-01-05"
    ),
    xes: Annotated[bool, typer.Option("--xes", help="Write XES through pm4py instead of CSV.")] = False,
    out: OutFile = None,
    force: Force = False,
) -> None:
    """Patients' events for process mining: case:concept:name, concept:name, time:timestamp, ..."""
    with opt.user_errors(), _run_errors():
        try:
            day0 = dt.date.fromisoformat(date)
        except ValueError:
            raise opt.BadInputError(f"--date: expected a date YYYY-MM-DD, got {date!r}") from None
        run = read_run(run_dir)
        log = process_log(run.events(), day0, run.open_clock)
        target = _target(out, run_dir / ("eventlog.xes" if xes else "eventlog.csv"), force)
        if xes:
            write_xes(log, target)
        else:
            log.to_csv(target, index=False, date_format="%Y-%m-%d %H:%M:%S")
    typer.echo(f"wrote {target} ({len(log)} events)", err=True)


class _run_errors:  # noqa: N801  (used like a function: `with _run_errors():`)
    """A run folder that cannot be read, a day that does not exist or a missing extra: one line, exit 2."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, (RunFolderError, KeyError, ImportError)):
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            raise opt.BadInputError(str(message)) from None
