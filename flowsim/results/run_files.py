"""Reading a run folder back: the tables a run wrote, for exports and notebooks.

A run folder (SPEC §4) is the hand-over between a run and whatever comes after it: a
workbook for the client, an animation, a process-mining tool. :func:`read_run` opens
one and says clearly what is missing instead of failing halfway through an export.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from flowsim.results.csv_cells import read_safe_csv


class RunFolderError(ValueError):
    """The folder is not a readable flowsim run folder; the message says why."""


@dataclass(frozen=True)
class RunFiles:
    """The tables of one run folder (``comparison`` is None for a run without one)."""

    path: Path
    kpis: pd.DataFrame
    summary: pd.DataFrame
    comparison: pd.DataFrame | None
    manifest: dict[str, Any]

    @property
    def scenarios(self) -> list[str]:
        """Design names in run order, the baseline first."""
        return [str(s["name"]) for s in self.manifest.get("scenarios", [])] or list(
            dict.fromkeys(self.kpis["scenario"].astype(str))
        )

    @property
    def open_clock(self) -> str:
        """The baseline's opening time (``HH:MM``), from the manifest."""
        scenarios = self.manifest.get("scenarios") or [{}]
        return str(scenarios[0].get("clinic", {}).get("open", "00:00"))

    def visits(self) -> pd.DataFrame:
        """The stopwatch sheet (read on demand: it is the large one)."""
        return self._parquet("visits.parquet")

    def events(self) -> pd.DataFrame:
        """The patients' events (read on demand)."""
        return self._parquet("events.parquet")

    def resource_events(self) -> pd.DataFrame:
        """What resources did for no patient, a provider's time off (read on demand)."""
        return self._parquet("resource_events.parquet")

    def _parquet(self, name: str) -> pd.DataFrame:
        file = self.path / name
        if not file.is_file():
            raise RunFolderError(f"{file}: missing (the run kept no {name.split('.')[0]})")
        return pd.read_parquet(file)


def read_run(path: str | Path) -> RunFiles:
    """The run folder at ``path`` (kpis, summary, comparison, manifest; parquet tables on demand).

    Raises
    ------
    RunFolderError
        ``path`` is not a folder, or lacks ``kpis.csv``, ``summary.csv`` or ``manifest.json``.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise RunFolderError(f"{folder}: not a folder (expected the --out folder of flowsim run or compare)")
    missing = [name for name in ("kpis.csv", "summary.csv", "manifest.json") if not (folder / name).is_file()]
    if missing:
        raise RunFolderError(f"{folder}: not a flowsim run folder (missing {', '.join(missing)})")
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise RunFolderError(f"{folder / 'manifest.json'}: not readable JSON ({exc})") from None
    comparison = folder / "comparison.csv"
    return RunFiles(
        path=folder,
        kpis=read_safe_csv(folder / "kpis.csv"),
        summary=read_safe_csv(folder / "summary.csv"),
        comparison=read_safe_csv(comparison) if comparison.is_file() else None,
        manifest=manifest if isinstance(manifest, dict) else {},
    )
