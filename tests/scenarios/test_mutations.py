"""Randomly damaged scenario files never crash the loader: the only error is a ScenarioError."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from flowsim.scenarios import ScenarioError, load_scenario
from flowsim.scenarios.schema import Scenario
from tests.scenarios.helpers import BASELINE, baseline_data
from tests.strategies import scenario_dicts

Node = dict[str, Any] | list[Any]

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["08:00", "25:99", "lognormal", "provider", "exam_room", "procedure", "pooled", "", "-1", "1e9"]),
    st.lists(st.integers(-3, 30), max_size=3),
    st.dictionaries(st.sampled_from(["dist", "mean", "count", "cuont", "x"]), st.integers(-2, 5), max_size=3),
)


def _containers(node: Any) -> list[Node]:
    """Every mapping and list inside ``node`` (itself included)."""
    if isinstance(node, dict):
        return [node, *(c for v in node.values() for c in _containers(v))]
    if isinstance(node, list):
        return [node, *(c for v in node for c in _containers(v))]
    return []


@st.composite
def mutated(draw: Any, source: st.SearchStrategy[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The baseline (or a scenario from ``source``) with one to four random edits: deleted keys,
    replaced values, junk keys, reordered lists."""
    data = draw(source) if source is not None else baseline_data()
    for _ in range(draw(st.integers(1, 4))):
        node = draw(st.sampled_from(_containers(data)))
        keys: list[Any] = list(node) if isinstance(node, dict) else list(range(len(node)))
        action = draw(st.sampled_from(["delete", "replace", "insert", "duplicate"]))
        if action == "insert" or not keys:
            key = draw(st.one_of(st.text(max_size=8), st.integers(-2, 5), st.sampled_from(["cuont", "extends"])))
            if isinstance(node, dict):
                node[key] = draw(JUNK)
            else:
                node.append(draw(JUNK))
            continue
        key = draw(st.sampled_from(keys))
        if action == "delete":
            del node[key]
        elif action == "replace":
            node[key] = draw(JUNK)
        elif isinstance(node, list):
            node.append(copy.deepcopy(node[key]))
    return data


def _load_text(text: str) -> Scenario | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "clinic.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            return load_scenario(path)
        except ScenarioError as error:
            assert error.problems, "a ScenarioError always lists at least one problem"
            assert all(line.startswith(f"{path}: ") for line in error.lines())
            return None


@given(mutated())
def test_mutated_scenario_data_gives_a_scenario_or_a_scenario_error(data: dict[str, Any]) -> None:
    _load_text(yaml.safe_dump(data, allow_unicode=True))


@given(mutated(scenario_dicts(practice=True)))
def test_mutated_practice_gives_a_scenario_or_a_scenario_error(data: dict[str, Any]) -> None:
    # visit mixes, templates, blocks and factors damaged at random: never a traceback
    _load_text(yaml.safe_dump(data, allow_unicode=True))


@given(st.data())
def test_mutated_yaml_text_gives_a_scenario_or_a_scenario_error(data: st.DataObject) -> None:
    text = BASELINE.read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 20))
        insert = data.draw(st.text(alphabet=" \t\n:-[]{}&*!|>'\"#%@`,?0123456789abc", max_size=6))
        text = text[:at] + insert + text[at + cut :]
    _load_text(text)
