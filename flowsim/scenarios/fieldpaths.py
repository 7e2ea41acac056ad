"""Walk the scenario schema along a field path, to say what a field allows.

A path such as ``providers.dr_a.sessions.0.start`` passes through a mapping keyed by
provider name, a list and a clock time. To tell a person what the field at the end of a
path accepts (its fields, its type, its bounds), we follow the path through the type
annotations of the pydantic models, skipping the union tags pydantic adds to locations
(``duration_min.lognormal.sd`` is shown as ``duration_min.sd``).
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types as at
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from flowsim.scenarios.clock import ClockTime

_CLOCK_VALIDATORS = {id(m) for m in get_args(ClockTime)[1:]}


@dataclass(frozen=True)
class Resolved:
    """Where a location ends: the path to show, the annotation there and its container."""

    path: tuple[str, ...]
    annotation: Any
    parent: Any
    leaf: str | int | None


def resolve(model: type[BaseModel], loc: tuple[str | int, ...]) -> Resolved:
    """Follow ``loc`` (a pydantic error location) from ``model`` through the schema's annotations."""
    current: Any = model
    parent: Any = None
    path: list[str] = []
    for element in loc:
        if element == "[key]":  # pydantic: (..., mapping, key, "[key]") for a bad key
            keys = unwrap(parent)
            current = get_args(keys)[0] if get_origin(keys) is dict else None
            continue
        parent = current
        inner = unwrap(current)
        tagged = _tagged_member(inner, element)
        if tagged is not None:
            current = tagged
            continue
        path.append(str(element))
        current = child(current, element)
    return Resolved(tuple(path), current, parent, loc[-1] if loc else None)


def child(annotation: Any, element: str | int) -> Any:
    """The annotation one step down from ``annotation`` (``None`` when there is no such step)."""
    inner = unwrap(annotation)
    if _is_model(inner):
        field = _field(inner, str(element))
        return None if field is None else _annotated(field)
    origin = get_origin(inner)
    if origin is dict:
        return get_args(inner)[1]
    if origin is list and isinstance(element, int):
        return get_args(inner)[0]
    return None


def unwrap(annotation: Any) -> Any:
    """Strip ``Annotated`` and ``Optional`` until a model, container, union of models or plain type remains."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
        elif _is_union(annotation):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def field_names(annotation: Any) -> list[str]:
    """Field names (as written in files) of the model at ``annotation``; empty if it is not a model."""
    inner = unwrap(annotation)
    if not _is_model(inner):
        return []
    return [info.alias or name for name, info in inner.model_fields.items()]


def description(annotation: Any, name: str) -> str:
    """The ``description`` of field ``name`` of the model at ``annotation`` (empty if unknown)."""
    inner = unwrap(annotation)
    field = _field(inner, name) if _is_model(inner) else None
    return (field.description or "") if field is not None else ""


def expected(annotation: Any) -> str:
    """What a value at ``annotation`` may be, in words (empty when unknown)."""
    if annotation is None:
        return ""
    if any(id(m) in _CLOCK_VALIDATORS for m in _metadata(annotation)):
        return "a clock time HH:MM (e.g. 08:30; past midnight 25:00)"
    inner = unwrap(annotation)
    tags = _tags(inner)
    if tags:
        return (
            "a number of minutes or a distribution such as {dist: lognormal, mean: 15, cv: 0.5} "
            f"(dist: {', '.join(tags)})"
        )
    if _is_model(inner):
        return f"a mapping with fields {', '.join(field_names(inner))}"
    origin = get_origin(inner)
    if origin is dict:
        return "a mapping of names to values"
    if origin is list:
        item = expected(get_args(inner)[0])
        return f"a list (each {item})" if item else "a list"
    if origin is Literal:
        return "one of " + ", ".join(str(a) for a in get_args(inner))
    simple = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}
    return simple.get(inner, "")


def bounds(annotation: Any) -> str:
    """The numeric bounds of ``annotation`` in words, e.g. ``between 0 and 1`` (empty if none)."""
    low = high = ""
    for m in _metadata(annotation):
        if isinstance(m, at.Ge):
            low = f"at least {m.ge:g}"
        elif isinstance(m, at.Gt):
            low = f"more than {m.gt:g}"
        elif isinstance(m, at.Le):
            high = f"at most {m.le:g}"
        elif isinstance(m, at.Lt):
            high = f"less than {m.lt:g}"
    if low.startswith("at least") and high.startswith("at most"):
        return f"between {low.removeprefix('at least ')} and {high.removeprefix('at most ')}"
    return " and ".join(part for part in (low, high) if part)


def _metadata(annotation: Any) -> list[Any]:
    found: list[Any] = []
    while True:
        if get_origin(annotation) is Annotated:
            args = get_args(annotation)
            for m in args[1:]:
                found.extend(m.metadata if isinstance(m, FieldInfo) else [m])
            annotation = args[0]
        elif _is_union(annotation) and len([a for a in get_args(annotation) if a is not type(None)]) == 1:
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        else:
            return found


def _annotated(field: FieldInfo) -> Any:
    if field.metadata:
        return Annotated[(field.annotation, *field.metadata)]
    return field.annotation


def _field(model: type[BaseModel], name: str) -> FieldInfo | None:
    for field_name, info in model.model_fields.items():
        if name in (field_name, info.alias):
            return info
    return None


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _is_union(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType)


def _tags(annotation: Any) -> list[str]:
    """The ``dist`` tags of a tagged union of models (empty for anything else)."""
    if not _is_union(annotation):
        return []
    tags: list[str] = []
    for member in get_args(annotation):
        field = member.model_fields.get("dist") if _is_model(member) else None
        if field is None or get_origin(field.annotation) is not Literal:
            return []
        tags.extend(str(a) for a in get_args(field.annotation))
    return tags


def _tagged_member(annotation: Any, element: str | int) -> Any:
    """The member of a tagged union whose tag is ``element`` (pydantic puts tags into locations)."""
    if not isinstance(element, str) or element not in _tags(annotation):
        return None
    for member in get_args(annotation):
        if element in get_args(member.model_fields["dist"].annotation):
            return member
    return None
