"""Fuzzing in CI: 1,000 mutated scenario files per run, with no traceback and no hang.

Each bundled scenario file is damaged at the text level (lines deleted, duplicated,
swapped or re-indented; values replaced by junk; anchors, aliases, control characters
and stray bytes inserted; the file cut short), one to three times, by a seeded
generator: the same files every run, a different set with ``FLOWSIM_FUZZ_SEED``. Every
file must load as a :class:`Scenario` or fail with a :class:`ScenarioError` whose lines
name the file, within a per-file time limit; a sample of the files that still load is
simulated for one day.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from flowsim.model import simulate
from flowsim.scenarios import ScenarioError, load_scenario
from flowsim.scenarios.schema import Scenario
from tests.scenarios.deadline import deadline
from tests.scenarios.helpers import SCENARIOS

BATCHES = 10
FILES_PER_BATCH = 100  # 1,000 files per run
SIMULATED_PER_BATCH = 2
BASE_SEED = int(os.environ.get("FLOWSIM_FUZZ_SEED", "14"))
SOURCES = sorted(SCENARIOS.glob("*.yaml"))

JUNK = [
    "-1", "0", "1e400", "-1e308", "9" * 40, ".nan", ".inf", "-.inf", "5e1", "1_000", "0x1F", "0o17",
    "yes", "no", "~", "null", "''", '""', "[]", "{}", "[", "{", "}", "*undefined", "&anchor", "!!binary aGk=",
    "!!python/object/apply:os.system ['echo pwned']", "!!set {a, b}", "!!timestamp 2001-12-14",
    "08:61", "25:00", "-08:00", "12:00:00", '"\\e[31mred"', '"\\u202eevil"', '"=HYPERLINK(1)"', "'@SUM(1)'",
    "x" * 300, '"\\x00"', "|", ">-", "? complex", "- item", "a: b: c", "<<: *x",
]  # fmt: skip
STRAY = ["\t", ":", "-", "#", "&", "*", "!", "|", ">", "'", '"', "[", "]", "{", "}", ",", "%", "@", "`", "\\",
         "\x1b", "\u202e", "\u00a0", "\ufeff", "é", "\r", "\n", "  "]  # fmt: skip

Mutation = Callable[[random.Random, list[str]], list[str]]


def _delete(rng: random.Random, lines: list[str]) -> list[str]:
    del lines[rng.randrange(len(lines))]
    return lines


def _duplicate(rng: random.Random, lines: list[str]) -> list[str]:
    i = rng.randrange(len(lines))
    lines.insert(i + rng.choice([0, 1, 2]), lines[i])  # often a repeated key
    return lines


def _swap(rng: random.Random, lines: list[str]) -> list[str]:
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return lines


def _junk_value(rng: random.Random, lines: list[str]) -> list[str]:
    keyed = [i for i, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("#")]
    if keyed:
        i = rng.choice(keyed)
        key, _, _ = lines[i].partition(": ")
        lines[i] = f"{key}: {rng.choice(JUNK)}"
    return lines


def _stray(rng: random.Random, lines: list[str]) -> list[str]:
    i = rng.randrange(len(lines))
    at = rng.randrange(len(lines[i]) + 1)
    lines[i] = lines[i][:at] + rng.choice(STRAY) + lines[i][at:]
    return lines


def _indent(rng: random.Random, lines: list[str]) -> list[str]:
    i = rng.randrange(len(lines))
    lines[i] = ("  " + lines[i]) if rng.random() < 0.5 else lines[i][2:]
    return lines


def _alias(rng: random.Random, lines: list[str]) -> list[str]:
    keyed = [i for i, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("#")]
    if len(keyed) >= 2:
        i, j = sorted(rng.sample(keyed, 2))
        key, _, value = lines[i].partition(": ")
        lines[i] = f"{key}: &fz {value}"
        lines[j] = lines[j].partition(": ")[0] + ": *fz"
    return lines


def _cut(rng: random.Random, lines: list[str]) -> list[str]:
    return lines[: rng.randrange(1, len(lines) + 1)]


MUTATIONS: list[Mutation] = [_delete, _duplicate, _swap, _junk_value, _stray, _indent, _alias, _cut]


def mutated_file(rng: random.Random) -> tuple[str, bytes]:
    """A damaged copy of a bundled scenario: its name and content."""
    source = rng.choice(SOURCES)
    lines = source.read_text(encoding="utf-8").splitlines()
    for _ in range(rng.randint(1, 3)):
        lines = rng.choice(MUTATIONS)(rng, lines) or ["#"]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if rng.random() < 0.05:  # a stray byte: perhaps no longer UTF-8
        at = rng.randrange(len(data))
        data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
    return source.name, data


@pytest.mark.parametrize("batch", range(BATCHES))
def test_mutated_scenario_files_load_or_fail_cleanly(tmp_path: Path, batch: int) -> None:
    for source in SOURCES:  # the parents that redesigns extend
        shutil.copy(source, tmp_path / source.name)
    rng = random.Random(BASE_SEED * 1_000 + batch)
    outcomes = {"valid": 0, "refused": 0}
    simulated = 0
    for k in range(FILES_PER_BATCH):
        name, data = mutated_file(rng)
        path = tmp_path / f"fuzz-{k:03d}-{name}"
        path.write_bytes(data)
        with deadline(f"{path.name} (seed {BASE_SEED}, batch {batch})"):
            try:
                scenario = load_scenario(path)
            except ScenarioError as error:
                outcomes["refused"] += 1
                lines = error.lines()
                assert lines and all(line.startswith(str(tmp_path)) for line in lines), (path.name, lines)
                assert not any("\x1b" in line or "\u202e" in line for line in lines), (path.name, lines)
                continue
            assert isinstance(scenario, Scenario)
            outcomes["valid"] += 1
            if simulated < SIMULATED_PER_BATCH:
                simulated += 1
                simulate(scenario, seed=batch, rep=0)
    assert outcomes["valid"] > 0 and outcomes["refused"] > FILES_PER_BATCH // 3, outcomes
