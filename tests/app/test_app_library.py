"""The redesign library: files beside the clinic's file that extend it, as cards to compare."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from flowsim.app_pages.compare import saved_key
from flowsim.app_pages.library import explanation_of, library, redesign_files
from flowsim.report.paths import bundled_scenario
from flowsim.scenarios import load_scenario
from tests.app.clinic import write_clinic
from tests.app.conftest import APP_FILE, in_process_app, shown

BUNDLED = ["add_on_slots", "bailey_welch_schedule", "extra_room_per_provider", "pooled_rooms", "staggered_starts",
           "text_reminders"]  # fmt: skip


def test_the_bundled_clinic_offers_its_six_redesigns_with_their_one_line_explanations() -> None:
    entries = library(str(bundled_scenario()))
    assert [e.file for e in entries] == [f"{name}.yaml" for name in BUNDLED]
    pooled = next(e for e in entries if e.file == "pooled_rooms.yaml")
    assert pooled.explanation == "Any provider may use any free exam room (rooms are no longer owned)."
    # a comment that goes on over several lines is read to the end of its first sentence, not cut mid-phrase
    add_on = next(e for e in entries if e.file == "add_on_slots.yaml")
    assert add_on.explanation == (
        "Keep every sixth slot free for same-day add-ons (patients who call that morning), "
        "the core of advanced-access / open-access scheduling (Murray & Berwick 2003)."
    )
    assert pooled.scenario_json == load_scenario(bundled_scenario("pooled_rooms.yaml")).model_dump_json()


def test_only_files_extending_the_clinic_are_offered_and_a_broken_one_says_why(tmp_path: Path) -> None:
    base = write_clinic(tmp_path)
    (tmp_path / "more.yaml").write_text(
        "# Redesign: two more rooms.\nextends: small_practice.yaml\nname: more\nexam_rooms: {count: 10}\n"
    )
    (tmp_path / "broken.yaml").write_text("extends: 'small_practice.yaml'\nname: broken\nexam_rooms: {cuont: 1}\n")
    (tmp_path / "other.yaml").write_text("extends: elsewhere.yaml\nname: other\n")
    (tmp_path / "notes.txt").write_text("extends: small_practice.yaml\n")
    assert [p.name for p in redesign_files(str(base))] == ["broken.yaml", "more.yaml"]
    broken, more = library(str(base))
    assert broken.scenario_json is None and broken.problem is not None and "cuont" in broken.problem
    assert more.explanation == "Two more rooms." and more.problem is None


def test_an_explanation_ends_at_its_first_sentence_or_at_the_end_of_the_comment(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "# Redesign: one more room, e.g. a\n#  spare office. Then more words.\n# Not this.\nextends: a.yaml\n"
    )
    assert explanation_of(path) == "One more room, e.g. a spare office."
    path.write_text("# Redesign: no full stop here\n# and here\n\n# Unrelated.\nextends: a.yaml\n")
    assert explanation_of(path) == "No full stop here and here"
    path.write_text("extends: a.yaml\n# Just a comment.\n")
    assert explanation_of(path) == ""


@pytest.fixture
def bundled_app(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    in_process_app(monkeypatch, reps=2)
    return AppTest.from_file(str(APP_FILE), default_timeout=300).run()


def test_compare_all_runs_every_bundled_redesign_against_the_clinic(bundled_app: AppTest) -> None:
    at = bundled_app
    assert sorted(c.key for c in at.checkbox if c.key.startswith("lib_")) == [f"lib_{n}" for n in BUNDLED]
    at.button(key="lib_all").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert all(c.value for c in at.checkbox if c.key.startswith("lib_"))
    titles = [shown(m.value) for m in at.markdown if m.value.startswith("#### ") and "One simulated day" not in m.value]
    names = [load_scenario(bundled_scenario(f"{n}.yaml")).name for n in BUNDLED]
    assert sorted(t.removeprefix("#### ") for t in titles if t.removeprefix("#### ") in names) == sorted(names)
    reminders = [shown(m.value) for m in at.markdown if "No-shows for physicals: 12% → 8%" in shown(m.value)]
    assert reminders  # the card says what the redesign changes, in sentences


def _card_texts(at: AppTest) -> list[str]:
    return [shown(m.value) for m in at.tabs[2].markdown] + [shown(c.value) for c in at.tabs[2].caption]


def test_a_saved_redesign_sits_beside_the_bundled_ones_as_a_ticked_card(bundled_app: AppTest) -> None:
    at = bundled_app
    at.number_input(key="rd_room_count").set_value(12).run()
    at.button(key="rd_save").click().run()
    cards = [c.key for c in at.checkbox if c.key.startswith("lib_")]
    assert sorted(cards) == sorted([*(f"lib_{n}" for n in BUNDLED), saved_key("redesign_1")])
    assert at.checkbox(key=saved_key("redesign_1")).value  # saved to be compared: ticked
    texts = _card_texts(at)
    assert "**redesign_1**" in texts
    assert "Your redesign (saved under Try a redesign)" in texts
    assert texts[texts.index("**redesign_1**") + 1] == "Exam rooms: 8 → 12 (+1 room per provider)"  # its one line
    at.button(key="cmp_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "#### redesign_1" in [shown(m.value) for m in at.markdown]


def test_an_unticked_saved_redesign_is_left_out_and_compare_all_brings_it_back(bundled_app: AppTest) -> None:
    at = bundled_app
    at.number_input(key="rd_room_count").set_value(12).run()
    at.button(key="rd_save").click().run()
    at.checkbox(key="lib_pooled_rooms").check().run()
    at.checkbox(key=saved_key("redesign_1")).uncheck().run()
    at.button(key="cmp_run").click().run()
    titles = {shown(m.value).removeprefix("#### ") for m in at.markdown if m.value.startswith("#### ")}
    pooled = load_scenario(bundled_scenario("pooled_rooms.yaml")).name
    assert pooled in titles and "redesign_1" not in titles
    at.button(key="lib_all").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.checkbox(key=saved_key("redesign_1")).value
    titles = {shown(m.value).removeprefix("#### ") for m in at.markdown if m.value.startswith("#### ")}
    names = {load_scenario(bundled_scenario(f"{n}.yaml")).name for n in BUNDLED}
    assert {*names, "redesign_1"} <= titles  # every bundled redesign and hers, compared together


def test_saved_card_keys_differ_per_name_and_hold_no_raw_text() -> None:
    hostile = "<img src=x> :red[a]"
    assert saved_key(hostile) != saved_key("redesign_1")
    assert saved_key(hostile).startswith("lib_saved_") and saved_key(hostile)[10:].isalnum()


def test_the_multispecialty_practice_offers_its_three_redesigns() -> None:
    entries = library(str(bundled_scenario("multispecialty.yaml")))
    assert [e.file for e in entries] == [
        "multispecialty_np_takes_new.yaml",
        "multispecialty_second_procedure_room.yaml",
        "multispecialty_shared_mas.yaml",
    ]
    assert all(e.problem is None and e.scenario_json is not None for e in entries)
