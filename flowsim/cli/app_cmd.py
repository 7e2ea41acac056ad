"""``flowsim app [SCENARIO]``: open the office manager's app in the browser.

The app is served by Streamlit on this computer only (127.0.0.1) and sends no usage
statistics: a clinic's data never leaves the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from flowsim.cli.base import app
from flowsim.scenarios.errors import ScenarioError
from flowsim.scenarios.loader import load_scenario

APP_FILE = Path(__file__).resolve().parents[1] / "app.py"


def streamlit_command(scenario: Path, port: int | None = None) -> list[str]:
    """The ``streamlit run`` command line that serves the app for ``scenario`` on 127.0.0.1.

    Streamlit is started through :mod:`flowsim.app_pages.server`, which prepares the first
    page (imports, her clinic's day and numbers) while the server starts and the browser connects.
    """
    command = [
        sys.executable,
        "-m",
        "flowsim.app_pages.server",
        "run",
        str(APP_FILE),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "viewer",
        "--server.fileWatcherType",
        "none",
    ]
    if port is not None:
        command += ["--server.port", str(port)]
    return [*command, "--", "--scenario", str(scenario)]


@app.command("app")
def app_command(
    scenario: Annotated[
        Path | None, typer.Argument(help="Baseline scenario file (default: the bundled family practice).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port to serve on (default: Streamlit's, 8501).")] = None,
) -> None:
    """Open the app: see your clinic, try redesigns, compare waits (served on 127.0.0.1 only)."""
    from flowsim.report.paths import bundled_scenario  # here: the report package imports plotly, slow for --help

    path = scenario if scenario is not None else bundled_scenario()
    try:
        load_scenario(path)
    except ScenarioError as error:
        for line in error.lines():
            typer.echo(line, err=True)
        raise typer.Exit(2) from None
    try:
        import streamlit  # noqa: F401  (only to say which extra is missing)
    except ImportError:
        typer.echo("the app needs Streamlit: pip install 'flowsim[app]'", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Serving flowsim on http://127.0.0.1:{port or 8501} (Ctrl+C to stop)", err=True)
    command = streamlit_command(path.resolve(), port)
    if os.name == "posix":
        # Become the server, so that stopping this process (Ctrl+C, kill) stops the server too.
        os.execv(command[0], command)
    try:
        completed = subprocess.run(command, check=False)
    except KeyboardInterrupt:
        raise typer.Exit(0) from None
    raise typer.Exit(completed.returncode)
