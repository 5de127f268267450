"""A workbook file on disk as a :class:`~xl_salesplan.workbook.book_interface.Book`.

It reads cached values, each sheet once (scanned into arrays by
:mod:`~xl_salesplan.ooxml.sheet_scan`, else parsed by
:mod:`~xl_salesplan.ooxml.worksheet_reader`), tables straight into columns, and
writes by patching only the cells it is asked to write
(:mod:`~xl_salesplan.ooxml.cell_patch`); every other part of the package stays
byte-identical; :meth:`FileBook.save` is atomic.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from itertools import chain, product
from pathlib import Path

import pandas as pd

from xl_salesplan.ooxml.atomic import atomic_write
from xl_salesplan.ooxml.cell_patch import array_formula_cells, last_row_number, patch_cells
from xl_salesplan.ooxml.cell_values import Formula, Grid, as_grid
from xl_salesplan.ooxml.package import Package
from xl_salesplan.ooxml.reading import frame_from_columns
from xl_salesplan.ooxml.references import format_range, parse_range
from xl_salesplan.ooxml.sheet_outline import sheet_outline
from xl_salesplan.ooxml.sheet_scan import ScannedCells, scan_cells, scan_rest
from xl_salesplan.ooxml.structure import DefinedName, SheetInfo, TableInfo, WorkbookStructure
from xl_salesplan.ooxml.workbook_edits import (
    dynamic_array_metadata_index,
    refuse_writes_under_merges,
    remove_calc_chain_cells,
    resize_table_part,
    set_defined_name_range,
)
from xl_salesplan.ooxml.worksheet_reader import (
    SheetCells,
    block,
    date_styles,
    read_cells,
    read_shared_strings,
)
from xl_salesplan.workbook.book_interface import Book, located_grid

__all__ = ["FileBook"]


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
        columns = [cells.typed_column(c, r1, r2) for c in range(c1, c2 + 1)]
        return frame_from_columns(
            [values for values, _ in columns],
            [str(c) for c in table.columns],
            sheet=table.sheet,
            first_row=r1,
            first_column=c1,
            kinds=[kinds for _, kinds in columns],
        )

    def _sheet_cells(self, info: SheetInfo, last: int) -> ScannedCells | SheetCells:
        """The cells of a sheet down to row ``last`` at least, parsed once and kept.

        The first read stops below the rows it needs (a short table beside a long one
        is read without the long one); a read further down reads on from there (or
        parses the sheet in full when it was not scanned).
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
        cells: ScannedCells | SheetCells | None = None
        if cached is not None and isinstance(cached[0], ScannedCells):  # read on from there
            cells = scan_rest(data, cached[0], strings=strings, dates=dates, date1904=date1904)
            if cells is not None:
                self._cells[info.part] = (cells, None)
                return cells
        cells = scan_cells(
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
        row0, col0, grid = located_grid(as_grid(values), name, ref)
        writes = self._pending.setdefault(self.structure.worksheet_part(name), {})
        cells = product(range(row0, row0 + len(grid)), range(col0, col0 + len(grid[0])))
        writes.update(zip(cells, chain.from_iterable(grid), strict=True))  # row by row

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

    def current_package(self) -> Package:
        """The package with every write so far applied (to copy from it)."""
        self._flush()
        return self.package

    def _flush(self) -> None:
        if not self._pending:
            return
        by_part = {s.part: s for s in self.structure.sheets}
        for part, writes in self._pending.items():
            sheet = by_part[part]
            data = self.package.read(part)
            outline = sheet_outline(data, part=sheet.name)  # checked and located once
            refuse_writes_under_merges(data, writes, sheet=sheet.name, outline=outline)
            result = patch_cells(
                data, writes, sheet=sheet.name, date1904=self.structure.date1904, outline=outline
            )
            self.package.write(part, result.xml)
            self._cells.pop(part, None)
            remove_calc_chain_cells(
                self.package, self.structure, sheet.sheet_id, set(result.formulas_removed)
            )
        self._pending.clear()
