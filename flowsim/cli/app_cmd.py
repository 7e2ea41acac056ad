"""``flowsim app [SCENARIO]``: open the office manager's app in the browser.

The app is served by Streamlit on this computer only (127.0.0.1) and sends no usage
statistics: a clinic's data never leaves the machine. Streamlit runs headless (otherwise it
asks for an e-mail address on the terminal and waits); the server opens her browser itself
once it answers (:func:`flowsim.app_pages.server.open_browser_if_wanted`), unless
``--no-browser`` is given.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import typer

from flowsim.app_pages.server import OPEN_BROWSER_ENV
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


def server_environment(open_browser: bool, environ: Mapping[str, str]) -> dict[str, str]:
    """The server's environment: ``environ`` with :data:`OPEN_BROWSER_ENV` set exactly when ``open_browser``.

    A value left in her shell from elsewhere never opens a browser she asked not to open.
    """
    environment = {name: value for name, value in environ.items() if name != OPEN_BROWSER_ENV}
    if open_browser:
        environment[OPEN_BROWSER_ENV] = "1"
    return environment


@app.command("app")
def app_command(
    scenario: Annotated[
        Path | None, typer.Argument(help="Baseline scenario file (default: the bundled family practice).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port to serve on (default: Streamlit's, 8501).")] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Only serve: do not open a browser on the page.")
    ] = False,
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
    # Without --port, Streamlit takes 8501 or, if that is in use, the next free port (it prints which).
    where = f"http://127.0.0.1:{port}" if port else "http://127.0.0.1:8501 (or the next free port, shown below)"
    typer.echo(f"Serving flowsim on {where} (Ctrl+C to stop)", err=True)
    command = streamlit_command(path.resolve(), port)
    environment = server_environment(not no_browser, os.environ)
    if os.name == "posix":
        # Become the server, so that stopping this process (Ctrl+C, kill) stops the server too.
        os.execve(command[0], command, environment)
    try:
        completed = subprocess.run(command, check=False, env=environment)
    except KeyboardInterrupt:
        raise typer.Exit(0) from None
    raise typer.Exit(completed.returncode)
