"""What loading the app costs: worker processes and the first page import only what they use.

The app's worker processes (forkserver) import ``flowsim/app.py`` as their ``__mp_main__``;
when that import pulled in Streamlit, plotly and scipy, each worker spent seconds of CPU on
them while the browser drew the first page. Each check runs in a fresh interpreter.
"""

from __future__ import annotations

import subprocess
import sys

from flowsim.cli.app_cmd import APP_FILE


def _modules_after(code: str) -> set[str]:
    """Names in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    script = code + "\nimport sys\nprint('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_a_worker_importing_the_app_as_its_main_loads_no_streamlit_plotly_or_scipy() -> None:
    loaded = _modules_after(f"import runpy\nrunpy.run_path({str(APP_FILE)!r}, run_name='__mp_main__')")
    assert "argparse" in loaded  # the file did run
    assert not {"streamlit", "plotly", "scipy", "pandas"} & loaded


def test_the_pages_import_no_scipy_stats_until_a_fit_is_asked_for() -> None:
    loaded = _modules_after(
        "import flowsim.app_pages.clinic, flowsim.app_pages.compare, flowsim.app_pages.redesign, "
        "flowsim.app_pages.your_data"
    )
    assert "flowsim.app_pages.your_data" in loaded
    assert "scipy.stats" not in loaded
    assert "flowsim.calibrate" not in loaded


def test_a_worker_importing_the_server_as_its_main_loads_no_streamlit_plotly_or_scipy() -> None:
    # `flowsim app` runs `python -m flowsim.app_pages.server`; multiprocessing re-imports that module
    # in every worker process (as __mp_main__) before the worker runs its first chunk.
    loaded = _modules_after(
        "import runpy\nrunpy.run_module('flowsim.app_pages.server', run_name='__mp_main__', alter_sys=True)"
    )
    assert "flowsim.app_pages" in loaded and "threading" in loaded  # the module did run
    assert not {"streamlit", "plotly", "scipy", "pandas"} & loaded
