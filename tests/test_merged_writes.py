"""Writes into cells hidden under merged ranges are refused, naming the first such cell.

The check looks only at the cells of the merged ranges when they are fewer than the
writes; it must refuse exactly what a walk through every write in (row, column) order
refuses: the first non-blank write that a merged range hides (not its top-left cell).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from xl_salesplan.ooxml.references import cell_name, format_range
from xl_salesplan.ooxml.workbook_edits import refuse_writes_under_merges
from xl_salesplan.ooxml.workbook_errors import WorkbookError

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

merges = st.lists(
    st.tuples(st.integers(1, 12), st.integers(1, 6), st.integers(0, 2), st.integers(0, 2)).map(
        lambda m: (m[0], m[1], m[0] + m[2], m[1] + m[3])
    ),
    min_size=1,
    max_size=4,
)
writes = st.dictionaries(
    st.tuples(st.integers(1, 16), st.integers(1, 8)),
    st.sampled_from([None, "", 0, 1.5, "x"]),
    min_size=1,
    max_size=128,
)  # often more writes than merged cells: the ranges' cells are looked up


def part(ranges: list[tuple[int, int, int, int]]) -> bytes:
    cells = "".join(f'<mergeCell ref="{format_range(*r)}"/>' for r in ranges)
    return (f'<worksheet xmlns="{NS}"><sheetData/><mergeCells count="{len(ranges)}">{cells}'
            "</mergeCells></worksheet>").encode()  # fmt: skip


def walked(ranges: list[tuple[int, int, int, int]], cells: dict) -> str | None:
    """What a walk through every write in order refuses (the reference)."""
    for (row, col), value in sorted(cells.items()):
        if value is None or value == "":
            continue
        for r1, c1, r2, c2 in ranges:
            if r1 <= row <= r2 and c1 <= col <= c2 and (row, col) != (r1, c1):
                return f"{cell_name(row, col)}: is hidden under the merged cells " + format_range(
                    r1, c1, r2, c2
                )
    return None


@settings(max_examples=300, deadline=None)
@given(ranges=merges, cells=writes)
def test_the_first_hidden_write_is_refused_as_a_walk_through_every_write_finds_it(
    ranges, cells
) -> None:
    expected = walked(ranges, cells)
    try:
        refuse_writes_under_merges(part(ranges), cells, sheet="Plan")
        refused = None
    except WorkbookError as error:
        refused = str(error)
    if expected is None:
        assert refused is None
    else:
        assert refused is not None and f"Plan!{expected}," in refused


def test_a_large_table_beside_a_merged_title_is_checked_by_the_title_cells() -> None:
    table = {(row, col): row * col for row in range(5, 20_005) for col in range(1, 7)}
    refuse_writes_under_merges(part([(1, 1, 2, 6)]), table, sheet="Actuals")  # nothing hidden
    table[(2, 3)] = "late"
    try:
        refuse_writes_under_merges(part([(1, 1, 2, 6)]), table, sheet="Actuals")
    except WorkbookError as error:
        assert "Actuals!C2: is hidden under the merged cells A1:F2" in str(error)
    else:
        raise AssertionError("a write under the title was not refused")
