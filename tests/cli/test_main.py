"""The console entry point: usage mistakes are one line on stderr and exit 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def flowsim(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flowsim", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("run", "scenarios/family_practice.yaml", "--workers", "abc"), "flowsim run: Invalid value for '--workers'"),
        (("run",), "flowsim run: Missing argument"),
        (("frobnicate",), "flowsim: No such command 'frobnicate'"),
    ],
)
def test_usage_errors_are_one_line(args: tuple[str, ...], expected: str) -> None:
    result = flowsim(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(expected), result.stderr
    assert "Traceback" not in result.stderr


def test_version() -> None:
    result = flowsim("--version")
    assert (result.returncode, result.stdout.strip()) == (0, "flowsim 0.1.0")
