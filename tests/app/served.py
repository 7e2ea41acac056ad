"""A served app for the browser tests: start ``streamlit run`` on a free port, inspect its sockets.

The socket checks read Linux's ``/proc``: which TCP sockets a process holds (by inode,
from ``/proc/PID/fd``) and their state and addresses (``/proc/net/tcp`` and ``tcp6``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flowsim.app_pages.server import OPEN_BROWSER_ENV

READY_S = 90
HEALTH_POLL_S = 0.05  # short: the app's benchmark opens the page as soon as the server answers
LISTEN, CLOSE_WAIT = "0A", "08"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_healthy(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + READY_S
    while time.monotonic() < deadline:
        assert server.poll() is None, "streamlit exited before it was ready"
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(HEALTH_POLL_S)
    raise AssertionError(f"the app did not become healthy within {READY_S} s")


def _without_browser(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment without flowsim app's wish to open a browser (a developer's shell may have it)."""
    return {name: value for name, value in environ.items() if name != OPEN_BROWSER_ENV}


@dataclass
class Served:
    """A running app: its address, port, server process and log file."""

    url: str
    port: int
    server: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def serve(command: Sequence[str], port: int, folder: Path, env: dict[str, str] | None = None) -> Iterator[Served]:
    """Run ``command`` (a streamlit server on ``port``) in ``folder`` with a private HOME until the block ends."""
    home = folder / "home"
    home.mkdir(exist_ok=True)
    log_path = folder / "streamlit.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            list(command), env={**_without_browser(os.environ), "HOME": str(home), **(env or {})}, stdout=log,
            stderr=subprocess.STDOUT, cwd=folder,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}"
            wait_healthy(url, server)
            yield Served(url, port, server, log_path)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@dataclass(frozen=True)
class TcpSocket:
    """One TCP socket: local and remote (address, port), state (hex as in /proc), inode."""

    local: tuple[str, int]
    remote: tuple[str, int]
    state: str
    inode: int


def _address(text: str) -> tuple[str, int]:
    host, port = text.split(":")
    raw = bytes.fromhex(host)
    if len(raw) == 4:
        return socket.inet_ntop(socket.AF_INET, raw[::-1]), int(port, 16)
    words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))  # /proc prints each 32-bit word reversed
    return socket.inet_ntop(socket.AF_INET6, words), int(port, 16)


def tcp_sockets() -> dict[int, TcpSocket]:
    """Every TCP socket of this network namespace, by inode."""
    found: dict[int, TcpSocket] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        lines = Path(table).read_text().splitlines()[1:]
        for line in lines:
            fields = line.split()
            sock = TcpSocket(_address(fields[1]), _address(fields[2]), fields[3], int(fields[9]))
            found[sock.inode] = sock
    return found


def socket_inodes(pid: int) -> set[int]:
    """Inodes of the sockets process ``pid`` holds open."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue  # closed meanwhile
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    return inodes


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children, their children, ...)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def held_server_sockets(pid: int, port: int) -> list[TcpSocket]:
    """TCP sockets of the server's port (listening or connected) that process ``pid`` holds."""
    sockets = tcp_sockets()
    return [sockets[i] for i in socket_inodes(pid) if i in sockets and sockets[i].local[1] == port]
