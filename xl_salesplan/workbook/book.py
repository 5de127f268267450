"""One workbook interface, two backends: a file on disk and a live Excel workbook.

Actions (build plan, optimise budget, ...) read and write through :class:`Book`
and never know which backend they have:

- :class:`FileBook` works on an ``.xlsx``/``.xlsm`` file with no Excel: it reads
  cached values, each sheet parsed once
  (:mod:`~xl_salesplan.ooxml.worksheet_reader`), and writes by patching only the cells
  it is asked to write (:mod:`~xl_salesplan.ooxml.cell_patch`); every other
  part of the package stays byte-identical; :meth:`FileBook.save` is atomic.
- :class:`ExcelBook` works on an open workbook through xlwings
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

import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd

from xl_salesplan.ooxml.atomic import atomic_write
from xl_salesplan.ooxml.cell_patch import array_formula_cells, last_row_number, patch_cells
from xl_salesplan.ooxml.cell_values import (
    CellError,
    Formula,
    Grid,
    as_grid,
    check_value,
    excel_value,
)
from xl_salesplan.ooxml.package import Package
from xl_salesplan.ooxml.reading import frame_from_columns, frame_from_rows, normalise_value
from xl_salesplan.ooxml.references import (
    format_range,
    parse_cell,
    parse_range,
    split_sheet_reference,
)
from xl_salesplan.ooxml.sheet_scan import ScannedCells, scan_cells
from xl_salesplan.ooxml.structure import (
    DefinedName,
    SheetInfo,
    TableInfo,
    WorkbookStructure,
    defined_name_range,
    find_defined_name,
)
from xl_salesplan.ooxml.workbook_edits import (
    dynamic_array_metadata_index,
    refuse_writes_under_merges,
    remove_calc_chain_cells,
    resize_table_part,
    set_defined_name_range,
)
from xl_salesplan.ooxml.workbook_errors import PlanningError, WorkbookError
from xl_salesplan.ooxml.worksheet_reader import (
    SheetCells,
    block,
    date_styles,
    read_cells,
    read_shared_strings,
)
from xl_salesplan.workbook.table_resize import follow_table, table_plan

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
            raise WorkbookError(
                f"{len(grid)}x{len(grid[0])} values do not fit the name {name!r} "
                f"({rows}x{cols} cells)",
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
        raise WorkbookError(
            f"no sheet called {sheet!r} (the workbook has {listed})", code="unknown_sheet"
        )

    def _table_areas(self) -> list[tuple[str, str, str]]:
        """(name, sheet, ``A1:B2``) of every table: where they are, not their columns."""
        return [(t.name, t.sheet, t.ref) for t in map(self.table_info, self.table_names())]

    def _table_plan(self, table: TableInfo, frame: pd.DataFrame) -> tuple[str, Grid, int]:
        return table_plan(self, table, frame)

    def _follow_table(self, table: TableInfo, last_row: int) -> None:
        follow_table(self, table, last_row)


def _absolute_range(r1: int, c1: int, r2: int, c2: int) -> str:
    first, last = format_range(r1, c1, r1, c1), format_range(r2, c2, r2, c2)
    return "$" + re.sub(r"(\d+)", r"$\1", first) + ":$" + re.sub(r"(\d+)", r"$\1", last)


def _located_grid(grid: Grid, sheet: str, ref: str) -> tuple[int, int, Grid]:
    """Top-left (row, col) of the write, checking the shape against a range ``ref``."""
    r1, c1, r2, c2 = parse_range(ref)
    if ":" in ref and (r2 - r1 + 1, c2 - c1 + 1) != (len(grid), len(grid[0])):
        raise WorkbookError(
            f"{len(grid)}x{len(grid[0])} values do not match the range "
            f"({r2 - r1 + 1}x{c2 - c1 + 1} cells)",
            code="shape_mismatch",
            sheet=sheet,
            cell=ref,
        )
    return r1, c1, grid


def _same_file(a: Path, b: Path) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


class FileBook(Book):
    """A workbook file on disk; writes touch only the written cells; saves are atomic.

    Parameters
    ----------
    path : path-like
        The ``.xlsx``/``.xlsm`` file. It is read once; :meth:`save` replaces it.
    """

    def __init__(self, path: str | os.PathLike[str], *, package: Package | None = None) -> None:
        self.path = Path(path)
        self.package = package if package is not None else Package.open(path)
        self.structure = WorkbookStructure(self.package)
        self._pending: dict[str, dict[tuple[int, int], object]] = {}
        # each sheet parsed once (down to the lowest row asked for), until it is written
        self._cells: dict[str, tuple[ScannedCells | SheetCells, int | None]] = {}
        self._strings: list[str] | None = None
        self._dates: frozenset[int] | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> FileBook:
        """Open the workbook file at ``path``."""
        return cls(path)

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.structure.sheets]

    def read_range(self, sheet: str, ref: str) -> Grid:
        info = self.structure.sheet(sheet)
        self._flush()
        if info.part is None or info.kind != "worksheet":
            return block({}, ref)
        r1, c1, r2, c2 = parse_range(ref)
        cells = self._sheet_cells(info, r2)
        if isinstance(cells, ScannedCells):
            return cells.block(r1, c1, r2, c2)
        return block(cells, ref)

    def read_table(self, name: str) -> pd.DataFrame:
        table = self.table_info(name)
        r1, c1, r2, c2 = table.data_bounds
        info = self.structure.sheet(table.sheet)
        self._flush()
        if r2 < r1 or info.part is None or len(table.columns) != c2 - c1 + 1:
            return super().read_table(name)
        cells = self._sheet_cells(info, r2)
        if not isinstance(cells, ScannedCells):
            return super().read_table(name)
        return frame_from_columns(
            [cells.column(c, r1, r2) for c in range(c1, c2 + 1)],
            [str(c) for c in table.columns],
            sheet=table.sheet,
            first_row=r1,
            first_column=c1,
        )

    def _sheet_cells(self, info: SheetInfo, last: int) -> ScannedCells | SheetCells:
        """The cells of a sheet down to row ``last`` at least, parsed once and kept.

        The first read stops below the rows it needs (a short table beside a long one
        is read without the long one); a read further down parses the sheet in full.
        Plain sheets are scanned into arrays (:mod:`~xl_salesplan.ooxml.sheet_scan`),
        any other with the full parser.
        """
        assert info.part is not None
        cached = self._cells.get(info.part)
        if cached is not None and (cached[1] is None or last <= cached[1]):
            return cached[0]
        limit = last if cached is None else None
        data = self.package.read(info.part)
        strings, dates = self._shared_strings(), self._date_styles()
        date1904 = self.structure.date1904
        cells: ScannedCells | SheetCells | None = scan_cells(
            data, strings=strings, dates=dates, date1904=date1904, part=info.part, last_row=limit
        )
        if cells is None:
            cells = read_cells(data, strings=strings, dates=dates, date1904=date1904,
                               sheet=info.name, part=info.part, last_row=limit)  # fmt: skip
        self._cells[info.part] = (cells, limit)
        return cells

    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            parts = self.package.related(self.structure.workbook_part, "sharedStrings")
            self._strings = (
                read_shared_strings(self.package.read(parts[0]), part=parts[0]) if parts else []
            )
        return self._strings

    def _date_styles(self) -> frozenset[int]:
        if self._dates is None:
            parts = self.package.related(self.structure.workbook_part, "styles")
            self._dates = (
                date_styles(self.package.read(parts[0]), part=parts[0]) if parts else (frozenset())
            )
        return self._dates

    def name_range(self, name: str) -> tuple[str, str]:
        return self.structure.name_range(name)

    def table_info(self, name: str) -> TableInfo:
        return self.structure.table(name)

    def table_names(self) -> list[str]:
        return [t.name for t in self.structure.tables]

    def write_range(self, sheet: str, ref: str, values: object) -> None:
        name = self.structure.sheet(sheet).name
        row0, col0, grid = _located_grid(as_grid(values), name, ref)
        writes = self._pending.setdefault(self.structure.worksheet_part(name), {})
        for i, row in enumerate(grid):
            for j, value in enumerate(row):
                writes[(row0 + i, col0 + j)] = value

    def write_array_formula(
        self, sheet: str, cell: str, formula: str, cached: object, *, spill: bool = True
    ) -> str:
        name = self.structure.sheet(sheet).name
        cm = dynamic_array_metadata_index(self.package, self.structure) if spill else None
        cells = array_formula_cells(cell, Formula(formula), as_grid(cached), dynamic_cm=cm)
        self._pending.setdefault(self.structure.worksheet_part(name), {}).update(cells)
        rows = [r for r, _ in cells]
        cols = [c for _, c in cells]
        return format_range(min(rows), min(cols), max(rows), max(cols))

    def write_table(self, name: str, frame: pd.DataFrame) -> None:
        table = self.structure.table(name)
        ref, block, last_row = self._table_plan(table, frame)
        self.write_range(table.sheet, ref, block)
        if last_row != table.bounds[2]:
            resize_table_part(self.package, table, last_row)
            self.structure = WorkbookStructure(self.package)
            self._follow_table(table, last_row - table.totals_rows)

    def set_name_range(self, name: str, sheet: str, ref: str) -> None:
        set_defined_name_range(
            self.package, self.structure, name, self.structure.sheet(sheet).name, ref
        )
        self.structure = WorkbookStructure(self.package)

    def _defined_names(self) -> list[DefinedName]:
        return list(self.structure.names)

    def _last_used_row(self, sheet: str) -> int | None:
        self._flush()
        return last_row_number(self.package.read(self.structure.worksheet_part(sheet)))

    def save(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Write the workbook atomically to ``path`` (default: the file it was read from).

        Nothing is written when nothing changed and the target is the original file.
        """
        self._flush()
        target = Path(path) if path is not None else self.path
        unchanged = not self.package.changed_parts() and not self.package.removed_parts()
        if unchanged and target == self.path:
            return
        expected = self.package.state if _same_file(target, self.path) else None
        atomic_write(target, self.package.to_bytes(), on_progress=on_progress, expected=expected)

    def close(self) -> None:
        self._cells.clear()

    def _flush(self) -> None:
        if not self._pending:
            return
        by_part = {s.part: s for s in self.structure.sheets}
        for part, writes in self._pending.items():
            sheet = by_part[part]
            refuse_writes_under_merges(self.package.read(part), writes, sheet=sheet.name)
            result = patch_cells(
                self.package.read(part),
                writes,
                sheet=sheet.name,
                date1904=self.structure.date1904,
            )
            self.package.write(part, result.xml)
            self._cells.pop(part, None)
            remove_calc_chain_cells(
                self.package, self.structure, sheet.sheet_id, set(result.formulas_removed)
            )
        self._pending.clear()


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
        address = _absolute_range(r1, c1, r2, c2)
        for item in self.book.names:
            if item.name.lower() == name.lower():
                item.refers_to = f"={quoted}!{address}"
                return
        raise WorkbookError(f"has no defined name {name!r}", code="unknown_name")

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
        listed = ", ".join(repr(n) for n in self.table_names()) or "none"
        raise WorkbookError(f"no table called {name!r} (tables: {listed})", code="unknown_table")

    # ---------------------------------------------------------------- writing
    def write_range(self, sheet: str, ref: str, values: object) -> None:
        name = self._sheet_name(sheet)
        row0, col0, grid = _located_grid(as_grid(values), name, ref)
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
