"""`flowsim app` serves the app on 127.0.0.1 without usage statistics, and refuses a bad scenario."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flowsim.cli import app as cli
from flowsim.cli.app_cmd import APP_FILE, streamlit_command


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


def test_without_a_scenario_the_bundled_family_practice_is_served(monkeypatch: pytest.MonkeyPatch) -> None:
    from flowsim.report.paths import bundled_scenario

    ran: list[list[str]] = []

    def fake_exec(program: str, command: list[str]) -> None:
        assert program == command[0]
        ran.append(command)
        raise SystemExit(0)  # exec never returns: this process has become the server

    def fake_run(command: list[str], check: bool) -> subprocess.CompletedProcess[bytes]:
        ran.append(command)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr("flowsim.cli.app_cmd.os.execv", fake_exec)  # POSIX: the command becomes the server
    monkeypatch.setattr("flowsim.cli.app_cmd.subprocess.run", fake_run)  # elsewhere: a child process
    result = CliRunner().invoke(cli, ["app", "--port", "8610"])
    assert result.exit_code == 0
    assert ran == [streamlit_command(bundled_scenario().resolve(), port=8610)]
    assert bundled_scenario().name == "family_practice.yaml" and bundled_scenario().is_file()
    assert "Serving flowsim on http://127.0.0.1:8610" in result.stderr
