"""Scenario files that travel through the browser: download a redesign, upload it back.

A redesign is saved as a short YAML file that ``extends:`` the baseline by file name,
so it is a readable diff. When such a file comes back through the upload button, the
baseline it names is not next to it; it is written beside the upload in a private
temporary folder (fully resolved) and the upload is read with the ordinary loader, so
every problem is reported exactly as ``flowsim validate`` would report it, naming the
uploaded file. An upload may extend only the current baseline or a bundled scenario:
those are the only files in that folder, and ``extends:`` cannot leave it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePath

from flowsim.report.paths import bundled_scenario
from flowsim.scenarios import ScenarioError, dump_scenario, load_scenario, redesign_yaml
from flowsim.scenarios.safe_yaml import MAX_FILE_BYTES, TOO_LARGE
from flowsim.scenarios.schema import Scenario


class UploadError(Exception):
    """An uploaded scenario that cannot be used; ``lines`` are ``file: field: message``."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def baseline_ref(baseline_path: str | None, baseline: Scenario) -> str:
    """The file name a redesign's ``extends:`` uses for the baseline."""
    return PurePath(baseline_path).name if baseline_path else f"{baseline.name}.yaml"


def redesign_file(baseline_path: str | None, baseline: Scenario, redesign: Scenario) -> str:
    """The YAML text of ``redesign`` as a file that ``extends:`` the baseline with only the differences."""
    return redesign_yaml(baseline_ref(baseline_path, baseline), baseline, redesign)


def load_upload(data: bytes, file_name: str, baseline_path: str | None, baseline: Scenario) -> Scenario:
    """Read an uploaded scenario file (full, or ``extends:`` of the baseline).

    Raises
    ------
    UploadError
        With one ``file: field: message`` line per problem, ``file`` being ``file_name``.
    """
    name = PurePath(file_name).name or "upload.yaml"
    if len(data) > MAX_FILE_BYTES:
        raise UploadError([f"{name}: {TOO_LARGE}"])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UploadError([f"{name}: the file is not UTF-8 text ({exc.reason} at byte {exc.start})"]) from exc
    with tempfile.TemporaryDirectory(prefix="flowsim-upload-") as folder:
        _copy_bundled(Path(folder))
        ref = baseline_ref(baseline_path, baseline)
        if ref != name:
            (Path(folder) / ref).write_text(dump_scenario(baseline), encoding="utf-8")
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        try:
            return load_scenario(path, confine_to=folder)
        except ScenarioError as error:
            raise UploadError(_lines(error, folder)) from error


def _copy_bundled(folder: Path) -> None:
    """The bundled scenarios, which an upload may extend too (they are small)."""
    bundled = bundled_scenario().parent
    for source in sorted(bundled.glob("*.yaml")) if bundled.is_dir() else []:
        (folder / source.name).write_bytes(source.read_bytes())


def _lines(error: ScenarioError, folder: str) -> list[str]:
    """``flowsim validate`` lines, naming files as the user knows them (without the private folder)."""
    prefix = str(Path(folder)) + "/"
    file = error.file.replace(prefix, "")
    return ScenarioError(file, [(path, message.replace(prefix, "")) for path, message in error.problems]).lines()
