"""Resizing an Excel table: the cells to write, room below it, lists that follow it.

:func:`table_plan` turns a DataFrame into the block of cells that replaces a table's
data rows (old rows no longer used are blanked) and the table's new last row. A
table grows only over empty cells: another table or any value below it (an output
block's title, a planner's note) refuses the write with a message naming the cell,
and nothing is written. :func:`follow_table` stretches the defined names that list
one column of the table's data (the lists that validate key columns), so they still
cover every row after it grew. Both backends of :class:`~xl_salesplan.workbook.book.Book`
use these, so a file and live Excel refuse and follow alike.

Examples
--------
>>> import tempfile, pathlib, xlsxwriter
>>> from xl_salesplan.workbook.book import FileBook
>>> path = pathlib.Path(tempfile.mkdtemp()) / "t.xlsx"
>>> wb = xlsxwriter.Workbook(path); ws = wb.add_worksheet("s")
>>> _ = ws.add_table("A1:A3", {"name": "T", "columns": [{"header": "k"}]})
>>> _ = wb.define_name("Keys", "=s!$A$2:$A$3"), ws.write("A6", "note"); wb.close()
>>> book = FileBook.open(path)
>>> book.write_table("T", pd.DataFrame({"k": ["a", "b", "c"]}))
>>> book.name_range("Keys")
('s', 'A2:A4')
>>> book.write_table("T", pd.DataFrame({"k": list("abcdef")}))
Traceback (most recent call last):
...
xl_salesplan.ooxml.workbook_errors.WorkbookError: s!A6: table 'T' cannot grow to row 7: the \
cell A6 below it is not empty; move what is below the table or make room, then try again
"""

from __future__ import annotations

from typing import Protocol

import pandas as pd

from xl_salesplan.ooxml.cell_values import Grid, as_grid
from xl_salesplan.ooxml.references import format_range, parse_range
from xl_salesplan.ooxml.structure import DefinedName, TableInfo, defined_name_range
from xl_salesplan.ooxml.workbook_errors import WorkbookError


class Book(Protocol):
    """What these functions use of a :class:`~xl_salesplan.workbook.book.Book`."""

    def sheet_names(self) -> list[str]: ...
    def read_range(self, sheet: str, ref: str) -> Grid: ...
    def set_name_range(self, name: str, sheet: str, ref: str) -> None: ...
    def _table_areas(self) -> list[tuple[str, str, str]]: ...
    def _last_used_row(self, sheet: str) -> int | None: ...
    def _defined_names(self) -> list[DefinedName]: ...


__all__ = ["follow_table", "table_plan"]


def table_plan(book: Book, table: TableInfo, frame: pd.DataFrame) -> tuple[str, Grid, int]:
    """(range to write, block of values, new last row) to put ``frame`` in ``table``.

    The block covers the new data rows and any old data rows to blank.
    """
    if not isinstance(frame, pd.DataFrame):
        raise WorkbookError.of(
            "file.table.not_a_frame", code="bad_value", sheet=table.sheet, cell=table.ref
        )
    by_key = {str(c).lower(): c for c in frame.columns}
    wanted = [c.lower() for c in table.columns]
    missing = [c for c, k in zip(table.columns, wanted, strict=True) if k not in by_key]
    extra = [str(c) for k, c in by_key.items() if k not in wanted]
    if missing or extra or len(by_key) != len(frame.columns):
        raise WorkbookError.of(
            "file.table.column_mismatch",
            table=table.name,
            columns=list(table.columns),
            missing=missing,
            extra=extra,
            code="column_mismatch",
            sheet=table.sheet,
            cell=table.ref,
        )
    ordered = frame[[by_key[k] for k in wanted]]
    grid = as_grid(ordered) if len(ordered) else []
    r1, c1, r2, c2 = table.bounds
    first = r1 + table.header_rows
    old_last = r2 - table.totals_rows
    new_last = first + max(len(grid), 1) - 1
    if table.totals_rows and new_last != old_last:
        raise WorkbookError.of(
            "file.table.totals_row",
            table=table.name,
            rows=old_last - first + 1,
            count=len(grid),
            code="table_resize",
            sheet=table.sheet,
            cell=table.ref,
        )
    for other_name, other_sheet, other_ref in book._table_areas():
        o1, p1, o2, p2 = parse_range(other_ref)
        if (
            other_name != table.name
            and other_sheet == table.sheet
            and (o1 <= new_last and o2 >= r1 and p1 <= c2 and p2 >= c1)
        ):
            raise WorkbookError.of(
                "file.table.table_in_the_way",
                table=table.name,
                last=new_last,
                other=other_name,
                code="table_resize",
                sheet=table.sheet,
                cell=other_ref,
            )
    if new_last > old_last:
        _check_room(book, table, old_last + 1, new_last)
    width = c2 - c1 + 1
    block = grid or [[None] * width]
    block += [[None] * width for _ in range(old_last - new_last)]
    ref = format_range(first, c1, first + len(block) - 1, c2)
    return ref, block, new_last + table.totals_rows


def _check_room(book: Book, table: TableInfo, first: int, last: int) -> None:
    """Refuse to grow ``table`` over rows ``first..last`` when a cell there holds something."""
    _, c1, _, c2 = table.bounds
    used = book._last_used_row(table.sheet)
    last_read = last if used is None else min(last, used)
    if last_read < first:
        return
    area = book.read_range(table.sheet, format_range(first, c1, last_read, c2))
    for i, row in enumerate(area):
        for j, value in enumerate(row):
            if value not in (None, ""):
                raise WorkbookError.of(
                    "file.table.cell_in_the_way",
                    table=table.name,
                    last=last,
                    below=format_range(first + i, c1 + j, first + i, c1 + j),
                    code="table_resize",
                    sheet=table.sheet,
                    cell=format_range(first + i, c1 + j, first + i, c1 + j),
                )


def follow_table(book: Book, table: TableInfo, last_row: int) -> None:
    """Stretch names over one column of ``table``'s data (list ranges) to ``last_row``."""
    sheets = book.sheet_names()
    r1, c1, r2, c2 = table.data_bounds
    for entry in book._defined_names():
        if entry.local_sheet is not None:
            continue
        try:
            sheet, ref = defined_name_range(entry, sheets)
        except WorkbookError:
            continue
        n1, m1, n2, m2 = parse_range(ref)
        if (
            sheet.lower() == table.sheet.lower()
            and n1 == r1
            and m1 == m2
            and c1 <= m1 <= c2
            and r2 <= n2 < last_row
        ):
            book.set_name_range(entry.name, sheet, format_range(n1, m1, last_row, m1))
