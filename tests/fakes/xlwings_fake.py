"""An in-memory stand-in for a classic xlwings ``Book``, for the live-Excel backend's tests.

It implements only the xlwings calls ``ExcelBook`` uses (see its docstring);
anything else raises ``AttributeError``, so the tests also check that the layer
keeps to that small surface. Where Excel would interpret what is written, the
fake does too, in a simplified way:

- a string written through ``range.value`` that starts with ``'`` is stored as
  text without the apostrophe (Excel's prefix character);
- a string starting with ``=`` becomes a formula (as typing it in Excel would);
- a string that reads as a number, ``TRUE``/``FALSE`` or an error code becomes
  that number, boolean or error;
- numbers read back as ``float``; errors as ``None`` unless ``err_to_str=True``.

Formulas are recorded (``sheet.formulas``), not evaluated: their cells read as
``None`` unless a value was seeded with ``sheet.seed``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]+)$")
_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")


class FakeError:
    """An error value held by a fake cell."""

    def __init__(self, code: str) -> None:
        self.code = code

    def __repr__(self) -> str:
        return f"FakeError({self.code!r})"


def _column(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def _letters(column: int) -> str:
    out = ""
    while column:
        column, rem = divmod(column - 1, 26)
        out = chr(65 + rem) + out
    return out


def _bounds(address: str) -> tuple[int, int, int, int]:
    first, _, last = address.partition(":")
    m1 = _CELL.match(first)
    m2 = _CELL.match(last or first)
    if not m1 or not m2:
        raise ValueError(f"fake xlwings: unsupported address {address!r}")
    r1, c1 = int(m1.group(2)), _column(m1.group(1))
    r2, c2 = int(m2.group(2)), _column(m2.group(1))
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def _absolute(bounds: tuple[int, int, int, int]) -> str:
    r1, c1, r2, c2 = bounds
    first = f"${_letters(c1)}${r1}"
    return first if (r1, c1) == (r2, c2) else f"{first}:${_letters(c2)}${r2}"


def _typed_entry(value: Any) -> tuple[Any, str | None]:
    """(stored value, formula) for what a user or macro writes into a cell."""
    if isinstance(value, str):
        if value.startswith("'"):
            return value[1:], None
        if value.startswith("="):
            return None, value
        if value.upper() in ("TRUE", "FALSE"):
            return value.upper() == "TRUE", None
        if value in _ERRORS:
            return FakeError(value), None
        try:
            return float(value), None
        except ValueError:
            return (value if value else None), None
    if isinstance(value, bool) or value is None:
        return value, None
    if isinstance(value, (int, float)):
        return float(value), None
    if isinstance(value, dt.datetime):
        return value, None
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day), None
    raise TypeError(f"fake xlwings: cannot write {type(value).__name__}")


class FakeRange:
    def __init__(self, sheet: FakeSheet, bounds: tuple[int, int, int, int], **options: Any):
        self.sheet = sheet
        self._bounds = bounds
        self._options = options

    def options(self, **options: Any) -> FakeRange:
        unknown = set(options) - {"ndim", "err_to_str"}
        if unknown:
            raise TypeError(f"fake xlwings: options {sorted(unknown)} are not supported")
        return FakeRange(self.sheet, self._bounds, **options)

    @property
    def address(self) -> str:
        return _absolute(self._bounds)

    @property
    def value(self) -> Any:
        r1, c1, r2, c2 = self._bounds
        err_to_str = self._options.get("err_to_str", False)
        rows = []
        for r in range(r1, r2 + 1):
            row = []
            for c in range(c1, c2 + 1):
                v = self.sheet.cells.get((r, c))
                if isinstance(v, FakeError):
                    v = v.code if err_to_str else None
                row.append(v)
            rows.append(row)
        if self._options.get("ndim") == 2:
            return rows
        if r1 == r2 and c1 == c2:
            return rows[0][0]
        if r1 == r2:
            return rows[0]
        if c1 == c2:
            return [row[0] for row in rows]
        return rows

    @value.setter
    def value(self, data: Any) -> None:
        r1, c1, r2, c2 = self._bounds
        self.sheet.book.calls.append(("value", self.sheet.name, self.address))
        if not isinstance(data, (list, tuple)):
            grid = [[data] * (c2 - c1 + 1) for _ in range(r2 - r1 + 1)]
        elif data and not isinstance(data[0], (list, tuple)):
            grid = [list(data)]
        else:
            grid = [list(row) for row in data]
        for i, row in enumerate(grid):
            for j, entry in enumerate(row):
                stored, formula = _typed_entry(entry)
                self.sheet._set(r1 + i, c1 + j, stored, formula)

    def _set_formula(self, kind: str, text: str) -> None:
        if not isinstance(text, str) or not text.startswith("="):
            raise ValueError("fake xlwings: formulas must start with '='")
        r1, c1, _, _ = self._bounds
        self.sheet.book.calls.append((kind, self.sheet.name, self.address))
        self.sheet._set(r1, c1, self.sheet.seeded.get((r1, c1)), text)
        self.sheet.formula_kinds[(r1, c1)] = (kind, self.address)

    formula = property(None, lambda self, text: self._set_formula("formula", text))
    formula2 = property(None, lambda self, text: self._set_formula("formula2", text))
    formula_array = property(None, lambda self, text: self._set_formula("formula_array", text))


class FakeTable:
    def __init__(
        self,
        sheet: FakeSheet,
        name: str,
        bounds: tuple[int, int, int, int],
        *,
        show_headers: bool = True,
        show_totals: bool = False,
    ) -> None:
        self.sheet = sheet
        self.name = name
        self._bounds = bounds
        self.show_headers = show_headers
        self.show_totals = show_totals

    @property
    def range(self) -> FakeRange:
        return FakeRange(self.sheet, self._bounds)

    def resize(self, new_range: FakeRange) -> None:
        if new_range.sheet is not self.sheet or new_range._bounds[:2] != self._bounds[:2]:
            raise ValueError("fake xlwings: a table keeps its top-left corner when resized")
        self.sheet.book.calls.append(("resize", self.sheet.name, new_range.address))
        self._bounds = new_range._bounds


class _Collection:
    def __init__(self) -> None:
        self._items: list[Any] = []

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, key: int | str) -> Any:
        if isinstance(key, int):
            return self._items[key]
        for item in self._items:
            if item.name.lower() == key.lower():
                return item
        raise KeyError(key)


class FakeSheet:
    def __init__(self, book: FakeBook, name: str) -> None:
        self.book = book
        self.name = name
        self.cells: dict[tuple[int, int], Any] = {}
        self.formulas: dict[tuple[int, int], str] = {}
        self.formula_kinds: dict[tuple[int, int], tuple[str, str]] = {}
        self.seeded: dict[tuple[int, int], Any] = {}
        self.tables = _Collection()

    def range(self, address: str) -> FakeRange:
        return FakeRange(self, _bounds(address))

    def _set(self, row: int, col: int, value: Any, formula: str | None) -> None:
        if value is None:
            self.cells.pop((row, col), None)
        else:
            self.cells[(row, col)] = value
        if formula is None:
            self.formulas.pop((row, col), None)
            self.formula_kinds.pop((row, col), None)
        else:
            self.formulas[(row, col)] = formula

    # ---- test set-up helpers (not part of the xlwings surface)
    def seed(self, address: str, rows: list[list[Any]]) -> None:
        """Put values in cells as they would be in an open workbook."""
        r1, c1, _, _ = _bounds(address)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if isinstance(value, int) and not isinstance(value, bool):
                    value = float(value)
                if value is None:
                    self.cells.pop((r1 + i, c1 + j), None)
                else:
                    self.cells[(r1 + i, c1 + j)] = value

    def add_table(self, name: str, address: str, **flags: bool) -> FakeTable:
        table = FakeTable(self, name, _bounds(address), **flags)
        self.tables._items.append(table)
        return table


class FakeName:
    def __init__(self, name: str, refers_to: str) -> None:
        self.name = name
        self.refers_to = refers_to


class FakeBook:
    """The stand-in for ``xw.Book``: ``sheets`` and ``names`` only."""

    def __init__(self, sheet_names: list[str]) -> None:
        self.calls: list[tuple[str, str, str]] = []
        self.sheets = _Collection()
        for name in sheet_names:
            self.sheets._items.append(FakeSheet(self, name))
        self.names = _Collection()

    def add_name(self, name: str, refers_to: str) -> None:
        self.names._items.append(FakeName(name, refers_to))

    @classmethod
    def from_file(cls, path: str | Path) -> FakeBook:
        """A fake holding what Excel would show for a workbook file (cached values,
        tables, defined names), to run the same action on both backends."""
        import openpyxl

        wb = openpyxl.load_workbook(path, data_only=True)
        book = cls(wb.sheetnames)
        for ws in wb.worksheets:
            sheet = book.sheets[ws.title]
            for row in ws.iter_rows():
                for cell in row:
                    value = cell.value
                    if cell.data_type == "e":
                        value = FakeError(value)
                    elif isinstance(value, int) and not isinstance(value, bool):
                        value = float(value)
                    elif isinstance(value, str) and value == "":
                        value = None
                    if value is not None:
                        sheet.cells[(cell.row, cell.column)] = value
            for table in ws.tables.values():
                sheet.add_table(
                    table.displayName,
                    table.ref,
                    show_headers=bool(table.headerRowCount),
                    show_totals=bool(table.totalsRowCount),
                )
        for name, defined in wb.defined_names.items():
            book.add_name(name, "=" + defined.attr_text)
        for ws in wb.worksheets:
            scope = ws.title if ws.title.replace("_", "a").isalnum() else f"'{ws.title}'"
            for name, defined in ws.defined_names.items():
                book.add_name(f"{scope}!{name}", "=" + defined.attr_text)
        return book
