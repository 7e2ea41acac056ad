"""The office manager's app: see the clinic, try a redesign, compare waits.

Layout only: every sentence, number and file comes from :mod:`flowsim.report` and the
figures from :mod:`flowsim.viz`; the pages are in :mod:`flowsim.app_pages`. Run it with
``flowsim app [SCENARIO]`` (or ``streamlit run flowsim/app.py -- --scenario PATH``).
"""

from __future__ import annotations

import argparse
import sys

# Nothing heavy at module level: the worker processes (forkserver) import this file as their
# __mp_main__, and with the app's imports each of them loaded Streamlit, plotly and scipy
# (~3 s of CPU apiece) while the browser drew the first page. The page imports them in main().


def scenario_path(argv: list[str] | None = None) -> str:
    """The baseline file: ``--scenario PATH`` in ``argv`` (the script's arguments: what follows ``--`` on the
    streamlit command line; by default ``sys.argv[1:]``), else the bundled one."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--scenario", default=None)
    known, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    if known.scenario:
        return str(known.scenario)
    from flowsim.report.paths import bundled_scenario

    return str(bundled_scenario())


def main() -> None:
    """The whole page: tabs over one baseline.

    Her clinic's heading and map are drawn first, from a few light modules
    (:mod:`flowsim.app_pages.clinic_map`); only then is the rest of the page imported
    (pandas, plotly, the simulations): on a fresh server, she sees her clinic while that loads.
    """
    import streamlit as st

    from flowsim.app_pages import privacy, show_problems
    from flowsim.app_pages.clinic_map import chosen_baseline, clinic_heading, load_json
    from flowsim.scenarios import ScenarioError
    from flowsim.scenarios.schema import Scenario

    st.set_page_config(page_title="flowsim: clinic redesigns", layout="wide")
    st.title("flowsim: what happens to patient waits if we redesign the clinic?")
    exposed = privacy.exposure_problems(st.get_option("server.address"), st.get_option("browser.gatherUsageStats"))
    if exposed:
        st.error(" ".join(exposed) + " flowsim shows a clinic only privately. " + privacy.START_PRIVATELY)
        st.stop()
    path = scenario_path()
    try:
        baseline = Scenario.model_validate_json(load_json(path))
    except ScenarioError as error:
        show_problems(f"The scenario {path} could not be read:", error.lines())
        st.stop()
    loaded = baseline
    baseline, path = chosen_baseline(baseline, path)  # the fitted clinic, once chosen on "Start from your data"
    clinic, redesign, compare, data = st.tabs(["Your clinic", "Try a redesign", "Compare", "Start from your data"])
    with clinic:
        today = clinic_heading(baseline, path)

    from flowsim import report
    from flowsim.app_pages import cache
    from flowsim.app_pages.clinic import clinic_numbers, clinic_page
    from flowsim.app_pages.compare import compare_page
    from flowsim.app_pages.redesign import redesign_page
    from flowsim.app_pages.your_data import your_data_page

    with clinic:
        clinic_page(baseline)
    with redesign:
        draft = redesign_page(baseline, path)
    with compare:
        set_up = compare_page(baseline, draft, path)
    with data:
        your_data_page(loaded)
    cache.runner(report.default_workers(), baseline.model_dump_json())  # start the workers while she reads
    clinic_numbers(today, baseline)  # everything else is on screen while the normal day is simulated
    if set_up is not None:  # the comparison she has set up, simulated while she decides to press Run
        cache.prepare(*set_up, superseded=st.session_state.get("cmp_prepared"))
        st.session_state["cmp_prepared"] = set_up


if __name__ == "__main__":  # Streamlit runs this file as __main__; worker processes import it as __mp_main__
    main()
