"""What a redesign changes, in sentences: "No-shows for physicals: 12% → 7%".

A redesign is a scenario; comparing it with the baseline field by field gives dotted
paths (``visit_types.physical.no_show_prob: 0.12 → 0.066``) that mean nothing to an
office manager. Each kind of field has a sentence here, with its values in the units
people use (percent, minutes, clock times, "+1 room per provider"); a field without
one is still listed, with its path in words, so no change is ever hidden.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter

from flowsim.report.words import (
    ROOM_POLICY_WORDS,
    RULE_WORDS,
    describe_distribution,
    describe_room_type,
    fmt_number,
    join_words,
    ordinal,
    plural,
    provider_words,
    words,
)
from flowsim.scenarios.distributions import AnyDistribution
from flowsim.scenarios.room_policies import own_rooms_only
from flowsim.scenarios.schema import Scenario

ARROW = "→"
VISIT_PLURALS = {"physical": "physicals", "new_patient": "new patients", "follow_up": "follow-ups"}
STAFF_TITLES = {"front_desk": "Front desk", "ma": "Medical assistants", "nurse": "Nurses"}
_DISTRIBUTION: TypeAdapter[AnyDistribution] = TypeAdapter(AnyDistribution)
Sentence = Callable[[re.Match[str], Any, Any, Scenario], str]


def _percent(before: Any, after: Any) -> tuple[str, str]:
    digits = 0 if f"{100 * float(before or 0):.0f}" != f"{100 * float(after or 0):.0f}" else 1
    return tuple(f"{100 * float(v or 0):.{digits}f}%" for v in (before, after))  # type: ignore[return-value]


def _minutes(value: Any, *, offset: bool = False) -> str:
    if value is None:
        return "none"
    if isinstance(value, dict):
        return describe_distribution(_DISTRIBUTION.validate_python(value), offset=offset)
    return f"{fmt_number(float(value))} min"


def _plain(value: Any) -> str:
    if value is None or value == [] or (value == 0 and not isinstance(value, bool)):
        return "none"
    if isinstance(value, float):
        return fmt_number(value)
    if isinstance(value, list) and value and isinstance(value[0], dict) and "start" in value[0]:
        return join_words(f"{v['start']}–{v['end']}" for v in value)
    return str(value)


def _rooms(match: re.Match[str], before: Any, after: Any, redesign: Scenario) -> str:
    text = f"Exam rooms: {before} {ARROW} {after}"
    providers = len(redesign.providers)
    extra = int(after) - int(before)
    if own_rooms_only(redesign.exam_rooms.policy) and providers and extra and extra % providers == 0:
        per = extra // providers
        text += f" ({'+' if per > 0 else '−'}{plural(abs(per), 'room')} per provider)"
    return text


def _visit(match: re.Match[str]) -> str:
    return VISIT_PLURALS.get(match[1], words(match[1]))


def _every(n: Any) -> str:
    return "none" if not n else f"every {ordinal(int(n))} slot".replace("every  ", "every ")


def _said(label: Callable[[re.Match[str]], str], show: Callable[[Any], str], unit: str = "") -> Sentence:
    """A sentence "label: before → after" with both values shown by ``show``."""
    return lambda m, b, a, r: f"{label(m)}: {show(b)} {ARROW} {show(a)}{unit}"


def _percents(label: Callable[[re.Match[str]], str]) -> Sentence:
    return lambda m, b, a, r: f"{label(m)}: {_percent(b, a)[0]} {ARROW} {_percent(b, a)[1]}"


def _offset(value: Any) -> str:
    return _minutes(value, offset=True)


SENTENCES: list[tuple[str, Sentence]] = [
    (r"exam_rooms\.count", _rooms),
    (r"exam_rooms\.policy", _said(lambda m: "Rooms", lambda v: ROOM_POLICY_WORDS.get(v, str(v)))),
    (r"exam_rooms\.turnover_min", _said(lambda m: "Room cleaning", _minutes)),
    (r"room_types\.(\w+)\.count", _said(lambda m: f"{words(m[1]).capitalize()} rooms", _plain)),
    (
        r"room_types\.(\w+)\.policy",
        _said(lambda m: f"{words(m[1]).capitalize()} rooms", lambda v: ROOM_POLICY_WORDS.get(v, str(v))),
    ),
    (r"room_types\.(\w+)\.turnover_min", _said(lambda m: f"{words(m[1]).capitalize()} room cleaning", _minutes)),
    (r"staff\.(\w+)\.count", _said(lambda m: STAFF_TITLES.get(m[1], words(m[1]).capitalize()), str)),
    (r"schedule\.rule", _said(lambda m: "Booking", lambda v: RULE_WORDS.get(v, str(v)))),
    (r"schedule\.wave_size", _said(lambda m: "Patients per wave", str)),
    (r"schedule\.overbook_every", _said(lambda m: "Double-booked", _every)),
    (r"schedule\.reserve_every", _said(lambda m: "Kept for same-day add-ons", _every)),
    (r"visit_types\.(\w+)\.no_show_prob", _percents(lambda m: f"No-shows for {_visit(m)}")),
    (r"visit_types\.(\w+)\.share", _percents(lambda m: f"Share of {_visit(m)} in the book")),
    (r"visit_types\.(\w+)\.slot_min", _said(lambda m: f"Slot for {_visit(m)}", _plain, " min")),
    (r"visit_types\.(\w+)\.punctuality_min", _said(lambda m: f"Arrival of {_visit(m)} vs appointment", _offset)),
    (r"providers\.(\w+)\.sessions", _said(lambda m: f"Hours of {provider_words(m[1])}", _plain)),
    (r"providers\.(\w+)\.breaks", _said(lambda m: f"Breaks of {provider_words(m[1])}", _plain)),
    (r"providers\.(\w+)\.start_lateness_min", _said(lambda m: f"Late start of {provider_words(m[1])}", _offset)),
    (r"same_day\.fill_prob", _percents(lambda m: "Add-on slots taken by callers")),
    (r"same_day\.urgent_prob", _percents(lambda m: "Urgent add-ons")),
    (r"walk_ins\.per_hour", _said(lambda m: "Walk-ins per hour", _plain)),
    (r"walk_ins\.urgent_prob", _percents(lambda m: "Urgent walk-ins")),
]
"""Sentence makers by field path (a full match), in the order the changes are listed."""


def _flatten(value: object, prefix: str = "") -> dict[str, object]:
    if isinstance(value, dict) and value and not ("dist" in value and prefix):
        out: dict[str, object] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: value}


def _fallback(path: str, before: object, after: object) -> str:
    shown = [_minutes(v) if isinstance(v, dict) and "dist" in v else _plain(v) for v in (before, after)]
    return f"{words(path.replace('.', ' ')).capitalize()}: {shown[0]} {ARROW} {shown[1]}"


def scenario_differences(baseline: Scenario, redesign: Scenario) -> list[str]:
    """Every setting the redesign changes, one sentence each (name and description aside).

    Providers and room types added or removed are one sentence each ("Added a provider:
    Provider 5, 08:00–12:00 and 13:00–17:00", "Added 1 procedure room; ..."); every other
    change reads "what: before → after".
    """
    skip = {"name", "description"}
    old = _flatten(baseline.model_dump(mode="json", by_alias=True, exclude=skip))
    new = _flatten(redesign.model_dump(mode="json", by_alias=True, exclude=skip))
    lines = [
        f"Added a provider: {provider_words(name)}, {_plain(provider.model_dump(mode='json')['sessions'])}"
        for name, provider in redesign.providers.items()
        if name not in baseline.providers
    ]
    lines += [f"{provider_words(p)} no longer sees patients" for p in baseline.providers if p not in redesign.providers]
    lines += [f"Added {describe_room_type(redesign, t)}" for t in redesign.room_types if t not in baseline.room_types]
    lines += [f"No more {words(t)} rooms" for t in baseline.room_types if t not in redesign.room_types]
    changed = {
        "providers": set(baseline.providers) ^ set(redesign.providers),
        "room_types": set(baseline.room_types) ^ set(redesign.room_types),
    }
    for path in sorted(set(old) | set(new), key=_order):
        before, after = old.get(path), new.get(path)
        parts = path.split(".")
        said_whole = parts[0] in changed and (len(parts) == 1 or parts[1] in changed[parts[0]])
        if before == after or said_whole:
            continue
        lines.append(_sentence(path, before, after, redesign))
    return lines


def _order(path: str) -> tuple[int, str]:
    for i, (pattern, _) in enumerate(SENTENCES):
        if re.fullmatch(pattern, path):
            return i, path
    return len(SENTENCES), path


def _sentence(path: str, before: object, after: object, redesign: Scenario) -> str:
    for pattern, say in SENTENCES:
        match = re.fullmatch(pattern, path)
        if match:
            return say(match, before, after, redesign)
    return _fallback(path, before, after)
