"""A worksheet part located without parsing its cells: rows by byte offset, the rest as spans.

The cell writer (:mod:`~xl_salesplan.ooxml.cell_patch`) changes a few rows of a sheet
that may hold a million cells. A parser calling Python for every element spends
seconds on such a sheet; :func:`sheet_outline` instead

1. checks the whole part with the hardened expat parser, without a Python call per
   element (:func:`~xl_salesplan.ooxml.xml_spans.check_xml`: well-formed, no document
   type declaration, no entity), so nothing unsafe or broken is ever written through;
2. finds the one ``sheetData`` element and the start tag of each of its rows by
   searching the bytes, and the rows whose cells hold a formula with attributes
   (shared formulas and array formulas, which writes elsewhere can affect);
3. scans everything outside ``sheetData`` (dimension, columns, merged cells, ...) with
   :func:`~xl_salesplan.ooxml.xml_spans.scan`, as the full path does.

This is sound only in the plain form: no comment, CDATA section or processing
instruction in the part (in well-formed XML every other ``<`` starts a tag), one
unprefixed ``sheetData``, and in it nothing but whitespace and rows whose start tags
are ``<row r="N" ...>`` with plain double-quoted attributes, each row closed before the
next opens. Otherwise :attr:`SheetOutline.rows` is ``None`` and :attr:`SheetOutline.spans`
holds the full scan of the part (every row and cell), as before.

Examples
--------
>>> part = (b'<worksheet><dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1"><v>1</v></c>'
...         b'</row><row r="2" spans="1:2"/></sheetData><mergeCells><mergeCell ref="A1:B1"/>'
...         b'</mergeCells></worksheet>')
>>> outline = sheet_outline(part)
>>> outline.rows.numbers, outline.rows.starts, outline.merges()
([1, 2], [46, 85], [(1, 1, 1, 2)])
>>> sheet_outline(part.replace(b"<sheetData>", b"<sheetData><!-- note -->")).rows is None
True
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

import numpy as np

from xl_salesplan.ooxml.references import parse_range
from xl_salesplan.ooxml.xml_spans import Span, check_xml, scan

__all__ = ["SHEET_ELEMENTS", "RowIndex", "SheetOutline", "full_outline", "sheet_outline"]

#: The elements of a worksheet the cell writer looks at (and the merged cells).
SHEET_ELEMENTS = (
    "sheetData", "dimension", "sheetPr", "cols", "col", "row", "c", "f", "extLst",
    "mergeCells", "mergeCell",
)  # fmt: skip

_SHEET_DATA = re.compile(rb"<sheetData[\s/>]")
_SHEET_DATA_END = b"</sheetData>"
_ROW_START = re.compile(rb"<row[\s/>]")
_ROW_END = b"</row>"
_ROW_CLOSE = re.compile(re.escape(_ROW_END))
_ROW_TAG = re.compile(
    rb'<row r="([0-9]{1,7})"((?:[ \t\r\n]+[A-Za-z_:][-A-Za-z0-9_:.]*="[^"<&]*")*)[ \t\r\n]*(/?)>'
)
# A formula element with attributes (t="shared", t="array", ...), prefixed or not.
_FORMULA_WITH_ATTRIBUTES = (re.compile(rb"<f[ \t\r\n]"), re.compile(rb":f[ \t\r\n]"))
_WHITE = b" \t\r\n"


@dataclass
class RowIndex:
    """Where each row of ``sheetData`` is, in the bytes of the part (plain form only).

    Attributes
    ----------
    numbers : list of int
        Row numbers, in document order (checked in order by the cell writer).
    starts, tag_ends, ends : list of int
        Offsets of ``<row``, just after the start tag's ``>``, and just after the row
        (after ``</row>``, or the start tag of an empty row).
    empty : list of bool
        Written as ``<row .../>``.
    attributes : list of bytes
        The start tag's attributes after ``r`` (entity-free, double-quoted).
    with_formula_attributes : set of int
        Positions (in the lists) of rows holding a formula element with attributes.
    """

    numbers: list[int] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    tag_ends: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    empty: list[bool] = field(default_factory=list)
    attributes: list[bytes] = field(default_factory=list)
    with_formula_attributes: set[int] = field(default_factory=set)


@dataclass
class SheetOutline:
    """A worksheet part: its spans outside ``sheetData`` and the index of its rows.

    Attributes
    ----------
    data : bytes
        The part.
    spans : list of Span
        The elements of :data:`SHEET_ELEMENTS` (and the root) with offsets in ``data``:
        outside ``sheetData`` only when ``rows`` is set, else all of them.
    rows : RowIndex or None
        The rows of ``sheetData`` (plain form), or None (``spans`` has them).
    """

    data: bytes
    spans: list[Span]
    rows: RowIndex | None

    def merges(self) -> list[tuple[int, int, int, int]]:
        """Bounds of the merged ranges (``<mergeCell ref>`` elements near the root).

        Examples
        --------
        >>> sheet_outline(b'<worksheet><sheetData/></worksheet>').merges()
        []
        """
        return [
            parse_range(s.attrs["ref"])
            for s in self.spans
            if s.local == "mergeCell" and s.depth <= 2 and "ref" in s.attrs
        ]


def sheet_outline(data: bytes, *, part: str | None = None) -> SheetOutline:
    """Check a worksheet part and locate its rows (see the module notes).

    Raises
    ------
    WorkbookError
        If the part is not well-formed XML, is not UTF-8, or has a document type
        declaration (the same errors as :func:`~xl_salesplan.ooxml.xml_spans.scan`).

    Examples
    --------
    >>> outline = sheet_outline(b'<worksheet><sheetData>\\n<row r="3"/>\\n</sheetData></worksheet>')
    >>> outline.rows.numbers, [s.local for s in outline.spans]
    ([3], ['worksheet', 'sheetData'])
    """
    check_xml(data, part=part)
    located = _locate(data)
    if located is None:
        return full_outline(data, part=part)
    tag_start, body, close = located
    if body < 0:  # <sheetData/>: no rows
        return SheetOutline(data, _full_scan(data, part), RowIndex())
    rows = _row_index(data, body, close)
    if rows is None:
        return full_outline(data, part=part)
    spans = _outline_spans(data, tag_start, body, close, part)
    if spans is None:
        return full_outline(data, part=part)
    return SheetOutline(data, spans, rows)


def full_outline(data: bytes, *, part: str | None = None) -> SheetOutline:
    """The outline of a part parsed whole (every row and cell): what a part not in the
    plain form gets, and what the plain form's outline must agree with.

    Examples
    --------
    >>> outline = full_outline(b'<worksheet><sheetData><row r="1"/></sheetData></worksheet>')
    >>> outline.rows is None, [s.local for s in outline.spans]
    (True, ['worksheet', 'sheetData', 'row'])
    """
    return SheetOutline(data, _full_scan(data, part), None)


def _full_scan(data: bytes, part: str | None) -> list[Span]:
    return scan(data, max_depth=4, text_of=(), only=SHEET_ELEMENTS, part=part)


def _locate(data: bytes) -> tuple[int, int, int] | None:
    """(offset of ``<sheetData``, of its content, of ``</sheetData>``); content -1 if empty.

    None when the part is not in the plain form (a comment, CDATA section or
    processing instruction anywhere, or not exactly one unprefixed ``sheetData``).
    """
    declaration = data.find(b"?>") + 2 if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == b"<?xml" else 0
    if b"<!--" in data or b"<![CDATA[" in data or data.find(b"<?", declaration) >= 0:
        return None
    found = list(_SHEET_DATA.finditer(data))
    if len(found) != 1:
        return None
    start = found[0].start()
    tag_end = data.index(b">", start) + 1  # attributes of sheetData hold no ">" in practice
    if data[tag_end - 2 : tag_end] == b"/>":
        return (start, -1, -1) if data.count(_SHEET_DATA_END) == 0 else None
    close = data.find(_SHEET_DATA_END, tag_end)
    if close < 0 or data.count(_SHEET_DATA_END) != 1:
        return None
    if b'"' in data[start:tag_end] or b"'" in data[start:tag_end]:
        return None  # attributes on sheetData: not the plain form
    return start, tag_end, close


def _row_index(data: bytes, body: int, close: int) -> RowIndex | None:
    """The rows of ``data[body:close]``, or None when that is not rows and whitespace.

    Every ``<row`` must start a plain row tag; the k-th ``</row>`` closes the k-th row
    that is not empty, after its start tag and before the next row starts; between
    rows stands only white space. Tested on all rows at once.
    """
    tags = list(_ROW_TAG.finditer(data, body, close))
    starts = [found.start() for found in tags]
    if starts != [found.start() for found in _ROW_START.finditer(data, body, close)]:
        return None  # a "<row" that does not start a plain row tag
    index = RowIndex()
    if not tags:
        return index if not data[body:close].strip(_WHITE) else None
    tag_ends = np.array([found.end() for found in tags], dtype=np.int64)
    empty = np.array([found.group(3) == b"/" for found in tags], dtype=bool)
    closes = np.array([found.start() for found in _ROW_CLOSE.finditer(data, body, close)],
                      dtype=np.int64)  # fmt: skip
    filled = np.flatnonzero(~empty)
    if closes.size != filled.size or (closes < tag_ends[filled]).any():
        return None
    ends = tag_ends.copy()
    ends[filled] = closes + len(_ROW_END)
    begins = np.array(starts, dtype=np.int64)
    gaps = np.flatnonzero(begins[1:] != ends[:-1])
    if (begins[1:][gaps] < ends[:-1][gaps]).any():
        return None  # a row inside the row before it
    edges = [(body, starts[0])] + [(int(ends[i]), starts[i + 1]) for i in gaps.tolist()]
    edges.append((int(ends[-1]), close))
    if any(data[start:stop].strip(_WHITE) for start, stop in edges if stop > start):
        return None  # something other than a row between rows
    index.numbers = [int(found.group(1)) for found in tags]
    index.starts, index.tag_ends, index.ends = starts, tag_ends.tolist(), ends.tolist()
    index.empty = empty.tolist()
    index.attributes = [found.group(2) for found in tags]
    for pattern in _FORMULA_WITH_ATTRIBUTES:
        for found in pattern.finditer(data, body, close):
            index.with_formula_attributes.add(bisect_right(starts, found.start()) - 1)
    index.with_formula_attributes.discard(-1)
    return index


def _outline_spans(
    data: bytes, tag_start: int, body: int, close: int, part: str | None
) -> list[Span] | None:
    """The spans of the part without the content of ``sheetData``, offsets in ``data``."""
    shift = close - body
    spans = scan(data[:body] + data[close:], max_depth=4, text_of=(), only=SHEET_ELEMENTS,
                 part=part)  # fmt: skip
    sheet_data = [s for s in spans if s.local == "sheetData"]
    if len(sheet_data) != 1 or sheet_data[0].start != tag_start or sheet_data[0].depth != 1:
        return None
    for span in spans:
        if span is sheet_data[0]:
            span.close_start = close
            span.end = close + len(_SHEET_DATA_END)
            continue
        if span.start >= body:
            span.start += shift
        if span.content_start >= body:
            span.content_start += shift
        if span.close_start >= body:
            span.close_start += shift
        if span.end >= body:
            span.end += shift
    return spans
