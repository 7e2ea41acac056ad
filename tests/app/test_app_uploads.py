"""Redesign files travel through the browser and back unchanged; bad ones read like `flowsim validate`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flowsim.app_pages.controls import changes_from_controls, controls_from_scenario
from flowsim.app_pages.uploads import UploadError, baseline_ref, load_upload, redesign_file
from flowsim.cli import app as cli
from flowsim.scenarios import with_changes
from tests.app.clinic import small_clinic, write_clinic

BASELINE = small_clinic()
BASELINE_PATH = "somewhere/small_practice.yaml"


def test_a_downloaded_redesign_extends_the_baseline_and_uploads_back_equal() -> None:
    redesign = with_changes(BASELINE, {"name": "pooled_rooms", "exam_rooms.policy": "pooled"})
    text = redesign_file(BASELINE_PATH, BASELINE, redesign)
    assert text.startswith("extends: small_practice.yaml")
    assert "pooled" in text and "dr_adams" not in text  # only the differences
    assert load_upload(text.encode(), "pooled_rooms.yaml", BASELINE_PATH, BASELINE) == redesign


def test_a_redesign_with_fewer_providers_round_trips() -> None:
    start = controls_from_scenario(BASELINE)
    controls = type(start)(
        **{
            **start.__dict__,
            "provider_count": 3,
            "first_start": {"dr_adams": "08:00", "dr_baker": "08:00", "np_chen": "08:30"},
        }
    )
    redesign = with_changes(BASELINE, {**changes_from_controls(BASELINE, controls), "name": "three"})
    text = redesign_file(BASELINE_PATH, BASELINE, redesign)
    assert load_upload(text.encode(), "three.yaml", BASELINE_PATH, BASELINE) == redesign


def test_bad_upload_gives_exactly_the_validate_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = b"extends: small_practice.yaml\nname: typo\nexam_rooms: {cuont: 3}\nschedule: {rule: often}\n"
    with pytest.raises(UploadError) as caught:
        load_upload(bad, "typo.yaml", BASELINE_PATH, BASELINE)
    write_clinic(tmp_path)
    (tmp_path / "typo.yaml").write_bytes(bad)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "typo.yaml"])
    assert result.exit_code == 2
    assert caught.value.lines == result.stderr.splitlines()
    assert any(line.startswith("typo.yaml: exam_rooms.cuont: ") and "count" in line for line in caught.value.lines)


def test_unreadable_files_are_named() -> None:
    with pytest.raises(UploadError) as not_text:
        load_upload(b"\xff\xfe\x00bad", "binary.yaml", BASELINE_PATH, BASELINE)
    assert not_text.value.lines == ["binary.yaml: the file is not UTF-8 text (invalid start byte at byte 0)"]
    with pytest.raises(UploadError) as not_yaml:
        load_upload(b"name: [unclosed\n", "broken.yaml", BASELINE_PATH, BASELINE)
    assert len(not_yaml.value.lines) == 1
    assert not_yaml.value.lines[0].startswith("broken.yaml: ")


def test_baseline_reference_is_the_file_name_or_the_scenario_name() -> None:
    assert baseline_ref("a/b/family_practice.yaml", BASELINE) == "family_practice.yaml"
    assert baseline_ref(None, BASELINE) == "small_practice.yaml"
