"""Runs of whole rows written at once give the bytes of the general cell writer.

Every comparison patches one part with one block of writes twice: with the part's
:func:`sheet_outline` and runs of any length (:mod:`xl_salesplan.ooxml.row_runs` takes
the rows it can), and with :func:`full_outline` (the whole part parsed, no runs). The
parts are made by hypothesis: rows holding exactly the written columns or more or
fewer, white space, formulas, styles spelled ``0`` or ``007``, types, empty and
missing rows; the values include blanks, NaN, texts, dates, formulas and styles.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_salesplan.ooxml import row_runs
from xl_salesplan.ooxml.cell_patch import patch_cells
from xl_salesplan.ooxml.cell_values import CellError, Formula, Styled
from xl_salesplan.ooxml.references import column_letters
from xl_salesplan.ooxml.sheet_outline import full_outline, sheet_outline
from xl_salesplan.ooxml.workbook_errors import WorkbookError

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.fixture(autouse=True)
def every_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(row_runs, "SMALLEST_RUN", 1)


def part(rows: str) -> bytes:
    return (f'<worksheet xmlns="{NS}"><dimension ref="A1:F9"/><sheetData>{rows}'
            "</sheetData></worksheet>").encode()  # fmt: skip


def outcome(data: bytes, writes: dict, outline_of) -> tuple:
    try:
        result = patch_cells(data, writes, sheet="s", outline=outline_of(data, part="s"))
    except WorkbookError as error:
        return ("error", str(error))
    return (result.xml, result.formulas_removed)


def taken(data: bytes, writes: dict) -> int:
    """How many rows the runs write (counted through the module's own entry points)."""
    seen = []
    real = {"rewrite": row_runs.PlainRun.rewrite, "write": row_runs.NewRun.write}

    def spy(name):
        def method(self, *args):
            result = real[name](self, *args)
            seen.extend(self.rows if result is not None else [])
            return result

        return method

    row_runs.PlainRun.rewrite, row_runs.NewRun.write = spy("rewrite"), spy("write")
    try:
        outcome(data, writes, sheet_outline)
    finally:
        row_runs.PlainRun.rewrite, row_runs.NewRun.write = real["rewrite"], real["write"]
    return len(seen)


STYLES = st.sampled_from(["", ' s="3"', ' s="12"', ' s="0"', ' s="007"'])
TYPES = st.sampled_from(["", ' t="n"', ' t="inlineStr"', ' t="s"', ' t="b"'])
BODIES = st.sampled_from(
    ["/>", "></c>", "><v>1</v></c>", "><v>2.5</v></c>", "><is><t>North</t></is></c>",
     '><is><t xml:space="preserve"> x </t></is></c>', "><f>A1+1</f><v>2</v></c>",
     "><v>0</v></c>"]
)  # fmt: skip
SPACES = st.sampled_from(["", "", "", " ", "\n  "])


@st.composite
def sheets(draw) -> tuple[bytes, list[int], list[int]]:
    """A part, the rows written and the columns written (B:D, or A:C...)."""
    first_col = draw(st.integers(1, 2))
    cols = list(range(first_col, first_col + draw(st.integers(1, 3))))
    first_row = draw(st.integers(1, 3))
    rows = list(range(first_row, first_row + draw(st.integers(2, 8))))
    texts = []
    for row in range(1, rows[-1] + 2):
        shape = draw(st.sampled_from(["exact"] * 6 + ["more", "fewer", "missing", "empty"]))
        if shape == "missing":
            continue
        if shape == "empty":
            texts.append(f'<row r="{row}"/>')
            continue
        row_cols = {"exact": cols, "more": [*cols, 6], "fewer": cols[:-1]}[shape]
        spans = draw(st.sampled_from(["", ' spans="1:6"', ' spans="1:6" ht="20" customHeight="1"']))
        cells = "".join(
            f"{draw(SPACES) if draw(st.booleans()) and draw(st.booleans()) else ''}"
            f'<c r="{column_letters(c)}{row}"{draw(STYLES)}{draw(TYPES)}{draw(BODIES)}'
            for c in row_cols
        )
        texts.append(f'<row r="{row}"{spans}>{cells}</row>')
    return part("".join(texts)), rows, cols


VALUES = st.one_of(
    st.integers(-(10**16), 10**16),
    st.floats(allow_nan=True, allow_infinity=False),
    st.sampled_from([None, "", "North", " padded ", "a<b&c", "=1+2", True, False, 2**60]),
    st.sampled_from([dt.date(2024, 3, 1), CellError("#N/A"), Formula("=A1+1", 2)]),
    st.builds(Styled, st.integers(0, 5), st.integers(0, 9)),
)
REFUSED = st.sampled_from(["bad\x01", float("inf"), "x" * 32_768])


@settings(max_examples=300, deadline=None)
@given(sheet=sheets(), data=st.data())
def test_runs_write_the_bytes_of_the_general_writer(sheet, data) -> None:
    part_xml, rows, cols = sheet
    plain = data.draw(st.booleans())  # mostly numbers and texts, as a table holds
    values = st.one_of(st.integers(0, 10**9), st.sampled_from(["North", None])) if plain else VALUES
    writes = {(r, c): data.draw(values) for r in rows for c in cols}
    if data.draw(st.integers(0, 9)) == 0:
        writes[(data.draw(st.sampled_from(rows)), cols[0])] = data.draw(REFUSED)
    assert outcome(part_xml, writes, sheet_outline) == outcome(part_xml, writes, full_outline)


def test_a_clean_block_is_written_by_the_run() -> None:
    rows = "".join(
        f'<row r="{r}" spans="1:3"><c r="A{r}" s="4"><v>{r}</v></c>'
        f'<c r="B{r}" t="inlineStr"><is><t>North</t></is></c><c r="C{r}"/></row>'
        for r in range(1, 201)
    )
    data = part(rows)
    writes = {(r, c): v for r in range(1, 201) for c, v in ((1, r * 1.5), (2, "South"), (3, None))}
    assert taken(data, writes) == 200
    fast, full = outcome(data, writes, sheet_outline), outcome(data, writes, full_outline)
    assert fast == full
    assert b'<row r="7" spans="1:3"><c r="A7" s="4"><v>10.5</v></c>' in fast[0]
    assert b'<c r="B7" t="inlineStr"><is><t>South</t></is></c><c r="C7"/></row>' in fast[0]


@pytest.mark.parametrize(
    "change",
    [
        lambda rows: rows.replace('<c r="C5"/>', '\n<c r="C5"/>'),  # white space in a row
        lambda rows: rows.replace("<v>5</v>", "<f>1+4</f><v>5</v>"),  # a formula
        lambda rows: rows.replace('s="4"><v>5<', 's="04"><v>5<'),  # a style with a leading 0
    ],
)
def test_rows_the_run_cannot_take_go_to_the_general_writer(change) -> None:
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" s="4"><v>{r}</v></c><c r="C{r}"/></row>' for r in range(1, 11)
    )
    data = part(change(rows))
    writes = {(r, c): r * 2 for r in range(1, 11) for c in (1, 3)}
    assert taken(data, writes) < 10
    assert outcome(data, writes, sheet_outline) == outcome(data, writes, full_outline)


def test_new_rows_below_and_between_are_written_by_the_run() -> None:
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="60" spans="1:3"><c r="B60"/></row>'
    columns = '<cols><col min="2" max="2" width="9" style="5"/></cols>'
    data = (f'<worksheet xmlns="{NS}"><dimension ref="A1:B60"/>{columns}<sheetData>{rows}'
            "</sheetData></worksheet>").encode()  # fmt: skip
    values = {1: 2.5, 2: "North", 3: None}
    writes = {(r, c): (v if r % 7 else None) for r in range(2, 120) if r != 60
              for c, v in values.items()}  # fmt: skip
    assert taken(data, writes) == 117
    fast, full = outcome(data, writes, sheet_outline), outcome(data, writes, full_outline)
    assert fast == full
    assert b'<row r="2"><c r="A2"><v>2.5</v></c><c r="B2" s="5" t="inlineStr">' in fast[0]
    assert b'<row r="7">' not in fast[0]  # a row of blanks makes no row
    assert b'<dimension ref="A1:B118"/>' in fast[0]  # 119 is blank


def test_numbers_are_written_as_the_general_encoder_writes_them() -> None:
    numbers = [0.1, 2.0, -0.0, 1e15, 1e16 + 2, 123456789012345.67, 2**53 - 1, -(2**53) + 1,
               1.7976931348623157e308, 5e-324, 46185469.48269796]  # fmt: skip
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>0</v></c></row>' for r in range(1, 12))
    data = part(rows)
    writes = {(r, 1): numbers[r - 1] for r in range(1, 12)}
    assert taken(data, writes) == 11
    assert outcome(data, writes, sheet_outline) == outcome(data, writes, full_outline)
