"""Rows, cells, formulas and styles of a worksheet part, as the cell writer needs them.

:class:`SheetLayout` is built from a :class:`~xl_salesplan.ooxml.sheet_outline.SheetOutline`.
When the outline indexes the rows (the plain form), only the rows the writer touches
are parsed, plus the rows holding shared or array formulas (a write elsewhere can
change those): a row of plain cells is cut into tokens by one pattern
(:class:`PlainRow`), any other row is scanned with the hardened parser (:class:`Row`).
Otherwise every row and cell comes from the full scan, as they always did.

Examples
--------
>>> from xl_salesplan.ooxml.sheet_outline import sheet_outline
>>> part = (b'<worksheet><sheetData><row r="2"><c r="A2" s="4"><v>1</v></c><c r="C2"/>'
...         b'</row></sheetData></worksheet>')
>>> layout = SheetLayout(sheet_outline(part), "plan")
>>> row = layout.load(2)
>>> row.cols, row.attrs
([1, 3], {'r': '2'})
>>> layout.load(3) is None
True
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NoReturn

from xl_salesplan.ooxml.references import (
    cell_name,
    column_index,
    format_range,
    parse_cell,
    parse_range,
)
from xl_salesplan.ooxml.sheet_outline import SHEET_ELEMENTS, RowIndex, SheetOutline
from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.ooxml.xml_spans import Span, escape_text, inner_text, scan, set_attribute

__all__ = ["Cell", "PlainRow", "Row", "SheetLayout", "spans_hint"]

# One token of a row of plain cells: white space, then a cell (groups: the cell, its
# column letters, style, type, formula), the end of the row, or anything else (group 6),
# which sends the row to the full parser.
_ROW_TOKEN = re.compile(
    rb'([ \t\r\n]*)(?:(<c r="([A-Z]{1,3})[0-9]{1,7}"(?: s="([0-9]{1,9})")?(?: t="([A-Za-z]{1,9})")?'
    rb"(?:/>|>(<f>[^<]*</f>|<f/>)?(?:<v>[^<]*</v>|<v/>"
    rb'|<is><t(?: xml:space="preserve")?>[^<]*</t></is>)?</c>))|\Z|(.))',
    re.DOTALL,
)
_ROW_ATTRIBUTE = re.compile(rb'([A-Za-z_:][-A-Za-z0-9_:.]*)="([^"]*)"')
_LETTERS = re.compile(r"\$?([A-Za-z]{1,3})")


@lru_cache(maxsize=4096)
def _column_of(reference: str) -> int:
    """Column number of a cell reference such as ``AB12`` (letters only are read)."""
    match = _LETTERS.match(reference)
    if match is None:
        return parse_cell(reference)[1]  # raises a clear error
    return column_index(match.group(1))


@dataclass(slots=True)
class Cell:
    """A ``<c>`` element of a parsed row."""

    row: int
    span: Span
    col: int = 0  # resolved with its row (only rows that are written need it)
    formula: Span | None = None
    extlst: Span | None = None


@dataclass(slots=True)
class Row:
    """A ``<row>`` element parsed with the hardened parser."""

    row: int
    span: Span
    cells: list[Cell] = field(default_factory=list)
    resolved: bool = False


class PlainRow:
    """A row of plain cells: its content is the cells' tokens (white space before the
    cell, the cell, its column letters, style, type and formula), then ``trailing``.

    ``cols`` holds the column of each cell in order; ``bounds`` the offsets of the row's
    start, the end of its start tag, its end tag and its end, and whether it is empty
    (``<row/>``); :attr:`span` and :attr:`attrs` are worked out when asked for.
    """

    __slots__ = ("_index", "_k", "_span", "bounds", "cells", "cols", "row", "trailing")

    def __init__(self, row: int, cells: list[tuple[bytes, ...]], cols: list[int],
                 trailing: bytes, index: RowIndex, k: int) -> None:  # fmt: skip
        self.row, self.cells, self.cols, self.trailing = row, cells, cols, trailing
        self._index, self._k = index, k
        self._span: Span | None = None
        start, tag_end, end = index.starts[k], index.tag_ends[k], index.ends[k]
        empty = index.empty[k]
        self.bounds = (start, tag_end, tag_end if empty else end - len(b"</row>"), end, empty)

    @property
    def span(self) -> Span:
        """The row's element (offsets in the part, attributes of its start tag)."""
        if self._span is None:
            attrs = {"r": str(self.row)}
            for name, value in _ROW_ATTRIBUTE.findall(self._index.attributes[self._k]):
                attrs[name.decode()] = value.decode()
            self._span = Span("row", "row", attrs, *self.bounds, 2)  # type: ignore[arg-type]
        return self._span

    @property
    def attrs(self) -> dict[str, str]:
        """The attributes of the row's start tag."""
        return self.span.attrs


def spans_hint(spans_text: str, cols: list[int]) -> str | None:
    """The ``spans`` hint of a row widened to ``cols``, or None when it already covers them.

    Examples
    --------
    >>> spans_hint("2:3", [1, 4]), spans_hint("1:4", [2])
    ('1:4', None)
    """
    bounds = [int(x) for part in spans_text.split() for x in part.split(":") if x]
    low, high = min(bounds + cols), max(bounds + cols)
    if (low, high) != (min(bounds), max(bounds)):
        return f"{low}:{high}"
    return None


class SheetLayout:
    """Rows, cells, formulas and styles of a worksheet (see the module notes)."""

    def __init__(self, outline: SheetOutline, sheet: str | None) -> None:
        self.data, self.sheet = outline.data, sheet
        self.index = outline.rows
        self.rows: dict[int, Row] = {}  # rows parsed with the hardened parser
        self.plain: dict[int, PlainRow] = {}
        self.ordered_rows: list[Row] = []  # every row, when the outline has no index
        spans = outline.spans
        self.root = spans[0]
        self.sheet_data: Span | None = None
        self.dimension: Span | None = None
        self.sheet_pr: Span | None = None
        self.col_styles: list[tuple[int, int, int]] = []
        self.shared: dict[str, list[Cell]] = {}
        self.arrays: list[tuple[tuple[int, int, int, int], str]] = []
        self.implicit: list[tuple[Span, str]] = []
        index_of: dict[int, Row | Cell] = {}
        last_row = 0
        for i, span in enumerate(spans):
            parent = spans[span.parent] if span.parent >= 0 else None
            if span.depth == 1:
                if span.local == "sheetData":
                    self.sheet_data = span
                elif span.local == "dimension":
                    self.dimension = span
                elif span.local == "sheetPr":
                    self.sheet_pr = span
            elif span.depth == 2 and parent is not None and parent.local == "cols":
                if span.local == "col" and "style" in span.attrs:
                    self.col_styles.append(
                        (int(span.attrs["min"]), int(span.attrs["max"]), int(span.attrs["style"]))
                    )
            elif span.depth == 2 and parent is self.sheet_data and span.local == "row":
                last_row = self._add_row(span, last_row)
                index_of[i] = self.ordered_rows[-1]
            elif span.depth == 3 and span.local == "c" and span.parent in index_of:
                row = index_of[span.parent]
                assert isinstance(row, Row)
                index_of[i] = self._add_cell(row, span)
            elif span.depth == 4 and span.parent in index_of:
                cell = index_of[span.parent]
                if isinstance(cell, Cell):
                    self._add_cell_child(cell, span)
        if self.sheet_data is None:
            raise WorkbookError(
                "is not a worksheet (no sheetData)", code="not_a_worksheet", sheet=sheet
            )
        self.prefix = self.sheet_data.prefix
        self._position: dict[int, int] = {}
        self._columns: dict[bytes, int] = {}
        self._column_styles: dict[int, int | None] = {}
        if self.index is not None:
            self._index_rows()

    # ------------------------------------------------------------------ building
    def _add_row(self, span: Span, last_row: int) -> int:
        text = span.attrs.get("r")
        number = int(text) if text else last_row + 1
        if text is None:
            self.implicit.append((span, str(number)))
        self._check_order(number, last_row)
        row = Row(number, span)
        self.rows[number] = row
        self.ordered_rows.append(row)
        return number

    def _check_order(self, number: int, last_row: int) -> None:
        if number <= last_row:
            raise WorkbookError(
                f"row {number} comes after row {last_row}: the sheet's rows are out of order",
                code="corrupt_sheet",
                sheet=self.sheet,
            )

    def _add_cell(self, row: Row, span: Span) -> Cell:
        cell = Cell(row.row, span)
        row.cells.append(cell)
        return cell

    def _add_cell_child(self, cell: Cell, span: Span) -> None:
        if span.local == "extLst":
            cell.extlst = span
        elif span.local == "f":
            cell.formula = span
            kind = span.attrs.get("t", "normal")
            if kind == "shared" and "si" in span.attrs:
                self.shared.setdefault(span.attrs["si"], []).append(cell)
            if kind in ("array", "dataTable") and "ref" in span.attrs:
                self.arrays.append((parse_range(span.attrs["ref"]), span.attrs["ref"]))

    def _index_rows(self) -> None:
        """Check the order of the indexed rows; parse those with shared or array formulas."""
        assert self.index is not None
        with_formulas = self.index.with_formula_attributes
        last_row = 0
        for k, number in enumerate(self.index.numbers):
            self._check_order(number, last_row)
            last_row = number
            self._position[number] = k
            if k in with_formulas:
                self._parse_row(k)

    def _parse_row(self, k: int) -> Row:
        """Row ``k`` of the index, parsed with the hardened parser (offsets in the part)."""
        assert self.index is not None
        start, end = self.index.starts[k], self.index.ends[k]
        spans = scan(self.data[start:end], max_depth=2, text_of=(), only=SHEET_ELEMENTS,
                     part=self.sheet)  # fmt: skip
        for span in spans:
            span.start += start
            span.content_start += start
            span.close_start += start
            span.end += start
        row = Row(self.index.numbers[k], spans[0])
        self.rows[row.row] = row
        index_of: dict[int, Row | Cell] = {0: row}
        for i, span in enumerate(spans[1:], start=1):
            if span.depth == 1 and span.local == "c":
                index_of[i] = self._add_cell(row, span)
            elif span.depth == 2 and span.parent in index_of:
                cell = index_of[span.parent]
                if isinstance(cell, Cell):
                    self._add_cell_child(cell, span)
        return row

    def _plain_row(self, k: int) -> PlainRow | None:
        """Row ``k`` of the index cut into tokens, or None if it is not all plain cells."""
        index = self.index
        assert index is not None
        number, tag_end = index.numbers[k], index.tag_ends[k]
        close = tag_end if index.empty[k] else index.ends[k] - len(b"</row>")
        tokens = _ROW_TOKEN.findall(self.data, tag_end, close)
        for token in tokens:
            if token[6]:
                return None
        count = len(tokens)  # the tokens after the last cell match the end of the row
        while count and not tokens[count - 1][1]:
            count -= 1
        cells = tokens[:count]
        trailing = b"".join(token[0] for token in tokens[count:])
        columns = self._columns
        cols = []
        last = 0
        for token in cells:
            col = columns.get(token[2])
            if col is None:
                col = columns[token[2]] = _column_of(token[2].decode())
            if col <= last:
                self._cells_out_of_order(number, col)
            cols.append(col)
            last = col
        row = PlainRow(number, cells, cols, trailing, index, k)
        self.plain[number] = row
        return row

    # ------------------------------------------------------------------ reading
    def position(self, number: int) -> int | None:
        """Where row ``number`` is in the outline's row index (None: not there, or no index)."""
        return self._position.get(number)

    def load(self, number: int) -> Row | PlainRow | None:
        """The row ``number`` with its cells' columns worked out (None: no such row)."""
        if number in self.rows:
            return self.resolve(self.rows[number])
        if number in self.plain:
            return self.plain[number]
        k = self._position.get(number)
        if k is None:
            return None
        plain = self._plain_row(k)
        return plain if plain is not None else self.resolve(self._parse_row(k))

    def resolve(self, row: Row) -> Row:
        """Work out the columns of a row's cells (and check their order), once."""
        if row.resolved:
            return row
        last = 0
        for cell in row.cells:
            text = cell.span.attrs.get("r")
            col = _column_of(text) if text else last + 1
            if text is None:
                self.implicit.append((cell.span, cell_name(row.row, col)))
            if col <= last:
                self._cells_out_of_order(row.row, col)
            cell.col = last = col
        row.resolved = True
        return row

    def _cells_out_of_order(self, row: int, col: int) -> NoReturn:
        raise WorkbookError(
            f"cells of row {row} are out of order",
            code="corrupt_sheet",
            sheet=self.sheet,
            cell=cell_name(row, col),
        )

    def default_style(self, row: int, col: int) -> int | None:
        """The style Excel gives a new cell: the row's custom format, else the column's."""
        existing = self.rows.get(row) or self.plain.get(row)
        if existing is not None and existing.span.attrs.get("customFormat") in ("1", "true"):
            style = existing.span.attrs.get("s")
            if style is not None:
                return int(style)
        return self.column_style(col)

    def column_style(self, col: int) -> int | None:
        """The style of column ``col`` (its first ``<col>`` with a style), None if none."""
        if col not in self._column_styles:
            self._column_styles[col] = next(
                (style for first, last, style in self.col_styles if first <= col <= last), None
            )
        return self._column_styles[col]

    def _every_row(self) -> list[Row | PlainRow]:
        """Every row (parsing those not parsed yet: only when the dimension is unusable)."""
        if self.index is None:
            return list(self.ordered_rows)
        out: list[Row | PlainRow] = []
        for k, number in enumerate(self.index.numbers):
            found = self.rows.get(number) or self.plain.get(number)
            out.append(found if found is not None else self._parse_row(k))
        return out

    def existing_bounds(self) -> tuple[int, int, int, int] | None:
        """Bounds of the cells the sheet has (resolving every row: only when needed)."""
        bounds: list[tuple[int, int, int]] = []
        for row in self._every_row():
            if isinstance(row, PlainRow):
                if row.cols:
                    bounds.append((row.row, row.cols[0], row.cols[-1]))
            elif row.cells:
                self.resolve(row)
                bounds.append((row.row, row.cells[0].col, row.cells[-1].col))
        if not bounds:
            return None
        return bounds[0][0], min(b[1] for b in bounds), bounds[-1][0], max(b[2] for b in bounds)

    def _has_cells(self) -> bool:
        for row in self._every_row():
            if row.cols if isinstance(row, PlainRow) else row.cells:
                return True
        return False

    # ------------------------------------------------------------------ edits
    def check_arrays(self, writes: Mapping[tuple[int, int], object]) -> None:
        """Refuse writes that cover part of an existing array formula."""
        for (r1, c1, r2, c2), ref in self.arrays:
            size = (r2 - r1 + 1) * (c2 - c1 + 1)
            inside = sum(1 for (r, c) in writes if r1 <= r <= r2 and c1 <= c <= c2)
            if 0 < inside < size:
                raise WorkbookError(
                    f"would change part of the array formula over {ref}; write all of it or none",
                    code="partial_array",
                    sheet=self.sheet,
                    cell=ref,
                )

    def implicit_reference_edits(self, writes: Mapping[tuple[int, int], object]) -> list:
        """Give rows and cells without an ``r`` attribute an explicit one (safe insertion)."""
        edits = []
        for span, ref in self.implicit:
            if span.local == "c" and parse_cell(ref) in writes:
                continue  # the cell is rewritten with its reference
            edits.append(set_attribute(self.data, span, "r", ref))
        return edits

    def shared_formula_edits(self, writes: Mapping[tuple[int, int], object]) -> list:
        """When a shared formula's master is overwritten, make the rest ordinary formulas."""
        edits = []
        for cells in self.shared.values():
            for cell in cells:
                self.resolve(self.rows[cell.row])
            master = next((c for c in cells if c.formula and "ref" in c.formula.attrs), None)
            if master is None or (master.row, master.col) not in writes:
                continue
            assert master.formula is not None
            # openpyxl costs a command 0.15 s to load: only here, where a formula is translated
            from openpyxl.formula.translate import Translator, TranslatorError

            origin = cell_name(master.row, master.col)
            for cell in cells:
                if cell is master or (cell.row, cell.col) in writes:
                    continue
                assert cell.formula is not None
                target = cell_name(cell.row, cell.col)
                try:
                    master_text = inner_text(self.data, master.formula)
                    text = Translator("=" + master_text, origin=origin).translate_formula(target)
                except (TranslatorError, ValueError) as exc:
                    raise WorkbookError(
                        f"cannot rewrite the shared formula copied from {origin} ({exc})",
                        code="bad_formula",
                        sheet=self.sheet,
                        cell=target,
                    ) from None
                element = f"<{self.prefix}f>{escape_text(text[1:])}</{self.prefix}f>".encode()
                edits.append((cell.formula.start, cell.formula.end, element))
        return edits

    def row_edits(self, row: Row, cols: list[int], inserts: dict[int, list[bytes]]) -> list:
        """Insert new cells into an existing row and widen its ``spans`` hint if needed."""
        edits = []
        span = row.span
        spans_text = span.attrs.get("spans")
        if spans_text:
            new = spans_hint(spans_text, cols)
            if new is not None:
                edits.append(set_attribute(self.data, span, "spans", new))
        if span.empty:
            close = f"</{span.name}>".encode()
            body = b"".join(b"".join(v) for v in inserts.values())
            edits.append((span.content_start - 2, span.content_start, b">" + body + close))
            return edits
        for at, elements in inserts.items():
            offset = span.close_start if at < 0 else at
            edits.append((offset, offset, b"".join(elements)))
        return edits

    def new_row_edits(self, new_rows: list[tuple[int, bytes]]) -> list:
        """Insert new rows before the first existing row below them."""
        if not new_rows:
            return []
        sheet_data = self.sheet_data
        assert sheet_data is not None
        if sheet_data.empty:
            close = f"</{sheet_data.name}>".encode()
            body = b"".join(xml for _, xml in new_rows)
            return [(sheet_data.content_start - 2, sheet_data.content_start, b">" + body + close)]
        if self.index is not None:
            numbers, starts = self.index.numbers, self.index.starts
            edits = []
            for number, xml in new_rows:
                k = bisect_right(numbers, number)
                offset = starts[k] if k < len(starts) else sheet_data.close_start
                edits.append((offset, offset, xml))
            return edits
        edits = []
        existing = self.ordered_rows
        k = 0
        for number, xml in new_rows:
            while k < len(existing) and existing[k].row < number:
                k += 1
            offset = existing[k].span.start if k < len(existing) else sheet_data.close_start
            edits.append((offset, offset, xml))
        return edits

    def dimension_edits(self, touched: list[tuple[int, int]]) -> list:
        """Widen ``<dimension ref>`` to include the written cells (or add the element)."""
        if not touched:
            return []
        rows = [r for r, _ in touched]
        cols = [c for _, c in touched]
        r1, c1, r2, c2 = min(rows), min(cols), max(rows), max(cols)
        old = self.dimension.attrs.get("ref", "") if self.dimension is not None else ""
        try:
            known = parse_range(old.split()[0]) if old else None
        except WorkbookError:
            known = None
        if known is None:
            known = self.existing_bounds()  # no usable dimension: look at the cells
        elif old == "A1" and not self._has_cells():
            known = None  # "A1" is what an empty sheet says
        if known is not None:
            o1, p1, o2, p2 = known
            r1, c1, r2, c2 = min(r1, o1), min(c1, p1), max(r2, o2), max(c2, p2)
        if self.dimension is not None:
            new = format_range(r1, c1, r2, c2)
            if new == old:
                return []
            return [set_attribute(self.data, self.dimension, "ref", new)]
        element = f'<{self.root.prefix}dimension ref="{format_range(r1, c1, r2, c2)}"/>'.encode()
        at = self.sheet_pr.end if self.sheet_pr is not None else self.root.content_start
        return [(at, at, element)]
