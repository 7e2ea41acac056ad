"""Keyed random streams: the basis of common random numbers.

Replication ``rep`` of seed ``seed`` draws each kind of randomness (no-shows,
punctuality, each step's duration, ...) from its own stream, addressed by a stable
*name* rather than by position. Adding a new kind of randomness, or a step to a
pathway, never shifts the numbers another stream produces, so patient #17 of
replication 5 is the same person in the baseline and in every redesign.

The name is turned into an integer by a fixed hash (BLAKE2b), never by Python's
``hash`` (which changes between processes).

A day draws from some thirty streams, and building numpy's ``SeedSequence``, ``PCG64``
and ``Generator`` for each cost ~20 µs: a seventh of simulating the benchmark clinic's
day. :func:`uniforms` gives the very same numbers for a fraction of that: it computes the
state ``SeedSequence`` would hand to ``PCG64`` (the seed's and the replication's part
once per day), sets it on one reusable generator and draws. :class:`Streams` goes further
for a day whose stream names are known in advance: it works out all their states in one
numpy pass over the names (the mixing is the same 32-bit arithmetic for every name). The
tests hold both to ``stream(...).random(n)`` bit for bit.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


@lru_cache(maxsize=4096)
def stream_key(name: str) -> int:
    """A stable 63-bit integer for a stream name (cached: a day asks for the same few names)."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


def stream(seed: int, rep: int, name: str) -> np.random.Generator:
    """The random generator of stream ``name`` in replication ``rep`` of ``seed``."""
    if seed < 0 or rep < 0:
        raise ValueError(f"seed and rep must be >= 0, got seed={seed}, rep={rep}")
    # What ``np.random.default_rng(seed_sequence)`` builds, without its argument checks.
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(rep, stream_key(name)))))


def uniforms(seed: int, rep: int, name: str, n: int, start: int = 0) -> FloatArray:
    """Uniforms ``start .. start + n - 1`` of stream ``name``, cheaply.

    ``uniforms(seed, rep, name, n)`` is ``stream(seed, rep, name).random(n)``; with
    ``start`` it is what ``random`` would give after ``start`` numbers were drawn (a
    stream's numbers never depend on how many are asked for at a time).
    """
    _check(seed, rep)
    return _draw(_pcg64_state(seed, rep, stream_key(name)), n, start)


class Streams:
    """The keyed streams of replication ``rep`` of ``seed``, for one simulated day.

    ``Streams(seed, rep, names).uniforms(name, n)`` is ``uniforms(seed, rep, name, n)``;
    the states of ``names`` are worked out together up front (about a tenth of the cost
    of doing them one by one), any other name on demand.

    Examples
    --------
    >>> day = Streams(1, 0, ["show/dr_a", "punctuality/dr_a"])
    >>> bool((day.uniforms("show/dr_a", 3) == uniforms(1, 0, "show/dr_a", 3)).all())
    True
    """

    __slots__ = ("_rep", "_seed", "_states")

    def __init__(self, seed: int, rep: int, names: Sequence[str] = ()) -> None:
        _check(seed, rep)
        self._seed, self._rep = seed, rep
        unique, keys = _unique_keys(tuple(names))
        self._states = dict(zip(unique, _pcg64_states(seed, rep, keys), strict=True))

    def uniforms(self, name: str, n: int, start: int = 0) -> FloatArray:
        """Uniforms ``start .. start + n - 1`` of stream ``name`` (as :func:`uniforms`)."""
        state = self._states.get(name)
        if state is None:
            state = self._states[name] = _pcg64_state(self._seed, self._rep, stream_key(name))
        return _draw(state, n, start)


def _check(seed: int, rep: int) -> None:
    if seed < 0 or rep < 0:
        raise ValueError(f"seed and rep must be >= 0, got seed={seed}, rep={rep}")


def _draw(state: tuple[int, int], n: int, start: int) -> FloatArray:
    """``n`` doubles of the PCG64 stream whose (state, increment) is ``state``, from number ``start``."""
    reusable: _Reusable | None = getattr(_per_thread, "reusable", None)
    if reusable is None:  # one per thread: the app runs experiments in threads
        reusable = _per_thread.reusable = _Reusable()
    bits = reusable.bits
    bits.state = {
        "bit_generator": "PCG64",
        "state": {"state": state[0], "inc": state[1]},
        "has_uint32": 0,
        "uinteger": 0,
    }
    if start:
        bits.advance(start)  # one 64-bit step per double drawn
    values: FloatArray = reusable.generator.random(n)
    return values


class _Reusable:
    """A PCG64 and its Generator, re-seeded for every stream drawn (not shared between threads)."""

    def __init__(self) -> None:
        self.bits = np.random.PCG64(0)
        self.generator = np.random.Generator(self.bits)


_per_thread = threading.local()

# numpy's SeedSequence (after M. E. O'Neill's seed_seq_fe): a pool of four 32-bit words,
# hash constants that advance with every word hashed, and its mixing function.
_POOL = 4
_M32 = 0xFFFFFFFF
_INIT_A, _MULT_A = 0x43B0D7E5, 0x931E8875
_INIT_B, _MULT_B = 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R = 0xCA01F9DD, 0x4973F715
# PCG64: a 128-bit linear congruential generator with this multiplier.
_PCG_MULT = 0x2360ED051FC65DA44385DF649FCCF645
_M128 = (1 << 128) - 1


_HASH_B = [_INIT_B * pow(_MULT_B, i, 1 << 32) & _M32 for i in range(2 * _POOL + 1)]  # generating the state


def _words(value: int) -> list[int]:
    """``value`` as 32-bit words, least significant first (zero is one word)."""
    words = [value & _M32]
    value >>= 32
    while value:
        words.append(value & _M32)
        value >>= 32
    return words


def _hash_constant(k: int) -> int:
    """The constant the k-th word hashed into the pool meets: INIT_A * MULT_A**k (mod 2**32)."""
    return _INIT_A * pow(_MULT_A, k, 1 << 32) & _M32


def _hash(value: int, k: int) -> int:
    """The k-th word hashed into the pool (only cached callers: the pool of a seed, of a day, of a name)."""
    value = (value ^ _hash_constant(k)) * _hash_constant(k + 1) & _M32
    return value ^ value >> 16


def _mix(x: int, y: int) -> int:
    value = (_MIX_L * x - _MIX_R * y) & _M32
    return value ^ value >> 16


def _mixed_in(pool: list[int], words: list[int], k: int) -> int:
    """Mix ``words`` into every pool word, hashing from constant ``k``; the next ``k``."""
    for word in words:
        for dst in range(_POOL):
            pool[dst] = _mix(pool[dst], _hash(word, k))
            k += 1
    return k


@lru_cache(maxsize=64)
def _seed_pool(seed: int) -> tuple[tuple[int, ...], int]:
    """The pool after the seed's words (padded to the pool size, as a spawn key follows)."""
    entropy = _words(seed)
    entropy += [0] * (_POOL - len(entropy))
    pool = [_hash(entropy[i], i) for i in range(_POOL)]
    k = _POOL
    for src in range(_POOL):
        for dst in range(_POOL):
            if src != dst:
                pool[dst] = _mix(pool[dst], _hash(pool[src], k))
                k += 1
    k = _mixed_in(pool, entropy[_POOL:], k)
    return tuple(pool), k


@lru_cache(maxsize=64)
def _day_pool(seed: int, rep: int) -> tuple[tuple[int, ...], int]:
    """The pool after the seed and the first word of the spawn key, the replication."""
    seeded, k = _seed_pool(seed)
    pool = list(seeded)
    k = _mixed_in(pool, _words(rep), k)
    return tuple(pool), k


@lru_cache(maxsize=4096)
def _hashed_words(value: int, k: int) -> tuple[int, ...]:
    """The words of ``value`` hashed from constant ``k``, once per pool word (as mixing them in does)."""
    words = _words(value)
    return tuple(_hash(word, k + i * _POOL + dst) for i, word in enumerate(words) for dst in range(_POOL))


def _pcg64_state(seed: int, rep: int, key: int) -> tuple[int, int]:
    """PCG64's (state, increment) seeded by ``SeedSequence(seed, spawn_key=(rep, key))``.

    Written out flat (this runs some thirty times a day): the stream key's words are
    mixed into the day's pool, the pool yields four 64-bit words, and PCG64 seeds
    itself from those as ``pcg64_set_seed`` does.
    """
    day, k = _day_pool(seed, rep)
    pool = list(day)
    for i, hashed in enumerate(_hashed_words(key, k)):
        value = (_MIX_L * pool[i % _POOL] - _MIX_R * hashed) & _M32
        pool[i % _POOL] = value ^ value >> 16
    words = []
    for i in range(2 * _POOL):  # SeedSequence.generate_state(4, np.uint64), as 32-bit words
        value = (pool[i % _POOL] ^ _HASH_B[i]) * _HASH_B[i + 1] & _M32
        words.append(value ^ value >> 16)
    initial = words[1] << 96 | words[0] << 64 | words[3] << 32 | words[2]
    sequence = words[5] << 96 | words[4] << 64 | words[7] << 32 | words[6]
    increment = (sequence << 1 | 1) & _M128
    return ((increment + initial) * _PCG_MULT + increment) & _M128, increment


def _pcg64_states(seed: int, rep: int, keys: tuple[int, ...]) -> list[tuple[int, int]]:
    """:func:`_pcg64_state` of every key, computed together with numpy (same numbers).

    Keys with the same number of 32-bit words (almost all have two) are mixed into the
    day's pool as columns of one array; 32-bit products are exact in 64-bit words, and
    wrap-around above bit 32 is masked away as in the scalar code.
    """
    states: list[tuple[int, int]] = [(0, 0)] * len(keys)
    day, k = _day_pool(seed, rep)
    for at, hashed in _hashed_groups(keys, k):
        pool = np.repeat(np.array(day, dtype=np.uint64)[:, None], len(at), axis=1)
        for w in range(len(hashed)):
            mixed = (_U_MIX_L * pool - _U_MIX_R * hashed[w]) & _U_M32
            pool = mixed ^ mixed >> _U_16
        words = (pool[_GENERATE_FROM] ^ _U_HASH_B[:-1]) * _U_HASH_B[1:] & _U_M32
        words ^= words >> _U_16
        halves = (words[[1, 3, 5, 7]] << _U_32 | words[[0, 2, 4, 6]]).tolist()  # initial hi, lo; sequence hi, lo
        for i, high, low, seq_high, seq_low in zip(at, *halves, strict=True):
            increment = ((seq_high << 64 | seq_low) << 1 | 1) & _M128
            states[i] = (((increment + (high << 64 | low)) * _PCG_MULT + increment) & _M128, increment)
    return states


@lru_cache(maxsize=256)
def _unique_keys(names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """``names`` without repeats, and their stream keys (a scenario's day asks for the same names every day)."""
    unique = tuple(dict.fromkeys(names))
    return unique, tuple(stream_key(name) for name in unique)


@lru_cache(maxsize=64)  # one per scenario and size of (seed, rep): a huge clinic's entry is megabytes
def _hashed_groups(keys: tuple[int, ...], k: int) -> list[tuple[list[int], np.ndarray[Any, np.dtype[np.uint64]]]]:
    """The keys' positions grouped by word count, with :func:`_hashed_words` as (word, pool word, key) arrays."""
    by_width: dict[int, list[int]] = {}
    for i, key in enumerate(keys):
        by_width.setdefault(len(_words(key)), []).append(i)
    groups = []
    for width, at in by_width.items():
        rows = np.array([_hashed_words(keys[i], k) for i in at], dtype=np.uint64).reshape(len(at), width, _POOL)
        groups.append((at, np.ascontiguousarray(rows.transpose(1, 2, 0))))
    return groups


_U_M32, _U_16, _U_32 = np.uint64(_M32), np.uint64(16), np.uint64(32)
_U_MIX_L, _U_MIX_R = np.uint64(_MIX_L), np.uint64(_MIX_R)
_U_HASH_B = np.array(_HASH_B, dtype=np.uint64)[:, None]
_GENERATE_FROM = [i % _POOL for i in range(2 * _POOL)]  # generate_state reads the pool round and round
