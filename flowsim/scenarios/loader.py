"""Read scenario files: YAML in, a validated :class:`Scenario` out, or every problem at once.

A redesign is a small file that names its baseline and overrides a few fields::

    extends: family_practice.yaml      # relative to this file
    name: Pooled rooms
    exam_rooms: {policy: pooled}

Parents may themselves extend others. Mappings are merged key by key (deeply); any
other value, lists included, replaces the parent's value whole; ``null`` removes a key,
so it falls back to the default (this is JSON Merge Patch, RFC 7396). Whatever goes
wrong (a missing file, unreadable YAML, an ``extends:`` loop, a field the schema refuses)
is raised as one :class:`~flowsim.scenarios.errors.ScenarioError`, never anything else.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from flowsim.scenarios.errors import ScenarioError
from flowsim.scenarios.references import Problem
from flowsim.scenarios.safe_yaml import MAX_FILE_BYTES, TOO_LARGE, UnsafeYamlError, load_yaml
from flowsim.scenarios.schema import Scenario

PathLike = str | os.PathLike[str]
EXTENDS = "extends"
_TOP_FIELDS = "name, providers, visit_types, pathways, ..."


def load_scenario(path: PathLike, *, confine_to: PathLike | None = None) -> Scenario:
    """Load, resolve ``extends:`` and validate the scenario file at ``path``.

    Parameters
    ----------
    path
        The scenario file.
    confine_to
        If given, ``extends:`` may only name files inside this folder (an uploaded file
        must not read the machine's other files).

    Raises
    ------
    ScenarioError
        Listing every problem, each naming the file and the field.
    """
    data, origins = _load_chain(Path(path), str(path), confine_to=None if confine_to is None else Path(confine_to))
    try:
        return _validate(data, str(path))
    except ScenarioError as error:
        raise ScenarioError(error.file, _with_origins(error.problems, origins, str(path))) from None


def load_scenario_data(path: PathLike) -> dict[str, Any]:
    """The mapping of the file at ``path`` with its ``extends:`` chain merged in (not yet validated).

    YAML anchors are expanded into separate copies, so changing one provider written as
    ``*physician`` does not change the others.
    """
    data, _ = _load_chain(Path(path), str(path))
    unshared = _unshared(data)
    assert isinstance(unshared, dict)
    return unshared


def _unshared(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _unshared(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unshared(v) for v in value]
    return value


def scenario_from_dict(data: Any, source: str = "<dict>") -> Scenario:
    """Validate a mapping (as a scenario file would hold it); ``source`` names it in messages."""
    if not isinstance(data, Mapping):
        raise ScenarioError(source, [("", f"expected a mapping of fields ({_TOP_FIELDS}), got {type(data).__name__}")])
    if EXTENDS in data:
        raise ScenarioError(source, [(EXTENDS, "extends: is only understood in files (use load_scenario)")])
    return _validate(dict(data), source)


def merge(parent: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """``child`` laid over ``parent`` (JSON Merge Patch, RFC 7396).

    Mappings are merged key by key, any other value replaces the parent's, ``None``
    removes a key. One addition: a distribution of another kind (a different ``dist``)
    replaces the parent's distribution whole rather than mixing their parameters.
    """
    merged = dict(parent)
    for key, value in child.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, Mapping):
            base = merged.get(key)
            keep = isinstance(base, Mapping) and not _other_distribution(base, value)
            merged[key] = merge(base if keep and isinstance(base, Mapping) else {}, value)
        else:
            merged[key] = value
    return merged


def _other_distribution(parent: Mapping[str, Any], child: Mapping[str, Any]) -> bool:
    return "dist" in child and parent.get("dist") != child["dist"]


def _validate(data: dict[str, Any], source: str) -> Scenario:
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        raise ScenarioError.from_validation(source, error) from None
    except RecursionError:  # e.g. a mapping passed in that contains itself
        raise ScenarioError(source, [("", "the scenario is nested too deeply (does it contain itself?)")]) from None


Origins = dict[tuple[str, ...], str]


MAX_EXTENDS_DEPTH = 100
"""Most files in one ``extends:`` chain (a redesign of a redesign of ... a baseline)."""
SCENARIO_SUFFIXES = (".yaml", ".yml")


def _load_chain(path: Path, label: str, confine_to: Path | None = None) -> tuple[dict[str, Any], Origins]:
    """The merged mapping of ``path`` and its parents, and which file set each field path.

    The chain is followed in a loop, not by recursion, so a long chain is reported on
    the file where it goes wrong, whatever its length.
    """
    files: list[tuple[dict[str, Any], str]] = []
    seen: list[tuple[Path, str]] = []
    while True:
        data = read_mapping(path, label)
        parent_ref = data.pop(EXTENDS, None)
        files.append((data, label))
        if parent_ref is None:
            break
        seen.append((_identity(path), label))
        path, label = _parent(path, label, parent_ref, seen, confine_to)
    merged: dict[str, Any] = {}
    origins: Origins = {}
    for data, label in reversed(files):  # the root baseline first, each child laid over it
        merged = merge(merged, data)
        origins.update({key_path: label for key_path in _key_paths(data)})
    return merged, origins


def _parent(
    path: Path, label: str, parent_ref: Any, seen: list[tuple[Path, str]], confine_to: Path | None
) -> tuple[Path, str]:
    """Path and label of the file ``label`` extends, after every check on its ``extends:``."""

    def refuse(message: str) -> ScenarioError:
        return ScenarioError(label, [(EXTENDS, message)])

    if not isinstance(parent_ref, str) or not parent_ref.strip():
        raise refuse(f"expected the path of the parent scenario file, got {parent_ref!r}"[:200])
    parent_path = path.parent / parent_ref
    parent_label = os.path.normpath(os.path.join(os.path.dirname(label), parent_ref))
    if Path(parent_ref).suffix.lower() not in SCENARIO_SUFFIXES:
        raise refuse(f"{parent_ref!r} is not a scenario file: only .yaml and .yml files can be extended")
    if any(_identity(parent_path) == identity for identity, _ in seen):
        raise refuse("extends loop: " + " -> ".join([*(name for _, name in seen), parent_label]))
    if len(seen) >= MAX_EXTENDS_DEPTH:
        raise refuse(f"the extends: chain is more than {MAX_EXTENDS_DEPTH} files long (from {seen[0][1]})")
    if confine_to is not None and not _identity(parent_path).is_relative_to(_identity(confine_to)):
        raise refuse(f"{parent_ref!r} is not one of the scenarios this file may extend (only files beside it)")
    if not parent_path.exists() or parent_path.is_dir():
        what = "is a directory, not a scenario file" if parent_path.is_dir() else "does not exist"
        raise refuse(f"parent scenario file {parent_label} {what}")
    return parent_path, parent_label


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return path.absolute()


def read_mapping(path: Path, label: str) -> dict[str, Any]:
    """The top-level mapping of one YAML file, without resolving ``extends:``.

    Only a regular file is read (a FIFO or a device would block or never end), and
    only up to :data:`~flowsim.scenarios.safe_yaml.MAX_FILE_BYTES`.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ScenarioError(label, [("", "file not found")]) from None
    except OSError as error:
        raise ScenarioError(label, [("", f"cannot read the file: {error.strerror or error}")]) from None
    if stat.S_ISDIR(info.st_mode):
        raise ScenarioError(label, [("", "is a directory, not a scenario file")])
    if not stat.S_ISREG(info.st_mode):
        raise ScenarioError(label, [("", "is not a regular file (a pipe or a device?); give a scenario file")])
    if info.st_size > MAX_FILE_BYTES:
        raise ScenarioError(label, [("", TOO_LARGE)])
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ScenarioError(
            label, [("", f"cannot read the file: it is not UTF-8 text ({error.reason} at byte {error.start})")]
        ) from None
    except OSError as error:
        raise ScenarioError(label, [("", f"cannot read the file: {error.strerror or error}")]) from None
    return parse_mapping(text, label)


def parse_mapping(text: str, label: str) -> dict[str, Any]:
    """The top-level mapping of YAML ``text``; ``label`` names it in messages.

    Nothing of a file that is not a scenario mapping is repeated in the message (it
    may be any file of the machine, named by a hostile ``extends:``).
    """
    try:
        data = load_yaml(text)
    except UnsafeYamlError as problem:
        raise ScenarioError(label, [("", str(problem))]) from None
    except yaml.YAMLError as error:
        raise ScenarioError(label, [("", _yaml_message(error))]) from None
    except RecursionError:
        raise ScenarioError(label, [("", "the YAML is nested too deeply to read")]) from None
    if data is None:
        raise ScenarioError(label, [("", f"the file is empty; a scenario is a mapping of fields ({_TOP_FIELDS})")])
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "plain text" if isinstance(data, str) else "a single value"
        raise ScenarioError(label, [("", f"expected a mapping of fields ({_TOP_FIELDS}) at the top level, got {kind}")])
    return data


def _yaml_message(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    detail = f" ({context})" if context else ""
    return f"{where}unreadable YAML: {problem}{detail}"


def _key_paths(data: Mapping[str, Any], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []
    for key, value in data.items():
        here = (*prefix, str(key))
        paths.append(here)
        if isinstance(value, Mapping):
            paths.extend(_key_paths(value, here))
    return paths


def _with_origins(problems: list[Problem], origins: Origins, label: str) -> list[Problem]:
    """Point a problem at the parent file that set the field, when it was not this file."""
    result: list[Problem] = []
    for path, message in problems:
        parts = tuple(path.split(".")) if path else ()
        source = next((origins[parts[:n]] for n in range(len(parts), 0, -1) if parts[:n] in origins), label)
        result.append((path, message if source == label else f"{message} (set in {source})"))
    return result
