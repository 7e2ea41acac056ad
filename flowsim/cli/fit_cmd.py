"""``flowsim fit SHEET... [--map FILE] [--base SCENARIO] --out DIR``: your clinic from your data (SPEC §9).

Prints which column became what, every row left out and why, and the back-validation
verdicts; writes ``scenario.yaml``, ``fit.csv``, ``backtest.csv`` and ``report.html``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from flowsim.cli import options as opt
from flowsim.cli.base import app
from flowsim.observed import ObservedDataError


def preview_table(preview: pd.DataFrame) -> Table:
    """Which column of each sheet became what (headers are user text: shown as Text, never as markup)."""
    table = Table(title="What was read")
    for column in ("file", "column", "became", "read_as"):
        table.add_column(column.replace("_", " "))
    for row in preview.itertuples(index=False):
        table.add_row(*(Text(str(v)) for v in row))
    return table


@app.command("fit")
def fit_command(
    sheets: Annotated[list[Path], typer.Argument(help="Observed sheets: .csv, .xlsx or .parquet.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="Folder for scenario.yaml, fit.csv, backtest.csv, report.html.")],
    mapping: Annotated[
        Path | None, typer.Option("--map", help="Mapping file (YAML) for headers and statuses not recognised.")
    ] = None,
    base: Annotated[
        Path | None, typer.Option("--base", help="Scenario giving what timestamps cannot: rooms, staff, sessions.")
    ] = None,
    clinic_open: Annotated[
        str | None, typer.Option("--clinic-open", help="Opening time HH:MM (default: the base's, else inferred).")
    ] = None,
    days: Annotated[int, typer.Option("--days", help="Simulated days in the back-validation.")] = 100,
    seed: opt.SeedOption = 1,
    workers: opt.WorkersOption = None,
    force: opt.ForceOption = False,
) -> None:
    """Fit a scenario to observed visit timestamps and check it against them."""
    from flowsim.calibrate import fit

    with opt.user_errors():
        if days < 2:
            raise opt.BadInputError(f"--days must be at least 2, got {days}")
        opt.check_common(seed, workers, None, "table")
        opt.check_out(out, force)
        try:
            result = fit(
                sheets, mapping=mapping, base=base, clinic_open=clinic_open, days=days, seed=seed, workers=workers
            )
        except ObservedDataError as error:
            raise opt.BadInputError("\n".join(error.lines())) from None
        result.write(out, force=force)
    console = Console(stderr=True)
    console.print(preview_table(result.observed.preview))
    for problem in result.observed.problems:
        typer.echo(f"warning: {problem}", err=True)
    verdicts = result.backtest.table["verdict"].value_counts()
    typer.echo(
        f"fitted {len(result.observed.visits)} visits over {len(result.observed.days)} day(s); back-validation over "
        f"{days} simulated days: " + ", ".join(f"{n} {v}" for v, n in verdicts.items())
    )
    headline = result.backtest.table.query("kpi == 'wait_for_provider_min_mean'")
    for row in headline.itertuples(index=False):
        typer.echo(
            f"mean wait for the provider: observed {row.observed:.1f} min, simulated {row.simulated:.1f} min "
            f"({row.verdict})"
        )
    typer.echo(f"wrote {out}", err=True)
