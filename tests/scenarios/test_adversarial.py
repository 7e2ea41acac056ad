"""The adversarial corpus: every hostile file gets its one clear line from ``flowsim validate``.

The files live in ``tests/scenarios/adversarial/cases`` (one file per case) with the
expected fragment of the message in ``adversarial/expected.yaml``; odd kinds of file
that cannot be checked in (a pipe, a device, a huge file, a folder) are made here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from flowsim.cli import app
from tests.scenarios.deadline import deadline

CORPUS = Path(__file__).parent / "adversarial"
CASES = sorted(p.name for p in (CORPUS / "cases").iterdir())
EXPECTED: dict[str, str] = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
runner = CliRunner()


def _validate(path: Path) -> tuple[int, str]:
    with deadline(str(path)):
        result = runner.invoke(app, ["validate", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_every_case_has_an_expected_message_and_every_message_a_case() -> None:
    assert sorted(EXPECTED) == CASES


@pytest.mark.parametrize("name", CASES)
def test_each_hostile_file_gets_its_clear_message(name: str) -> None:
    path = CORPUS / "cases" / name
    code, output = _validate(path)
    lines = output.splitlines()
    if EXPECTED[name] == "ok":
        assert code == 0 and len(lines) == 1 and lines[0].startswith(f"{path}: ok")
        return
    assert code == 2, output
    assert EXPECTED[name] in output
    assert all(line.startswith(str(CORPUS / "cases")) for line in lines), lines  # file: [field:] message
    assert "Traceback" not in output and "\x1b" not in output and "\u202e" not in output
    assert "root:" not in output  # nothing of a file that is not a scenario is echoed


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: os.mkfifo(p), "is not a regular file (a pipe or a device?)"),
        (lambda p: p.symlink_to("/dev/zero"), "is not a regular file (a pipe or a device?)"),
        (lambda p: p.mkdir(), "is a directory, not a scenario file"),
        (lambda p: p.write_text("name: x\n" + "#" * 1_000_001, encoding="utf-8"), "the file is larger than 1,000,000"),
        (lambda p: p.symlink_to(p), "cannot read the file"),
    ],
    ids=["fifo", "endless device", "directory", "huge file", "symlink loop"],
)
def test_odd_kinds_of_file_are_refused_without_reading_them(tmp_path: Path, make: object, message: str) -> None:
    path = tmp_path / "odd.yaml"
    make(path)  # type: ignore[operator]
    code, output = _validate(path)
    assert code == 2 and output.startswith(f"{path}: ") and message in output and output.count("\n") == 1
