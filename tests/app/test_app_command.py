"""`flowsim app` serves the app on 127.0.0.1 without usage statistics, and refuses a bad scenario.

It asks the server to open her browser (through the server's environment) unless given
``--no-browser``; the server itself decides whether there is a screen to open it on.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flowsim.app_pages.server import OPEN_BROWSER_ENV
from flowsim.cli import app as cli
from flowsim.cli.app_cmd import APP_FILE, server_environment, streamlit_command

Served = tuple[list[str], dict[str, str]]


def test_the_streamlit_command_binds_locally_headless_and_without_statistics() -> None:
    command = streamlit_command(Path("clinic.yaml"), port=8601)
    assert command[:5] == [sys.executable, "-m", "flowsim.app_pages.server", "run", str(APP_FILE)]
    options = dict(zip(command[5:-3:2], command[6:-3:2], strict=True))
    assert options == {
        "--server.address": "127.0.0.1",
        "--server.headless": "true",
        "--browser.gatherUsageStats": "false",
        "--client.toolbarMode": "viewer",
        "--server.fileWatcherType": "none",
        "--server.port": "8601",
    }
    assert command[-3:] == ["--", "--scenario", "clinic.yaml"]
    assert APP_FILE.name == "app.py" and APP_FILE.is_file()


def test_a_bad_scenario_is_reported_like_validate_and_nothing_is_served(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nexam_rooms: {cuont: 3}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["app", str(bad)])
    validated = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 2
    assert result.stderr == validated.stderr
    assert "Serving" not in result.output


def _fake_servers(monkeypatch: pytest.MonkeyPatch) -> list[Served]:
    """Record each server the command would start, with its environment, instead of starting it."""
    ran: list[Served] = []

    def fake_exec(program: str, command: list[str], env: dict[str, str]) -> None:
        assert program == command[0]
        ran.append((command, env))
        raise SystemExit(0)  # exec never returns: this process has become the server

    def fake_run(command: list[str], check: bool, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
        ran.append((command, env))
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr("flowsim.cli.app_cmd.os.execve", fake_exec)  # POSIX: the command becomes the server
    monkeypatch.setattr("flowsim.cli.app_cmd.subprocess.run", fake_run)  # elsewhere: a child process
    return ran


def test_without_a_scenario_the_bundled_family_practice_is_served(monkeypatch: pytest.MonkeyPatch) -> None:
    from flowsim.report.paths import bundled_scenario

    ran = _fake_servers(monkeypatch)
    result = CliRunner().invoke(cli, ["app", "--port", "8610"])
    assert result.exit_code == 0
    assert [command for command, _ in ran] == [streamlit_command(bundled_scenario().resolve(), port=8610)]
    assert bundled_scenario().name == "family_practice.yaml" and bundled_scenario().is_file()
    assert "Serving flowsim on http://127.0.0.1:8610" in result.stderr


def test_by_default_the_server_is_asked_to_open_her_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(OPEN_BROWSER_ENV, raising=False)
    monkeypatch.setenv("FLOWSIM_TEST_KEPT", "yes")
    ran = _fake_servers(monkeypatch)
    result = CliRunner().invoke(cli, ["app"])
    assert result.exit_code == 0
    [(_, env)] = ran
    assert env[OPEN_BROWSER_ENV] == "1"
    assert env["FLOWSIM_TEST_KEPT"] == "yes" and env["PATH"] == os.environ["PATH"]  # the rest is her environment
    assert "Serving flowsim on http://127.0.0.1:8501 (or the next free port, shown below)" in result.stderr


@pytest.mark.parametrize("inherited", [None, "1"])
def test_with_no_browser_the_server_is_not_asked_to_open_one(
    monkeypatch: pytest.MonkeyPatch, inherited: str | None
) -> None:
    if inherited is None:
        monkeypatch.delenv(OPEN_BROWSER_ENV, raising=False)
    else:  # left in her shell from an earlier run: --no-browser still wins
        monkeypatch.setenv(OPEN_BROWSER_ENV, inherited)
    ran = _fake_servers(monkeypatch)
    result = CliRunner().invoke(cli, ["app", "--no-browser", "--port", "8611"])
    assert result.exit_code == 0
    [(command, env)] = ran
    assert OPEN_BROWSER_ENV not in env
    assert OPEN_BROWSER_ENV not in " ".join(command)  # the wish travels only in the environment
    assert "Serving flowsim on http://127.0.0.1:8611" in result.stderr


def test_the_server_environment_is_hers_with_the_wish_set_exactly_when_asked() -> None:
    environ = {"PATH": "/bin", "HOME": "/home/her", OPEN_BROWSER_ENV: "1"}
    assert server_environment(True, environ) == {"PATH": "/bin", "HOME": "/home/her", OPEN_BROWSER_ENV: "1"}
    assert server_environment(False, environ) == {"PATH": "/bin", "HOME": "/home/her"}
    assert server_environment(True, {"PATH": "/bin"}) == {"PATH": "/bin", OPEN_BROWSER_ENV: "1"}
    assert environ[OPEN_BROWSER_ENV] == "1"  # her own environment is not changed


def test_help_offers_no_browser() -> None:
    result = CliRunner().invoke(cli, ["app", "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0
    assert "--no-browser" in result.output
    assert "do not open a browser" in result.output
