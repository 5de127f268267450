"""The cells of a worksheet part as arrays, scanned at the speed of a regular expression.

A plan's history sheet holds a million cells; a parser calling Python for every
element (:mod:`~xl_salesplan.ooxml.worksheet_reader`) spends seconds on it. The
cells of a worksheet are written in a plain form by Excel, XlsxWriter and our own
writer (``<c r="B7" s="3" t="s"><v>12</v></c>``, optionally with a formula or an
inline string), so :func:`scan_cells` tokenises the ``sheetData`` element with one
compiled pattern, in slices of whole rows, and converts the values a column of
tokens at a time (numbers with one ``float`` map, date serials and texts once per
distinct value).

It is a strict fast path, never a second reading of the format: the tokens must
cover every byte of ``sheetData``, rows must open and close in turn, every cell must
name its reference, no cell may repeat, the rest of the part must parse with the
hardened expat parser, and the part may hold no comment, CDATA section or document
type declaration. Anything else (rich text, phonetic runs, other attributes, a
damaged value, ...) returns ``None`` and the caller reads the part with
:func:`~xl_salesplan.ooxml.worksheet_reader.read_cells`, which also names the damaged
cell. Both give the same values (``tests/test_sheet_scan.py`` compares them, and
openpyxl, on the template, the sample plan and hostile parts).

Examples
--------
>>> part = (b'<worksheet><sheetData><row r="2"><c r="B2" t="s"><v>0</v></c>'
...         b'<c r="C2"><v>1.5</v></c><c r="D2" t="e"><v>#N/A</v></c></row></sheetData>'
...         b'</worksheet>')
>>> cells = scan_cells(part, strings=["North"])
>>> cells.rows.tolist(), cells.columns.tolist(), cells.values.tolist()
([2, 2, 2], [2, 3, 4], ['North', 1.5, CellError(code='#N/A')])
>>> scan_cells(part.replace(b'<c r="C2">', b'<c>')) is None  # no reference: the full parser
True
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from xl_salesplan.ooxml.cell_values import ERROR_CODES, CellError
from xl_salesplan.ooxml.structure import decode_xstring
from xl_salesplan.ooxml.worksheet_reader import parse_checked

__all__ = ["ScannedCells", "scan_cells"]

# One token of sheetData: a cell (groups 1-6: column letters, row, style, type, value,
# inline text), an empty row, a row start (7), a row end (8), white space; else group 9.
_WHITE = rb"[ \t\r\n]"
_ENTITY_REF = rb"&(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});"
_CHARS = rb"[^<&]*(?:" + _ENTITY_REF + rb"[^<&]*)*"
_ATTRIBUTES = rb"(?:" + _WHITE + rb'+[A-Za-z_:][-A-Za-z0-9_:.]*="[^<"&]*")*' + _WHITE + rb"*"
_FORMULA = rb"(?:<f" + _ATTRIBUTES + rb"/>|<f" + _ATTRIBUTES + rb">" + _CHARS + rb"</f>)?"
_CELL = (
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: s="([0-9]{1,9})")?(?: t="([a-zA-Z]{1,9})")?(?:/>|>'
    + _FORMULA
    + rb"(?:<v>((?=[^<])" + _CHARS + rb")</v>"  # a value or text is never empty here
    + rb'|<is><t(?: xml:space="preserve")?>((?=[^<])' + _CHARS + rb")</t></is>)?"
    + rb"</c>)"
)  # fmt: skip
# One token of sheetData: a cell (groups 0-5: column letters, row, style, type, value,
# inline text), an empty row, a row start (6), a row end (7), white space; else (8).
_TOKEN = re.compile(
    _CELL + rb"|<row" + _ATTRIBUTES + rb"/>|(<row" + _ATTRIBUTES + rb">)|(</row>)|" + _WHITE
    + rb"+|(.)",
    re.DOTALL,
)  # fmt: skip
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_SLICE = 1 << 22  # bytes of whole rows tokenised at a time (bounds the tokens held)


@dataclass(frozen=True)
class ScannedCells:
    """The non-blank cells of a sheet, ordered by row then column (1-based).

    ``values`` holds the values as the workbook layer returns them (``float``,
    ``str``, ``bool``, ``datetime``, :class:`CellError`); ``last_row`` is the row the
    scan stopped below (``None``: the whole sheet).
    """

    rows: np.ndarray
    columns: np.ndarray
    values: np.ndarray
    last_row: int | None = None

    def column(self, column: int, first_row: int, last_row: int) -> np.ndarray:
        """The values of rows ``first_row``..``last_row`` of ``column`` (``None`` for blanks).

        Examples
        --------
        >>> cells = ScannedCells(np.array([1, 3]), np.array([2, 2]), np.array([1.0, "x"], object))
        >>> cells.column(2, 1, 4).tolist()
        [1.0, None, 'x', None]
        """
        out = np.full(max(last_row - first_row + 1, 0), None, dtype=object)
        lo = int(np.searchsorted(self.rows, first_row, side="left"))
        hi = int(np.searchsorted(self.rows, last_row, side="right"))
        picked = np.flatnonzero(self.columns[lo:hi] == column) + lo
        out[self.rows[picked] - first_row] = self.values[picked]
        return out

    def block(self, first_row: int, first_column: int, last_row: int, last_column: int) -> list:
        """The values of a range as a 2-D list (rows of columns), ``None`` for blanks.

        Examples
        --------
        >>> cells = ScannedCells(np.array([1, 3]), np.array([2, 2]), np.array([1.0, "x"], object))
        >>> cells.block(1, 1, 2, 2)
        [[None, 1.0], [None, None]]
        """
        span = range(first_column, last_column + 1)
        columns = [self.column(c, first_row, last_row) for c in span]
        return [list(row) for row in zip(*columns, strict=True)] if columns else []


class _NotPlain(Exception):
    """The part is not in the plain form: read it with the full parser."""


def scan_cells(
    data: bytes,
    *,
    strings: list[str] | None = None,
    dates: frozenset[int] = frozenset(),
    date1904: bool = False,
    part: str | None = None,
    last_row: int | None = None,
) -> ScannedCells | None:
    """Every non-blank cell of a worksheet part (down to ``last_row``), or ``None``.

    ``None`` when the part is not in the plain form (see the module notes): read it
    with :func:`~xl_salesplan.ooxml.worksheet_reader.read_cells` then. The arguments
    are those of ``read_cells``.

    Raises
    ------
    WorkbookError
        If the part outside its cells is unsafe or not well-formed XML.

    Examples
    --------
    >>> part = (b'<worksheet><sheetData><row r="1"><c r="A1" s="1"><v>45658</v></c>'
    ...         b'<c r="B1" t="inlineStr"><is><t>R&amp;D_x000D_</t></is></c></row>'
    ...         b'<row r="2"><c r="A2"><v>2</v></c></row></sheetData></worksheet>')
    >>> scan_cells(part, dates=frozenset({1}), last_row=1).values.tolist()
    [datetime.datetime(2025, 1, 1, 0, 0), 'R&D\\r']
    """
    if any(marker in data for marker in (b"<!--", b"<![CDATA[", b"<!DOCTYPE", b"<!ENTITY")):
        return None
    start, end = data.find(b"<sheetData>"), data.find(b"</sheetData>")
    if start < 0 or end < start or data.count(b"<sheetData") != 1:
        return None
    body = start + len(b"<sheetData>")
    parse_checked(data[:body] + data[end:], part)  # the rest of the part: safe, well-formed
    try:
        return _scan(data, body, end, strings or [], dates, date1904, last_row)
    except _NotPlain:
        return None


def _scan(
    data: bytes,
    start: int,
    end: int,
    strings: list[str],
    dates: frozenset[int],
    date1904: bool,
    last_row: int | None,
) -> ScannedCells:
    pieces: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    position, depth = start, 0
    stopped = False
    while position < end:
        stop = data.find(b"</row>", min(position + _SLICE, end), end)
        stop = end if stop < 0 else stop + len(b"</row>")
        found = _TOKEN.findall(data, position, stop)
        position = stop
        if not found:
            continue
        tokens = np.array(found, dtype=object)
        del found
        if tokens[:, 8].any():
            raise _NotPlain  # something other than rows of plain cells
        cell = tokens[:, 0] != b""
        depth = _row_depth(tokens[:, 6] != b"", tokens[:, 7] != b"", cell, depth)
        cells = tokens[cell]
        if not len(cells):
            continue
        rows = cells[:, 1].astype(np.int64)
        values = _values(cells[:, 3], cells[:, 2], cells[:, 4], cells[:, 5], strings, dates,
                         date1904)  # fmt: skip
        pieces.append((rows, _column_numbers(cells[:, 0]), values))
        if last_row is not None and int(rows.max()) > last_row:
            stopped = True
            break
    if depth and not stopped:
        raise _NotPlain
    return _ordered(pieces, last_row if stopped else None)


def _row_depth(opened: np.ndarray, closed: np.ndarray, cell: np.ndarray, depth: int) -> int:
    """Rows open and close in turn and cells lie inside rows; the depth after the tokens."""
    levels = depth + np.cumsum(opened.astype(np.int64) - closed.astype(np.int64))
    if levels.min() < 0 or levels.max() > 1 or not levels[cell].all():
        raise _NotPlain
    return int(levels[-1])


def _column_numbers(letters: np.ndarray) -> np.ndarray:
    codes, distinct = pd.factorize(letters)
    numbers = np.zeros(len(distinct), dtype=np.int64)
    for i, text in enumerate(distinct):
        for letter in text:
            numbers[i] = numbers[i] * 26 + letter - 64
    return numbers[codes]


def _text(raw: bytes) -> str:
    """XML character data (the five named entities and character references) -> text."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _NotPlain from None
    if "\r" in text:  # XML reads every line end as a line feed
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _FORBIDDEN.search(text):
        raise _NotPlain
    if "&" not in text:
        return text

    def entity(match: re.Match[str]) -> str:
        named, decimal, hexadecimal = match.groups()
        if named:
            return _NAMED[named]
        code = int(decimal) if decimal else int(hexadecimal, 16)
        if not (0x20 <= code <= 0xD7FF or code in (9, 10, 13) or 0xE000 <= code <= 0x10FFFF):
            raise _NotPlain
        if 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            raise _NotPlain
        return chr(code)

    return _ENTITY.sub(entity, text)  # the token pattern admits no other entity


def _values(
    kinds: np.ndarray,
    styles: np.ndarray,
    raws: np.ndarray,
    inline: np.ndarray,
    strings: list[str],
    dates: frozenset[int],
    date1904: bool,
) -> np.ndarray:
    """The values of one slice's cells (object arrays of the groups), as ``read_cells``."""
    out = np.full(len(kinds), None, dtype=object)
    textual = np.zeros(len(kinds), dtype=bool)
    for code in (b"s", b"str", b"inlineStr", b"b", b"e", b"d"):
        where = kinds == code
        if where.any():
            textual |= where
            out[where] = _typed(code, raws[where], inline[where], strings)
    number = ~textual & (raws != b"")
    if number.any():
        out[number] = _numbers(raws[number], styles[number], dates, date1904)
    return out


def _numbers(
    raws: np.ndarray, styles: np.ndarray, dates: frozenset[int], date1904: bool
) -> np.ndarray:
    try:
        numbers = np.fromiter(map(float, raws), np.float64, len(raws))
    except ValueError:
        raise _NotPlain from None  # the full parser names the damaged cell
    if not np.isfinite(numbers).all():
        raise _NotPlain
    out = numbers.astype(object)
    if dates:
        date_codes = [str(d).encode() for d in dates]
        dated = np.isin(styles, date_codes) | ((styles == b"") & (0 in dates))
        if dated.any():
            serials, inverse = np.unique(numbers[dated], return_inverse=True)
            epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
            try:
                shown = [from_excel(float(serial), epoch) for serial in serials]
            except (OverflowError, ValueError):
                raise _NotPlain from None
            converted = np.empty(len(shown), dtype=object)
            converted[:] = shown
            out[dated] = converted[inverse.ravel()]
    return out


def _typed(code: bytes, raws: np.ndarray, inline: np.ndarray, strings: list[str]) -> np.ndarray:
    """Values of cells of one type (``t``), converted once per distinct raw value."""
    source = inline if code == b"inlineStr" else raws
    inverse, distinct = pd.factorize(source)
    converted = np.empty(len(distinct), dtype=object)
    converted[:] = [
        None if not raw else decode_xstring(_text(raw)) if code == b"inlineStr"
        else _one(code, raw, strings)
        for raw in distinct
    ]  # fmt: skip
    return converted[inverse]


def _one(code: bytes, raw: bytes, strings: list[str]) -> object:
    if code == b"s":
        index = raw.strip()
        if not index.isdigit() or int(index) >= len(strings):
            raise _NotPlain
        return strings[int(index)]
    text = _text(raw)
    if code == b"str":
        return decode_xstring(text)
    if code == b"b":
        return text.strip() in ("1", "true")
    if code == b"e":
        error = text.strip()
        return CellError(error) if error in ERROR_CODES else error
    try:
        return _dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise _NotPlain from None


def _ordered(
    pieces: list[tuple[np.ndarray, np.ndarray, np.ndarray]], last_row: int | None
) -> ScannedCells:
    if pieces:
        rows = np.concatenate([p[0] for p in pieces])
        columns = np.concatenate([p[1] for p in pieces])
        values = np.concatenate([p[2] for p in pieces])
    else:
        rows = columns = np.array([], dtype=np.int64)
        values = np.array([], dtype=object)
    if last_row is not None:
        keep = rows <= last_row
        rows, columns, values = rows[keep], columns[keep], values[keep]
    blank = np.equal(values, None)
    if blank.any():
        rows, columns, values = rows[~blank], columns[~blank], values[~blank]
    order = np.lexsort((columns, rows))
    rows, columns, values = rows[order], columns[order], values[order]
    if rows.size > 1 and ((np.diff(rows) == 0) & (np.diff(columns) == 0)).any():
        raise _NotPlain  # a cell written twice: the full parser keeps the last
    return ScannedCells(rows, columns, values, last_row)
