"""Opening a workbook file for a command: the guards first, then the book.

:func:`edit_workbook` is how a command that writes opens its workbook: the file
must not be open in Excel or LibreOffice, the command holds the writer lock for
the whole read-compute-save (a second writer waits, then stops with one line),
and the file must be a plan workbook, not a share copy. :func:`read_workbook` is
the same for commands that only read (no lock). The save itself checks that the
file did not change since it was read (:class:`~xl_salesplan.ooxml.file_guard.FileState`).

Examples
--------
>>> import pathlib, tempfile
>>> from xl_salesplan.demo import sample_plan
>>> path = sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm")
>>> with edit_workbook(path) as book:
...     book.write_value("Assumptions", "B8", 0.25)
...     book.save()
>>> read_workbook(path).read_value("Assumptions", "B8")
0.25
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from xl_salesplan.ooxml.file_guard import (
    LOCK_WAIT_SECONDS,
    check_not_open_elsewhere,
    check_regular_file,
    writer_lock,
)
from xl_salesplan.workbook.book import FileBook
from xl_salesplan.workbook.share_copy import refuse_share_copy

__all__ = ["edit_workbook", "read_workbook"]


def read_workbook(path: str | os.PathLike[str]) -> FileBook:
    """Open the plan workbook at ``path`` for reading (refused if open elsewhere or a
    share copy)."""
    check_not_open_elsewhere(path)
    book = FileBook.open(path)
    refuse_share_copy(book.package)
    return book


@contextlib.contextmanager
def edit_workbook(
    path: str | os.PathLike[str], *, wait: float = LOCK_WAIT_SECONDS
) -> Iterator[FileBook]:
    """The plan workbook at ``path``, opened under its writer lock (see the module notes)."""
    check_regular_file(path)  # before the lock: no lock file beside a device or in a folder
    check_not_open_elsewhere(path)
    with writer_lock(path, wait=wait):
        book = read_workbook(path)
        try:
            yield book
        finally:
            book.close()
