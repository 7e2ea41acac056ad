"""Write scenarios back to YAML: a whole scenario, or a redesign as a diff of its baseline.

A scenario written with :func:`dump_scenario` loads back to an equal scenario. A redesign
written with :func:`redesign_yaml` is a small file that ``extends:`` its baseline and holds
only what changed, so a reviewer reads the redesign in a few lines::

    extends: family_practice.yaml
    name: Pooled rooms
    exam_rooms:
      policy: pooled
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from flowsim.scenarios.safe_yaml import EXPONENT_FLOAT
from flowsim.scenarios.schema import Scenario

_FLOW_MAX_ITEMS = 6


class _Dumper(yaml.SafeDumper):
    """Block style for structure, flow style for small flat leaves (``{dist: lognormal, mean: 15}``)."""


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    flow = 0 < len(data) <= _FLOW_MAX_ITEMS and all(_is_scalar(v) for v in data.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(_is_scalar(v) for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


class _TopLevel(dict[str, Any]):
    """The file's top level: always one key per line."""


def _represent_top_level(dumper: yaml.SafeDumper, data: _TopLevel) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=False)


# text such as "0E0" reads back as a number here: the writer must quote it
_Dumper.add_implicit_resolver("tag:yaml.org,2002:float", EXPONENT_FLOAT, list("-+0123456789"))
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(_TopLevel, _represent_top_level)


def to_yaml(data: Mapping[str, Any]) -> str:
    """YAML text of a plain mapping, keys in their given order."""
    return yaml.dump(_TopLevel(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def scenario_data(scenario: Scenario, *, full: bool = False) -> dict[str, Any]:
    """The scenario as plain data, as a file would hold it.

    ``full=False`` leaves out fields at their defaults; ``full=True`` writes every field.
    Fixed distributions are written as plain numbers either way.
    """
    data = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=not full)
    shortened = _shorten_fixed(data)
    assert isinstance(shortened, dict)
    return shortened


def _shorten_fixed(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"dist", "value"} and value["dist"] == "fixed":
            return value["value"]
        return {k: _shorten_fixed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shorten_fixed(v) for v in value]
    return value


def dump_scenario(scenario: Scenario, *, full: bool = False) -> str:
    """YAML text of ``scenario`` that loads back to an equal scenario (defaults left out unless ``full``)."""
    return to_yaml(scenario_data(scenario, full=full))


def diff(baseline: Mapping[str, Any], redesign: Mapping[str, Any]) -> dict[str, Any]:
    """What to lay over ``baseline`` (see :func:`flowsim.scenarios.loader.merge`) to get ``redesign``.

    Mappings are compared key by key; any other value (lists included), and a distribution
    of another kind, is taken whole when it differs; a key the redesign no longer has
    becomes ``None`` (removed).
    """
    changes: dict[str, Any] = {}
    for key, value in redesign.items():
        old = baseline.get(key)
        if key in baseline and old == value and type(old) is type(value):
            continue
        if isinstance(value, Mapping) and isinstance(old, Mapping) and old.get("dist") == value.get("dist"):
            changes[key] = diff(old, value)
        else:
            changes[key] = _without_none(value)
    for key in baseline:
        if key not in redesign:
            changes[key] = None
    return changes


def _without_none(value: Any) -> Any:
    """``value`` with ``None`` entries of mappings dropped (``None`` means the default)."""
    if isinstance(value, Mapping):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


def redesign_yaml(baseline_ref: str, baseline: Scenario, redesign: Scenario) -> str:
    """A YAML file that ``extends: baseline_ref`` and holds only how ``redesign`` differs from ``baseline``.

    Parameters
    ----------
    baseline_ref
        Path of the baseline file as the redesign file will refer to it (relative to the
        redesign file), e.g. ``"family_practice.yaml"``.
    baseline, redesign
        The two scenarios; loading the written file next to the baseline file gives a
        scenario equal to ``redesign``.
    """
    changes = diff(scenario_data(baseline, full=True), scenario_data(redesign, full=True))
    return to_yaml({"extends": baseline_ref, **changes})
