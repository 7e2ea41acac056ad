"""Putting the estimates into a scenario: fitted where the sheet tells, the base where it does not.

Every observed visit type gets its own pathway (a copy of the base pathway its name
had in the base, or of the base's first pathway), so that each step's duration is the
one fitted for that visit type. Providers keep their base settings when the names match;
a provider the base does not know takes the settings of a base provider in turn (flagged
as inferred), and the number of exam rooms grows or shrinks with the number of providers.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from flowsim.calibrate.estimates import Estimate
from flowsim.calibrate.structure import DEFAULT_SLOT_MIN, from_base, inferred, slot_lengths
from flowsim.scenarios.clock import clock_to_min, min_to_clock


def assemble(
    base: dict[str, Any], visits: pd.DataFrame, estimates: Sequence[Estimate], *, base_label: str
) -> tuple[dict[str, Any], list[Estimate]]:
    """The fitted scenario as plain data, and every estimate placed at its field path (plus what was inferred).

    Parameters
    ----------
    base
        The base scenario as plain data (full).
    visits
        The observed stopwatch sheet.
    estimates
        From :mod:`flowsim.calibrate.estimates`.
    base_label
        Where ``base`` came from, for the notes of values kept from it.
    """
    data = copy.deepcopy(base)
    by_key = {e.path: e for e in estimates}
    placed: list[Estimate] = []
    notes: list[Estimate] = []
    _providers(data, visits, by_key, placed, notes)
    _visit_types(data, visits, by_key, placed, notes, base_label)
    _walk_ins(data, visits, by_key, placed)
    notes.extend(_unidentified(data, base_label))
    data["name"] = "Your clinic"
    data["description"] = f"Fitted to {visits['rep'].nunique()} observed day(s) by flowsim fit; base: {base_label}."
    return data, [*placed, *notes]


def _unidentified(data: dict[str, Any], base_label: str) -> list[Estimate]:
    """Values no timestamp identifies, listed so that ``fit.csv`` says where they came from."""
    rooms = data["exam_rooms"]
    kept = [("exam_rooms.count", rooms["count"], "rooms are not in the timestamps")]
    if rooms.get("turnover_min") is not None:
        kept.append(("exam_rooms.turnover_min", rooms["turnover_min"], "needs room numbers, which the sheet lacks"))
    kept += [
        (f"staff.{name}.count", pool["count"], "staff are not in the timestamps")
        for name, pool in data.get("staff", {}).items()
    ]
    return [from_base(path, path.split(".")[-2], value, f"{why}: kept from {base_label}") for path, value, why in kept]


def _providers(
    data: dict[str, Any],
    visits: pd.DataFrame,
    by_key: dict[str, Estimate],
    placed: list[Estimate],
    notes: list[Estimate],
) -> None:
    observed = [p for p in dict.fromkeys(visits["provider"]) if p]
    base = data["providers"]
    if observed and set(observed) != set(base):
        templates = list(base.values())
        providers = {}
        for i, name in enumerate(observed):
            if name in base:
                providers[name] = base[name]
            else:
                providers[name] = {**templates[i % len(templates)], "rooms": None}
                notes.append(
                    inferred(
                        f"providers.{name}",
                        "provider settings",
                        float("nan"),
                        f"not in the base: sessions and breaks of {list(base)[i % len(base)]}",
                    )
                )
        rooms = data["exam_rooms"]["count"]
        count = round(rooms / len(base) * len(providers))
        if count != rooms:
            notes.append(inferred("exam_rooms.count", "exam rooms", count, f"{rooms} rooms scaled to the providers"))
        data["exam_rooms"]["count"] = count
        for settings in providers.values():
            settings["rooms"] = None
        data["providers"] = providers
    for name, settings in data["providers"].items():
        for field in ("start_lateness_min", "documentation_min"):
            estimate = by_key.get(f"providers.{name}.{field}")
            if estimate is not None:
                settings[field] = estimate.value
                placed.append(estimate)
            else:
                why = (
                    "too few sessions where the first patient waited for the provider"
                    if "lateness" in field
                    else ("too few back-to-back visits with the next patient ready")
                )
                notes.append(
                    from_base(f"providers.{name}.{field}", field, settings.get(field), f"not identifiable: {why}")
                )


def _visit_types(
    data: dict[str, Any],
    visits: pd.DataFrame,
    by_key: dict[str, Estimate],
    placed: list[Estimate],
    notes: list[Estimate],
    base_label: str,
) -> None:
    base_types, base_paths = data["visit_types"], data["pathways"]
    observed = [v for v in dict.fromkeys(visits["visit_type"])]
    booked = visits[visits["kind"] == "booked"]
    counts = booked["visit_type"].value_counts()
    slots = slot_lengths(visits)
    fallback = next(iter(base_types))
    types, pathways = {}, {}
    for visit_type in observed:
        template = base_types.get(visit_type)
        if template is None:
            template = {**base_types[fallback], "slot_min": slots.get(visit_type, DEFAULT_SLOT_MIN)}
            notes.append(
                inferred(
                    f"visit_types.{visit_type}.pathway",
                    "pathway",
                    float("nan"),
                    f"not in the base: steps and slot of {fallback}",
                )
            )
        settings = dict(template)
        k, n = int(counts.get(visit_type, 0)), len(booked)
        interval = stats.binomtest(k, n).proportion_ci(method="exact") if n else None
        settings["share"] = k / n if n else 1.0 / len(observed)
        placed.append(
            Estimate(
                f"visit_types.{visit_type}.share",
                f"share of {visit_type} in the book",
                "multinomial",
                settings["share"],
                settings["share"],
                interval.low if interval else np.nan,
                interval.high if interval else np.nan,
                n,
            )
        )
        for field in ("no_show_prob", "punctuality_min"):
            estimate = by_key.get(f"visit_types.{visit_type}.{field}")
            if estimate is not None:
                settings[field] = estimate.value
                placed.append(estimate)
        steps = copy.deepcopy(base_paths[template["pathway"]])
        for index, step in enumerate(steps):
            estimate = by_key.get(f"duration:{visit_type}:{step['name']}")
            path = f"pathways.{visit_type}.{index}.duration_min"
            if estimate is not None:
                step["duration_min"] = estimate.value
                placed.append(estimate.placed(path))
            else:
                why = f"no start and end stamps for {step['name']}: kept from {base_label}"
                notes.append(from_base(path, f"{step['name']} of {visit_type}", step["duration_min"], why))
        settings["pathway"] = visit_type
        types[visit_type], pathways[visit_type] = settings, steps
    total = sum(t["share"] for t in types.values())
    for settings in types.values():  # rounding must not break "shares sum to 1"
        settings["share"] = round(settings["share"] / total, 6) if total else 1.0 / len(types)
    data["visit_types"], data["pathways"] = types, pathways
    same_day = data.get("same_day") or {}
    if same_day.get("visit_mix") and not set(same_day["visit_mix"]) <= set(types):
        same_day["visit_mix"] = None


def _walk_ins(data: dict[str, Any], visits: pd.DataFrame, by_key: dict[str, Estimate], placed: list[Estimate]) -> None:
    walk_ins = visits[visits["kind"] == "walk_in"]
    hours = sorted((e for e in by_key.values() if e.path.startswith("walk_ins.hour.")), key=lambda e: e.path)
    if walk_ins.empty or not hours:
        data["walk_ins"] = None
        placed.extend(e.placed("walk_ins") for e in hours[:1])
        return
    open_min = clock_to_min(data["clinic"]["open"])
    base = data.get("walk_ins") or {"assign": "least_busy"}
    mix = walk_ins["visit_type"].value_counts(normalize=True)
    first = hours[0]
    placed.append(first.placed("walk_ins.per_hour"))
    by_time = []
    for i, estimate in enumerate(hours[1:], start=1):
        clock = min_to_clock(open_min + 60 * i)
        by_time.append({"from": clock, "per_hour": estimate.value})
        placed.append(estimate.placed(f"walk_ins.rate_by_time.{i - 1}.per_hour"))
    shares = {str(k): round(float(v), 6) for k, v in mix.items()}
    shares[next(iter(shares))] += round(1.0 - sum(shares.values()), 6)
    data["walk_ins"] = {**base, "per_hour": first.value, "rate_by_time": by_time, "until": None, "visit_mix": shares}
