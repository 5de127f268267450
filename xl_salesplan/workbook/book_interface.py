"""The workbook interface the actions use: :class:`Book`, whatever holds the workbook.

Two backends implement it: :class:`~xl_salesplan.workbook.file_book.FileBook` (a file
on disk) and :class:`~xl_salesplan.workbook.excel_book.ExcelBook` (a workbook open in
Excel); :mod:`~xl_salesplan.workbook.book` names them all.

Examples
--------
>>> located_grid([[1, 2]], "plan", "B2:C2")
(2, 2, [[1, 2]])
>>> absolute_range(2, 1, 9, 3)
'$A$2:$C$9'
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from types import TracebackType

import pandas as pd

from xl_salesplan.ooxml.cell_values import Grid, as_grid
from xl_salesplan.ooxml.reading import frame_from_rows
from xl_salesplan.ooxml.references import format_range, parse_range
from xl_salesplan.ooxml.structure import DefinedName, TableInfo
from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.workbook.table_resize import follow_table, table_plan

__all__ = ["Book", "absolute_range", "located_grid"]


class Book(ABC):
    """A workbook the actions read from and write to. Rows/columns are A1 references."""

    # ---------------------------------------------------------------- reading
    @abstractmethod
    def sheet_names(self) -> list[str]:
        """The sheet names in workbook order."""

    @abstractmethod
    def read_range(self, sheet: str, ref: str) -> Grid:
        """The values of ``ref`` (``"B2:D9"`` or ``"B2"``) on ``sheet`` as a 2-D list."""

    @abstractmethod
    def name_range(self, name: str) -> tuple[str, str]:
        """``(sheet, "A1:B2")`` of a defined name (``"Name"`` or ``"Sheet!Name"``)."""

    @abstractmethod
    def table_info(self, name: str) -> TableInfo:
        """Where the Excel table ``name`` is, and its column names."""

    @abstractmethod
    def table_names(self) -> list[str]:
        """Names of the workbook's Excel tables."""

    def read_value(self, sheet: str, cell: str) -> object:
        """The value of one cell."""
        return self.read_range(sheet, cell)[0][0]

    def read_frame(self, sheet: str, ref: str, *, header: bool = True) -> pd.DataFrame:
        """A DataFrame of ``ref`` (first row as header) -- see ``reading.frame_from_rows``."""
        r1, c1, _, _ = parse_range(ref)
        return frame_from_rows(
            self.read_range(sheet, ref),
            sheet=self._sheet_name(sheet),
            first_row=r1,
            first_column=c1,
            header=header,
        )

    def read_name(self, name: str, *, header: bool = True) -> pd.DataFrame:
        """A DataFrame of the range a defined name refers to."""
        sheet, ref = self.name_range(name)
        return self.read_frame(sheet, ref, header=header)

    def read_table(self, name: str) -> pd.DataFrame:
        """A DataFrame of an Excel table's data rows, columns named as in the table."""
        table = self.table_info(name)
        r1, c1, r2, c2 = table.data_bounds
        if r2 < r1:
            return frame_from_rows(
                [table.columns], sheet=table.sheet, first_row=r1 - 1, first_column=c1
            )
        rows = self.read_range(table.sheet, format_range(r1, c1, r2, c2))
        return frame_from_rows(
            rows,
            sheet=table.sheet,
            first_row=r1,
            first_column=c1,
            header=False,
            columns=table.columns,
        )

    # ---------------------------------------------------------------- writing
    @abstractmethod
    def write_range(self, sheet: str, ref: str, values: object) -> None:
        """Write ``values`` (see :func:`as_grid`) at ``ref``.

        ``ref`` is the top-left cell, or a range whose shape must match the values.
        Text is written as text; only :class:`Formula` values become formulas.
        """

    @abstractmethod
    def write_array_formula(
        self, sheet: str, cell: str, formula: str, cached: object, *, spill: bool = True
    ) -> str:
        """Write an array formula at ``cell`` with its results ``cached`` (2-D).

        ``spill=True`` writes a dynamic (spilling) array formula, ``False`` a legacy
        Ctrl+Shift+Enter array. Returns the range the results cover.
        """

    @abstractmethod
    def write_table(self, name: str, frame: pd.DataFrame) -> None:
        """Replace the data rows of Excel table ``name`` by ``frame`` (resizing the table).

        ``frame`` must have exactly the table's columns (any order, names
        case-insensitive). Rows no longer used are blanked.
        """

    @abstractmethod
    def save(self) -> None:
        """Make the writes permanent (a file is replaced atomically; live Excel: nothing)."""

    @abstractmethod
    def set_name_range(self, name: str, sheet: str, ref: str) -> None:
        """Point the workbook-level defined name ``name`` at ``ref`` on ``sheet``."""

    @abstractmethod
    def _defined_names(self) -> list[DefinedName]:
        """Every defined name of the workbook."""

    def _last_used_row(self, sheet: str) -> int | None:
        """A row below which ``sheet`` holds nothing, when known cheaply (else None)."""
        return None

    def write_value(self, sheet: str, cell: str, value: object) -> None:
        """Write one cell."""
        self.write_range(sheet, cell, [[value]])

    def write_name(self, name: str, values: object) -> None:
        """Write into the range of a defined name; cells the values do not reach are blanked.

        Raises
        ------
        WorkbookError
            If the values are larger than the named range.
        """
        sheet, ref = self.name_range(name)
        r1, c1, r2, c2 = parse_range(ref)
        grid = as_grid(values)
        rows, cols = r2 - r1 + 1, c2 - c1 + 1
        if len(grid) > rows or len(grid[0]) > cols:
            raise WorkbookError.of(
                "file.values_do_not_fit_name",
                size=f"{len(grid)}x{len(grid[0])}",
                name=name,
                cells=f"{rows}x{cols}",
                code="shape_mismatch",
                sheet=sheet,
                cell=ref,
            )
        full: Grid = [[None] * cols for _ in range(rows)]
        for i, row in enumerate(grid):
            full[i][: len(row)] = row
        self.write_range(sheet, ref, full)

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (files held open by readers)."""

    def __enter__(self) -> Book:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ---------------------------------------------------------------- helpers
    def _sheet_name(self, sheet: str) -> str:
        for name in self.sheet_names():
            if name.lower() == sheet.lower():
                return name
        listed = ", ".join(repr(n) for n in self.sheet_names())
        raise WorkbookError.of("file.unknown_sheet", name=sheet, listed=listed)

    def _table_areas(self) -> list[tuple[str, str, str]]:
        """(name, sheet, ``A1:B2``) of every table: where they are, not their columns."""
        return [(t.name, t.sheet, t.ref) for t in map(self.table_info, self.table_names())]

    def _table_plan(self, table: TableInfo, frame: pd.DataFrame) -> tuple[str, Grid, int]:
        return table_plan(self, table, frame)

    def _follow_table(self, table: TableInfo, last_row: int) -> None:
        follow_table(self, table, last_row)


def absolute_range(r1: int, c1: int, r2: int, c2: int) -> str:
    """``$A$1:$B$2``: a range with every row and column fixed."""
    first, last = format_range(r1, c1, r1, c1), format_range(r2, c2, r2, c2)
    return "$" + re.sub(r"(\d+)", r"$\1", first) + ":$" + re.sub(r"(\d+)", r"$\1", last)


def located_grid(grid: Grid, sheet: str, ref: str) -> tuple[int, int, Grid]:
    """Top-left (row, col) of the write, checking the shape against a range ``ref``."""
    r1, c1, r2, c2 = parse_range(ref)
    if ":" in ref and (r2 - r1 + 1, c2 - c1 + 1) != (len(grid), len(grid[0])):
        raise WorkbookError.of(
            "file.values_do_not_match_range",
            size=f"{len(grid)}x{len(grid[0])}",
            cells=f"{r2 - r1 + 1}x{c2 - c1 + 1}",
            code="shape_mismatch",
            sheet=sheet,
            cell=ref,
        )
    return r1, c1, grid
