"""What ``pip install flowsim`` gets: the wheel carries the app's settings and the example clinic.

The wheel is built here with hatchling (the build backend named in pyproject.toml), in
process and from the working tree, as ``pip wheel .`` would build it. Files outside the
Python modules are the ones a packaging change loses silently: the app's Streamlit
settings (127.0.0.1 only, no usage statistics, see SPEC §8) and the bundled scenarios
``flowsim app`` opens when given none.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from hatchling.builders.wheel import WheelBuilder

    (built,) = WheelBuilder(str(ROOT)).build(directory=str(tmp_path_factory.mktemp("wheel")), versions=["standard"])
    return Path(built)


def test_the_wheel_carries_the_apps_streamlit_settings(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        shipped = archive.read("flowsim/.streamlit/config.toml")
    assert shipped == (ROOT / "flowsim" / ".streamlit" / "config.toml").read_bytes()
    assert b'address = "127.0.0.1"' in shipped and b"gatherUsageStats = false" in shipped


def test_the_wheel_carries_every_bundled_scenario(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    bundled = sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml"))
    assert "family_practice.yaml" in bundled
    assert {f"flowsim/bundled_scenarios/{name}" for name in bundled} <= names


def test_an_installed_wheel_finds_its_example_clinic(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    code = (
        "from flowsim.report.paths import bundled_scenario\n"
        "from flowsim.scenarios import load_scenario\n"
        "path = bundled_scenario('pooled_rooms.yaml')\n"  # extends family_practice.yaml beside it
        "print(path)\n"
        "print(load_scenario(path).name)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(site)}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    path, name = done.stdout.splitlines()
    assert Path(path) == site / "flowsim" / "bundled_scenarios" / "pooled_rooms.yaml"
    assert name == "Pooled rooms"


def test_the_wheel_carries_the_stubs_its_packages_import_their_names_from(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    stubs = {"flowsim/__init__.pyi", "flowsim/report/__init__.pyi", "flowsim/viz/__init__.pyi"}
    assert stubs <= names  # without them `import flowsim` fails (lazy_loader reads them at import)
