"""One workbook interface, two backends: a file on disk and a live Excel workbook.

Actions (build plan, optimise budget, ...) read and write through :class:`Book`
(:mod:`~xl_salesplan.workbook.book_interface`) and never know which backend they have;
this module names them all:

- :class:`FileBook` (:mod:`~xl_salesplan.workbook.file_book`) works on an
  ``.xlsx``/``.xlsm`` file with no Excel: it reads cached values, each sheet once
  (scanned into arrays, :mod:`~xl_salesplan.ooxml.sheet_scan`), and writes by patching
  only the cells it is asked to write (:mod:`~xl_salesplan.ooxml.cell_patch`); every
  other part of the package stays byte-identical; :meth:`FileBook.save` is atomic.
- :class:`ExcelBook` (:mod:`~xl_salesplan.workbook.excel_book`) works on an open
  workbook through xlwings
  (``xw.Book.caller()`` in a ribbon macro), with the small set of xlwings calls
  listed in its docstring.

Values read are normalised alike (numbers ``float``, text ``str``, ``bool``,
``datetime``, ``None`` for blanks, :class:`CellError` for errors). Values written:
the same kinds plus :class:`Formula`; text is always written as text, never as a
formula, whatever it looks like.

Examples
--------
>>> import tempfile, pathlib, xlsxwriter
>>> path = pathlib.Path(tempfile.mkdtemp()) / "plan.xlsx"
>>> wb = xlsxwriter.Workbook(path); ws = wb.add_worksheet("targets")
>>> _ = ws.write_row("A1", ["region", "target"]), ws.write_row("A2", ["North", 100])
>>> wb.close()
>>> with FileBook.open(path) as book:
...     book.write_range("targets", "B2", [[120], [Formula("=B2*2", 240)]])
...     book.write_value("targets", "A3", "=HYPERLINK(\\"x\\")")
...     book.save()
>>> FileBook.open(path).read_frame("targets", "A1:B3")
            region  target
0            North   120.0
1  =HYPERLINK("x")   240.0
"""

from __future__ import annotations

from xl_salesplan.ooxml.cell_values import CellError, Formula, as_grid
from xl_salesplan.ooxml.structure import TableInfo
from xl_salesplan.ooxml.workbook_errors import PlanningError, WorkbookError
from xl_salesplan.workbook.book_interface import Book
from xl_salesplan.workbook.excel_book import ExcelBook
from xl_salesplan.workbook.file_book import FileBook

__all__ = [
    "Book",
    "CellError",
    "ExcelBook",
    "FileBook",
    "Formula",
    "PlanningError",
    "TableInfo",
    "WorkbookError",
    "as_grid",
]
