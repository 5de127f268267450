"""A workbook open in Excel as a :class:`~xl_salesplan.workbook.book_interface.Book`."""

from __future__ import annotations

from typing import Any

import pandas as pd

from xl_salesplan.messages import Text
from xl_salesplan.ooxml.cell_values import Formula, Grid, as_grid, check_value, excel_value
from xl_salesplan.ooxml.reading import normalise_value
from xl_salesplan.ooxml.references import (
    format_range,
    parse_cell,
    parse_range,
    split_sheet_reference,
)
from xl_salesplan.ooxml.structure import (
    DefinedName,
    TableInfo,
    defined_name_range,
    find_defined_name,
)
from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.workbook.book_interface import Book, absolute_range, located_grid

__all__ = ["ExcelBook"]


class ExcelBook(Book):
    """A workbook open in Excel, driven through a classic xlwings ``Book``.

    In a ribbon macro: ``ExcelBook.caller()`` (``xw.Book.caller()``). Writes go
    straight into Excel; :meth:`save` does nothing (the user saves the workbook).

    The xlwings surface used is kept small on purpose; it is all a stand-in
    (the tests' in-memory fake) has to provide:

    - ``book.sheets``: iteration (``sheet.name``) and ``book.sheets[name]``
    - ``sheet.range(address)``
    - ``range.options(ndim=2, err_to_str=True).value`` to read
    - ``range.value = rows`` to write (2-D list; text prefixed with ``'`` so
      Excel stores it as text and never parses it as a formula, number or date)
    - ``range.formula = "=..."``, ``range.formula2 = "=..."`` (spilling arrays),
      ``range.formula_array = "=..."`` (legacy arrays)
    - ``book.names``: iteration, ``name.name`` and ``name.refers_to``
    - ``sheet.tables``: iteration, ``table.name``, ``table.range.address``,
      ``table.show_headers``, ``table.show_totals``, ``table.resize(range)``

    Cached values passed with formulas are not written: Excel computes them.
    """

    def __init__(self, book: Any) -> None:
        self.book = book

    @classmethod
    def caller(cls) -> ExcelBook:
        """The workbook that called the running RunPython macro."""
        import xlwings as xw

        return cls(xw.Book.caller())

    # ---------------------------------------------------------------- reading
    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.book.sheets]

    def _sheet(self, sheet: str) -> Any:
        return self.book.sheets[self._sheet_name(sheet)]

    def read_range(self, sheet: str, ref: str) -> Grid:
        r1, c1, r2, c2 = parse_range(ref)
        values = self._sheet(sheet).range(format_range(r1, c1, r2, c2))
        rows = values.options(ndim=2, err_to_str=True).value
        width = c2 - c1 + 1
        grid = [[normalise_value(v) for v in row] for row in rows or []]
        grid = [(row + [None] * width)[:width] for row in grid]
        while len(grid) < r2 - r1 + 1:
            grid.append([None] * width)
        return grid

    def name_range(self, name: str) -> tuple[str, str]:
        sheets = self.sheet_names()
        return defined_name_range(find_defined_name(self._defined_names(), sheets, name), sheets)

    def _defined_names(self) -> list[DefinedName]:
        folded = [s.lower() for s in self.sheet_names()]
        entries = []
        for item in self.book.names:
            scope, plain = split_sheet_reference(item.name)
            local = folded.index(scope.lower()) if scope and scope.lower() in folded else None
            entries.append(DefinedName(plain, item.refers_to or "", local))
        return entries

    def set_name_range(self, name: str, sheet: str, ref: str) -> None:
        r1, c1, r2, c2 = parse_range(ref)
        quoted = "'" + self._sheet_name(sheet).replace("'", "''") + "'"
        address = absolute_range(r1, c1, r2, c2)
        for item in self.book.names:
            if item.name.lower() == name.lower():
                item.refers_to = f"={quoted}!{address}"
                return
        raise WorkbookError.of("file.no_defined_name", code="unknown_name", name=name)

    def _tables(self) -> list[tuple[Any, Any]]:
        return [(sheet, table) for sheet in self.book.sheets for table in sheet.tables]

    def table_names(self) -> list[str]:
        return [table.name for _, table in self._tables()]

    def _table_areas(self) -> list[tuple[str, str, str]]:
        # Only the addresses: table_info would also read every header row from Excel.
        return [
            (table.name, sheet.name, format_range(*parse_range(table.range.address)))
            for sheet, table in self._tables()
        ]

    def table_info(self, name: str) -> TableInfo:
        for sheet, table in self._tables():
            if table.name.lower() != name.lower():
                continue
            r1, c1, r2, c2 = parse_range(table.range.address)
            headers = 1 if table.show_headers else 0
            if headers:
                row = self.read_range(sheet.name, format_range(r1, c1, r1, c2))[0]
                columns = tuple("" if v is None else str(v) for v in row)
            else:
                columns = tuple(f"Column{j}" for j in range(1, c2 - c1 + 2))
            return TableInfo(
                name=table.name,
                sheet=sheet.name,
                part="",
                ref=format_range(r1, c1, r2, c2),
                header_rows=headers,
                totals_rows=1 if table.show_totals else 0,
                columns=columns,
            )
        listed = ", ".join(repr(n) for n in self.table_names()) or Text("file.none")
        raise WorkbookError.of("file.unknown_table", code="unknown_table", name=name, listed=listed)

    # ---------------------------------------------------------------- writing
    def write_range(self, sheet: str, ref: str, values: object) -> None:
        name = self._sheet_name(sheet)
        row0, col0, grid = located_grid(as_grid(values), name, ref)
        formulas: list[tuple[str, Formula]] = []
        out: Grid = []
        for i, row in enumerate(grid):
            line = []
            for j, value in enumerate(row):
                where = format_range(row0 + i, col0 + j, row0 + i, col0 + j)
                if isinstance(value, Formula):
                    check_value(value, sheet=name, cell=where)
                    formulas.append((where, value))
                    line.append(None)
                else:
                    line.append(excel_value(value, name, where))
            out.append(line)
        target = self.book.sheets[name]
        full = format_range(row0, col0, row0 + len(grid) - 1, col0 + len(grid[0]) - 1)
        target.range(full).value = out
        for where, formula in formulas:
            target.range(where).formula = "=" + formula.body

    def write_array_formula(
        self, sheet: str, cell: str, formula: str, cached: object, *, spill: bool = True
    ) -> str:
        name = self._sheet_name(sheet)
        text = Formula(formula)
        check_value(text, sheet=name, cell=cell)
        grid = as_grid(cached)
        row0, col0 = parse_cell(cell)
        full = format_range(row0, col0, row0 + len(grid) - 1, col0 + len(grid[0]) - 1)
        target = self.book.sheets[name]
        if spill:
            target.range(format_range(row0, col0, row0, col0)).formula2 = "=" + text.body
        else:
            target.range(full).formula_array = "=" + text.body
        return full

    def write_table(self, name: str, frame: pd.DataFrame) -> None:
        table = self.table_info(name)
        ref, block, last_row = self._table_plan(table, frame)
        sheet = self.book.sheets[table.sheet]
        r1, c1, r2, c2 = table.bounds
        if last_row != r2:
            sheet_ref = format_range(r1, c1, last_row, c2)
            for _, candidate in self._tables():
                if candidate.name == table.name:
                    candidate.resize(sheet.range(sheet_ref))
        self.write_range(table.sheet, ref, block)
        if last_row != r2:
            self._follow_table(table, last_row - table.totals_rows)

    def save(self) -> None:
        """Nothing to do: the writes are already in the open workbook."""
