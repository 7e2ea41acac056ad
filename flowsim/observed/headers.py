"""Which column of an export is which timestamp: header recognition and mapping files.

An EHR export says "Appt Time", "Arrived", "Roomed", "Provider In"; a stopwatch sheet
says "arrival" or "arrival_min"; a clinic's own system says something else again. Each
column is matched to one *field* of :data:`FIELDS` by its normalised header, by a
mapping file (YAML) for the headers nobody could guess, or recognised as identifying a
patient (name, record number, birth date, ...) and dropped before anything reads it.

A mapping file::

    columns:
      "Pt In Room": roomed          # header: field
      "Comments": ignore
      "Guarantor": identifier       # dropped like a name
    status:
      "Done": seen                  # status value: seen | no_show | left_unseen | cancelled
    clinic_open: "07:30"
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from flowsim.observed.errors import ObservedDataError
from flowsim.scenarios.clock import clock_to_min
from flowsim.scenarios.references import did_you_mean

STAMPS: tuple[str, ...] = (
    "appointment",
    "arrival",
    "check_in_start",
    "check_in_end",
    "roomed",
    "intake_end",
    "provider_in",
    "provider_out",
    "checkout",
)
"""Timestamp fields, in the order a visit passes them (appointment aside)."""

LABELS: tuple[str, ...] = ("provider", "visit_type", "date", "status")
"""Text fields: who saw the patient, the kind of visit, the clinic day, how the visit ended."""

FIELDS: tuple[str, ...] = (*STAMPS, *LABELS)
IGNORE, IDENTIFIER = "ignore", "identifier"

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "appointment": (
        "appointment",
        "appt",
        "appt time",
        "appointment time",
        "scheduled",
        "scheduled time",
        "slot",
        "slot time",
        "appointment min",
        "appt start",
        "appointment start",
    ),
    "arrival": ("arrival", "arrived", "arrival time", "arrive", "time arrived", "arrival min", "in lobby", "door"),
    "check_in_start": (
        "check in start",
        "checkin start",
        "check in started",
        "registration start",
        "check in start min",
    ),
    "check_in_end": (
        "check in complete",
        "checkin complete",
        "check in end",
        "check in completed",
        "checked in",
        "check in done",
        "registration complete",
        "check in end min",
        "check in",
    ),
    "roomed": (
        "roomed",
        "roomed time",
        "rooming",
        "rooming start",
        "in room",
        "roomed min",
        "rooming start min",
        "room time",
    ),
    "intake_end": (
        "intake complete",
        "intake end",
        "intake done",
        "rooming complete",
        "rooming end",
        "vitals complete",
        "ma done",
        "rooming end min",
        "ready for provider",
    ),
    "provider_in": (
        "provider in",
        "provider start",
        "physician in",
        "doctor in",
        "md in",
        "seen by provider",
        "provider start min",
        "exam start min",
        "exam start",
        "provider seen",
    ),
    "provider_out": (
        "provider out",
        "provider end",
        "physician out",
        "doctor out",
        "md out",
        "provider done",
        "exam end min",
        "exam end",
        "provider finished",
    ),
    "checkout": (
        "checkout",
        "check out",
        "checked out",
        "checkout time",
        "check out time",
        "departure",
        "departed",
        "left",
        "departure min",
        "discharge",
        "checkout complete",
    ),
    "provider": ("provider", "provider name", "physician", "doctor", "clinician", "resource", "seen by"),
    "visit_type": ("visit type", "appointment type", "appt type", "visit", "type", "reason for visit"),
    "date": ("date", "visit date", "appointment date", "appt date", "service date", "day", "dos", "date of service"),
    "status": ("status", "appointment status", "appt status", "visit status", "outcome"),
}

_IDENTIFYING = re.compile(
    r"\b(name|first|last|surname|mrn|record|chart|dob|birth|born|ssn|social|phone|mobile|email|e mail|address|"
    r"street|zip|postcode|insurance|member|policy|account|guarantor|patient id|patient|pt id|person|nhs|medicare|"
    r"medicaid|id)\b"
)
"""Header words of columns that identify a patient (SPEC §8): such columns are never read."""

OUTCOME_WORDS: dict[str, str] = {
    "completed": "seen",
    "complete": "seen",
    "seen": "seen",
    "checked out": "seen",
    "arrived": "seen",
    "done": "seen",
    "finished": "seen",
    "closed": "seen",
    "no show": "no_show",
    "noshow": "no_show",
    "no_show": "no_show",
    "dna": "no_show",
    "did not attend": "no_show",
    "did not arrive": "no_show",
    "missed": "no_show",
    "failed": "no_show",
    "left without being seen": "left_unseen",
    "lwbs": "left_unseen",
    "left unseen": "left_unseen",
    "left_unseen": "left_unseen",
    "walked out": "left_unseen",
    "left": "left_unseen",
    "rescheduled": "cancelled",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "bumped": "cancelled",
    "rebooked": "cancelled",
}
"""Status values and the outcome they mean; ``cancelled`` rows were not part of the day and are left out."""

OUTCOMES = ("seen", "no_show", "left_unseen", "cancelled")


def normalise_header(name: object) -> str:
    """Lower-case words: ``"Appt. Time"`` -> ``"appt time"``, ``"check_in_end_min"`` -> ``"check in end min"``."""
    text = re.sub(r"[^0-9a-z]+", " ", str(name).strip().lower())
    return re.sub(r"\bcheck in\b|\bcheckin\b", "check in", text).strip()


def normalise_status(value: object) -> str:
    return re.sub(r"[^0-9a-z]+", " ", str(value).strip().lower()).strip()


_BY_HEADER = {normalise_header(s): name for name, synonyms in _SYNONYMS.items() for s in synonyms}


@dataclass(frozen=True)
class ColumnMap:
    """What a mapping file says: header -> field, status value -> outcome, opening time."""

    columns: dict[str, str] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)
    clinic_open: str | None = None


def recognise(header: object, mapping: ColumnMap | None = None) -> str:
    """The field a column header stands for, :data:`IDENTIFIER`, or :data:`IGNORE`.

    The mapping file wins, then the common names, then the identifying words (a column
    the reader does not know and that looks identifying is dropped, never read).
    """
    if mapping is not None:
        for given, target in mapping.columns.items():
            if normalise_header(given) == normalise_header(header):
                return target
    words = normalise_header(header)
    if words in _BY_HEADER:
        return _BY_HEADER[words]
    return IDENTIFIER if _IDENTIFYING.search(words) else IGNORE


def outcome_of(value: object, mapping: ColumnMap | None = None) -> str | None:
    """The outcome a status value means, or None when it is not known."""
    words = normalise_status(value)
    if mapping is not None:
        for given, target in mapping.status.items():
            if normalise_status(given) == words:
                return target
    return OUTCOME_WORDS.get(words)


def load_mapping(path: str | Path) -> ColumnMap:
    """Read and check a mapping file; every problem is one line of an :class:`ObservedDataError`."""
    source = Path(path)
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise ObservedDataError([f"{source}: cannot read the mapping file ({reason})"]) from None
    return mapping_from_dict(data if data is not None else {}, str(source))


def mapping_from_dict(data: Any, label: str = "<mapping>") -> ColumnMap:
    """A :class:`ColumnMap` from plain data (a mapping file's content, or the app's table)."""
    if not isinstance(data, Mapping):
        raise ObservedDataError([f"{label}: expected keys columns, status and clinic_open"])
    problems = [
        f"{label}: {key}: unknown key{did_you_mean(str(key), ('columns', 'status', 'clinic_open'))}; "
        "allowed: columns, status, clinic_open"
        for key in data
        if key not in ("columns", "status", "clinic_open")
    ]
    columns = _pairs(data.get("columns"), label, "columns", (*FIELDS, IGNORE, IDENTIFIER), problems)
    status = _pairs(data.get("status"), label, "status", OUTCOMES, problems)
    opening = data.get("clinic_open")
    if isinstance(opening, int) and not isinstance(opening, bool) and 0 <= opening < 1440:
        opening = f"{opening // 60:02d}:{opening % 60:02d}"  # YAML 1.1 reads 07:30 as 450
    if opening is not None:
        try:
            clock_to_min(str(opening))
        except ValueError as error:
            problems.append(f"{label}: clinic_open: {error}")
    if problems:
        raise ObservedDataError(problems)
    return ColumnMap(columns=columns, status=status, clinic_open=None if opening is None else str(opening))


def _pairs(value: Any, label: str, key: str, allowed: Iterable[str], problems: list[str]) -> dict[str, str]:
    if value is None:
        return {}
    choices = tuple(allowed)
    if not isinstance(value, Mapping):
        problems.append(f"{label}: {key}: expected 'header: field' lines")
        return {}
    pairs: dict[str, str] = {}
    for given, target in value.items():
        if str(target) not in choices:
            problems.append(
                f"{label}: {key}.{given}: unknown value '{target}'{did_you_mean(str(target), choices)}; "
                f"allowed: {', '.join(choices)}"
            )
        else:
            pairs[str(given)] = str(target)
    return pairs
