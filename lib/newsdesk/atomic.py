"""Write-then-rename helpers: a reader never sees a half-written file.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
>>> write_text(p, "hello")
>>> p.read_text()
'hello'
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return (stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP | stat.S_IWGRP | stat.S_IROTH | stat.S_IWOTH) & ~mask


# mkstemp creates 0600 files; finished files get the usual permissions (0644 under umask 022).
_FILE_MODE = _umask_mode()


@contextlib.contextmanager
def open_atomic(path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success fsync and rename it over ``path``.

    On any exception the temporary file is removed and ``path`` is left as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    binary = "b" in mode
    try:
        with os.fdopen(fd, mode, encoding=None if binary else encoding, newline=None if binary else "") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Atomically write ``text`` (UTF-8) to ``path``."""
    with open_atomic(path, "w") as fh:
        fh.write(text)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Atomically write ``data`` to ``path``."""
    with open_atomic(path, "wb") as fh:
        fh.write(data)


@contextlib.contextmanager
def path_atomic(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` for a library that writes by file name
    (pyarrow, pandas); on success rename it over ``path``, on any exception remove it.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class LockedError(RuntimeError):
    """Another process holds the lock; the message says which folder and process."""


class FolderError(OSError):
    """The folder a command writes to cannot be created or written (read-only, no permission)."""


@contextlib.contextmanager
def exclusive_lock(folder: str | os.PathLike[str], job: str) -> Iterator[Path]:
    """Hold an exclusive lock on ``folder`` for ``job`` (non-blocking, released on exit or death).

    Raises ``LockedError`` at once when another process holds it, ``FolderError`` when the
    folder cannot be created or written. On entry, temporary
    files left by a killed earlier run (``.*.tmp``) are removed.
    """
    import fcntl

    folder = Path(folder)
    lock_path = folder / ".newsdesk.lock"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fh = open(lock_path, "a+")
    except OSError as exc:
        raise FolderError(f"{folder}: cannot write there ({(exc.strerror or str(exc)).lower()}); "
                          f"choose a folder you can write to") from None
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.seek(0)
        holder = fh.read().strip() or "another process"
        fh.close()
        raise LockedError(f"{folder} is in use by {holder}; wait for it to finish, then run again") from None
    try:
        fh.seek(0)
        fh.truncate()
        fh.write(f"newsdesk {job} (pid {os.getpid()})")
        fh.flush()
        remove_stale_temp_files(folder)
        yield folder
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def remove_stale_temp_files(folder: str | os.PathLike[str], recursive: bool = False) -> list[Path]:
    """Delete ``.*.tmp`` files (left by a killed run) in ``folder`` (and below it with
    ``recursive``); return them."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    gone = []
    for p in folder.rglob(".*.tmp") if recursive else folder.glob(".*.tmp"):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
            gone.append(p)
    return gone
