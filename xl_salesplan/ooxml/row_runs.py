"""Runs of whole rows written at once: a table written over rows of plain cells, or below.

A command that writes a table (90,000 cells of ``tblActuals``) replaces every cell of
rows that hold nothing else, or fills rows that do not exist yet. Instead of cutting
every row into tokens and passing every cell through the general writer
(:mod:`~xl_salesplan.ooxml.cell_patch`), this module writes such runs a column at a
time:

- :func:`plain_runs` finds runs of rows next to each other whose cells are exactly the
  columns written, in the plain form with no formula and no white space between tags
  (checked with searches and array operations over the run's bytes,
  :mod:`~xl_salesplan.ooxml.sheet_tags`); :meth:`PlainRun.rewrite` rebuilds them (each
  cell keeps its ``s``; its ``t`` and value are replaced);
- :func:`new_runs` finds runs of written rows the sheet does not have;
  :meth:`NewRun.rows` builds them (a new cell takes its column's style; a blank makes
  no cell).

Each distinct value of a column is encoded once and its cell's tail built once. Both
give the bytes the general writer gives for the same rows, and any run holding a value
only that writer writes (a formula, an unusual type) or a cell with an explicit style
is left to it.

Examples
--------
>>> from xl_salesplan.ooxml.excel_dates import EPOCH_1900
>>> from xl_salesplan.ooxml.cell_xml import CellWriter
>>> from xl_salesplan.ooxml.sheet_layout import SheetLayout
>>> from xl_salesplan.ooxml.sheet_outline import sheet_outline
>>> rows = b"".join(b'<row r="%d"><c r="A%d" s="2"><v>0</v></c><c r="B%d"/></row>' % (r, r, r)
...                 for r in range(1, 9))
>>> layout = SheetLayout(sheet_outline(b"<worksheet><sheetData>" + rows
...                                    + b"</sheetData></worksheet>"), "plan")
>>> writes = {(r, c): (r * 10 + c, None) for r in range(1, 9) for c in (1, 2)}
>>> [run] = plain_runs(layout, {r: [1, 2] for r in range(1, 9)}, writes, smallest=4)
>>> run.rows == list(range(1, 9)), [column[0] for column in run.styles]
(True, [2, 0])
>>> writer = CellWriter("", epoch=EPOCH_1900, sheet="plan")
>>> edits, touched = run.rewrite(layout, writer, writes)
>>> edits[0][2], touched[:2]
(b'<row r="1"><c r="A1" s="2"><v>11</v></c><c r="B1"><v>12</v></c></row>', [(1, 1), (1, 2)])
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np

from xl_salesplan.ooxml.cell_xml import CACHED_TYPES, CellWriter
from xl_salesplan.ooxml.sheet_layout import SheetLayout
from xl_salesplan.ooxml.sheet_tags import NotPlain, locate_cells
from xl_salesplan.ooxml.xml_spans import Edit

__all__ = ["SMALLEST_RUN", "NewRun", "PlainRun", "new_runs", "plain_runs"]

_BLANK = (b"", b"")

#: Fewer rows than this go through the general writer (nothing to gain).
SMALLEST_RUN = 64

# white space after a tag: between the cells of a row (kept by the general writer), or
# a value of spaces (either way, the run is left to the general writer)
_SPACE_AFTER_TAG = re.compile(rb">[ \t\r\n]")


class PlainRun:
    """Rows next to each other, each holding exactly the written columns' plain cells.

    Found (and checked) by :func:`plain_runs`; :meth:`rewrite` builds the rows.
    ``styles`` holds the style index of each cell kept (0: none), a column at a time.
    """

    __slots__ = ("cols", "first", "rows", "styles")

    def __init__(self, rows: list[int], cols: list[int], first: int, styles: list[list[int]]):
        self.rows, self.cols, self.first, self.styles = rows, cols, first, styles

    def rewrite(
        self,
        layout: SheetLayout,
        writer: CellWriter,
        prepared: Mapping[tuple[int, int], tuple[object, int | None]],
    ) -> tuple[list[Edit], list[tuple[int, int]]] | None:
        """The edits of the run's rows and the first and last column given a value in each.

        None when a value needs the general writer (a formula, an unusual type): then
        nothing is written and the caller writes the rows as any other.

        Raises
        ------
        WorkbookError
            For a value no cell can hold, as the general writer raises it.
        """
        index, data, rows, cols = layout.index, layout.data, self.rows, self.cols
        assert index is not None
        row_texts = [b"%d" % number for number in rows]
        encoded = _encoded(writer, rows, cols, prepared, row_texts)
        if encoded is None:
            return None
        keys, parts_by_column = encoded
        tails = _Tails(writer)
        cells, filled = [], []
        for j, col in enumerate(cols):
            head = writer.open + writer.letters(col)
            parts_of = parts_by_column[j]
            styles = self.styles[j]
            if len(set(styles)) == 1:  # one style down the column: one tail per value
                tail_of = {key: tails[(styles[0], parts)] for key, parts in parts_of.items()}
                cells.append([head + text + tail_of[key]
                              for text, key in zip(row_texts, keys[j], strict=True)])  # fmt: skip
            else:
                cells.append([head + text + tails[(style, parts_of[key])]
                              for text, style, key in zip(row_texts, styles, keys[j],
                                                          strict=True)])  # fmt: skip
            if all(parts[1] for parts in parts_of.values()):
                filled.append(None)  # every cell of the column is given a value
            else:
                filled.append([bool(parts_of[key][1]) for key in keys[j]])
        edits: list[Edit] = []
        for k, elements in enumerate(zip(*cells, strict=True), start=self.first):
            start = index.starts[k]
            body = b"".join(elements)
            edits.append((start, index.ends[k], data[start : index.tag_ends[k]] + body + b"</row>"))
        return edits, _filled_bounds(rows, cols, filled)


class NewRun:
    """Written rows the sheet does not have, in the same columns (found by :func:`new_runs`)."""

    __slots__ = ("cols", "rows")

    def __init__(self, rows: list[int], cols: list[int]) -> None:
        self.rows, self.cols = rows, cols

    def write(
        self,
        layout: SheetLayout,
        writer: CellWriter,
        prepared: Mapping[tuple[int, int], tuple[object, int | None]],
    ) -> tuple[list[tuple[int, bytes]], list[tuple[int, int]]] | None:
        """(row, XML) of each new row holding a value, and the first and last column
        given a value in each; None as for :meth:`PlainRun.rewrite`.

        Raises
        ------
        WorkbookError
            For a value no cell can hold, as the general writer raises it.
        """
        rows, cols = self.rows, self.cols
        row_texts = [b"%d" % number for number in rows]
        encoded = _encoded(writer, rows, cols, prepared, row_texts)
        if encoded is None:
            return None
        keys, parts_by_column = encoded
        tails = _Tails(writer)
        cells, filled = [], []
        for j, col in enumerate(cols):
            head = writer.open + writer.letters(col)
            style = layout.column_style(col) or 0
            tail_of = {key: tails[(style, parts)] if parts[1] else b""  # a blank: no cell
                       for key, parts in parts_by_column[j].items()}  # fmt: skip
            cells.append([head + text + tail_of[key] if tail_of[key] else b""
                          for text, key in zip(row_texts, keys[j], strict=True)])  # fmt: skip
            if all(tail_of.values()):
                filled.append(None)
            else:
                filled.append([bool(tail_of[key]) for key in keys[j]])
        start, end = f'<{layout.prefix}row r="'.encode(), f"</{layout.prefix}row>".encode()
        made = []
        for number, text, elements in zip(rows, row_texts, zip(*cells, strict=True),
                                          strict=True):  # fmt: skip
            body = b"".join(elements)
            if body:
                made.append((number, start + text + b'">' + body + end))
        return made, _filled_bounds(rows, cols, filled)


def _encoded(
    writer: CellWriter,
    rows: list[int],
    cols: list[int],
    prepared: Mapping[tuple[int, int], tuple[object, int | None]],
    row_texts: list[bytes],
) -> tuple[list[list[object]], list[dict[object, tuple[bytes, bytes]]]] | None:
    """The key of each cell's value, a column at a time, and each column's parts by key.

    Every value not encoded yet is encoded where it first occurs, in the order the
    general writer meets them (row by row), so the first value refused is the one it
    refuses. None when a value is one only the general writer writes.
    """
    allowed = CACHED_TYPES | {type(None)}
    keys: list[list[object]] = []
    for col in cols:
        values = [prepared[(number, col)][0] for number in rows]
        classes = set(map(type, values))
        if not classes <= allowed:
            return None  # a value only the general writer writes (a formula...)
        # a column of one type is keyed by its values; else (1 and True apart) by type too
        keys.append(values if len(classes) == 1 else [_key(value) for value in values])
    firsts = [_first_places(column) for column in keys]
    known = writer.known_parts
    pending = sorted((i, j) for j, first in enumerate(firsts) for key, i in first.items()
                     if key is not None and known(_key(key)) is None)  # fmt: skip
    for i, j in pending:
        writer.parts(_value(keys[j][i]), writer.letters(cols[j]), row_texts[i])
    parts = [{key: known(_key(key)) or _BLANK for key in first} for first in firsts]  # NaN: blank
    return keys, parts


def _key(value: object) -> object:
    """A value as the cell writer's cache knows it: (type, value); None stays None."""
    if value is None or value.__class__ is tuple:
        return value  # a blank, or a key already
    return (value.__class__, value)


def _value(key: object) -> object:
    return key[1] if key.__class__ is tuple else key  # type: ignore[index]


def _first_places(keys: list[object]) -> dict[object, int]:
    """Each distinct key and where it first occurs."""
    return dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))


def _filled_bounds(
    rows: list[int], cols: list[int], filled: list[list[bool] | None]
) -> list[tuple[int, int]]:
    """The first and last column given a value (not a blank) in each row, as (row, col).

    ``filled`` tells for each column which of its cells are given a value (None: all).
    """
    if all(column is None for column in filled):
        return [(number, col) for number in rows for col in (cols[0], cols[-1])]
    bounds: list[tuple[int, int]] = []
    for i, number in enumerate(rows):
        given = [col for col, column in zip(cols, filled, strict=True)
                 if column is None or column[i]]  # fmt: skip
        if given:
            bounds += [(number, given[0]), (number, given[-1])]
    return bounds


class _Tails(dict[tuple[int, tuple[bytes, bytes]], bytes]):
    """A cell element after its row number, by (style, parts): ``" s="3"><v>1</v></c>``."""

    def __init__(self, writer: CellWriter) -> None:
        super().__init__()
        self.writer = writer

    def __missing__(self, key: tuple[int, tuple[bytes, bytes]]) -> bytes:
        style, parts = key
        tail = self[key] = self.writer.tail(b' s="%d"' % style if style else b"", parts)
        return tail


def plain_runs(
    layout: SheetLayout,
    by_row: Mapping[int, list[int]],
    prepared: Mapping[tuple[int, int], tuple[object, int | None]],
    *,
    smallest: int | None = None,
) -> list[PlainRun]:
    """The runs of at least ``smallest`` rows of ``by_row`` that :class:`PlainRun` writes.

    ``by_row`` maps each written row to its written columns (sorted, in row order),
    ``prepared`` each cell to its (value, explicit style): a run's cells take no
    explicit style. ``smallest`` defaults to :data:`SMALLEST_RUN`.
    """
    smallest = _smallest(layout, by_row, smallest)
    if smallest is None:
        return []
    runs: list[PlainRun] = []
    for rows, cols in _candidates(layout, by_row, smallest):
        if any(prepared[(number, col)][1] is not None for number in rows for col in cols):
            continue
        runs += _checked(layout, rows, cols, smallest)
    return runs


def new_runs(
    layout: SheetLayout,
    by_row: Mapping[int, list[int]],
    prepared: Mapping[tuple[int, int], tuple[object, int | None]],
    *,
    smallest: int | None = None,
) -> list[NewRun]:
    """Runs of at least ``smallest`` written rows (one after the other in ``by_row``) that
    the sheet does not have, written in the same columns, no cell with an explicit style.

    Only for a part whose rows the outline indexes (else the general writer decides).
    """
    smallest = _smallest(layout, by_row, smallest)
    if smallest is None:
        return []
    runs: list[NewRun] = []
    rows: list[int] = []
    cols: list[int] = []
    for number, written in [*by_row.items(), (0, [])]:  # (0, []) ends the last run
        new = number > 0 and layout.position(number) is None
        if not new or written != cols:
            if len(rows) >= smallest and not any(
                prepared[(row, col)][1] is not None for row in rows for col in cols
            ):
                runs.append(NewRun(rows, cols))
            rows, cols = [], written
        if new:
            rows.append(number)
    return runs


def _smallest(layout: SheetLayout, by_row: Mapping[int, list[int]], smallest: int | None
              ) -> int | None:  # fmt: skip
    """The fewest rows of a run (default :data:`SMALLEST_RUN`); None when no run can be
    found (fewer rows written, or a part whose rows the outline does not index)."""
    smallest = SMALLEST_RUN if smallest is None else smallest
    return None if layout.index is None or len(by_row) < smallest else smallest


def _candidates(
    layout: SheetLayout, by_row: Mapping[int, list[int]], smallest: int
) -> list[tuple[list[int], list[int]]]:
    """Runs of rows next to each other in the sheet, written in the same columns."""
    found: list[tuple[list[int], list[int]]] = []
    rows: list[int] = []
    cols: list[int] = []
    last = -2
    for number, written in by_row.items():
        k = layout.position(number)
        usable = k is not None and number not in layout.rows  # rows with formulas are parsed
        if not usable or k != last + 1 or written != cols:
            if len(rows) >= smallest:
                found.append((rows, cols))
            rows, cols = [], written
        if k is None or not usable:
            last = -2
            continue
        rows.append(number)
        last = k
    if len(rows) >= smallest:
        found.append((rows, cols))
    return found


def _checked(
    layout: SheetLayout, rows: list[int], cols: list[int], smallest: int
) -> list[PlainRun]:
    """The parts of a candidate run whose rows hold exactly ``cols``, in the plain form
    with no formula, no white space between tags and no ``s`` spelled with a leading 0."""
    index, data = layout.index, layout.data
    assert index is not None
    first = layout.position(rows[0])
    assert first is not None
    positions = range(first, first + len(rows))
    start, end = index.starts[first], index.ends[positions[-1]]
    if data.find(b"<f", start, end) >= 0 or data.find(b' s="0', start, end) >= 0:
        return []
    if _SPACE_AFTER_TAG.search(data, start, end) is not None:
        return []
    try:
        tags = locate_cells(data[start:end])
    except NotPlain:
        return []
    counts = np.array([data.count(b"<c ", index.tag_ends[k], index.ends[k]) for k in positions])
    if counts.sum() != tags.columns.size:
        return []
    width, numbers = len(cols), np.asarray(rows)
    owner = np.repeat(np.arange(len(rows)), counts)  # the run's row of each cell
    place = np.arange(owner.size) - np.repeat(np.cumsum(counts) - counts, counts)
    expected = np.asarray(cols)[np.minimum(place, width - 1)]
    wrong = (tags.columns != expected) | (tags.rows != numbers[owner]) | (place >= width)
    good = (counts == width) & (np.bincount(owner, weights=wrong, minlength=len(rows)) == 0)
    offsets = np.cumsum(counts) - counts
    runs = []
    edges = np.flatnonzero(np.diff(np.concatenate(([0], good.astype(np.int8), [0]))))
    for begin, stop in zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True):
        if stop - begin < smallest:
            continue
        cells = slice(offsets[begin], offsets[begin] + (stop - begin) * width)
        styles = tags.styles[cells].reshape(stop - begin, width).T.tolist()
        runs.append(PlainRun(rows[begin:stop], cols, first + begin, styles))
    return runs
