"""Nothing lost to another program: the guards around reading and replacing a workbook file.

- Only regular files are read (a device such as ``/dev/zero`` or a named pipe is
  refused at once, without blocking on it): :func:`read_regular_file`.
- A workbook open in Excel (its owner file ``~$name`` beside it) or LibreOffice
  (``.~lock.name#``) is refused: what is on screen is not what is on disk, and
  the application would overwrite our changes: :func:`check_not_open_elsewhere`.
- One command changes a workbook at a time: commands that write hold an advisory
  lock file (``.~name.xlsp-lock`` beside the workbook, through the ``filelock``
  library, on Windows, macOS and Linux); a second writer waits up to
  :data:`LOCK_WAIT_SECONDS` and then stops with one line: :func:`writer_lock`.
- Just before the atomic rename the file must still be the one that was read (same
  size, modification time and SHA-256): :class:`FileState`.
- A read-only file is not replaced: :func:`check_writable`.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> book = folder / "plan.xlsm"
>>> _ = book.write_bytes(b"PK")
>>> read_regular_file(book)
b'PK'
>>> _ = (folder / "~$plan.xlsm").write_bytes(b"")
>>> check_not_open_elsewhere(book)
Traceback (most recent call last):
...
xl_salesplan.ooxml.workbook_errors.WorkbookError: plan.xlsm: is open in Excel (its owner
file ~$plan.xlsm is beside it); save and close it in Excel, then run the command again (if
Excel is not running, delete ~$plan.xlsm)
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import filelock

from xl_salesplan.ooxml.workbook_errors import WorkbookError

__all__ = [
    "LOCK_WAIT_SECONDS",
    "FileState",
    "check_not_open_elsewhere",
    "check_regular_file",
    "check_writable",
    "lock_file",
    "read_regular_file",
    "writer_lock",
]

LOCK_WAIT_SECONDS = 10.0
"""How long a command waits for another command writing the same workbook."""


@dataclass(frozen=True)
class FileState:
    """What a file was when it was read: size, modification time (ns) and SHA-256.

    Examples
    --------
    >>> FileState.of_bytes(b"abc", mtime_ns=1).size
    3
    """

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of_bytes(cls, data: bytes, *, mtime_ns: int) -> FileState:
        """The state of a file whose content is ``data``."""
        return cls(len(data), mtime_ns, hashlib.sha256(data).hexdigest())

    def check_unchanged(self, path: str | os.PathLike[str]) -> None:
        """Refuse if the file at ``path`` is no longer what was read.

        Raises
        ------
        WorkbookError
            If it was removed, or its size, time or content changed.
        """
        name = os.path.basename(os.fspath(path))
        try:
            now = os.stat(path)
        except FileNotFoundError:
            now = None
        same = now is not None and now.st_size == self.size and now.st_mtime_ns == self.mtime_ns
        if same:
            with open(path, "rb") as fh:
                same = hashlib.file_digest(fh, "sha256").hexdigest() == self.sha256
        if not same:
            raise WorkbookError.of("file.changed_on_disk", part=name)


def read_regular_file(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> bytes:
    """The bytes of the regular file at ``path``; anything else is refused without blocking.

    Raises
    ------
    WorkbookError
        If the path is missing, a folder, a device, a named pipe or a socket, or
        larger than ``max_bytes``.

    Examples
    --------
    >>> read_regular_file("/dev/zero")
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: /dev/zero: is a device, not a workbook
    file
    """
    name = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(name, flags)
    except FileNotFoundError:
        raise WorkbookError.of("file.not_found", code="not_found", part=name) from None
    except IsADirectoryError:
        raise WorkbookError.of("file.is_folder", code="not_found", part=name) from None
    except PermissionError:
        raise WorkbookError.of("file.no_permission", code="no_permission", part=name) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise _not_a_file(info.st_mode, name)
    with os.fdopen(fd, "rb") as fh:
        if max_bytes is not None and info.st_size > max_bytes:
            raise WorkbookError.of(
                "file.too_large",
                size=info.st_size,
                limit=max_bytes,
                code="too_large",
                part=name,
            )
        return fh.read()


def check_regular_file(path: str | os.PathLike[str]) -> None:
    """Refuse a path that is not a regular file, without opening it.

    Examples
    --------
    >>> check_regular_file("/dev/null")
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: /dev/null: is a device, not a workbook file
    """
    name = os.fspath(path)
    try:
        mode = os.stat(name).st_mode
    except FileNotFoundError:
        raise WorkbookError.of("file.not_found", code="not_found", part=name) from None
    if not stat.S_ISREG(mode):
        raise _not_a_file(mode, name)


def _not_a_file(mode: int, name: str) -> WorkbookError:
    if stat.S_ISDIR(mode):
        kind = "folder"
    elif stat.S_ISFIFO(mode):
        kind = "pipe"
    elif stat.S_ISSOCK(mode):
        kind = "socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "device"
    else:
        kind = "other"
    return WorkbookError.of(f"file.not_a_file.{kind}", code="not_a_file", part=name)


def owner_files(path: str | os.PathLike[str]) -> list[tuple[Path, str]]:
    """The files beside ``path`` that say it is open: (file, application).

    Excel writes ``~$`` + the file name; LibreOffice ``.~lock.`` + the name + ``#``.

    Examples
    --------
    >>> [p.name for p, _ in owner_files("/nonexistent/plan.xlsm")]
    []
    """
    target = Path(path)
    name = target.name
    candidates = [(f"~${name}", "Excel"), (f".~lock.{name}#", "LibreOffice")]
    found = []
    for candidate, application in candidates:
        owner = target.with_name(candidate)
        if owner.is_file():
            found.append((owner, application))
    return found


def check_not_open_elsewhere(path: str | os.PathLike[str]) -> None:
    """Refuse a workbook that Excel or LibreOffice has open (see :func:`owner_files`).

    Raises
    ------
    WorkbookError
        Naming the application and the owner file.
    """
    found = owner_files(path)
    if not found:
        return
    owner, application = found[0]
    raise WorkbookError.of(
        "file.open_elsewhere", part=Path(path).name, application=application, owner=owner.name
    )


def check_writable(path: str | os.PathLike[str]) -> None:
    """Refuse to replace a file marked read-only (no write permission bit), even as root.

    Examples
    --------
    >>> check_writable("/nonexistent/new.xlsx")  # a new file: nothing to refuse
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode) and not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise WorkbookError.of("file.read_only", part=Path(path).name)


def lock_file(path: str | os.PathLike[str]) -> Path:
    """The advisory lock file of workbook ``path``: ``.~<name>.xlsp-lock`` beside it.

    Examples
    --------
    >>> lock_file("plans/plan.xlsm").as_posix()
    'plans/.~plan.xlsm.xlsp-lock'
    """
    target = Path(path)
    return target.with_name(f".~{target.name}.xlsp-lock")


@contextlib.contextmanager
def writer_lock(path: str | os.PathLike[str], *, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the writer lock of workbook ``path`` (waiting up to ``wait`` seconds for it).

    Raises
    ------
    WorkbookError
        If another command still holds it after ``wait`` seconds, or the lock file
        cannot be made in the folder.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> book = pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm"
    >>> with writer_lock(book):
    ...     with writer_lock(book, wait=0):
    ...         pass
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: plan.xlsm: another command is changing
    this workbook (waited 0 s); run this one again when it has finished
    """
    target = Path(os.path.realpath(os.fspath(path)))
    lock = filelock.FileLock(lock_file(target), timeout=max(float(wait), 0.0))
    try:
        lock.acquire()
    except filelock.Timeout:
        raise WorkbookError.of(
            "file.busy", code="workbook_busy", part=target.name, wait=f"{wait:g}"
        ) from None
    except OSError as exc:
        raise WorkbookError.of(
            "file.cannot_lock",
            reason=str(exc.strerror or exc),
            code="write_failed",
            part=target.name,
        ) from None
    try:
        yield
    finally:
        lock.release()
