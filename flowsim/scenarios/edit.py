"""Variants of a scenario: change a few fields by their dotted paths, get a new validated scenario.

A sweep asks "what if we had 6, 8 or 10 exam rooms?"; a notebook asks "what if the exam
took 20 minutes on average?". Both name a field by its path in the file, e.g.
``exam_rooms.count`` or ``pathways.standard.exam.duration_min.mean`` (mapping keys, step
names or list positions joined by dots), and get back a new scenario that was checked
exactly like a file (the original is never changed)::

    bigger = with_changes(scenario, {"exam_rooms.count": 10})  # named "<name> (exam_rooms.count=10)"
    pooled = with_changes(scenario, {"exam_rooms.policy": "pooled"}, name="Pooled rooms")

A variant never keeps the original's name (two designs of one name cannot be compared):
it takes ``name=``, a ``name`` among the changes, or a name made from the changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_origin

import yaml
from pydantic import BaseModel

from flowsim.scenarios import fieldpaths
from flowsim.scenarios.errors import ScenarioError
from flowsim.scenarios.loader import scenario_from_dict
from flowsim.scenarios.references import did_you_mean
from flowsim.scenarios.schema import Scenario


def with_changes(
    scenario: Scenario, changes: Mapping[str, Any], source: str = "<changes>", *, name: str | None = None
) -> Scenario:
    """A new scenario: ``scenario`` with each dotted path in ``changes`` set to its value, re-validated.

    Values are plain data as in a file (numbers, text, mappings, lists) or schema objects.
    A new key may be added under a section keyed by name (``providers.dr_new``). A step of
    a pathway is addressed by its name (``pathways.visit.exam.duration_min``) or position.

    The result is named ``name``, else by a ``"name"`` among the changes, else
    ``"<original name> (<path>=<value>, ...)"``; with no changes at all it is the same design
    and keeps its name.

    Raises
    ------
    ScenarioError
        For a path that does not exist (with a "did you mean") or a changed scenario that is
        not valid; ``source`` names the change set in the messages.
    """
    data = scenario.model_dump(mode="json", by_alias=True)
    for path, value in changes.items():
        _set(data, path, _plain(value), source)
    if name is not None:
        data["name"] = name
    elif "name" not in changes and changes:
        data["name"] = auto_name(scenario.name, changes)
    return scenario_from_dict(data, source)


def auto_name(base: str, changes: Mapping[str, Any], limit: int = 80) -> str:
    """``"Family practice (exam_rooms.count=10, schedule.rule=wave)"``, shortened to about ``limit`` characters."""
    parts = ", ".join(f"{path}={_short(_plain(value))}" for path, value in changes.items())
    if len(parts) > limit:
        parts = parts[: limit - 1].rstrip() + "…"
    return f"{base} ({parts})"


def _short(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_short(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_short(v) for v in value) + "]"
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _set(data: dict[str, Any], path: str, value: Any, source: str) -> None:
    parts = path.split(".")
    if not path or not all(parts):
        raise ScenarioError(source, [(path, "expected a dotted field path such as exam_rooms.count")])
    container: Any = data
    annotation: Any = Scenario
    for depth, part in enumerate(parts):
        where = ".".join(parts[: depth + 1])
        if isinstance(container, list):
            index = _index(container, part, where, source)
            annotation = fieldpaths.child(annotation, index)
            if depth == len(parts) - 1:
                container[index] = value
            else:
                container = container[index]
            continue
        if not isinstance(container, dict):
            raise ScenarioError(source, [(where, f"{'.'.join(parts[:depth])} is a single value, not a section")])
        _check_key(container, part, annotation, where, source)
        annotation = fieldpaths.child(annotation, part)
        if depth == len(parts) - 1:
            container[part] = value
        else:
            if container.get(part) is None:  # an empty section (e.g. walk_ins) is filled in
                container[part] = {}
            container = container[part]


def _check_key(container: dict[str, Any], key: str, annotation: Any, where: str, source: str) -> None:
    """Refuse a key that is neither present, a field of the model, nor a new name in a named section."""
    fields = fieldpaths.field_names(annotation)
    if key in container or key in fields or get_origin(fieldpaths.unwrap(annotation)) is dict:
        return
    raise ScenarioError(source, [(where, _unknown_message(key, fields or list(container)))])


def _index(items: list[Any], part: str, where: str, source: str) -> int:
    """The position of ``part`` in ``items``: a list position, or the name of a named item (a step)."""
    names = [item.get("name") for item in items if isinstance(item, dict)]
    if part in names:
        return names.index(part)
    try:
        index = int(part)
    except ValueError:
        allowed = f"one of {', '.join(map(str, names))} or " if any(names) else ""
        message = f"no item named '{part}'{did_you_mean(part, [str(n) for n in names])}; expected {allowed}"
        raise ScenarioError(source, [(where, f"{message}a list position 0..{len(items) - 1}")]) from None
    if not 0 <= index < len(items):
        raise ScenarioError(source, [(where, f"no item {index}: the list has {len(items)} (positions from 0)")])
    return index


def _unknown_message(word: str, known: list[str]) -> str:
    return f"unknown field '{word}'{did_you_mean(word, known)}; allowed: {', '.join(known) or 'none'}"


def parse_vary(text: str) -> tuple[str, list[Any]]:
    """Split a sweep option ``PATH=V1,V2,...`` into the path and its values, typed as YAML reads them.

    ``"exam_rooms.count=6,8,10"`` gives ``("exam_rooms.count", [6, 8, 10])``; values may be
    text (``pooled``), numbers or flow mappings (``{dist: exponential, mean: 5}``).

    Raises
    ------
    ScenarioError
        When ``text`` is not of that form (named ``--vary`` in the message).
    """
    path, sep, rhs = text.partition("=")
    path = path.strip()
    usage = "expected PATH=V1,V2,... such as exam_rooms.count=6,8,10"
    if not sep or not path or not rhs.strip():
        raise ScenarioError("--vary", [("", f"{usage}, got {text!r}")])
    try:
        values = yaml.safe_load(f"[{rhs}]")
    except yaml.YAMLError:
        raise ScenarioError("--vary", [(path, f"cannot read the values {rhs!r}: {usage}")]) from None
    if not isinstance(values, list) or not values or any(v is None for v in values):
        raise ScenarioError("--vary", [(path, f"empty value in {rhs!r}: {usage}")])
    return path, values
