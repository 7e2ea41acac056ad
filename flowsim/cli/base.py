"""The typer application every command module registers on."""

from __future__ import annotations

import typer

from flowsim import __version__

app = typer.Typer(
    name="flowsim",
    help="Simulate patient flow in an outpatient clinic and compare redesigns by wait time.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"flowsim {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """flowsim: try clinic redesigns on a computer before trying them on patients."""
