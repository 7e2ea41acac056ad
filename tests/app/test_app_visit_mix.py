"""The app edits each provider's visit mix: one row of percentages per provider, saved as visit_mix."""

from __future__ import annotations

import dataclasses

from streamlit.testing.v1 import AppTest

from flowsim.app_pages.controls import changes_from_controls, control_problems, controls_from_scenario
from flowsim.report.paths import bundled_scenario
from flowsim.scenarios import Scenario, load_scenario, with_changes
from tests.app.conftest import shown

BASELINE = load_scenario(bundled_scenario())
START = controls_from_scenario(BASELINE)


def test_each_provider_starts_from_her_own_mix_or_the_clinic_s() -> None:
    assert START.visit_mix_pct["np_kim"] == {"follow_up": 60.0, "new_patient": 20.0, "physical": 20.0}
    practice = load_scenario(bundled_scenario("multispecialty.yaml"))
    mixes = controls_from_scenario(practice).visit_mix_pct
    assert mixes["nurse_rosa"] == {"follow_up": 0, "new_patient": 0, "physical": 0, "procedure": 0, "immunisation": 100}


def test_a_changed_row_becomes_that_provider_s_visit_mix_and_nothing_else() -> None:
    mixes = {**START.visit_mix_pct, "np_kim": {"follow_up": 100.0, "new_patient": 0.0, "physical": 0.0}}
    chosen = dataclasses.replace(START, visit_mix_pct=mixes)
    changes = changes_from_controls(BASELINE, chosen)
    assert changes == {"providers.np_kim.visit_mix": {"follow_up": 1.0, "new_patient": 0.0, "physical": 0.0}}
    assert with_changes(BASELINE, changes).providers["np_kim"].visit_mix == {
        "follow_up": 1.0,
        "new_patient": 0.0,
        "physical": 0.0,
    }


def test_a_row_that_does_not_add_up_is_explained() -> None:
    mixes = {**START.visit_mix_pct, "dr_patel": {"follow_up": 50.0, "new_patient": 20.0, "physical": 20.0}}
    problems = control_problems(BASELINE, dataclasses.replace(START, visit_mix_pct=mixes))
    assert problems == ["The visit mix of Dr Patel adds up to 90%: make it 100%."]


def test_the_app_saves_a_provider_s_new_mix(app: AppTest) -> None:
    app.number_input(key="rd_mix_np_kim_new_patient").set_value(0.0).run()
    assert [shown(w.value) for w in app.warning] == ["The visit mix of NP Kim adds up to 80%: make it 100%."]
    app.number_input(key="rd_mix_np_kim_follow_up").set_value(80.0).run()
    assert not app.warning
    app.button(key="rd_save").click().run()
    saved = Scenario.model_validate_json(app.session_state["redesigns"]["redesign_1"])
    assert saved.providers["np_kim"].visit_mix == {"follow_up": 0.8, "new_patient": 0.0, "physical": 0.2}
    assert all(saved.providers[name].visit_mix is None for name in ("dr_patel", "dr_nguyen", "dr_garcia"))
