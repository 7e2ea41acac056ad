"""Scenario problems a person can act on: ``file: field.path: message``.

pydantic reports what went wrong in its own terms ("Extra inputs are not permitted",
a location tuple with union tags in it). A clinic manager needs the file, the field and
what would have been allowed instead, with a "did you mean" for a typo. This module turns
a :class:`pydantic.ValidationError` into such problems and carries them, all at once, in
a :class:`ScenarioError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from flowsim.scenarios import fieldpaths
from flowsim.scenarios.references import Problem, did_you_mean
from flowsim.scenarios.schema import Scenario
from flowsim.scenarios.text import visible

_TYPE_ERRORS = {
    "model_type",
    "model_attributes_type",
    "dict_type",
    "list_type",
    "int_type",
    "int_parsing",
    "int_from_float",
    "float_type",
    "float_parsing",
    "string_type",
    "bool_type",
    "bool_parsing",
    "union_tag_not_found",
}


class ScenarioError(Exception):
    """A scenario that cannot be used, with every problem found in it.

    Parameters
    ----------
    file
        The file the scenario came from (or a label such as ``"<dict>"``).
    problems
        ``(dotted.field.path, message)`` pairs; the path is empty for a problem with the
        whole file (unreadable YAML, a missing file, an ``extends:`` loop).
    """

    def __init__(self, file: str, problems: Sequence[Problem]) -> None:
        self.file = str(file)
        self.problems: list[Problem] = list(dict.fromkeys(problems))
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type[ScenarioError], tuple[str, list[Problem]]]:
        # Rebuilt from file and problems, so the error survives worker processes (pickling).
        return (type(self), (self.file, self.problems))

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def lines(self) -> list[str]:
        """One line per problem: ``file: field.path: message`` (``file: message`` for whole-file ones).

        Control and text-direction characters (from a file name or a path the user wrote)
        are shown as escapes, never sent to the terminal or page as they are.
        """
        return [
            visible(f"{self.file}: {path}: {message}" if path else f"{self.file}: {message}")
            for path, message in self.problems
        ]

    @classmethod
    def from_validation(cls, file: str, error: ValidationError, model: type[BaseModel] = Scenario) -> ScenarioError:
        """The :class:`ScenarioError` for a pydantic error raised while validating ``model``."""
        return cls(file, problems_from_validation(error, model))


def problems_from_validation(error: ValidationError, model: type[BaseModel] = Scenario) -> list[Problem]:
    """Readable ``(path, message)`` problems for every error in ``error``."""
    problems: list[Problem] = []
    for detail in error.errors(include_url=False):
        problems.extend(_problems_of(detail, model))
    return list(dict.fromkeys(problems))


def _problems_of(detail: ErrorDetails, model: type[BaseModel]) -> Iterable[Problem]:
    loc = tuple(detail["loc"])
    if not loc and detail["type"] == "value_error":
        return _split_reference_problems(_strip_prefix(detail["msg"]))
    where = fieldpaths.resolve(model, loc)
    path = ".".join(where.path)
    return [(path, _message(detail, where))]


def _split_reference_problems(text: str) -> list[Problem]:
    """``"a.b: msg\\nc: msg"`` (the whole-scenario checks) -> one problem per line."""
    problems: list[Problem] = []
    for line in text.splitlines():
        path, sep, message = line.partition(": ")
        problems.append((path, message) if sep and " " not in path else ("", line))
    return problems


def _strip_prefix(msg: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg[len(prefix) :]
    return msg


def _message(detail: ErrorDetails, where: fieldpaths.Resolved) -> str:
    kind, ctx, got = detail["type"], detail.get("ctx") or {}, detail.get("input")
    if kind == "extra_forbidden":
        word = str(where.leaf)
        allowed = fieldpaths.field_names(where.parent)
        return f"unknown field '{word}'{did_you_mean(word, allowed)}; allowed: {', '.join(allowed)}"
    if kind == "missing":
        description = fieldpaths.description(where.parent, str(where.leaf))
        return f"required field missing{': ' + description if description else ''}"
    if kind == "union_tag_invalid":
        tag, allowed = str(ctx.get("tag")), _split_tags(str(ctx.get("expected_tags", "")))
        what = "distribution" if "dist" in str(ctx.get("discriminator")) else "kind"
        return f"unknown {what} '{tag}'{did_you_mean(tag, allowed)}; allowed: {', '.join(allowed)}"
    if kind == "literal_error":
        allowed = _split_tags(str(ctx.get("expected", "")).replace(" or ", ", "))
        word = str(got)
        return f"unknown value '{word}'{did_you_mean(word, allowed)}; allowed: {', '.join(allowed)}"
    if kind in _TYPE_ERRORS:
        expected = fieldpaths.expected(where.annotation) or _strip_prefix(detail["msg"]).lower()
        return f"expected {expected}, got {_show(got)}"
    if kind == "finite_number":
        return f"expected a finite number, got {_show(got)}"
    if kind.startswith(("greater_than", "less_than")):
        bounds = fieldpaths.bounds(where.annotation)
        if bounds:
            return f"must be {bounds}, got {_show(got)}"
        return f"{detail['msg'].replace('Input should be', 'must be')}, got {_show(got)}"
    if kind == "too_short":
        need = ctx.get("min_length", 1)
        return f"needs at least {need} item{'s' if need != 1 else ''}, got {_show(got)}"
    if kind == "too_long":
        return f"{_strip_prefix(detail['msg'])} (got {_show(got)})"
    return _strip_prefix(detail["msg"])


def _split_tags(text: str) -> list[str]:
    return [part.strip().strip("'\"") for part in text.split(",") if part.strip()]


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else _yamlish(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _yamlish(value: Any) -> str:
    if value is None:
        return "nothing (empty)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping {" + ", ".join(f"{k}: {_yamlish(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "a list [" + ", ".join(_yamlish(v) for v in value) + "]"
    return repr(value)
