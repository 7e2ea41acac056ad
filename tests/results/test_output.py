"""The run folder is written all at once or not at all."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

import flowsim
from flowsim.results import (
    OutputExistsError,
    build_manifest,
    day_kpis,
    log_tables,
    paired_comparison,
    summarise,
    write_run,
)
from flowsim.results import output as output_module
from flowsim.scenarios import scenario_from_dict
from tests.results.days import FACTS, hand_day, short_day

SPEC_FILES = {
    "visits.parquet",
    "events.parquet",
    "resource_events.parquet",
    "kpis.csv",
    "summary.csv",
    "comparison.csv",
    "manifest.json",
}


def tiny_scenario(name: str = "tiny") -> flowsim.scenarios.Scenario:  # type: ignore[name-defined]
    return scenario_from_dict(
        {
            "name": name,
            "providers": {"dr_a": {"sessions": [{"start": "08:00", "end": "09:00"}]}},
            "visit_types": {"fu": {"share": 1.0, "slot_min": 15, "pathway": "p"}},
            "pathways": {"p": [{"name": "exam", "duration_min": 10, "needs": ["provider"]}]},
        }
    )


def run_tables() -> dict[str, object]:
    tables = log_tables([("base", 0, hand_day()), ("base", 1, short_day()), ("alt", 0, short_day()),
                         ("alt", 1, hand_day())])  # fmt: skip
    kpis = day_kpis(tables.visits, tables.events, FACTS, resource_events=tables.resource_events)
    manifest = build_manifest([tiny_scenario()], seed=7, reps=2, started_at="2026-01-01T00:00:00+00:00", wall_s=1.5)
    return {
        "visits": tables.visits,
        "events": tables.events,
        "resource_events": tables.resource_events,
        "kpis": kpis,
        "summary": summarise(kpis),
        "comparison": paired_comparison(kpis, "base"),
        "manifest": manifest,
    }


def test_writes_every_spec_file(tmp_path: Path) -> None:
    tables = run_tables()
    out = write_run(tmp_path / "run", **tables)  # type: ignore[arg-type]
    assert {p.name for p in out.iterdir()} == SPEC_FILES
    visits = pd.read_parquet(out / "visits.parquet")
    pd.testing.assert_frame_equal(visits, tables["visits"])  # type: ignore[arg-type]
    events = pd.read_parquet(out / "events.parquet")
    assert len(events) == len(tables["events"])  # type: ignore[arg-type]
    time_off = pd.read_parquet(out / "resource_events.parquet")
    pd.testing.assert_frame_equal(time_off, tables["resource_events"])  # type: ignore[arg-type]
    assert len(time_off) == 2 * 4 + 2 * 2  # dr_a's late start on all four days, the gap between sessions on two
    kpis = pd.read_csv(out / "kpis.csv")
    assert kpis["provider_utilisation_dr_a"].iloc[0] == pytest.approx(100 * 30 / 43, rel=1e-9)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 7 and manifest["scenarios"][0]["name"] == "tiny"
    assert [p.name for p in tmp_path.iterdir()] == ["run"]  # no staging folders left


def test_comparison_is_optional(tmp_path: Path) -> None:
    tables = run_tables()
    tables["comparison"] = None
    out = write_run(tmp_path / "run", **tables)  # type: ignore[arg-type]
    assert {p.name for p in out.iterdir()} == SPEC_FILES - {"comparison.csv"}


def test_two_identical_runs_give_byte_identical_csv(tmp_path: Path) -> None:
    first = write_run(tmp_path / "one", **run_tables())  # type: ignore[arg-type]
    second = write_run(tmp_path / "two", **run_tables())  # type: ignore[arg-type]
    for name in ("kpis.csv", "summary.csv", "comparison.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert b"\r\n" not in (first / "kpis.csv").read_bytes()


def test_refuses_a_non_empty_folder_and_leaves_it_alone(tmp_path: Path) -> None:
    out = tmp_path / "run"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    with pytest.raises(OutputExistsError, match="--force"):
        write_run(out, **run_tables())  # type: ignore[arg-type]
    assert [p.name for p in out.iterdir()] == ["precious.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    out = tmp_path / "run"
    out.mkdir()
    write_run(out, **run_tables())  # type: ignore[arg-type]
    assert {p.name for p in out.iterdir()} == SPEC_FILES


def test_force_replaces_the_old_run(tmp_path: Path) -> None:
    out = tmp_path / "run"
    out.mkdir()
    (out / "old.txt").write_text("old run")
    write_run(out, **run_tables(), force=True)  # type: ignore[arg-type]
    assert {p.name for p in out.iterdir()} == SPEC_FILES
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


@pytest.mark.parametrize("force", [False, True])
def test_a_failed_write_leaves_no_partial_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, force: bool) -> None:
    def broken(frame: pd.DataFrame, path: Path) -> None:
        path.write_text("half a file")
        raise OSError("disk full")

    monkeypatch.setattr(output_module, "_write_csv", broken)
    out = tmp_path / "run"
    if force:
        out.mkdir()
        (out / "old.txt").write_text("old run")
    with pytest.raises(OSError, match="disk full"):
        write_run(out, **run_tables(), force=force)  # type: ignore[arg-type]
    if force:  # the previous run is untouched
        assert [p.name for p in out.iterdir()] == ["old.txt"]
    else:
        assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == (["run"] if force else [])


def test_manifest_records_versions_and_resolved_scenarios() -> None:
    started = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    scenarios = [tiny_scenario("a"), tiny_scenario("b")]
    manifest = build_manifest(scenarios, 3, 50, started, 12.34567, {"command": "compare"})
    assert manifest["flowsim_version"] == flowsim.__version__
    assert set(manifest["versions"]) >= {"flowsim", "python", "simpy", "numpy", "pandas", "scipy", "pyarrow"}
    assert manifest["versions"]["pandas"] == pd.__version__
    assert (manifest["seed"], manifest["reps"], manifest["wall_s"]) == (3, 50, 12.346)
    assert manifest["started_at"] == "2026-11-26T12:00:00+00:00"
    assert [s["name"] for s in manifest["scenarios"]] == ["a", "b"]
    # fully resolved: defaults are spelled out, so the run can be repeated from the manifest alone
    assert manifest["scenarios"][0]["clinic"] == {"open": "08:00", "close": "17:00", "results_until": None}
    assert manifest["extra"] == {"command": "compare"}
    json.dumps(manifest, allow_nan=False)


def test_manifest_with_missing_numbers_is_still_valid_json(tmp_path: Path) -> None:
    tables = run_tables()
    tables["manifest"] = {**tables["manifest"], "extra": {"half_width": float("nan"), "cap": [1.0, float("inf")]}}  # type: ignore[dict-item]
    out = write_run(tmp_path / "run", **tables)  # type: ignore[arg-type]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["extra"] == {"half_width": None, "cap": [1.0, None]}


def test_parquet_files_encode_only_text_by_dictionary_and_keep_day_statistics(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = write_run(tmp_path / "run", **run_tables())  # type: ignore[arg-type]
    for name in ("visits.parquet", "events.parquet"):
        meta = pq.ParquetFile(out / name).metadata
        group = meta.row_group(0)
        for i in range(group.num_columns):
            column = group.column(i)
            dictionary = any("DICTIONARY" in e for e in column.encodings)
            text = column.physical_type == "BYTE_ARRAY"
            assert dictionary == text, (name, column.path_in_schema, column.encodings)
            assert column.is_stats_set == (column.path_in_schema in ("scenario", "rep")), column.path_in_schema


def test_each_manifest_has_its_own_versions() -> None:
    """The versions are read once per process: a manifest changed by its caller changes no other."""
    started = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    first = build_manifest([tiny_scenario("a")], 1, 2, started, 0.1)
    first["versions"]["pandas"] = "edited"
    second = build_manifest([tiny_scenario("a")], 1, 2, started, 0.1)
    assert second["versions"]["pandas"] == pd.__version__
