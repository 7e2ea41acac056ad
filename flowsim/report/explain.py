"""Why a result looks the way it does, said from the KPIs themselves.

Some redesigns surprise: text reminders make waits longer (more patients come, so the
providers have more to see); an extra room per provider empties the waiting room but
patients then wait in the exam room instead. Each rule below reads the paired
comparison and, when its pattern is clearly there (intervals that exclude 0), says the
mechanism in one sentence with the numbers behind it.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from flowsim.report.headline import verdict

Row = Mapping[str, float]


def _rows(comparison: pd.DataFrame, redesign: str) -> dict[str, Row]:
    rows = comparison[comparison["redesign"] == redesign]
    return {str(r["kpi"]): {str(k): v for k, v in r.items()} for r in rows.to_dict("records")}


def _moved(row: Row | None) -> str | None:
    """``"up"``/``"down"`` when the paired interval excludes 0, else None."""
    if row is None:
        return None
    low, high = float(row["diff_ci_low"]), float(row["diff_ci_high"])
    return "up" if low > 0 else "down" if high < 0 else None


def _pair(row: Row, digits: int = 1) -> str:
    return f"{float(row['baseline_mean']):.{digits}f} → {float(row['redesign_mean']):.{digits}f}"


def explanations(comparison: pd.DataFrame, redesign: str) -> list[str]:
    """Sentences explaining surprising results of ``redesign`` (empty when nothing needs explaining)."""
    rows = _rows(comparison, redesign)
    wait = rows.get("wait_for_provider_min_mean")
    said: list[str] = []
    wait_word = verdict("wait_for_provider_min_mean", wait) if wait is not None else None
    seen = rows.get("seen")
    if wait_word == "worse" and seen is not None and _moved(seen) == "up":
        said.append(
            f"More patients come and are seen ({_pair(seen, 1)} a day), so the providers have more to do: "
            "that is why the wait for them grows."
        )
    if wait_word == "better" and seen is not None and _moved(seen) == "down":
        said.append(
            f"Fewer patients are seen ({_pair(seen, 1)} a day): part of the shorter wait comes from a lighter day."
        )
    room, exam = rows.get("waiting_room_min_mean"), rows.get("exam_room_wait_min_mean")
    if _moved(room) == "down" and _moved(exam) == "up" and room is not None and exam is not None:
        said.append(
            f"Patients leave the waiting room sooner ({_pair(room)} min) but wait longer in the exam room for the "
            f"provider ({_pair(exam)} min): the wait moves, the provider is still the bottleneck."
        )
    return said
