"""The sheet scan reads the same on two threads as on one.

``sheet_scan`` locates the cells of a worksheet slice by slice, the next slice on another
thread while a slice's values are read. With slices of a row or two (a small ``_SLICE``),
every part below is many slices: the threaded scan must give the very cells, values,
kinds and stopping point of a one-thread scan (``XL_SALESPLAN_THREADS=1``), step aside
(``None``) for a damaged slice wherever it is, stop near ``last_row`` without reading
the sheet below it, and leave no thread running.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_salesplan.ooxml import sheet_scan
from xl_salesplan.ooxml.ordered_threads import THREADS_VARIABLE
from xl_salesplan.ooxml.sheet_scan import ScannedCells, scan_cells, scan_rest
from xl_salesplan.ooxml.worksheet_reader import read_cells

STRINGS = ["North", "South", "R&D"]
DATES = frozenset({1})


@contextmanager
def _scanning(threads: int, slice_bytes: int = 120) -> Iterator[list[int]]:
    """Scans on ``threads`` threads in slices of about ``slice_bytes``; yields the sizes
    of the slices whose cells were located."""
    located: list[int] = []
    locate = sheet_scan.locate_cells

    def counted(chunk: bytes):  # type: ignore[no-untyped-def]
        located.append(len(chunk))
        return locate(chunk)

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(THREADS_VARIABLE, str(threads))
        patch.setattr(sheet_scan, "_SLICE", slice_bytes)
        patch.setattr(sheet_scan, "locate_cells", counted)
        yield located
    assert [t for t in threading.enumerate() if t.name.startswith("ordered-map")] == []


def _row(r: int, kind: int) -> str:
    cells = [
        f'<c r="A{r}" s="1"><v>{45658 + kind}</v></c>',
        f'<c r="B{r}" t="s"><v>{kind % 3}</v></c>',
        f'<c r="C{r}" t="inlineStr"><is><t>t&amp;{kind}</t></is></c>',
        f'<c r="D{r}"><v>{kind}.25</v></c>',
        f'<c r="E{r}" t="e"><v>#N/A</v></c>',
        f'<c r="F{r}" t="b"><v>{kind % 2}</v></c>',
        f'<c r="G{r}"/>',
    ]
    return f'<row r="{r}">{"".join(cells[: 1 + kind % len(cells)])}</row>'


def _part(rows: list[str]) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    ).encode()


def _as_lists(cells: ScannedCells | None) -> object:
    if cells is None:
        return None
    rest = None if cells.rest is None else [a.tolist() for a in cells.rest]
    kinds = None if cells.kinds is None else cells.kinds.tolist()
    values = [(type(v), v) for v in cells.values.tolist()]
    return (cells.rows.tolist(), cells.columns.tolist(), values, kinds, cells.last_row,
            cells.resume, rest)  # fmt: skip


def _both(part: bytes, slice_bytes: int = 120, **options: object) -> tuple[object, object]:
    found = []
    for threads in (1, 2):
        with _scanning(threads, slice_bytes):
            cells = scan_cells(part, strings=STRINGS, dates=DATES, **options)  # type: ignore[arg-type]
            found.append(_as_lists(cells))
    return found[0], found[1]


@given(
    kinds=st.lists(st.integers(0, 20), min_size=1, max_size=60),
    order=st.randoms(use_true_random=False),
    slice_bytes=st.integers(1, 400),
    last_row=st.none() | st.integers(0, 70),
)
def test_two_threads_read_what_one_reads(
    kinds: list[int], order: object, slice_bytes: int, last_row: int | None
) -> None:
    rows = [_row(r, kind) for r, kind in enumerate(kinds, start=1)]
    if kinds[0] % 2:
        order.shuffle(rows)  # type: ignore[attr-defined]
    part = _part(rows)
    one, two = _both(part, slice_bytes, last_row=last_row)
    assert one is not None and one == two
    if last_row is None:  # and it is what the full parser reads
        expected = read_cells(part, strings=STRINGS, dates=DATES)
        flat = {(r, c): v for r, row in expected.items() for c, v in row.items()}
        rows_, columns, values = one[0], one[1], [v for _, v in one[2]]  # type: ignore[index]
        assert dict(zip(zip(rows_, columns, strict=True), values, strict=True)) == flat


@pytest.mark.parametrize("damaged_row", [2, 30, 60])
@pytest.mark.parametrize(
    "damage",
    [
        (b"<v>45662</v>", b"<v>x</v>"),  # a value not a number: found reading values
        (b'<c r="A', b'<c cm="1" r="A'),  # another attribute: found locating the cells
    ],
)
def test_a_damaged_slice_anywhere_leaves_the_part_to_the_full_parser(
    damaged_row: int, damage: tuple[bytes, bytes]
) -> None:
    rows = [_row(r, 4) for r in range(1, 61)]
    rows[damaged_row - 1] = _row(damaged_row, 4).replace(*(d.decode() for d in damage))
    part = _part(rows)
    assert part != _part([_row(r, 4) for r in range(1, 61)])
    for threads in (1, 2):
        with _scanning(threads):
            assert scan_cells(part, strings=STRINGS, dates=DATES) is None
    if damaged_row > 10:  # below a first read: the rest is left to the full parser
        with _scanning(2):
            first = scan_cells(part, strings=STRINGS, dates=DATES, last_row=5)
            assert first is not None and first.resume is not None
            assert scan_rest(part, first, strings=STRINGS, dates=DATES) is None


def test_the_first_read_stops_near_the_rows_it_needs() -> None:
    part = _part([_row(r, r % 7) for r in range(1, 2001)])
    slices = []
    for threads in (1, 2):
        with _scanning(threads, slice_bytes=1000) as located:
            first = scan_cells(part, strings=STRINGS, dates=DATES, last_row=20)
        assert first is not None and first.resume is not None
        assert first.resume < part.index(b'<row r="60"')  # just below row 20, not the end
        assert sorted(set(first.rows.tolist())) == list(range(1, 21))
        slices.append(len(located))
    assert slices[1] <= slices[0] + 1  # at most the slice after the stop was located too
    one, two = _both(part, 1000, last_row=20)
    assert one == two


def test_a_damaged_slice_after_the_stop_does_not_matter() -> None:
    rows = [_row(r, 4) for r in range(1, 61)]
    rows[4] = _row(5, 4).replace('<c r="A', '<c cm="1" r="A')  # the slice after the stop
    part = _part(rows)
    for threads in (1, 2):
        with _scanning(threads, slice_bytes=1):  # a row per slice
            first = scan_cells(part, strings=STRINGS, dates=DATES, last_row=3)
            assert first is not None and sorted(set(first.rows.tolist())) == [1, 2, 3]
            assert scan_rest(part, first, strings=STRINGS, dates=DATES) is None


def test_the_rest_reads_on_alike() -> None:
    part = _part([_row(r, r % 11) for r in [*range(1, 80), 200, 90, 150]])
    found = []
    for threads in (1, 2):
        with _scanning(threads):
            first = scan_cells(part, strings=STRINGS, dates=DATES, last_row=9)
            assert first is not None
            found.append(_as_lists(scan_rest(part, first, strings=STRINGS, dates=DATES)))
    assert found[0] is not None and found[0] == found[1]
    rows = np.array(found[0][0])  # type: ignore[index]
    assert rows.size and (np.diff(rows) >= 0).all()
