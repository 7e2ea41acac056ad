"""Replications on an existing Dask cluster (``--scheduler tcp://HOST:PORT``).

When one machine is not enough, a Dask scheduler deals chunks of replications to
workers on other machines. Each worker must have the same flowsim installed; the
results are the same tables, bit for bit, as a local run.

Dask is an optional extra: it is imported only when a scheduler is asked for, and a
missing install or an unreachable scheduler is reported as one clear
:class:`ExecutorError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from flowsim.experiment.errors import ExecutorError
from flowsim.experiment.replication import Chunk, ChunkResult, run_chunk

CONNECT_TIMEOUT_S = 5
SCHEMES = ("tcp", "tls", "ws", "wss", "ucx", "inproc")
_ADDRESS = re.compile(
    r"^(?:(?P<scheme>[a-z]+)://)?(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::(?P<port>\d{1,5}))?/?$"
)


def check_address(address: str) -> str:
    """``address`` if it reads as a scheduler address (``tcp://HOST:PORT``), else :class:`ExecutorError`.

    Checked before Dask sees it: a malformed address would otherwise fail deep inside
    Dask's client (and its clean-up print a traceback).
    """
    match = _ADDRESS.match(address)
    scheme_ok = match is not None and (match["scheme"] or "tcp") in SCHEMES
    port_ok = match is not None and (match["port"] is None or 0 < int(match["port"]) < 65536)
    if not (scheme_ok and port_ok):
        raise ExecutorError(
            f"--scheduler: expected the address of a Dask scheduler such as tcp://HOST:PORT "
            f"(schemes: {', '.join(SCHEMES)}), got {address!r}"
        )
    return address


def connect(address: str, timeout_s: float = CONNECT_TIMEOUT_S) -> Any:
    """A ``distributed.Client`` connected to the scheduler at ``address``.

    Raises
    ------
    ExecutorError
        If Dask is not installed, or no scheduler answers at ``address`` within ``timeout_s``.
    """
    try:
        from distributed import Client
    except ImportError as exc:
        raise ExecutorError(
            "--scheduler needs Dask distributed, which is not installed: install flowsim[dask] "
            "(pip install 'flowsim[dask]')"
        ) from exc
    try:
        return Client(address, timeout=f"{timeout_s}s", set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise ExecutorError(
            f"cannot reach the Dask scheduler at {address} within {timeout_s:g} s "
            f"({type(exc).__name__}: {exc}); is `dask scheduler` running there?"
        ) from exc


class DaskRunner:
    """Runs chunks on the workers of an existing Dask cluster; connects on first use."""

    def __init__(self, address: str) -> None:
        self.address = check_address(address)
        self._client: Any = None
        self.workers = 1

    def _connected(self) -> Any:
        if self._client is None:
            self._client = connect(self.address)
            self.workers = max(1, sum(self._client.nthreads().values()))
        return self._client

    def open(self) -> None:
        """Connect now (so that an unreachable scheduler is reported before any work)."""
        self._connected()

    def run(self, chunks: Sequence[Chunk]) -> Iterator[ChunkResult]:
        """Results of every chunk, in completion order."""
        from distributed import as_completed

        client = self._connected()
        futures = client.map(run_chunk, list(chunks), pure=False)
        try:
            for future in as_completed(futures, loop=client.loop):  # type: ignore[no-untyped-call]  # not the default client
                yield future.result()
        finally:
            client.cancel(futures)

    def close(self) -> None:
        """Disconnect from the scheduler (the cluster keeps running)."""
        if self._client is not None:
            self._client.close()
            self._client = None
