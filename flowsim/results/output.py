"""The run folder: every table of a run written to disk, all or nothing.

A run's folder is like a sealed envelope: either it holds every file of the run
(SPEC §4) or it does not exist. The files are written into a hidden folder next to the
destination and renamed into place only when all of them are complete, so a crash or a
full disk never leaves a half-written run that looks finished, and with ``force`` the
previous run is replaced only once the new one is whole.
"""

from __future__ import annotations

import json
import math
import platform
import shutil
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from flowsim import __version__
from flowsim.results.csv_cells import to_safe_csv
from flowsim.results.folders import (
    check_destination,
    clear_write_errors,
    staging_folder,
    swap_into_place,
)
from flowsim.scenarios.schema import Scenario

if TYPE_CHECKING:
    from flowsim.results.streaming import TableWriter

DEPENDENCIES = ("simpy", "numpy", "scipy", "pandas", "pyarrow", "pydantic", "PyYAML")
CSV_FLOAT_FORMAT = "%.10g"
"""Ten significant digits: deterministic text, and immune to last-bit rounding noise."""


def _versions() -> dict[str, str]:
    return dict(_installed_versions())


@cache  # reading the installed packages' metadata costs ~10 ms; what is imported cannot change in a process
def _installed_versions() -> dict[str, str]:
    versions = {"flowsim": __version__, "python": platform.python_version()}
    for name in DEPENDENCIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def build_manifest(
    scenarios: Iterable[Scenario],
    seed: int,
    reps: int,
    started_at: datetime | str,
    wall_s: float,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """What produced a run (``manifest.json``): versions, resolved scenarios, seed, reps, times.

    Parameters
    ----------
    scenarios
        The fully resolved scenarios of the run (after ``extends:``), in run order.
    seed, reps
        The seed and number of replications.
    started_at
        Start time (a ``datetime`` is written in ISO 8601).
    wall_s
        Wall-clock duration in seconds.
    extra
        Anything else worth keeping (command, baseline name, sweep grid...), stored
        under ``"extra"``; must be JSON-serialisable.
    """
    started = started_at.isoformat() if isinstance(started_at, datetime) else str(started_at)
    return {
        "flowsim_version": __version__,
        "versions": _versions(),
        "seed": int(seed),
        "reps": int(reps),
        "started_at": started,
        "wall_s": round(float(wall_s), 3),
        "scenarios": [s.model_dump(mode="json", by_alias=True) for s in scenarios],
        "extra": dict(extra or {}),
    }


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    from flowsim.results.streaming import write_frame  # pyarrow: only when a folder is written

    write_frame(frame, path)


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    to_safe_csv(frame, path, float_format=CSV_FLOAT_FORMAT)


def _json_safe(value: Any) -> Any:
    """NaN and infinities become null (JSON has no such numbers); containers recursively."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def _write_json(document: Mapping[str, Any], path: Path) -> None:
    text = json.dumps(_json_safe(document), indent=2, ensure_ascii=False, allow_nan=False, default=str)
    path.write_text(text + "\n", encoding="utf-8")


def write_run(
    out_dir: str | Path,
    *,
    visits: pd.DataFrame,
    events: pd.DataFrame,
    kpis: pd.DataFrame,
    summary: pd.DataFrame,
    comparison: pd.DataFrame | None = None,
    manifest: Mapping[str, Any],
    force: bool = False,
    resource_events: pd.DataFrame | None = None,
) -> Path:
    """Write a run folder atomically (SPEC §4).

    Files: ``visits.parquet, events.parquet, resource_events.parquet, kpis.csv,
    summary.csv``, ``comparison.csv`` when a comparison is given, and ``manifest.json``
    (``resource_events.parquet`` has its columns and no rows when ``resource_events`` is
    None). CSV floats are written with
    :data:`CSV_FLOAT_FORMAT`, so identical runs give byte-identical CSV files.

    Parameters
    ----------
    out_dir
        Destination folder (created with its parents).
    force
        Replace an existing non-empty folder (only after the new run is complete).

    Returns
    -------
    pathlib.Path
        The folder written.

    Raises
    ------
    OutputExistsError
        ``out_dir`` exists and is not empty (or is a file) and ``force`` is false. Nothing
        is written.
    """
    out = check_destination(out_dir, force)
    staging = staging_folder(out)
    try:
        with clear_write_errors(out_dir):
            _write_parquet(visits, staging / "visits.parquet")
            _write_parquet(events, staging / "events.parquet")
            _write_parquet(_or_empty(resource_events), staging / "resource_events.parquet")
            _write_small_files(staging, kpis, summary, comparison, manifest)
            swap_into_place(staging, out, force)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Path(out_dir)


class RunFolder:
    """A run folder written while the run goes on: tables chunk by chunk, the rest at the end.

    The same sealed envelope as :func:`write_run`, for runs too long to hold in memory:
    ``visits`` and ``events`` rows are appended to parquet files in the hidden staging
    folder as chunks of replications finish (:meth:`append`, in replication order per
    scenario), and :meth:`finish` adds the KPI, summary and manifest files and puts the
    folder in place. Used as a context manager, an error (or Ctrl-C) removes the
    staging folder and leaves ``out`` as it was.

    Parameters
    ----------
    out_dir
        Destination folder (created with its parents).
    force
        Replace an existing non-empty folder (only once the new run is complete).
    with_events
        Write the event logs; if False ``events.parquet`` and ``resource_events.parquet``
        have their columns but no rows.

    Raises
    ------
    OutputExistsError
        ``out_dir`` exists and is not empty and ``force`` is false (checked at once).
    """

    def __init__(self, out_dir: str | Path, *, force: bool = False, with_events: bool = True) -> None:
        self.out = Path(out_dir)
        self.force = force
        self.with_events = with_events
        self._target = check_destination(self.out, force)
        self.staging = staging_folder(self._target)
        self._parts: dict[str, dict[int, TableWriter]] = {"visits": {}, "events": {}, "resource_events": {}}

    def __enter__(self) -> RunFolder:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if exc_type is not None:
            self.discard()

    def append(
        self,
        scenario_index: int,
        visits: pd.DataFrame,
        events: pd.DataFrame | None,
        resource_events: pd.DataFrame | None = None,
    ) -> None:
        """Append a chunk of one scenario's replications (in replication order)."""
        from flowsim.results.streaming import TableWriter  # pyarrow: only when a folder is written

        tables = {
            "visits": visits,
            "events": events if self.with_events else None,
            "resource_events": resource_events if self.with_events else None,
        }
        for name, frame in tables.items():
            if frame is None:
                continue
            parts = self._parts[name]
            if scenario_index not in parts:
                parts[scenario_index] = TableWriter(self.staging / f".{name}-{scenario_index:05d}.parquet")
            with clear_write_errors(self.out):
                parts[scenario_index].write(frame)

    def finish(
        self,
        *,
        kpis: pd.DataFrame,
        summary: pd.DataFrame,
        comparison: pd.DataFrame | None,
        manifest: Mapping[str, Any],
        reps: int,
    ) -> Path:
        """Complete the folder (replications ``0..reps-1`` of the appended tables) and put it in place."""
        from flowsim.results.logs import log_tables
        from flowsim.results.streaming import merge_parts

        with clear_write_errors(self.out):
            for name, parts in self._parts.items():
                for part in parts.values():
                    part.close()
                if name != "visits" and not parts:  # not kept (or no chunk had any): columns, no rows
                    _write_parquet(getattr(log_tables([]), name), self.staging / f"{name}.parquet")
                else:
                    merge_parts([parts[i] for i in sorted(parts)], self.staging / f"{name}.parquet", reps)
            _write_small_files(self.staging, kpis, summary, comparison, manifest)
            swap_into_place(self.staging, self._target, self.force)
        return self.out

    def discard(self) -> None:
        """Remove the staging folder (nothing of the run is kept).

        Nothing is written here: the half-written parts are dropped, not finished, so a
        full disk cannot make the clean-up itself fail.
        """
        for parts in self._parts.values():
            for part in parts.values():
                part.abandon()
        shutil.rmtree(self.staging, ignore_errors=True)


def _or_empty(resource_events: pd.DataFrame | None) -> pd.DataFrame:
    from flowsim.results.logs import resource_events_table

    return resource_events_table([]) if resource_events is None else resource_events


def _write_small_files(
    staging: Path,
    kpis: pd.DataFrame,
    summary: pd.DataFrame,
    comparison: pd.DataFrame | None,
    manifest: Mapping[str, Any],
) -> None:
    """The files of a run folder besides the two tables: KPIs, summary, comparison (if any), manifest."""
    _write_csv(kpis, staging / "kpis.csv")
    _write_csv(summary, staging / "summary.csv")
    if comparison is not None:
        _write_csv(comparison, staging / "comparison.csv")
    _write_json(manifest, staging / "manifest.json")
