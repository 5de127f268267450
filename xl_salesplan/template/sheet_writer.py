"""Writing one template sheet with XlsxWriter: typed cells, widths, print setup.

:class:`SheetWriter` wraps an XlsxWriter worksheet for the template build. It
writes Python values with the right XlsxWriter call (text is always text, never a
formula; blanks keep their style; numbers, also a formula's cached value, rounded to
the 15 significant digits Excel keeps by :func:`~xl_salesplan.ooxml.cell_values.excel_number`
so that the template is the same on every machine), remembers the widest width asked for each
column and the extent of what was written, and finishes the sheet with column
widths and a print setup (landscape A4, one page wide, sheet name and page
numbers in the footer, print area = what was written).

Rows and columns are 1-based here, as in Excel and :mod:`~xl_salesplan.ooxml.references`.

Examples
--------
>>> import io, xlsxwriter
>>> wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
>>> writer = SheetWriter(wb.add_worksheet("Plan"))
>>> writer.write(2, 3, "=not a formula"); writer.write(4, 1, 12.5)
>>> writer.extent, writer.finish()
((4, 3), 'A1:C4')
>>> wb.close()
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from xl_salesplan.ooxml.cell_values import excel_number
from xl_salesplan.ooxml.references import format_range, parse_cell
from xl_salesplan.template.page_setup import MARGINS, PageBreaks, first_band_end, print_scale

__all__ = ["SheetWriter", "display_width"]

_MIN_WIDTH = 8.43
_LINE_HEIGHT = 15.0
# a run of spaces, or a word: one wide (CJK) character or a run of other characters
_TOKENS = re.compile(r"(\s+)|([\u2e80-\uffff]|[^\s\u2e80-\uffff]+)")


def display_width(text: str) -> int:
    """Width of ``text`` in character cells: East Asian wide characters count 2.

    Examples
    --------
    >>> display_width("Plan"), display_width("计划")
    (4, 4)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrapped_lines(content: str, width: float) -> int:
    """Lines ``content`` needs in ``width`` characters (greedy, as a spreadsheet wraps).

    Examples
    --------
    >>> _wrapped_lines("one two three", 9.0), _wrapped_lines("计划" * 10, 12.0)
    (2, 4)
    """
    usable = max(width - 2.0, 1.0)
    lines = 0
    for paragraph in content.split("\n"):
        line, count = 0.0, 1
        for space, word in _TOKENS.findall(paragraph):
            size = float(display_width(space or word))
            if word and line and line + size > usable:
                count += 1
                line = size
            else:
                line += size
        lines += count
    return lines


class SheetWriter:
    """One worksheet of the template being written."""

    def __init__(self, worksheet: Worksheet) -> None:
        self.worksheet = worksheet
        self._widths: dict[int, float] = {}
        self._column_formats: dict[int, Format] = {}
        self._last_row = 1
        self._last_col = 1
        self._wrapped: dict[int, list[tuple[int, str]]] = {}
        self._spanning: dict[int, tuple[str, Format | None, int, int | None]] = {}
        self._heights: dict[int, float] = {}

    @property
    def extent(self) -> tuple[int, int]:
        """(last row, last column) holding something written, 1-based."""
        return self._last_row, self._last_col

    def _grow(self, row: int, col: int) -> None:
        self._last_row = max(self._last_row, row)
        self._last_col = max(self._last_col, col)

    def write(self, row: int, col: int, value: object, fmt: Format | None = None) -> None:
        """Write ``value`` at (row, col): number, text, bool, date or blank (``None``/NaN)."""
        ws, r, c = self.worksheet, row - 1, col - 1
        if value is None or (isinstance(value, float) and math.isnan(value)):
            ws.write_blank(r, c, None, fmt)
            return
        self._grow(row, col)
        if isinstance(value, bool):
            ws.write_boolean(r, c, value, fmt)
        elif isinstance(value, int | float):
            ws.write_number(r, c, excel_number(float(value)), fmt)
        elif isinstance(value, _dt.datetime | _dt.date):
            ws.write_datetime(r, c, value, fmt)
        else:
            ws.write_string(r, c, str(value), fmt)
            if fmt is not None and fmt.text_wrap:
                self._wrapped.setdefault(row, []).append((col, str(value)))

    def write_formula(
        self,
        row: int,
        col: int,
        formula: str,
        value: object,
        fmt: Format | None = None,
        *,
        spill_to: tuple[int, int] | None = None,
    ) -> None:
        """Write ``formula`` at (row, col) with its cached ``value``.

        ``spill_to`` (last row, last column) makes it a dynamic array formula over that range.

        Examples
        --------
        >>> import io, xlsxwriter
        >>> wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
        >>> writer = SheetWriter(wb.add_worksheet("Plan"))
        >>> writer.write_formula(2, 2, "=1/3", 1 / 3)
        >>> writer.worksheet.table[1][1].value, writer.extent
        (0.333333333333333, (2, 2))
        >>> wb.close()
        """
        ws, r, c = self.worksheet, row - 1, col - 1
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            value = excel_number(float(value))
        if value is None:  # XlsxWriter would cache "None"; an empty <v> is no number either
            raise ValueError(f"the formula {formula} at row {row}, column {col} has no value")
        if spill_to is None:
            ws.write_formula(r, c, formula, fmt, value)
        else:
            last_row, last_col = spill_to
            ws.write_dynamic_array_formula(r, c, last_row - 1, last_col - 1, formula, fmt, value)
        self._grow(row, col)

    def write_at(self, cell: str, value: object, fmt: Format | None = None) -> None:
        """Write ``value`` in the A1 cell ``cell``."""
        row, col = parse_cell(cell)
        self.write(row, col, value, fmt)

    def write_spanning(
        self,
        row: int,
        value: str,
        fmt: Format | None = None,
        *,
        first_col: int = 1,
        last_col: int | None = None,
    ) -> None:
        """Write the text ``value`` across columns ``first_col``-``last_col`` of row ``row``.

        At :meth:`finish` those cells (``last_col`` None: to the last written column, the
        printed width) are merged and the text wraps inside them (the row grows to show
        every line), so a long hint is never cut at the page's edge. ``fmt`` should wrap.
        """
        self._spanning[row] = (value, fmt, first_col, last_col)
        self._grow(row, last_col or first_col)

    def mark(self, row: int, col: int) -> None:
        """Count (row, col) as written (e.g. a cell XlsxWriter filled itself)."""
        self._grow(row, col)

    def width(self, col: int, width: float | None) -> None:
        """Ask for at least ``width`` characters in column ``col``."""
        if width is not None:
            self._widths[col] = max(self._widths.get(col, _MIN_WIDTH), width)

    def column_format(self, col: int, fmt: Format) -> None:
        """Default format of column ``col`` (cells added later take it)."""
        self._column_formats[col] = fmt

    def _lines(self, col: int, content: str) -> int:
        """Lines a wrapped text needs in column ``col``."""
        return _wrapped_lines(content, self._widths.get(col, _MIN_WIDTH))

    def _set_height(self, row: int, lines: int) -> None:
        self._heights[row] = _LINE_HEIGHT * lines + 2
        self.worksheet.set_row(row - 1, self._heights[row])

    def _write_spanning(
        self, row: int, content: str, fmt: Format | None, first: int, last: int
    ) -> None:
        ws, last = self.worksheet, max(last, first)
        if last > first:
            ws.merge_range(row - 1, first - 1, row - 1, last - 1, content, fmt)
        else:
            ws.write_string(row - 1, first - 1, content, fmt)
        across = sum(self._widths.get(col, _MIN_WIDTH) for col in range(first, last + 1))
        lines = _wrapped_lines(content, across)
        if lines > 1:
            self._set_height(row, lines)

    def finish(
        self,
        *,
        landscape: bool = True,
        breaks: PageBreaks | None = None,
        title_rows: tuple[int, int] | None = None,
    ) -> str:
        """Apply widths and the print setup; return the print area.

        Without ``breaks`` the sheet prints one page wide. With ``breaks`` each column band
        and each stretch of rows starts a new page, at the scale that fits them
        (:func:`~xl_salesplan.template.page_setup.print_scale`), and a text spanning to the
        printed width spans the first band only. ``title_rows`` (first, last) repeat at the
        top of every printed page (the header of a long table).

        Examples
        --------
        >>> import io, xlsxwriter
        >>> wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
        >>> writer = SheetWriter(wb.add_worksheet("Budget"))
        >>> writer.write(1, 1, "Budget"); writer.write(3, 30, 1.0)
        >>> writer.finish(breaks=PageBreaks(columns=(16,)))
        'A1:AD3'
        >>> writer.worksheet.vbreaks, writer.worksheet.print_scale, writer.worksheet.fit_page
        ([15], 78, 0)
        >>> wb.close()
        """
        ws = self.worksheet
        for col in sorted(set(self._widths) | set(self._column_formats)):
            ws.set_column(
                col - 1, col - 1, self._widths.get(col, _MIN_WIDTH), self._column_formats.get(col)
            )
        for row, cells in sorted(self._wrapped.items()):
            lines = max(self._lines(col, content) for col, content in cells)
            if lines > 1:
                self._set_height(row, lines)
        printed_width = first_band_end(breaks or PageBreaks(), self._last_col)
        for row, (content, fmt, first, last) in sorted(self._spanning.items()):
            self._write_spanning(row, content, fmt, first, last or printed_width)
        ws.set_paper(9)  # A4
        if landscape:
            ws.set_landscape()
        breaks = breaks or PageBreaks()
        ws.set_h_pagebreaks([row - 1 for row in breaks.rows])
        if not breaks.columns:
            ws.fit_to_pages(1, 0)
        else:
            ws.set_v_pagebreaks([col - 1 for col in breaks.columns])
            scale = print_scale(
                self._widths, self._heights, self._last_row, self._last_col, breaks,
                landscape=landscape,
            )  # fmt: skip
            ws.set_print_scale(scale)
        if title_rows is not None:
            ws.repeat_rows(title_rows[0] - 1, title_rows[1] - 1)
        ws.set_margins(**MARGINS)
        ws.set_footer("&L&A&R&P / &N")
        area = format_range(1, 1, self._last_row, self._last_col)
        ws.print_area(area)
        return area
