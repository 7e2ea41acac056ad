"""Sweeps: a grid of redesigns, each saved as soon as it is finished.

"What if we had 6, 8 or 10 exam rooms, with individual or wave booking?" is a grid
of six redesigns of one baseline. A sweep runs every point of the grid (the cartesian
product of the varied fields) with the same seed, so all points meet the same patients,
and writes each point's folder under ``out/points/<point-id>/`` the moment it is done
(atomically: a folder that exists is complete). An interrupted sweep, rerun with the
same arguments, skips the finished points and computes only the rest.

Layout of ``out``::

    sweep.json           what was asked (baseline, varied fields, seed, reps): guards resuming
    grid.csv             the grid index: point id, the value of each varied field, folder
    points/<point-id>/   one run folder per point (SPEC §4 files)
    sweep_summary.csv    one row per point and KPI, written when every point is done
    sweep_kpis.csv       one row per point and replication: every point's day KPIs
    sweep_comparison.csv every other point against the reference point, paired by replication
"""

from __future__ import annotations

import itertools
import json
import math
import os
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from flowsim.experiment.executors import open_runner
from flowsim.experiment.experiment import Reps, check_reps, run_each, run_with
from flowsim.experiment.precision import AutoReps
from flowsim.results import paired_comparison
from flowsim.results.csv_cells import read_safe_csv, to_safe_csv
from flowsim.results.folders import check_destination, refuse_plain_file, staging_folder, swap_into_place
from flowsim.results.output import CSV_FLOAT_FORMAT, RunFolder
from flowsim.scenarios import with_changes
from flowsim.scenarios.limits import MAX_GRID_POINTS
from flowsim.scenarios.schema import Scenario

Vary = tuple[str, Sequence[Any]]
PointDone = Callable[[int, int], None]
"""Called as ``progress(points_done, points_total)`` after each point is saved (or skipped)."""


class SweepError(ValueError):
    """The sweep cannot start as asked (message is for the user)."""


@dataclass(frozen=True)
class SweepPoint:
    """One redesign of the grid."""

    point_id: str
    changes: dict[str, Any]
    scenario: Scenario


@dataclass(frozen=True)
class SweepResult:
    """A finished sweep: the grid index and one summary row per point and KPI."""

    out_dir: Path
    grid: pd.DataFrame
    summary: pd.DataFrame
    computed: tuple[str, ...]  # point ids simulated by this call
    skipped: tuple[str, ...]  # point ids found finished on disk
    kpis: pd.DataFrame | None = None
    """One row per point and replication: ``point_id``, the varied values, then the day KPIs."""
    comparison: pd.DataFrame | None = None
    """Every other point against the reference point, paired by replication (common random numbers)."""
    reference: str | None = None
    """Point id of the reference point."""


def grid_points(base: Scenario, varies: Sequence[Vary]) -> list[SweepPoint]:
    """Every point of the grid, first varied field outermost, each a validated redesign."""
    paths = [path for path, _ in varies]
    if not varies:
        raise SweepError("a sweep needs at least one --vary PATH=V1,V2")
    if len(set(paths)) != len(paths):
        repeated = sorted({p for p in paths if paths.count(p) > 1})
        raise SweepError(f"each field may be varied once; repeated: {', '.join(repeated)}")
    for path, values in varies:
        if len(values) == 0:
            raise SweepError(f"--vary {path}: give at least one value")
    size = math.prod(len(values) for _, values in varies)
    if size > MAX_GRID_POINTS:
        raise SweepError(f"the grid has {size:,} points; at most {MAX_GRID_POINTS:,} are run (vary fewer values)")
    points = []
    for index, combo in enumerate(itertools.product(*(values for _, values in varies))):
        changes = dict(zip(paths, combo, strict=True))
        label = ", ".join(f"{p}={v}" for p, v in changes.items())
        scenario = with_changes(base, {**changes, "name": f"{base.name} [{label}]"}, source="--vary")
        points.append(SweepPoint(_point_id(index, changes), changes, scenario))
    return points


def _point_id(index: int, changes: dict[str, Any]) -> str:
    slug = re.sub(r"[^A-Za-z0-9._=-]+", "_", "-".join(f"{p}={v}" for p, v in changes.items()))
    return f"{index:03d}-{slug[:80]}"


def run_sweep(
    base_scenario: Scenario,
    varies: Sequence[Vary],
    reps: Reps,
    seed: int,
    out_dir: str | os.PathLike[str],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: PointDone | None = None,
    force: bool = False,
    keep_events: bool = False,
    reference: int | str = 0,
) -> SweepResult:
    """Run (or resume) the grid of redesigns of ``base_scenario`` into ``out_dir``.

    Parameters
    ----------
    base_scenario
        The design every point starts from.
    varies
        ``(dotted.field.path, values)`` pairs; the grid is their cartesian product.
    reps, seed, workers, scheduler
        As for :func:`~flowsim.experiment.run_experiment`, for every point.
    out_dir
        Folder of the sweep. If it holds the same sweep, finished points are skipped.
    progress
        Called after each point is saved (or found finished).
    force
        Empty a folder that holds something else (another sweep, other files) first.
    keep_events
        Also write each point's event log (large).
    reference
        The point the others are compared with: its position in the grid (from 0) or its
        point id. Every point meets the same patients, so the comparison is paired.

    Returns
    -------
    SweepResult
        The grid index and the sweep summary (also written to ``out_dir``).

    Raises
    ------
    SweepError
        If ``out_dir`` holds something else and ``force`` is not given, or a --vary is malformed.
    """
    settings = check_reps(reps)
    points = grid_points(base_scenario, varies)
    reference_point = _reference(points, reference)
    out = Path(out_dir)
    request = _request(base_scenario, varies, settings, seed)
    work = _prepare(out, request, force)
    try:
        grid, summary, computed, skipped, kpis, comparison = _run_points(
            work, points, settings, seed, workers, scheduler, progress, keep_events, reference_point
        )
        if work != out:  # replacing another folder: only now that the sweep is complete
            swap_into_place(work, check_destination(out, force=True), force=True)
    except BaseException:
        if work != out:
            shutil.rmtree(work, ignore_errors=True)
        raise
    return SweepResult(out, grid, summary, tuple(computed), tuple(skipped), kpis, comparison, reference_point.point_id)


def _run_points(
    out: Path,
    points: list[SweepPoint],
    settings: int | AutoReps,
    seed: int,
    workers: int | None,
    scheduler: str | None,
    progress: PointDone | None,
    keep_events: bool,
    reference_point: SweepPoint,
) -> tuple[pd.DataFrame, pd.DataFrame, list[str], list[str], pd.DataFrame, pd.DataFrame]:
    """Compute the points not yet in ``out``.

    Returns the grid, the summary, the computed and skipped ids, the per-point KPIs and the
    paired comparison with ``reference_point``.
    """
    grid = _grid_index(points)
    _write_atomic(out / "grid.csv", to_safe_csv(grid))
    skipped = [p.point_id for p in points if (out / "points" / p.point_id).is_dir()]
    pending = [p for p in points if p.point_id not in skipped]
    computed: list[str] = []

    def saved(point: SweepPoint) -> None:
        computed.append(point.point_id)
        if progress is not None:
            progress(len(skipped) + len(computed), len(points))

    if progress is not None and skipped:
        progress(len(skipped), len(points))
    with open_runner(workers, scheduler) as runner:
        if isinstance(settings, int):  # every point's days are known: the workers go from point to point
            jobs = [(point.scenario, out / "points" / point.point_id) for point in pending]
            run_each(runner, jobs, settings, seed, with_events=keep_events, done=lambda i: saved(pending[i]))
        else:  # --reps auto: each point decides its own number of days, one point at a time
            for point in pending:
                with RunFolder(out / "points" / point.point_id, with_events=keep_events) as folder:
                    run_with(runner, [point.scenario], settings, seed, keep_visits=False, keep_events=False,
                             folder=folder)  # fmt: skip
                saved(point)
    summary = sweep_summary(out, points)
    _write_atomic(out / "sweep_summary.csv", to_safe_csv(summary))
    kpis = sweep_kpis(out, points)
    _write_atomic(out / "sweep_kpis.csv", to_safe_csv(kpis, float_format=CSV_FLOAT_FORMAT))
    comparison = sweep_comparison(kpis, points, reference_point)
    _write_atomic(out / "sweep_comparison.csv", to_safe_csv(comparison, float_format=CSV_FLOAT_FORMAT))
    return grid, summary, computed, skipped, kpis, comparison


def _reference(points: list[SweepPoint], reference: int | str) -> SweepPoint:
    """The reference point, by grid position or point id."""
    if isinstance(reference, int) and not isinstance(reference, bool):
        if 0 <= reference < len(points):
            return points[reference]
        raise SweepError(f"reference point {reference}: the grid has points 0..{len(points) - 1}")
    for point in points:
        if point.point_id == reference:
            return point
    raise SweepError(
        f"reference point {reference!r} is not in the grid; points: {', '.join(p.point_id for p in points)}"
    )


def _with_point_columns(table: pd.DataFrame, point: SweepPoint) -> pd.DataFrame:
    for column, value in reversed(list(point.changes.items())):
        table.insert(0, column, [value] * len(table))
    table.insert(0, "point_id", point.point_id)
    return table


def sweep_kpis(out: str | os.PathLike[str], points: list[SweepPoint]) -> pd.DataFrame:
    """One row per point and replication: the point's id and varied values, then its kpis.csv row."""
    tables = [_with_point_columns(read_safe_csv(Path(out) / "points" / p.point_id / "kpis.csv"), p) for p in points]
    return pd.concat(tables, ignore_index=True)


def sweep_comparison(kpis: pd.DataFrame, points: list[SweepPoint], reference: SweepPoint) -> pd.DataFrame:
    """Every point except ``reference`` against it, paired by replication (as ``comparison.csv``).

    Columns: ``point_id``, the varied values, ``reference``, then the paired-comparison
    columns of :func:`~flowsim.results.paired_comparison` (``redesign`` is the point's design).
    """
    day_kpis = kpis.drop(columns=["point_id", *points[0].changes])
    compared = paired_comparison(day_kpis, baseline=reference.scenario.name)
    by_name = {p.scenario.name: p for p in points}
    parts = [
        _with_point_columns(rows.reset_index(drop=True), by_name[str(name)]).assign(reference=reference.point_id)
        for name, rows in compared.groupby("redesign", sort=False, observed=True)
    ]
    if not parts:
        return pd.DataFrame(columns=["point_id", *points[0].changes, "reference", *compared.columns])
    table = pd.concat(parts, ignore_index=True)
    first = ["point_id", *points[0].changes, "reference"]
    return table[first + [c for c in table.columns if c not in first]]


def _request(base: Scenario, varies: Sequence[Vary], reps: int | AutoReps, seed: int) -> dict[str, Any]:
    """What was asked, as plain JSON (compared when resuming)."""
    reps_json: Any = reps if isinstance(reps, int) else {"auto": [reps.precision, reps.pilot_reps, reps.max_reps]}
    request = {
        "base": base.model_dump(mode="json"),
        "varies": [[path, list(values)] for path, values in varies],
        "seed": seed,
        "reps": reps_json,
    }
    result: dict[str, Any] = json.loads(json.dumps(request, sort_keys=True))
    return result


def _prepare(out: Path, request: dict[str, Any], force: bool) -> Path:
    """Start, resume, or refuse: a folder with another content needs ``force``.

    Returns the folder to work in: ``out`` itself, or, when ``force`` replaces what
    ``out`` holds, a staging folder beside it that takes its place once the sweep is done
    (until then, and if the sweep fails, ``out`` keeps what it held).
    """
    marker = out / "sweep.json"
    refuse_plain_file(out)
    if out.is_dir() and any(out.iterdir()):
        same = _same_request(marker, request)
        if not same and not force:
            what = "a different sweep" if marker.is_file() else "other files"
            raise SweepError(f"{out}: holds {what}; choose another --out or use --force to replace it")
        if not same:
            out = staging_folder(check_destination(out, force=True))
            marker = out / "sweep.json"
    (out / "points").mkdir(parents=True, exist_ok=True)
    for stale in (out / "points").glob(".*.partial-*"):  # left by a crash inside write_run
        shutil.rmtree(stale, ignore_errors=True)
    if not marker.is_file():
        _write_atomic(marker, json.dumps(request, indent=2, sort_keys=True))
    return out


def _same_request(marker: Path, request: dict[str, Any]) -> bool:
    """Whether ``marker`` (a ``sweep.json``) records ``request`` (an unreadable one does not)."""
    try:
        return marker.is_file() and bool(json.loads(marker.read_text(encoding="utf-8")) == request)
    except (OSError, UnicodeDecodeError, ValueError):
        return False


def _grid_index(points: list[SweepPoint]) -> pd.DataFrame:
    rows = [{"point_id": p.point_id, **p.changes, "folder": f"points/{p.point_id}"} for p in points]
    return pd.DataFrame(rows)


def sweep_summary(out: str | os.PathLike[str], points: list[SweepPoint]) -> pd.DataFrame:
    """One row per point and KPI: the point's varied values, then its summary.csv row."""
    tables = [_with_point_columns(read_safe_csv(Path(out) / "points" / p.point_id / "summary.csv"), p) for p in points]
    return pd.concat(tables, ignore_index=True)


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and rename it into place."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
