"""Keyed streams: the same key gives the same numbers, different keys independent ones."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowsim.rng import Streams, _pcg64_states, stream, stream_key, uniforms


def test_same_key_same_numbers_across_calls() -> None:
    np.testing.assert_array_equal(stream(7, 3, "show/dr_a").random(5), stream(7, 3, "show/dr_a").random(5))


def test_stream_key_is_fixed_across_processes() -> None:
    # A literal value: Python's hash() would change per process; this must never change,
    # or every stored result for a given seed would silently change too.
    assert stream_key("show/dr_a") == stream_key("show/dr_a")
    assert stream_key("show/dr_a") == 2199740949141311899


@pytest.mark.parametrize(
    ("a", "b"), [((1, 0, "x"), (1, 1, "x")), ((1, 0, "x"), (2, 0, "x")), ((1, 0, "x"), (1, 0, "y"))]
)
def test_different_keys_give_different_numbers(a: tuple[int, int, str], b: tuple[int, int, str]) -> None:
    assert not np.array_equal(stream(*a).random(4), stream(*b).random(4))


def test_adding_a_stream_does_not_shift_another() -> None:
    before = stream(5, 2, "punctuality/dr_b").random(3)
    stream(5, 2, "step:new_step/dr_b").random(100)
    np.testing.assert_array_equal(stream(5, 2, "punctuality/dr_b").random(3), before)


def test_negative_seed_refused() -> None:
    with pytest.raises(ValueError, match="seed and rep"):
        stream(-1, 0, "x")


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(0, 2**200),
    rep=st.integers(0, 2**70),
    name=st.text(max_size=30),
    n=st.integers(0, 100),
)
def test_uniforms_are_the_streams_numbers_bit_for_bit(seed: int, rep: int, name: str, n: int) -> None:
    np.testing.assert_array_equal(uniforms(seed, rep, name, n), stream(seed, rep, name).random(n))


@settings(max_examples=50, deadline=None)
@given(start=st.integers(0, 300), n=st.integers(0, 100))
def test_uniforms_from_start_continue_the_stream(start: int, n: int) -> None:
    generator = stream(3, 9, "book/dr_a")
    generator.random(start)
    np.testing.assert_array_equal(uniforms(3, 9, "book/dr_a", n, start=start), generator.random(n))


def test_uniforms_are_right_in_threads_drawing_at_once() -> None:
    def draw(worker: int) -> bool:
        return all(
            np.array_equal(uniforms(worker, rep, f"s{rep % 7}", 5), stream(worker, rep, f"s{rep % 7}").random(5))
            for rep in range(300)
        )

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(draw, range(8)))


def test_uniforms_refuse_a_negative_replication() -> None:
    with pytest.raises(ValueError, match="seed and rep"):
        uniforms(0, -1, "x", 3)


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(0, 2**200),
    rep=st.integers(0, 2**70),
    names=st.lists(st.text(max_size=12), max_size=8),
    other=st.text(max_size=12),
    start=st.integers(0, 100),
    n=st.integers(0, 40),
)
def test_a_days_streams_are_the_streams_numbers_bit_for_bit(
    seed: int, rep: int, names: list[str], other: str, start: int, n: int
) -> None:
    # the names seeded together up front, and a name asked for later on its own
    day = Streams(seed, rep, names)
    for name in [*names, other]:
        generator = stream(seed, rep, name)
        generator.random(start)
        np.testing.assert_array_equal(day.uniforms(name, n, start=start), generator.random(n))


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(0, 2**100),
    rep=st.integers(0, 2**40),
    keys=st.lists(st.one_of(st.integers(0, 2**32 - 1), st.integers(0, 2**63 - 1)), max_size=10),
)
def test_states_seeded_together_are_what_numpy_seeds(seed: int, rep: int, keys: list[int]) -> None:
    # keys of one and of two 32-bit words, mixed: they are seeded in separate groups
    expected = [np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(rep, key))).state["state"] for key in keys]
    got = [{"state": state, "inc": inc} for state, inc in _pcg64_states(seed, rep, tuple(keys))]
    assert got == expected


def test_a_days_streams_refuse_a_negative_seed() -> None:
    with pytest.raises(ValueError, match="seed and rep"):
        Streams(-1, 0, ["x"])
