"""Try a redesign: plain controls for rooms, providers, staff, schedule and patients.

Each control's tooltip is the scenario schema's description of the field it changes.
Redesigns are saved by name in the session, downloaded as YAML that ``extends:`` the
baseline, and uploaded back; a file that cannot be used is reported line by line.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from flowsim import report
from flowsim.app_pages import controls, show_problems, uploads
from flowsim.app_pages.text import as_text
from flowsim.app_pages.visit_mix import mix_controls
from flowsim.results.catalogue import provider_label
from flowsim.scenarios import ScenarioError, with_changes
from flowsim.scenarios.room_policies import ROOM_POLICIES
from flowsim.scenarios.schema import ExamRooms, Provider, RoomType, Scenario, Schedule, StaffPool, VisitType

POLICIES = list(ROOM_POLICIES)  # the one registry: a new policy appears here by itself
RULES = ["individual", "bailey_welch", "double_book_first", "wave"]


def _room_controls(start: controls.RedesignControls) -> dict[str, Any]:
    st.markdown("**Exam rooms**")
    a, b, c = st.columns(3)
    return {
        "room_count": a.number_input(
            "Exam rooms", 0, 60, start.room_count, key="rd_room_count", help=controls.field_help(ExamRooms, "count")
        ),
        "room_policy": b.selectbox(
            "Who uses which room",
            POLICIES,
            POLICIES.index(start.room_policy),
            format_func=lambda policy: report.POLICY_CHOICES.get(policy, policy),
            key="rd_room_policy",
            help=controls.field_help(ExamRooms, "policy"),
        ),
        "turnover_mean_min": c.number_input(
            "Cleaning between patients (min, average)",
            0.0,
            60.0,
            float(start.turnover_mean_min),
            0.5,
            key="rd_turnover",
            help=controls.field_help(ExamRooms, "turnover_min"),
        ),
        "room_type_counts": _room_type_controls(start),
    }


def _room_type_controls(start: controls.RedesignControls) -> dict[str, int]:
    """A count for each other room type (procedure rooms, ...), side by side."""
    if not start.room_type_counts:
        return {}
    columns = st.columns(3)
    return {
        name: int(
            columns[i % 3].number_input(
                as_text(f"{name.replace('_', ' ').capitalize()} rooms"),
                0,
                60,
                count,
                key=f"rd_room_type_{name}",
                help=controls.field_help(RoomType, "count"),
            )
        )
        for i, (name, count) in enumerate(start.room_type_counts.items())
    }


def _provider_controls(baseline: Scenario, start: controls.RedesignControls) -> dict[str, Any]:
    st.markdown("**Providers**")
    a, b, c = st.columns(3)
    count = int(
        a.number_input(
            "Providers",
            1,
            20,
            start.provider_count,
            key="rd_provider_count",
            help=controls.field_help(Scenario, "providers"),
        )
    )
    lateness = b.number_input(
        "Late start (min, average)",
        0.0,
        120.0,
        float(start.lateness_mean_min),
        1.0,
        key="rd_lateness",
        help=controls.field_help(Provider, "start_lateness_min"),
    )
    has_breaks = any(p.breaks for p in baseline.providers.values())
    keep = c.checkbox(
        "Keep planned breaks",
        True,
        key="rd_keep_breaks",
        disabled=not has_breaks,
        help=controls.field_help(Provider, "breaks"),
    )
    names = controls.provider_names(baseline, count)
    template = list(baseline.providers.values())[-1]
    first_start: dict[str, str] = {}
    columns = st.columns(min(len(names), 4))
    for i, name in enumerate(names):
        provider = baseline.providers.get(name, template)
        clock = provider.sessions[0].start
        chosen = columns[i % len(columns)].time_input(
            f"{as_text(provider_label(report.provider_words(name), provider.role))} starts",
            dt.time.fromisoformat(clock),
            key=f"rd_start_{name}",
            step=dt.timedelta(minutes=15),
            help="Start of this provider's first session (staggered starts spread the morning rush).",
        )
        first_start[name] = (chosen or dt.time.fromisoformat(clock)).strftime("%H:%M")
    return {"provider_count": count, "lateness_mean_min": lateness, "keep_breaks": keep, "first_start": first_start}


def _staff_and_schedule(baseline: Scenario, start: controls.RedesignControls) -> dict[str, Any]:
    st.markdown("**Staff**")
    columns = st.columns(max(len(start.staff_counts), 1))
    staff = {
        name: int(
            columns[i].number_input(
                as_text(controls.STAFF_LABELS.get(name, name.replace("_", " "))),
                0,
                30,
                count,
                key=f"rd_staff_{name}",
                help=controls.field_help(StaffPool, "count"),
            )
        )
        for i, (name, count) in enumerate(start.staff_counts.items())
    }
    st.markdown("**Schedule**")
    a, b, c, d = st.columns(4)
    rules = RULES if start.rule in RULES else [*RULES, start.rule]
    rule = a.selectbox(
        "Booking rule",
        rules,
        rules.index(start.rule),
        format_func=lambda rule: report.RULE_CHOICES.get(rule, rule),
        key="rd_rule",
        help=controls.field_help(Schedule, "rule"),
    )
    wave = b.number_input(
        "Patients per wave",
        1,
        10,
        start.wave_size,
        key="rd_wave_size",
        disabled=rule != "wave",
        help=controls.field_help(Schedule, "wave_size"),
    )
    overbook = c.number_input(
        "Double-book every n-th slot (0: never)",
        0,
        20,
        start.overbook_every,
        key="rd_overbook_every",
        help=controls.field_help(Schedule, "overbook_every"),
    )
    reserve = d.number_input(
        "Keep every n-th slot for add-ons (0: none)",
        0,
        20,
        start.reserve_every,
        key="rd_reserve_every",
        help=controls.field_help(Schedule, "reserve_every"),
    )
    columns = st.columns(max(len(start.slot_min), 1))
    slots = {
        name: float(
            columns[i].number_input(
                f"Slot for {as_text(name.replace('_', ' '))} (min)",
                5.0,
                120.0,
                float(slot),
                5.0,
                key=f"rd_slot_{name}",
                help=controls.field_help(VisitType, "slot_min"),
            )
        )
        for i, (name, slot) in enumerate(start.slot_min.items())
    }
    return {
        "staff_counts": staff,
        "rule": rule,
        "wave_size": int(wave),
        "overbook_every": int(overbook),
        "reserve_every": int(reserve),
        "slot_min": slots,
    }


def _patient_controls(start: controls.RedesignControls) -> dict[str, Any]:
    st.markdown("**Patients**")
    a, b, c, d = st.columns(4)
    return {
        "no_show_pct": a.number_input(
            "No-shows (% of booked)",
            0.0,
            100.0,
            float(start.no_show_pct),
            1.0,
            key="rd_no_show_pct",
            help=controls.field_help(VisitType, "no_show_prob"),
        ),
        "arrival_offset_min": b.number_input(
            "Arrival vs appointment (min; negative: early)",
            -60.0,
            60.0,
            float(start.arrival_offset_min),
            1.0,
            key="rd_arrival_offset",
            help=controls.field_help(VisitType, "punctuality_min"),
        ),
        "add_on_fill_pct": c.number_input(
            "Add-on slots taken (%)",
            0.0,
            100.0,
            float(start.add_on_fill_pct),
            5.0,
            key="rd_add_on_fill_pct",
            help="Share of the slots kept for same-day add-ons that a caller takes that morning.",
        ),
        "walk_ins_per_hour": d.number_input(
            "Walk-ins per hour",
            0.0,
            20.0,
            float(start.walk_ins_per_hour),
            0.5,
            key="rd_walk_ins",
            help="Patients without an appointment, per hour.",
        ),
    }


def _draft(baseline: Scenario, alerts: Any) -> Scenario | None:
    """The redesign the controls describe, or None (with the reasons shown in ``alerts``) if it cannot work."""
    start = controls.controls_from_scenario(baseline)
    values = {
        **_room_controls(start),
        **_provider_controls(baseline, start),
        **_staff_and_schedule(baseline, start),
        **_patient_controls(start),
        "visit_mix_pct": mix_controls(baseline, start.visit_mix_pct),
    }
    chosen = controls.RedesignControls(**values)
    name = str(st.session_state.get("rd_name", "redesign_1")).strip()
    problems = controls.name_problems(baseline, name) + controls.control_problems(baseline, chosen)
    for problem in problems:
        alerts.warning(as_text(problem))
    for note in controls.control_notes(baseline, chosen):
        alerts.info(as_text(note))
    if problems:
        return None
    changes = controls.changes_from_controls(baseline, chosen)
    try:
        return with_changes(baseline, {**changes, "name": name, "description": f"A redesign of {baseline.name}."})
    except ScenarioError as error:
        with alerts:
            show_problems("This combination is not a valid clinic:", [f"{p}: {m}" for p, m in error.problems])
        return None


def _on_upload(baseline: Scenario, path: str) -> None:
    uploaded = st.session_state.get("rd_upload")
    st.session_state["upload_errors"] = []
    if uploaded is None:
        return
    try:
        scenario = uploads.load_upload(uploaded.getvalue(), uploaded.name, path, baseline)
    except uploads.UploadError as error:
        st.session_state["upload_errors"] = error.lines
        return
    name = scenario.name if scenario.name != baseline.name else f"{scenario.name}_upload"
    st.session_state.setdefault("redesigns", {})[name] = with_changes(scenario, {"name": name}).model_dump_json()


KEEP_AFTER_SAVE = ("rd_name", "rd_upload")
NOT_SETTABLE = ("rd_save", "rd_remove_", "rd_download_", "rd_upload")  # buttons and the uploader have no value to set
CLINIC_VALUES = "redesign_clinic_values"
"""Session key of ``(clinic JSON, {control key: the value it first showed})``: her clinic's values."""


def _remember_clinic_values(baseline: Scenario) -> None:
    """Note the value each control shows when it first appears: her clinic's value.

    Saving sets the controls back to these. Deleting a control's state is not enough: the
    browser keeps showing (and sends back) what she last entered, although the server
    (and AppTest) would show the default.
    """
    clinic = baseline.model_dump_json()
    known: tuple[str, dict[str, Any]] | None = st.session_state.get(CLINIC_VALUES)
    if known is None or known[0] != clinic:
        known = (clinic, {})
        st.session_state[CLINIC_VALUES] = known
    for key in map(str, list(st.session_state)):
        if key.startswith("rd_") and not key.startswith(NOT_SETTABLE) and key != "rd_name":
            known[1].setdefault(key, st.session_state[key])


def _on_save(draft_json: str) -> None:
    """Save the draft and set the controls back to her clinic, so the next redesign starts from it (not on top)."""
    saved: dict[str, str] = st.session_state.setdefault("redesigns", {})
    draft = Scenario.model_validate_json(draft_json)
    saved[draft.name] = draft_json
    clinic_values = st.session_state.get(CLINIC_VALUES, ("", {}))[1]
    for key in [k for k in st.session_state if str(k).startswith("rd_") and k not in KEEP_AFTER_SAVE]:
        if key in clinic_values:
            st.session_state[key] = clinic_values[key]
        else:
            del st.session_state[key]  # a control without state shows its default: the clinic's value
    number = len(saved) + 1
    while f"redesign_{number}" in saved:
        number += 1
    st.session_state["rd_name"] = f"redesign_{number}"


def redesign_page(baseline: Scenario, path: str) -> Scenario | None:
    """Controls for one redesign, the saved redesigns, upload and download."""
    st.subheader("Try a redesign")
    st.caption("Change what you would change in real life. Hover over a control for what it means.")
    saved: dict[str, str] = st.session_state.setdefault("redesigns", {})
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    a.text_input(
        "Name of this redesign",
        "redesign_1",
        key="rd_name",
        help="Short name, shown in tables and charts (letters, digits and _).",
    )
    top = st.container()  # what the controls below add up to, shown where she is looking
    draft = _draft(baseline, top)
    _remember_clinic_values(baseline)
    if draft is not None:
        differences = report.scenario_differences(baseline, draft)
        top.markdown("**Changes from your clinic:** " + (as_text("; ".join(differences)) or "none yet"))
        b.button(
            "Save redesign", key="rd_save", disabled=not differences, on_click=_on_save, args=(draft.model_dump_json(),)
        )
    for name, text in list(saved.items()):
        scenario = Scenario.model_validate_json(text)
        with st.container(border=True):
            changes = "; ".join(report.scenario_differences(baseline, scenario)) or "no changes"
            st.markdown(f"**{as_text(name)}**: {as_text(changes)}")
            c, d = st.columns(2)
            c.download_button(
                "Download as YAML",
                uploads.redesign_file(path, baseline, scenario),
                file_name=f"{name}.yaml",
                mime="text/yaml",
                key=f"rd_download_{name}",
            )
            if d.button("Remove", key=f"rd_remove_{name}"):
                del saved[name]
                st.rerun()
    st.file_uploader(
        "Upload a redesign (YAML that extends your clinic, or a whole scenario)",
        type=["yaml", "yml"],
        key="rd_upload",
        on_change=_on_upload,
        args=(baseline, path),
    )
    if st.session_state.get("upload_errors"):
        show_problems("This file could not be used (nothing was changed):", st.session_state["upload_errors"])
    return draft
