"""The public names of flowsim.results are exactly the curated ones, and each exists."""

from __future__ import annotations

import flowsim.results as results


def test_exported_members() -> None:
    exported = set(results.__all__)
    public = {name for name in vars(results) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(results, name)).__name__ == "module"}
    assert exported == public - modules - {"annotations"}
    assert {"events_table", "visits_table", "day_kpis", "summarise", "paired_comparison", "write_run"} <= exported
