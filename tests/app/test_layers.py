"""Reporting reads tables: flowsim.report and flowsim.viz never reach into the engine or experiment internals."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "flowsim"
INTERNALS = ("flowsim.model", "flowsim.experiment.")  # the experiment package itself is the door


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("path", sorted((PACKAGE / "report").glob("*.py")) + sorted((PACKAGE / "viz").glob("*.py")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")  # fmt: skip
def test_reporting_modules_import_only_what_the_experiment_package_exports(path: Path) -> None:
    reached = [m for m in imported_modules(path) if m.startswith(INTERNALS)]
    assert reached == []


def test_the_check_sees_an_internal_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("from flowsim.experiment.executors import open_runner\nimport flowsim.model\n")
    assert [m for m in imported_modules(sample) if m.startswith(INTERNALS)] == [
        "flowsim.experiment.executors",
        "flowsim.model",
    ]
