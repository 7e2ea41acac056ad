"""Compare: the baseline and the redesigns over the same simulated days, in words and pictures."""

from __future__ import annotations

import hashlib

import streamlit as st

from flowsim import report
from flowsim.app_pages import cache
from flowsim.app_pages.sheet import readable_sheet
from flowsim.app_pages.text import as_text
from flowsim.experiment import Experiment
from flowsim.scenarios.schema import Scenario


def _candidates(baseline: Scenario, draft: Scenario | None, chosen: list[str]) -> list[str]:
    """The ticked redesigns (library and saved), plus the unsaved draft when it differs from all saved ones.

    Names label the results, so a redesign whose name is already taken (or is the clinic's) is left out.
    """
    saved: dict[str, str] = st.session_state.get("redesigns", {})
    jsons: dict[str, str] = {}
    for text in chosen:
        jsons.setdefault(Scenario.model_validate_json(text).name, text)
    jsons.pop(baseline.name, None)
    if draft is None or draft.name in saved or draft.name in jsons or not report.scenario_differences(baseline, draft):
        return list(jsons.values())
    if any(
        not report.scenario_differences(Scenario.model_validate_json(j), draft)
        for j in [*jsons.values(), *saved.values()]
    ):
        return list(jsons.values())  # already saved (or offered) under another name
    return [*jsons.values(), draft.model_dump_json()]


def _cancel() -> None:
    """Forget the request and stop its run (a run is a server job: reruns alone no longer stop it)."""
    request = st.session_state.pop("cmp_request", None)
    if request is not None:
        cache.cancel(*request)  # the run goes on without the page otherwise (it outlives reruns)
    st.session_state["cmp_cancelled"] = True


def _select_all(keys: list[str]) -> None:
    for key in keys:
        st.session_state[key] = True
    st.session_state["cmp_run_now"] = True


def saved_key(name: str) -> str:
    """The checkbox key of her saved redesign ``name`` (a digest: names are her text, keys become CSS classes)."""
    return "lib_saved_" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def _card(title: str, caption: str, changes: str, key: str, help_text: str) -> bool:
    """One library card: the name, its one-line explanation, its changes in sentences and a Compare tick."""
    st.markdown(f"**{as_text(title)}**")
    if caption:
        st.caption(as_text(caption))
    st.markdown(as_text(changes or "no changes"))
    return st.checkbox("Compare", key=key, help=help_text)


def _library(baseline: Scenario, path: str) -> list[str]:
    """The redesigns beside her clinic's file and the ones she saved, as cards to tick; returns the ticked (JSON).

    Her saved redesigns come ticked (she saved them to compare them); the ready-made ones unticked.
    """
    entries = cache.library(path)
    saved: dict[str, str] = st.session_state.get("redesigns", {})
    if not entries and not saved:
        return []
    st.markdown("#### Redesigns to try")
    st.caption("Ready-made redesigns of your clinic and the ones you saved. Tick the ones to compare, or compare "
               "them all at once.")  # fmt: skip
    columns = st.columns(3)
    chosen: list[str] = []
    keys: list[str] = []
    cards = 0
    for entry in entries:
        with columns[cards % 3].container(border=True):
            cards += 1
            if entry.scenario_json is None:
                st.markdown(f"**{as_text(entry.file)}**")
                st.caption(as_text(f"Cannot be used: {entry.problem}"))
                continue
            scenario = Scenario.model_validate_json(entry.scenario_json)
            key = "lib_" + entry.file.rsplit(".", 1)[0]
            keys.append(key)
            changes = "; ".join(report.scenario_differences(baseline, scenario))
            if _card(scenario.name, entry.explanation, changes, key, "Include this redesign in the comparison."):
                chosen.append(entry.scenario_json)
    for name, text in saved.items():
        with columns[cards % 3].container(border=True, key=f"card_{saved_key(name)}"):
            cards += 1
            key = saved_key(name)
            keys.append(key)
            st.session_state.setdefault(key, True)  # ticked once saved: she saved it to compare it
            changes = "; ".join(report.scenario_differences(baseline, Scenario.model_validate_json(text)))
            # her one-line explanation is what she changed, in the same sentences as everywhere else
            if _card(name, "Your redesign (saved under Try a redesign)", changes, key,
                     "Include your saved redesign in the comparison."):  # fmt: skip
                chosen.append(text)
    st.button("Compare all of them", key="lib_all", on_click=_select_all, args=(keys,))
    return chosen


def _headline_cards(experiment: Experiment) -> None:
    comparison = experiment.comparison
    assert comparison is not None
    redesigns = experiment.scenarios[1:]
    columns = st.columns(min(len(redesigns), 3)) * len(redesigns)
    for number, (column, scenario) in enumerate(zip(columns, redesigns, strict=False), start=1):
        with column.container(border=True, key=f"finding_{number}"):  # numbered: a name may not be a CSS class
            st.markdown(f"#### {as_text(scenario.name)}")
            days = f"the same {experiment.reps} simulated days (seed {experiment.seed})"
            st.caption(as_text(f"compared with {experiment.baseline} over {days}"))
            for sentence, word in report.key_differences(comparison, scenario.name):
                st.markdown(f"- {as_text(sentence)} — *{as_text(word)}*")
            for why in report.explanations(comparison, scenario.name):
                st.markdown(f"**Why:** {as_text(why)}")


def _charts(experiment: Experiment, jsons: tuple[str, ...]) -> None:
    figures = cache.figures(jsons, experiment.seed, experiment.reps)
    st.markdown("#### Where the waiting happens")
    for scenario in experiment.scenarios:
        sentence = report.bottleneck_sentence(experiment.summary, scenario)
        st.markdown(f"**{as_text(scenario.name)}**: {as_text(sentence)}")
    st.plotly_chart(figures["places"], key="fig_places")
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
    st.markdown(f"#### One simulated day: {as_text(design)}, day {day}")
    st.plotly_chart(cache.day_figure(jsons, experiment.seed, day, names.index(design)), key="fig_timeline")
    st.markdown("**That day's stopwatch sheet** (clock times, then minutes from opening)")
    sheet = report.stopwatch_sheet(experiment.visits, design, day, experiment.scenarios[0].clinic.open)
    st.dataframe(readable_sheet(sheet), hide_index=True, key="cmp_sheet")  # the download keeps the file's names


def _downloads(experiment: Experiment, jsons: tuple[str, ...]) -> None:
    files = cache.files(jsons, experiment.seed, experiment.reps)
    a, b, c, d = st.columns(4)
    a.download_button("One-page summary (HTML)", files.summary_html, "flowsim_summary.html", "text/html",
                      key="dl_summary")  # fmt: skip
    b.download_button("Comparison (CSV)", files.comparison_csv, "comparison.csv", "text/csv", key="dl_comparison")
    c.download_button("Results per day (CSV)", files.kpis_csv, "kpis.csv", "text/csv", key="dl_kpis")
    d.download_button("Stopwatch sheets (parquet)", files.visits_parquet, "visits.parquet",
                      "application/octet-stream", key="dl_visits")  # fmt: skip


def compare_page(baseline: Scenario, draft: Scenario | None, path: str) -> cache.RunKey | None:
    """Run the baseline and the redesigns on the same days and show what changes.

    Returns the comparison she has set up (whether run or not), for the page to prepare
    (:func:`flowsim.app_pages.cache.prepare`) once everything else is on screen.
    """
    st.subheader("Compare")
    candidates = _candidates(baseline, draft, _library(baseline, path))
    if not candidates:
        st.info(
            "Change something under 'Try a redesign' (or upload a redesign, or tick one above) "
            "to compare it with your clinic."
        )
        return None
    names = [Scenario.model_validate_json(j).name for j in candidates]
    st.markdown(f"Your clinic ({as_text(baseline.name)}) against: **{as_text(', '.join(names))}**")
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
    set_up: cache.RunKey = ((baseline.model_dump_json(), *candidates), seed, reps)
    run_now = st.session_state.pop("cmp_run_now", False)
    if st.button("Run comparison", key="cmp_run", type="primary") or run_now:
        st.session_state["cmp_request"] = set_up
    request = st.session_state.get("cmp_request")
    if st.session_state.pop("cmp_cancelled", False):
        st.info("The run was cancelled. Press Run comparison to start again.")
    if request is None:
        return set_up
    jsons, seed, reps = request
    stop = st.empty()
    stop.button("Cancel this run", key="cmp_cancel", on_click=_cancel, help="Stop simulating; nothing is kept.")
    experiment = cache.run(jsons, seed, reps)
    stop.empty()
    if jsons[1:] != tuple(candidates) or (seed, reps) != (st.session_state["cmp_seed"], st.session_state["cmp_reps"]):
        st.caption("These results are for the designs as they were when you pressed Run.")
    _headline_cards(experiment)
    _downloads(experiment, jsons)
    _charts(experiment, jsons)
    return set_up
