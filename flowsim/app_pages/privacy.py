"""The app serves this computer only and sends no usage statistics, however it was started.

``flowsim/.streamlit/config.toml`` (read by Streamlit beside the app's script on every
``streamlit run``) sets both. A command-line flag or an environment variable can still
override that file; then the page refuses to show the clinic and says how to start the
app privately, so no clinic data reaches another machine.
"""

from __future__ import annotations

import ipaddress

LOCAL_NAMES = {"localhost"}


def is_loopback(address: str | None) -> bool:
    """Whether the server listens on this computer only (unset or empty means every interface)."""
    if not address:
        return False
    if address.strip().lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_problems(address: str | None, gather_usage_stats: bool) -> list[str]:
    """Why this server is not private, one sentence each (empty when it is)."""
    problems = []
    if not is_loopback(address):
        shown = address or "every network interface"
        problems.append(f"The app is listening on {shown}, so other computers could open it.")
    if gather_usage_stats:
        problems.append("The app is set to send usage statistics to Streamlit.")
    return problems


START_PRIVATELY = (
    "Start it with `flowsim app`, or `streamlit run flowsim/app.py` without "
    "`--server.address` / `--browser.gatherUsageStats` flags or STREAMLIT_SERVER_ADDRESS / "
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS variables: it then serves 127.0.0.1 only and sends nothing."
)
