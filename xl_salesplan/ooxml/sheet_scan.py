"""The cells of a worksheet part as arrays, scanned with array operations on its bytes.

A plan's history sheet holds a million cells; a parser calling Python for every
element (:mod:`~xl_salesplan.ooxml.worksheet_reader`) spends seconds on it. The
cells of a worksheet are written in a plain form by Excel, XlsxWriter and our own
writer (``<c r="B7" s="3" t="s"><v>12</v></c>``, optionally with a formula or an
inline string), so :func:`scan_cells` locates the cells of the ``sheetData`` element
with numpy (:mod:`~xl_salesplan.ooxml.sheet_tags`), in slices of whole rows, and
converts the values a column of cells at a time (numbers with one numpy conversion,
date serials and texts once per distinct value), without a Python object per tag.
On a machine of several cores the next slice's cells are located on another thread
while a slice's values are read (:mod:`~xl_salesplan.ooxml.ordered_threads`; numpy
runs them at once): the same cells in the same order, a slice ahead at most.

It is a strict fast path, never a second reading of the format: the tags must be
rows of plain cells with nothing but white space between them, every cell must name
its reference, no cell may repeat, the rest of the part must parse with the hardened
expat parser, and the part may hold no comment, CDATA section or document type
declaration. Anything else (rich text, phonetic runs, other attributes, a damaged
value, ...) returns ``None`` and the caller reads the part with
:func:`~xl_salesplan.ooxml.worksheet_reader.read_cells`, which also names the damaged
cell. Both give the same values (``tests/test_sheet_scan.py`` compares them, on
generated parts too, and openpyxl, on the template, the sample plan and hostile parts).

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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd

from xl_salesplan.ooxml.cell_values import ERROR_CODES, CellError
from xl_salesplan.ooxml.excel_dates import epoch_of, from_serial
from xl_salesplan.ooxml.ordered_threads import ordered_map, usable_threads
from xl_salesplan.ooxml.sheet_tags import TYPE_CODES, CellTags, NotPlain, locate_cells
from xl_salesplan.ooxml.structure import decode_xstring
from xl_salesplan.ooxml.worksheet_reader import parse_checked

__all__ = ["ScannedCells", "scan_cells", "scan_rest"]

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_SLICE = 1 << 20  # bytes of whole rows located at a time (bounds the arrays held)
_THREADS = 2  # slices located at once, at most (two cores: two slices of memory)


@dataclass(frozen=True)
class ScannedCells:
    """The non-blank cells of a sheet, ordered by row then column (1-based).

    ``values`` holds the values as the workbook layer returns them (``float``,
    ``str``, ``bool``, ``datetime``, :class:`CellError`); ``last_row`` is the row the
    scan stopped below (``None``: the whole sheet), and :func:`scan_rest` reads the
    rest from where it stopped (``resume``, with the cells already seen below
    ``last_row``: ``rest``).
    """

    rows: np.ndarray
    columns: np.ndarray
    values: np.ndarray
    last_row: int | None = None
    resume: int | None = field(default=None, repr=False)
    rest: tuple[np.ndarray, ...] | None = field(default=None, repr=False)
    kinds: np.ndarray | None = field(default=None, repr=False)

    def typed_column(
        self, column: int, first_row: int, last_row: int
    ) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """:meth:`column`, with which of its cells hold a float, a text, a datetime.

        Examples
        --------
        >>> cells = scan_cells(b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c>'
        ...                    b'<c r="B1" t="str"><v>x</v></c></row></sheetData></worksheet>')
        >>> values, (floats, texts, dates) = cells.typed_column(1, 1, 2)
        >>> values.tolist(), floats.tolist(), texts.tolist(), dates.tolist()
        ([1.0, None], [True, False], [False, False], [False, False])
        """
        kinds = np.zeros(max(last_row - first_row + 1, 0), dtype=np.int8)
        picked = self._picked(column, first_row, last_row)
        out = np.full(kinds.size, None, dtype=object)
        out[self.rows[picked] - first_row] = self.values[picked]
        if self.kinds is None:
            raise ValueError("the cells were not scanned with their kinds")
        kinds[self.rows[picked] - first_row] = self.kinds[picked]
        return out, (kinds == _FLOAT, kinds == _TEXT, kinds == _DATE)

    def _picked(self, column: int, first_row: int, last_row: int) -> np.ndarray:
        lo = int(np.searchsorted(self.rows, first_row, side="left"))
        hi = int(np.searchsorted(self.rows, last_row, side="right"))
        return np.flatnonzero(self.columns[lo:hi] == column) + lo

    def column(self, column: int, first_row: int, last_row: int) -> np.ndarray:
        """The values of rows ``first_row``..``last_row`` of ``column`` (``None`` for blanks).

        Examples
        --------
        >>> cells = ScannedCells(np.array([1, 3]), np.array([2, 2]), np.array([1.0, "x"], object))
        >>> cells.column(2, 1, 4).tolist()
        [1.0, None, 'x', None]
        """
        out = np.full(max(last_row - first_row + 1, 0), None, dtype=object)
        picked = self._picked(column, first_row, last_row)
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
    if b"<!" in data:  # a comment, CDATA section or document type declaration
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


def scan_rest(
    data: bytes,
    cells: ScannedCells,
    *,
    strings: list[str] | None = None,
    dates: frozenset[int] = frozenset(),
    date1904: bool = False,
) -> ScannedCells | None:
    """The whole sheet, from a scan that stopped below its ``last_row`` (the same part).

    Reads only the rows after those already read; ``None`` when they are not in the
    plain form (read the part with the full parser then).

    Examples
    --------
    >>> part = (b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
    ...         b'<row r="2"><c r="A2"><v>2</v></c></row></sheetData></worksheet>')
    >>> first = scan_cells(part, last_row=1)
    >>> first.values.tolist(), scan_rest(part, first).values.tolist()
    ([1.0], [1.0, 2.0])
    """
    if cells.resume is None:
        return cells
    end = data.find(b"</sheetData>")
    try:
        pieces, _ = _pieces(data, cells.resume, end, strings or [], dates, date1904, None)
        seen = [(cells.rows, cells.columns, cells.values, cells.kinds)]
        seen += [cells.rest] if cells.rest else []
        return _ordered(seen + pieces)
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
    pieces, resume = _pieces(data, start, end, strings, dates, date1904, last_row)
    cells = _ordered(pieces)
    if resume is None or last_row is None:
        return cells
    split = int(np.searchsorted(cells.rows, last_row, side="right"))
    rows, columns, values, kinds = cells.rows, cells.columns, cells.values, cells.kinds
    assert kinds is not None
    rest = (rows[split:], columns[split:], values[split:], kinds[split:])
    first = (rows[:split], columns[:split], values[:split])
    return ScannedCells(*first, last_row, resume, rest, kinds[:split])


def _pieces(
    data: bytes,
    start: int,
    end: int,
    strings: list[str],
    dates: frozenset[int],
    date1904: bool,
    last_row: int | None,
) -> tuple[list[tuple[np.ndarray, ...]], int | None]:
    """The cells of the slices of rows from ``start``, and where the scan stopped (``None``:
    at the end), having read a row below ``last_row``.

    The slices' cells are located on up to :data:`_THREADS` threads (numpy lets them run
    at once), a slice ahead of the one whose values are read at a time: a stop below
    ``last_row`` leaves the slices after it unread but that one, and a slice not in the
    plain form ends the scan when it is reached. The values are read in this thread (the
    arrays kept are made in one place, as a one-thread scan makes them)."""
    pieces: list[tuple[np.ndarray, ...]] = []
    locate = partial(_located, data)
    with ordered_map(locate, _slices(data, start, end), threads=usable_threads(_THREADS)) as done:
        for stop, chunk, tags in done:
            if not tags.rows.size:
                continue
            values, kinds = _values(chunk, tags, strings, dates, date1904)
            # rows and columns of a sheet fit 32 bits (half the memory of a million-row sheet's)
            rows, columns = tags.rows.astype(np.int32), tags.columns.astype(np.int32)
            pieces.append((rows, columns, values, kinds))
            if last_row is not None and int(tags.rows.max()) > last_row:
                return pieces, stop
    return pieces, None


def _slices(data: bytes, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The bounds of slices of whole rows of about :data:`_SLICE` bytes, from ``start``."""
    position = start
    while position < end:
        stop = data.find(b"</row>", min(position + _SLICE, end), end)
        stop = end if stop < 0 else stop + len(b"</row>")
        yield position, stop
        position = stop


def _located(data: bytes, bounds: tuple[int, int]) -> tuple[int, bytes, CellTags]:
    """The end of a slice, its bytes and its cells' tags."""
    chunk = data[bounds[0] : bounds[1]]
    try:
        return bounds[1], chunk, locate_cells(chunk)
    except NotPlain:
        raise _NotPlain from None


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


_CODES = {code: TYPE_CODES[code] for code in (b"s", b"str", b"inlineStr", b"b", b"e", b"d")}


def _values(
    chunk: bytes,
    tags: CellTags,
    strings: list[str],
    dates: frozenset[int],
    date1904: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """The values of one slice's cells, as ``read_cells`` reads them, and their kinds."""
    spans = _Spans(chunk)
    out = np.full(tags.rows.size, None, dtype=object)
    kinds = np.zeros(tags.rows.size, dtype=np.int8)
    filled = tags.ends > tags.starts
    valued = filled & ~tags.inline  # a <v> value (an inline text counts for inlineStr only)
    inline = tags.types == _CODES[b"inlineStr"]
    texts = filled & tags.inline & inline
    if texts.any():
        inline_text = lambda raw: decode_xstring(_text(raw))  # noqa: E731
        out[texts], kinds[texts] = spans.distinct(tags.starts[texts], tags.ends[texts], inline_text)
    textual = inline.copy()
    for code in (b"s", b"str", b"b", b"e", b"d"):
        where = tags.types == _CODES[code]
        textual |= where
        where &= valued
        if not where.any():
            continue
        typed = lambda raw, code=code: _one(code, raw, strings)  # noqa: E731
        out[where], kinds[where] = spans.distinct(tags.starts[where], tags.ends[where], typed)
    number = valued & ~textual
    if number.any():
        numbers = spans.numbers(tags.starts[number], tags.ends[number])
        out[number], kinds[number] = _dated(numbers, tags.styles[number], dates, date1904)
    return out, kinds


_NUMERIC = np.zeros(256, dtype=bool)
_NUMERIC[list(b"0123456789.eE+-\0")] = True  # (zero: the padding of a short value)
_WIDEST = 64  # bytes: longer values are cut out one by one
_DIGITS = np.zeros(256, dtype=bool)
_DIGITS[list(b"0123456789")] = True
_POWERS_OF_TEN = 10.0 ** np.arange(_WIDEST + 1)
_BYTE_MASKS = np.array([(1 << 8 * n) - 1 for n in range(9)], dtype=np.uint64)


class _Spans:
    """Spans of a slice's bytes read as whole arrays: a matrix of their bytes, one per row."""

    def __init__(self, chunk: bytes) -> None:
        self.chunk = chunk
        padded = np.frombuffer(chunk + bytes(_WIDEST), dtype=np.uint8)
        # the 8 bytes at every offset, as one integer (an unaligned view, nothing copied)
        self.words = np.ndarray((len(chunk) + _WIDEST - 7,), "<u8", buffer=padded, strides=(1,))

    def matrix(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray | None:
        """The bytes of each span, padded with zeros to a multiple of 8 (None: too wide)."""
        lengths = ends - starts
        count = -(-int(lengths.max()) // 8)
        if count * 8 > _WIDEST:
            return None
        matrix = np.empty((starts.size, count), dtype=np.uint64)
        for j in range(count):  # XML text holds no zero byte: zeros pad the shorter spans
            kept = np.clip(lengths - 8 * j, 0, 8)
            matrix[:, j] = self.words[starts + 8 * j] & _BYTE_MASKS[kept]
        return matrix.view(np.uint8)

    def slices(self, starts: np.ndarray, ends: np.ndarray) -> list[bytes]:
        chunk = self.chunk
        return [chunk[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]

    def distinct(
        self, starts: np.ndarray, ends: np.ndarray, convert: Callable[[bytes], object]
    ) -> tuple[np.ndarray, np.ndarray]:
        """The converted texts of the spans (each distinct text converted once), their kinds."""
        matrix = self.matrix(starts, ends)
        codes = firsts = None
        if matrix is not None:
            words = matrix.view("<u8")
            mixed = words * _MIX[: words.shape[1]]
            codes, _ = pd.factorize(np.bitwise_xor.reduce(mixed, axis=1))
            firsts = np.empty(int(codes.max()) + 1, dtype=np.int64)
            firsts[codes[::-1]] = np.arange(codes.size)[::-1]  # the first span of each
            if not (words == words[firsts[codes]]).all():
                codes = None  # two texts share a hash: compare them as bytes instead
        if codes is None or firsts is None:
            codes, raws = pd.factorize(np.array(self.slices(starts, ends), dtype=object))
        else:
            raws = self.slices(starts[firsts], ends[firsts])
        converted = np.empty(len(raws), dtype=object)
        converted[:] = [convert(raw) for raw in raws]
        kinds = np.array([_kind(value) for value in converted], dtype=np.int8)
        return converted[codes], kinds[codes]

    def numbers(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """The spans read as numbers (as ``float`` reads them)."""
        matrix = self.matrix(starts, ends)
        try:
            if matrix is None or not _NUMERIC[matrix].all():
                raws = self.slices(starts, ends)  # white space, underscores: as float reads
                numbers = np.fromiter(map(float, raws), np.float64, len(raws))
            else:
                numbers, done = _decimals(matrix)
                if not done.all():  # exponents, signs, long numbers: numpy reads them as float
                    rest = matrix[~done]
                    numbers[~done] = rest.view(f"S{rest.shape[1]}").ravel().astype(np.float64)
        except ValueError:
            raise _NotPlain from None  # the full parser names the damaged cell
        if not np.isfinite(numbers).all():
            raise _NotPlain
        return numbers


def _decimals(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Plain decimals (``-12.5``: at most 15 digits) read from rows of bytes (zero-padded),
    and which rows were: a whole number of at most 15 digits and a power of ten are both
    exact doubles, so their quotient is the correctly rounded number, as ``float`` reads.
    """
    size = matrix.shape[0]
    whole = np.zeros(size, dtype=np.int64)
    digits = np.zeros(size, dtype=np.int64)
    decimals = np.zeros(size, dtype=np.int64)
    dotted = np.zeros(size, dtype=bool)
    done = np.ones(size, dtype=bool)
    negative = matrix[:, 0] == 45  # "-"
    for k in range(matrix.shape[1]):
        byte = matrix[:, k]
        digit = _DIGITS[byte]
        dot = byte == 46
        done &= digit | dot | (byte == 0) | (negative if k == 0 else False)
        done &= ~(dot & dotted)
        whole = np.where(digit, whole * 10 + (byte.astype(np.int64) - 48), whole)
        digits += digit
        decimals += digit & dotted
        dotted |= dot
    done &= (digits > 0) & (digits <= 15)
    numbers = whole / _POWERS_OF_TEN[np.where(done, decimals, 0)]
    return np.where(negative, -numbers, numbers), done


_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5,
                 0x85EBCA77C2B2AE63, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0xD6E8FEB86659FD93],
                dtype=np.uint64)  # fmt: skip


def _dated(
    numbers: np.ndarray, styles: np.ndarray, dates: frozenset[int], date1904: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Numbers as objects, those of date styles as ``datetime`` (each serial converted
    once); and their kinds."""
    out = numbers.astype(object)
    kinds = np.full(numbers.size, _FLOAT, dtype=np.int8)
    if dates:
        dated = np.isin(styles, list(dates))
        if dated.any():
            serials, inverse = np.unique(numbers[dated], return_inverse=True)
            epoch = epoch_of(date1904)
            try:
                shown = [from_serial(float(serial), epoch) for serial in serials]
            except (OverflowError, ValueError):
                raise _NotPlain from None
            converted = np.empty(len(shown), dtype=object)
            converted[:] = shown
            out[dated] = converted[inverse.ravel()]
            kinds[dated] = np.array([_kind(value) for value in shown], dtype=np.int8)[
                inverse.ravel()
            ]
    return out, kinds


# what a cell holds, as frame_from_columns types columns (isinstance of float, str, datetime)
_BLANK, _FLOAT, _TEXT, _DATE, _OTHER = range(5)


def _kind(value: object) -> int:
    if value is None:
        return _BLANK
    if isinstance(value, float):
        return _FLOAT
    if isinstance(value, str):
        return _TEXT
    return _DATE if isinstance(value, _dt.datetime) else _OTHER


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


def _ordered(pieces: list[tuple[np.ndarray, ...]]) -> ScannedCells:
    if pieces:
        rows = np.concatenate([p[0] for p in pieces])
        columns = np.concatenate([p[1] for p in pieces])
        values = np.concatenate([p[2] for p in pieces])
        kinds = np.concatenate([p[3] for p in pieces])
    else:
        rows = columns = np.array([], dtype=np.int32)
        values = np.array([], dtype=object)
        kinds = np.array([], dtype=np.int8)
    filled = kinds != _BLANK
    if not filled.all():
        rows, columns, values, kinds = rows[filled], columns[filled], values[filled], kinds[filled]
    step = np.diff(rows)
    if not ((step > 0) | ((step == 0) & (np.diff(columns) > 0))).all():  # not yet in order
        order = np.lexsort((columns, rows))
        rows, columns, values, kinds = rows[order], columns[order], values[order], kinds[order]
        if rows.size > 1 and ((np.diff(rows) == 0) & (np.diff(columns) == 0)).any():
            raise _NotPlain  # a cell written twice: the full parser keeps the last
    return ScannedCells(rows, columns, values, kinds=kinds)
