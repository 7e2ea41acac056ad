"""Keyed random streams: the basis of common random numbers.

Replication ``rep`` of seed ``seed`` draws each kind of randomness (no-shows,
punctuality, each step's duration, ...) from its own stream, addressed by a stable
*name* rather than by position. Adding a new kind of randomness, or a step to a
pathway, never shifts the numbers another stream produces, so patient #17 of
replication 5 is the same person in the baseline and in every redesign.

The name is turned into an integer by a fixed hash (BLAKE2b), never by Python's
``hash`` (which changes between processes).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np


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
