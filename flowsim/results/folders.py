"""Sealed folders: written beside their destination, put in place whole or not at all.

A run folder (or a sweep being replaced) is built in a hidden staging folder next to
its destination, ``.NAME.partial-PID-XXXX``, and renamed into place only when complete.
A crash, a full disk or Ctrl-C leaves the destination as it was; a run killed outright
leaves its staging folder, which the next run into the same place removes (its process
id says the run is gone).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class OutputExistsError(FileExistsError):
    """The output folder already holds files and ``force`` was not given."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: output folder exists and is not empty (use --force to replace it)")
        self.path = path


class OutputPlaceError(OSError):
    """The output folder cannot be replaced where it is (the current folder, or one holding it)."""


class OutputWriteError(OSError):
    """Writing the run failed (a full disk, a file size limit, no permission); nothing was changed."""


def check_destination(out_dir: str | Path, force: bool) -> Path:
    """Refuse an output folder that cannot become a run folder, before any work is done.

    Returns the folder as an absolute, normalised path.

    Raises
    ------
    OutputExistsError
        It holds something and ``force`` is false.
    OutputPlaceError
        It is the current folder or contains it (or the root): it cannot be swapped for
        a new one, and replacing it would throw away what the user is working in. Or it
        is a plain file (see :func:`refuse_plain_file`), with or without ``force``.
    """
    refuse_plain_file(out_dir)
    out = Path(os.path.abspath(out_dir))
    here = Path(os.path.abspath(os.getcwd()))
    if out == here or out in here.parents or out.parent == out:
        raise OutputPlaceError(
            f"{out_dir}: cannot write a run into the current folder or one containing it; "
            "choose a new folder, e.g. --out results"
        )
    ancestor = next((p for p in out.parents if p.exists()), None)
    if ancestor is not None and not ancestor.is_dir():
        raise OutputPlaceError(f"{out_dir}: {ancestor} is a file, not a folder; choose another --out")
    if _is_nonempty(out) and not force:
        raise OutputExistsError(Path(out_dir))
    return out


def refuse_plain_file(out_dir: str | Path) -> None:
    """Refuse an output folder that names an existing file.

    ``--force`` replaces a run folder; a file there is something else the user keeps
    (a table, their notes), so it is never replaced, whatever ``force`` says.

    Raises
    ------
    OutputPlaceError
        ``out_dir`` exists and is not a folder.
    """
    if os.path.lexists(out_dir) and not os.path.isdir(out_dir):
        raise OutputPlaceError(
            f"{out_dir}: is a file, not a run folder; --out names a folder to write into "
            "(--force never replaces a file); choose another --out"
        )


def _is_nonempty(path: Path) -> bool:
    return path.exists() and (not path.is_dir() or any(path.iterdir()))


@contextmanager
def clear_write_errors(out: str | Path) -> Iterator[None]:
    """A failed write as one line naming the folder and the reason (the caller cleans up)."""
    try:
        yield
    except (OutputExistsError, OutputWriteError):
        raise
    except OSError as error:
        reason = _reason(error)
        full = reason in FULL_DISK
        hint = "Free some disk space or choose another --out" if full else "Choose another --out"
        message = f"{out}: could not write the run ({reason}); nothing was changed there. {hint}"
        raise OutputWriteError(message) from error


FULL_DISK = frozenset(os.strerror(code) for code in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT))


def _reason(error: OSError) -> str:
    """The system's words for ``error`` ("No space left on device"), also when pyarrow wrapped it."""
    code = re.search(r"\[errno (\d+)\]", str(error), flags=re.IGNORECASE)
    if code:
        return os.strerror(int(code.group(1)))
    return error.strerror or str(error) or type(error).__name__


def staging_folder(out: Path) -> Path:
    """A fresh staging folder beside ``out`` (to :func:`swap_into_place` when complete).

    Staging folders left beside ``out`` by killed runs are removed first.
    """
    with clear_write_errors(out):
        out.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_staging(out)
        return _fresh_dir(out, f"partial-{os.getpid()}")


def remove_stale_staging(out: Path) -> list[Path]:
    """Remove the staging folders of ``out`` whose run is gone (killed before it could clean up).

    A staging folder carries its process id in its name (``.NAME.partial-PID-XXXX``); one
    whose process still runs is left alone. Returns the folders removed.
    """
    pattern = re.compile(rf"^\.{re.escape(out.name)}\.partial-(\d+)-[0-9a-f]{{12}}$")
    removed = []
    for candidate in out.parent.iterdir() if out.parent.is_dir() else []:
        match = pattern.match(candidate.name)
        if match and candidate.is_dir() and not _process_runs(int(match.group(1))):
            shutil.rmtree(candidate, ignore_errors=True)
            removed.append(candidate)
    return removed


def _process_runs(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _fresh_dir(out: Path, purpose: str) -> Path:
    """A new hidden folder next to ``out`` (made with the user's umask, unlike mkdtemp's 0700)."""
    while True:
        candidate = out.parent / f".{out.name}.{purpose}-{uuid.uuid4().hex[:12]}"
        try:
            candidate.mkdir()
        except FileExistsError:
            continue
        return candidate


def swap_into_place(staging: Path, out: Path, force: bool) -> None:
    """Rename the finished staging folder to ``out``, setting any old content aside first."""
    if not out.exists():
        staging.rename(out)
        return
    if _is_nonempty(out) and not force:  # appeared while we were writing
        raise OutputExistsError(out)
    old = _fresh_dir(out, "old")
    aside = old / "run"
    out.rename(aside)
    try:
        staging.rename(out)
    except BaseException:
        aside.rename(out)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)
