"""The office manager's app: see the clinic, try a redesign, compare waits.

Layout only: every sentence, number and file comes from :mod:`flowsim.report` and the
figures from :mod:`flowsim.viz`. Run it with ``flowsim app [SCENARIO]`` (or
``streamlit run flowsim/app.py -- --scenario PATH``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

import streamlit as st

from flowsim import report, viz
from flowsim.experiment import Experiment
from flowsim.report.paths import bundled_scenario
from flowsim.scenarios import ScenarioError, load_scenario, with_changes
from flowsim.scenarios.schema import ExamRooms, Provider, Scenario, Schedule, StaffPool, VisitType

POLICIES = ["dedicated", "pooled", "flex"]
RULES = ["individual", "bailey_welch", "double_book_first", "wave"]


def _scenario_path() -> str:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--scenario", default=None)
    known, _ = parser.parse_known_args(sys.argv[1:])
    return str(known.scenario or bundled_scenario())


@st.cache_data(show_spinner=False)
def _load(path: str) -> str:
    return load_scenario(path).model_dump_json()


@st.cache_resource(show_spinner=False)
def _runner(workers: int, warm_up_json: str | None = None) -> Any:
    return report.open_app_runner(workers, warm_up_json)


@st.cache_data(show_spinner=False, max_entries=16)
def _run(scenario_jsons: tuple[str, ...], seed: int, reps: int) -> Experiment:
    # The progress bar is made here, not outside: Streamlit replays a cached function's elements.
    bar = st.progress(0.0, text="Simulating...")

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=f"Simulated {done} of {total} clinic days")

    runner = _runner(report.default_workers(), scenario_jsons[0])
    experiment = report.run_comparison(scenario_jsons, seed, reps, runner=runner, progress=progress)
    bar.empty()
    return experiment


@st.cache_data(show_spinner=False, max_entries=16)
def _views(scenario_jsons: tuple[str, ...], seed: int, reps: int) -> tuple[dict[str, Any], Any]:
    experiment = _run(scenario_jsons, seed, reps)
    return report.comparison_figures(experiment), report.comparison_files(experiment)


@st.cache_data(show_spinner=False, max_entries=16)
def _day(scenario_jsons: tuple[str, ...], seed: int, rep: int) -> Any:
    return report.day_events(scenario_jsons, seed, rep)


def _error_lines(title: str, lines: list[str]) -> None:
    st.error(title + "\n\n```\n" + "\n".join(lines) + "\n```")


# ---------------------------------------------------------------- Your clinic


def clinic_page(baseline: Scenario, path: str) -> None:
    """The baseline in plain words and its appointment book."""
    st.subheader(f"Your clinic: {baseline.name}")
    st.caption(f"From {path}. {baseline.description}")
    for topic, text in report.describe_scenario(baseline).items():
        st.markdown(f"**{topic}.** {text}")
    st.markdown("**The appointment book** (day 1; add-on slots filled as on that day)")
    table = report.book_table(baseline, seed=st.session_state.get("cmp_seed", 1), rep=0)
    st.dataframe(table.drop(columns=["time_min"]), hide_index=True, key="clinic_book", height=300)


# ---------------------------------------------------------------- Try a redesign


def _room_controls(start: report.RedesignControls) -> dict[str, Any]:
    st.markdown("**Exam rooms**")
    a, b, c = st.columns(3)
    return {
        "room_count": a.number_input(
            "Exam rooms", 0, 60, start.room_count, key="rd_room_count", help=report.field_help(ExamRooms, "count")
        ),
        "room_policy": b.selectbox(
            "Who uses which room",
            POLICIES,
            POLICIES.index(start.room_policy),
            key="rd_room_policy",
            help=report.field_help(ExamRooms, "policy"),
        ),
        "turnover_mean_min": c.number_input(
            "Cleaning between patients (min, average)",
            0.0,
            60.0,
            float(start.turnover_mean_min),
            0.5,
            key="rd_turnover",
            help=report.field_help(ExamRooms, "turnover_min"),
        ),
    }


def _provider_controls(baseline: Scenario, start: report.RedesignControls) -> dict[str, Any]:
    st.markdown("**Providers**")
    a, b, c = st.columns(3)
    count = int(
        a.number_input(
            "Providers",
            1,
            20,
            start.provider_count,
            key="rd_provider_count",
            help=report.field_help(Scenario, "providers"),
        )
    )
    lateness = b.number_input(
        "Late start (min, average)",
        0.0,
        120.0,
        float(start.lateness_mean_min),
        1.0,
        key="rd_lateness",
        help=report.field_help(Provider, "start_lateness_min"),
    )
    has_breaks = any(p.breaks for p in baseline.providers.values())
    keep = c.checkbox(
        "Keep planned breaks",
        True,
        key="rd_keep_breaks",
        disabled=not has_breaks,
        help=report.field_help(Provider, "breaks"),
    )
    names = report.provider_names(baseline, count)
    template = list(baseline.providers.values())[-1]
    first_start: dict[str, str] = {}
    columns = st.columns(min(len(names), 4))
    for i, name in enumerate(names):
        clock = baseline.providers.get(name, template).sessions[0].start
        chosen = columns[i % len(columns)].time_input(
            f"{name} starts",
            dt.time.fromisoformat(clock),
            key=f"rd_start_{name}",
            step=dt.timedelta(minutes=15),
            help="Start of this provider's first session (staggered starts spread the morning rush).",
        )
        first_start[name] = (chosen or dt.time.fromisoformat(clock)).strftime("%H:%M")
    return {"provider_count": count, "lateness_mean_min": lateness, "keep_breaks": keep, "first_start": first_start}


def _staff_and_schedule(baseline: Scenario, start: report.RedesignControls) -> dict[str, Any]:
    st.markdown("**Staff**")
    columns = st.columns(max(len(start.staff_counts), 1))
    staff = {
        name: int(
            columns[i].number_input(
                report.redesign.STAFF_LABELS.get(name, name.replace("_", " ")),
                0,
                30,
                count,
                key=f"rd_staff_{name}",
                help=report.field_help(StaffPool, "count"),
            )
        )
        for i, (name, count) in enumerate(start.staff_counts.items())
    }
    st.markdown("**Schedule**")
    a, b, c, d = st.columns(4)
    rules = RULES if start.rule in RULES else [*RULES, start.rule]
    rule = a.selectbox(
        "Booking rule", rules, rules.index(start.rule), key="rd_rule", help=report.field_help(Schedule, "rule")
    )
    wave = b.number_input(
        "Patients per wave",
        1,
        10,
        start.wave_size,
        key="rd_wave_size",
        disabled=rule != "wave",
        help=report.field_help(Schedule, "wave_size"),
    )
    overbook = c.number_input(
        "Double-book every n-th slot (0: never)",
        0,
        20,
        start.overbook_every,
        key="rd_overbook_every",
        help=report.field_help(Schedule, "overbook_every"),
    )
    reserve = d.number_input(
        "Keep every n-th slot for add-ons (0: none)",
        0,
        20,
        start.reserve_every,
        key="rd_reserve_every",
        help=report.field_help(Schedule, "reserve_every"),
    )
    columns = st.columns(max(len(start.slot_min), 1))
    slots = {
        name: float(
            columns[i].number_input(
                f"Slot for {name.replace('_', ' ')} (min)",
                5.0,
                120.0,
                float(slot),
                5.0,
                key=f"rd_slot_{name}",
                help=report.field_help(VisitType, "slot_min"),
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


def _patient_controls(start: report.RedesignControls) -> dict[str, Any]:
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
            help=report.field_help(VisitType, "no_show_prob"),
        ),
        "arrival_offset_min": b.number_input(
            "Arrival vs appointment (min; negative: early)",
            -60.0,
            60.0,
            float(start.arrival_offset_min),
            1.0,
            key="rd_arrival_offset",
            help=report.field_help(VisitType, "punctuality_min"),
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


def _draft(baseline: Scenario) -> Scenario | None:
    """The redesign the controls describe, or None (with the reasons shown) if it cannot work."""
    start = report.controls_from_scenario(baseline)
    values = {
        **_room_controls(start),
        **_provider_controls(baseline, start),
        **_staff_and_schedule(baseline, start),
        **_patient_controls(start),
    }
    controls = report.RedesignControls(**values)
    problems = report.control_problems(baseline, controls)
    for problem in problems:
        st.warning(problem)
    for note in report.control_notes(baseline, controls):
        st.info(note)
    if problems:
        return None
    changes = report.changes_from_controls(baseline, controls)
    name = st.session_state.get("rd_name") or "redesign_1"
    try:
        return with_changes(baseline, {**changes, "name": name, "description": f"A redesign of {baseline.name}."})
    except ScenarioError as error:
        _error_lines("This combination is not a valid clinic:", [f"{p}: {m}" for p, m in error.problems])
        return None


def _on_upload(baseline: Scenario, path: str) -> None:
    uploaded = st.session_state.get("rd_upload")
    st.session_state["upload_errors"] = []
    if uploaded is None:
        return
    try:
        scenario = report.load_upload(uploaded.getvalue(), uploaded.name, path, baseline)
    except report.UploadError as error:
        st.session_state["upload_errors"] = error.lines
        return
    name = scenario.name if scenario.name != baseline.name else f"{scenario.name}_upload"
    st.session_state.setdefault("redesigns", {})[name] = with_changes(scenario, {"name": name}).model_dump_json()


def _on_save(draft_json: str) -> None:
    saved: dict[str, str] = st.session_state.setdefault("redesigns", {})
    draft = Scenario.model_validate_json(draft_json)
    saved[draft.name] = draft_json
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
    draft = _draft(baseline)
    if draft is not None:
        differences = report.scenario_differences(baseline, draft)
        st.markdown("**Changes from your clinic:** " + ("; ".join(differences) or "none yet"))
        b.button(
            "Save redesign", key="rd_save", disabled=not differences, on_click=_on_save, args=(draft.model_dump_json(),)
        )
    for name, text in list(saved.items()):
        scenario = Scenario.model_validate_json(text)
        with st.container(border=True):
            st.markdown(f"**{name}**: " + ("; ".join(report.scenario_differences(baseline, scenario)) or "no changes"))
            c, d = st.columns(2)
            c.download_button(
                "Download as YAML",
                report.redesign_file(path, baseline, scenario),
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
        _error_lines("This file could not be used (nothing was changed):", st.session_state["upload_errors"])
    return draft


# ---------------------------------------------------------------- Compare


def _candidates(baseline: Scenario, draft: Scenario | None) -> list[str]:
    """Saved redesigns, plus the unsaved draft when it differs from the baseline and from every saved one."""
    saved: dict[str, str] = st.session_state.get("redesigns", {})
    jsons = list(saved.values())
    if draft is None or draft.name in saved or not report.scenario_differences(baseline, draft):
        return jsons
    if any(not report.scenario_differences(Scenario.model_validate_json(j), draft) for j in jsons):
        return jsons  # already saved under another name
    return [*jsons, draft.model_dump_json()]


def _headline_cards(experiment: Experiment) -> None:
    comparison = experiment.comparison
    assert comparison is not None
    redesigns = experiment.scenarios[1:]
    for column, scenario in zip(st.columns(min(len(redesigns), 3)) * len(redesigns), redesigns, strict=False):
        with column.container(border=True):
            st.markdown(f"#### {scenario.name}")
            st.caption(f"compared with {experiment.baseline} over the same {experiment.reps} days")
            for sentence, word in report.key_differences(comparison, scenario.name):
                st.markdown(f"- {sentence} — *{word}*")


def _charts(experiment: Experiment, jsons: tuple[str, ...]) -> None:
    figures = _views(jsons, experiment.seed, experiment.reps)[0]
    st.markdown("#### How long patients waited for the provider")
    st.plotly_chart(figures["waits"], key="fig_waits")
    st.markdown("#### Differences from your clinic, with 95% intervals")
    st.plotly_chart(figures["forest"], key="fig_forest")
    st.markdown("#### Patients in the waiting room through the day")
    st.plotly_chart(figures["occupancy"], key="fig_occupancy")
    st.markdown("#### What shorter waits cost: provider utilisation and overtime")
    st.plotly_chart(figures["tradeoff"], key="fig_tradeoff")
    names = [s.name for s in experiment.scenarios]
    a, b = st.columns(2)
    design = a.selectbox("Design", names, key="cmp_design")
    day = int(
        b.number_input("Simulated day", 0, experiment.reps - 1, 0, key="cmp_day", help="Days are numbered from 0, "
                       "as in the result files (column rep); day n is the same day in every design.")
    )  # fmt: skip
    st.markdown(f"#### One simulated day: {design}, day {day}")
    events = _day(jsons, experiment.seed, day)
    open_clock = experiment.scenarios[0].clinic.open
    st.plotly_chart(viz.timeline(events, scenario=design, rep=day, open_clock=open_clock), key="fig_timeline")
    st.markdown("**That day's stopwatch sheet** (minutes from opening)")
    st.dataframe(report.stopwatch_sheet(experiment.visits, design, day), hide_index=True, key="cmp_sheet")


def _downloads(experiment: Experiment, jsons: tuple[str, ...]) -> None:
    files = _views(jsons, experiment.seed, experiment.reps)[1]
    a, b, c, d = st.columns(4)
    a.download_button("One-page summary (HTML)", files.summary_html, "flowsim_summary.html", "text/html",
                      key="dl_summary")  # fmt: skip
    b.download_button("Comparison (CSV)", files.comparison_csv, "comparison.csv", "text/csv", key="dl_comparison")
    c.download_button("Results per day (CSV)", files.kpis_csv, "kpis.csv", "text/csv", key="dl_kpis")
    d.download_button("Stopwatch sheets (parquet)", files.visits_parquet, "visits.parquet",
                      "application/octet-stream", key="dl_visits")  # fmt: skip


def compare_page(baseline: Scenario, draft: Scenario | None) -> None:
    """Run the baseline and the redesigns on the same days and show what changes."""
    st.subheader("Compare")
    candidates = _candidates(baseline, draft)
    if not candidates:
        st.info("Change something under 'Try a redesign' (or upload a redesign) to compare it with your clinic.")
        return
    names = [Scenario.model_validate_json(j).name for j in candidates]
    st.markdown(f"Your clinic ({baseline.name}) against: **{', '.join(names)}**")
    a, b = st.columns(2)
    seed = int(
        a.number_input(
            "Seed",
            0,
            10**9,
            1,
            key="cmp_seed",
            help="The same seed gives the same simulated days (and the same results).",
        )
    )
    reps = int(
        b.number_input(
            "Simulated days",
            2,
            2000,
            report.default_reps(query=st.query_params.to_dict()),
            key="cmp_reps",
            help="More days narrow the intervals and take longer.",
        )
    )
    if st.button("Run comparison", key="cmp_run", type="primary"):
        st.session_state["cmp_request"] = ((baseline.model_dump_json(), *candidates), seed, reps)
    request = st.session_state.get("cmp_request")
    if request is None:
        return
    jsons, seed, reps = request
    experiment = _run(jsons, seed, reps)
    if jsons[1:] != tuple(candidates) or (seed, reps) != (st.session_state["cmp_seed"], st.session_state["cmp_reps"]):
        st.caption("These results are for the designs as they were when you pressed Run.")
    _headline_cards(experiment)
    _downloads(experiment, jsons)
    _charts(experiment, jsons)


# ---------------------------------------------------------------- page


def main() -> None:
    """The whole page: three tabs over one baseline."""
    st.set_page_config(page_title="flowsim: clinic redesigns", layout="wide")
    st.title("flowsim: what happens to patient waits if we redesign the clinic?")
    path = _scenario_path()
    try:
        baseline = Scenario.model_validate_json(_load(path))
    except ScenarioError as error:
        _error_lines(f"The scenario {path} could not be read:", str(error).splitlines())
        st.stop()
    clinic, redesign, compare = st.tabs(["Your clinic", "Try a redesign", "Compare"])
    with clinic:
        clinic_page(baseline, path)
    with redesign:
        draft = redesign_page(baseline, path)
    with compare:
        compare_page(baseline, draft)
    _runner(report.default_workers(), baseline.model_dump_json())  # start the workers while she reads


if __name__ == "__main__":  # Streamlit runs this file as __main__; worker processes import it as __mp_main__
    main()
