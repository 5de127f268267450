"""Atomic file writes: a temporary file in the same folder, fsync, then one rename.

The new content is written to ``.~<name>.<pid>.<random>.xlsp-tmp`` next to the
target, flushed to disk (``fsync``), given the target's permission bits and then
moved over the target with :func:`os.replace`, which is atomic on one file system.
The target therefore holds either the old content or the new content, never a
mix: an error, a full disk or a killed process leaves the original untouched.

A process killed between creating the temporary file and the rename leaves the
temporary file behind. Its name says what it is; the next write to the same
target deletes such leftovers whose process is gone (:func:`remove_stale_temp_files`).

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> target = folder / "plan.xlsx"
>>> atomic_write(target, b"first")
>>> atomic_write(target, b"second")
>>> target.read_bytes(), sorted(p.name for p in folder.iterdir())
(b'second', ['plan.xlsx'])
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from xl_salesplan.messages import Text
from xl_salesplan.ooxml.file_guard import FileState, check_writable
from xl_salesplan.ooxml.workbook_errors import WorkbookError

__all__ = [
    "TEMP_SUFFIX",
    "atomic_write",
    "atomic_write_stream",
    "remove_stale_temp_files",
    "temp_file_pattern",
]

TEMP_SUFFIX = ".xlsp-tmp"
_CHUNK = 1 << 20


def temp_file_pattern(target: str | os.PathLike[str]) -> str:
    """Glob pattern of the temporary files of ``target`` (in the same folder).

    Examples
    --------
    >>> temp_file_pattern("out/plan.xlsm")
    '.~plan.xlsm.*.xlsp-tmp'
    """
    return f".~{Path(target).name}.*{TEMP_SUFFIX}"


def atomic_write(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    on_progress: Callable[[int, int], None] | None = None,
    chunk_size: int = _CHUNK,
    expected: FileState | None = None,
) -> None:
    """Replace the file at ``path`` by ``data`` atomically.

    A read-only target is not replaced; a device such as ``/dev/null`` is written to
    directly (there is nothing to keep); other special files are refused.

    Parameters
    ----------
    path : path-like
        The target file (a symbolic link is followed: the file it points to is replaced).
    data : bytes
        The complete new content.
    on_progress : callable, optional
        Called as ``on_progress(bytes_written, total)`` after each chunk reaches the
        temporary file (a progress bar; tests use it to interrupt a write midway).
    chunk_size : int
        Bytes per chunk.
    expected : FileState, optional
        What the target was when it was read: checked just before the rename, and
        the write is refused if the file changed meanwhile.

    Raises
    ------
    WorkbookError
        If the folder is missing or not writable, or the target is locked (for
        example, open in Excel on Windows). The original file is unchanged.

    Examples
    --------
    >>> atomic_write("/nonexistent-folder/x.xlsx", b"")
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: /nonexistent-folder/x.xlsx: the folder
    does not exist
    """

    def write(fh: BinaryIO) -> None:
        total = len(data)
        step = max(int(chunk_size), 1)
        view = memoryview(data)
        for start in range(0, total, step):
            fh.write(view[start : start + step])
            if on_progress is not None:
                fh.flush()
                on_progress(min(start + step, total), total)

    atomic_write_stream(path, write, expected=expected)


def atomic_write_stream(
    path: str | os.PathLike[str],
    write: Callable[[BinaryIO], None],
    *,
    expected: FileState | None = None,
) -> None:
    """Replace the file at ``path`` atomically by what ``write(file)`` writes.

    As :func:`atomic_write`, for content made while it is written (a package whose
    large parts are rewritten chunk by chunk): ``write`` gets the temporary file, open
    for binary writing and seekable. If ``write`` raises, the target is unchanged.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.bin"
    >>> atomic_write_stream(target, lambda fh: fh.write(b"made while written"))
    >>> target.read_bytes()
    b'made while written'
    """
    target = Path(os.path.realpath(os.fspath(path)))
    folder = target.parent
    if not folder.is_dir():
        raise WorkbookError.of("file.folder_missing", code="write_failed", part=str(path))
    if _write_to_device(target, write):
        return
    check_writable(target)
    outcome = Text("file.outcome_unchanged" if target.exists() else "file.outcome_nothing")
    remove_stale_temp_files(target)
    try:
        fd, temp_name = tempfile.mkstemp(
            prefix=f".~{target.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=folder
        )
    except OSError as exc:
        raise WorkbookError.of(
            "file.cannot_write_folder", code="write_failed", part=str(path), reason=exc.strerror
        ) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        _copy_mode(target, temp)
        if expected is not None:
            expected.check_unchanged(target)
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, PermissionError):
            raise WorkbookError.of(
                "file.cannot_replace",
                code="file_locked",
                part=str(path),
            ) from None
        if isinstance(exc, OSError):
            raise WorkbookError.of(
                "file.write_failed",
                reason=exc.strerror or str(exc),
                outcome=outcome,
                code="write_failed",
                part=str(path),
            ) from None
        raise
    _sync_folder(folder)


def _write_to_device(target: Path, write: Callable[[BinaryIO], None]) -> bool:
    """Write straight into a character device (``/dev/null``, through a seekable buffer);
    refuse other special files. False for a regular or missing file (the atomic path)."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return False
    if stat.S_ISREG(mode):
        return False
    if not stat.S_ISCHR(mode):
        kind = Text("file.kind_folder" if stat.S_ISDIR(mode) else "file.kind_special")
        raise WorkbookError.of("file.not_a_file_to_write", code="not_a_file", part=str(target),
                               kind=kind)  # fmt: skip
    buffer = io.BytesIO()
    write(buffer)
    with open(target, "wb") as fh:
        fh.write(buffer.getvalue())
    return True


def remove_stale_temp_files(target: str | os.PathLike[str]) -> list[Path]:
    """Delete temporary files of ``target`` left by writers that no longer run.

    A file is stale when the process id in its name is not running (on Windows,
    when it can be deleted at all: a file still being written is locked there).
    Files of this process are left alone. Returns the deleted paths.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> leftover = folder / ".~plan.xlsx.999999999.abc.xlsp-tmp"
    >>> _ = leftover.write_bytes(b"half")
    >>> [p.name for p in remove_stale_temp_files(folder / "plan.xlsx")]
    ['.~plan.xlsx.999999999.abc.xlsp-tmp']
    """
    target = Path(target)
    removed = []
    for candidate in target.parent.glob(temp_file_pattern(target)):
        middle = candidate.name[len(f".~{target.name}.") : -len(TEMP_SUFFIX)]
        pid_text = middle.split(".", 1)[0]
        if not pid_text.isdigit() or int(pid_text) == os.getpid():
            continue
        if sys.platform != "win32" and _process_alive(int(pid_text)):
            continue
        try:
            candidate.unlink()
        except OSError:
            continue
        removed.append(candidate)
    return removed


def _process_alive(pid: int) -> bool:
    if pid <= 0 or pid > 0x7FFFFFFF:
        return False
    try:
        os.kill(pid, 0)  # POSIX only: signal 0 checks existence, sends nothing
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return False
    return True


def _copy_mode(target: Path, temp: Path) -> None:
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temp, mode)


def _sync_folder(folder: Path) -> None:
    """Flush the rename to disk (POSIX); a no-op where folders cannot be opened."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
