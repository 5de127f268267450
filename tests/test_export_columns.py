"""An export read by column gives the rows, line numbers and verdicts of reading it row by row.

The fast reading of a plain CSV (pandas' C parser) is checked against the csv module on
generated texts; distinct values are alike only in type and value; and the checks look at
each distinct value once, however many rows repeat it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xl_salesplan.actions import actuals_source, export_cells, number_style
from xl_salesplan.actions.actuals_records import RefusedRows, actuals_from_rows
from xl_salesplan.actions.actuals_source import read_source_rows
from xl_salesplan.actions.csv_columns import plain_csv_columns
from xl_salesplan.actions.export_columns import ExportColumns, distinct_codes

_PIECES = ["a", "1", "2026-01", "1,5", " ", "华东", '"', "'", ".", "-", "\x0b", "\x0c", "\x1c",
           "\u2028", "\x85", "\x1a", "\ufeff", "#", "\\", "x" * 10]  # fmt: skip
_FIELD = st.lists(st.sampled_from(_PIECES), max_size=3).map("".join)


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """Texts that are mostly regular CSV (one width), with odd lines, ends and characters."""
    sep = draw(st.sampled_from([",", ";", "\t"]))
    width = draw(st.integers(1, 4))
    regular = st.lists(_FIELD, min_size=width, max_size=width).map(sep.join)
    odd = st.lists(_FIELD, max_size=5).map(sep.join)
    lines = draw(st.lists(st.one_of(regular, regular, regular, odd, st.just("")), min_size=1,
                          max_size=8))  # fmt: skip
    ends = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(lines),
                         max_size=len(lines)))  # fmt: skip
    text = "".join(line + end for line, end in zip(lines, ends, strict=True))
    return text.rstrip("\r\n") if draw(st.booleans()) else text


def csv_module_records(text: str, dialect: type[csv.Dialect]) -> tuple[list[list[str]], list[int]]:
    """The records of the non-empty lines as the csv module reads them, and their lines."""
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    records, lines = [], []
    for record in reader:
        if record:
            records.append(record)
            lines.append(reader.line_num)
    return records, lines


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(csv_texts(), st.sampled_from([csv.excel, csv.excel_tab]))
def test_a_plain_csv_is_read_as_the_csv_module_reads_it(text: str, dialect) -> None:
    found = plain_csv_columns(text, dialect)
    if found is None:  # not plain: the caller reads it with the csv module
        return
    grid, lines = found
    assert (list(grid), lines.tolist()) == csv_module_records(text, dialect)


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_a_usual_export_takes_the_fast_reading_and_one_with_quotes_does_not(end: str) -> None:
    text = end.join(["Month,Region,Amount", "", "2026-01,华东,1200", "2026-01,East,13525.0", ""])
    grid, lines = plain_csv_columns(text, csv.excel)
    assert list(grid) == [["Month", "Region", "Amount"], ["2026-01", "华东", "1200"],
                          ["2026-01", "East", "13525.0"]]  # fmt: skip
    assert lines.tolist() == [1, 3, 4]
    assert plain_csv_columns(text.replace("East", '"East"'), csv.excel) is None
    assert plain_csv_columns(text.replace(end, "\r"), csv.excel) is None
    assert plain_csv_columns(text.replace("13525.0", "13525.0,x"), csv.excel) is None  # a long row


def test_the_file_reads_the_same_either_way(tmp_path, monkeypatch) -> None:
    """The same rows, lines and header whether the fast reading or the csv module reads them
    (a block of records at a time: here 7)."""
    monkeypatch.setattr(actuals_source, "_BLOCK", 7)
    rows = [f"2026-0{m},Region {r},{r * 1000 + m}.5" for m in range(1, 7) for r in range(40)]
    plain = tmp_path / "plain.csv"
    plain.write_text("\n".join(["Month,Region,Amount", "", *rows]) + "\n", encoding="utf-8")
    quoted = tmp_path / "quoted.csv"  # one quoted value: the csv module reads it
    quoted.write_text(plain.read_text(encoding="utf-8").replace("Region 7,", '"Region 7",', 1),
                      encoding="utf-8")  # fmt: skip
    assert plain_csv_columns(plain.read_text(encoding="utf-8"), csv.excel) is not None
    fast, careful = read_source_rows(plain), read_source_rows(quoted)
    assert fast.header == careful.header == ["Month", "Region", "Amount"]
    assert list(fast.rows) == list(careful.rows) == [r.split(",") for r in rows]
    assert fast.lines.tolist() == careful.lines.tolist() == list(range(3, 3 + len(rows)))


_ALIKE_IN_PYTHON = ["a", " a", True, False, 1, 0, 1.0, 0.0, -0.0, 2, 2.0, None, float("nan"),
                    dt.date(2026, 1, 1), dt.datetime(2026, 1, 1), "1", "1.0"]  # fmt: skip
_VALUES = st.one_of(
    st.sampled_from(_ALIKE_IN_PYTHON),
    st.text(max_size=3),
    st.floats(allow_nan=False),
    st.integers(-3, 3),
)


@given(st.lists(_VALUES, max_size=30))
def test_distinct_values_are_alike_only_in_type_and_value(values: list[object]) -> None:
    codes, distinct = distinct_codes(values)
    again = distinct[codes]
    assert [type(v) for v in again] == [type(v) for v in values]
    assert [repr(v) for v in again] == [repr(v) for v in values]
    for i, a in enumerate(values):
        for j, b in enumerate(values):
            alike = type(a) is type(b) and repr(a) == repr(b)
            if not (isinstance(a, float) and math.isnan(a)):
                assert (codes[i] == codes[j]) == alike


@given(st.lists(st.lists(_VALUES, max_size=5), max_size=8))
def test_rows_by_column_are_the_same_rows(rows: list[list[object]]) -> None:
    grid = ExportColumns.from_rows(rows)
    assert len(grid) == len(rows)
    assert [[repr(v) for v in row] for row in grid] == [[repr(v) for v in row] for row in rows]
    width = max(map(len, rows), default=0) + 1
    padded = grid.padded(width)
    assert [len(row) for row in padded] == [width] * len(rows)
    assert all(row[len(original):] == [None] * (width - len(original))
               for row, original in zip(padded, rows, strict=True))  # fmt: skip


def test_each_distinct_value_is_read_once(monkeypatch) -> None:
    """10,000 rows of 4 months and 5 amounts: the dates and numbers are read 9 times, not 20,000."""
    calls = {"month": 0, "number": 0}
    month, evidence = export_cells._month, number_style.number_evidence

    def counted_month(value):
        calls["month"] += 1
        return month(value)

    def counted_evidence(text):
        calls["number"] += 1
        return evidence(text)

    monkeypatch.setattr(export_cells, "_month", counted_month)
    monkeypatch.setattr(export_cells, "number_evidence", counted_evidence)
    rows = [[f"2026-0{1 + i % 4}-15", "East", f"{i % 5},5"] for i in range(10_000)]
    result = actuals_from_rows(["Date", "Region", "Amount"], rows)
    assert result.decimal_mark == ","
    assert result.frame["revenue"].sum() == pytest.approx(sum(i % 5 + 0.5 for i in range(10_000)))
    assert calls["month"] <= 4 + 1  # (and the None of a row too short)
    assert calls["number"] <= 2 * 5  # its evidence, then its value
    with pytest.raises(RefusedRows) as refused:
        actuals_from_rows(["Date", "Region", "Amount"], [*rows, ["2026-02", "East", "x"]] * 3)
    assert len(refused.value.problems) == 3  # a problem per row, however values repeat
    assert np.unique([p[1]["row"] for p in refused.value.problems]).size == 3


_SIMPLE_TEXTS = st.builds(
    lambda whole, mark, fraction: whole + (mark + fraction if mark else ""),
    st.text("0123456789", min_size=1, max_size=7),
    st.sampled_from(["", ".", ","]),
    st.text("0123456789", min_size=1, max_size=5),
)


@given(_SIMPLE_TEXTS)
def test_simple_amounts_read_as_the_general_rules_read_them(text: str) -> None:
    """1200, 13525.0 and 13525,5 skip the general rules, which would say the same."""
    fast = (number_style.number_evidence(text), number_style.parse_number(text, "."),
            number_style.parse_number(text, ","))  # fmt: skip
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(number_style, "simple_number", lambda _text: None)
        general = (number_style.number_evidence(text), number_style.parse_number(text, "."),
                   number_style.parse_number(text, ","))  # fmt: skip
    assert fast == general


_NUMBER_LIKE = st.text(st.sampled_from("0123456789.,0123456789 \x00１٣-e"), max_size=12)


@given(st.lists(st.one_of(_SIMPLE_TEXTS, _NUMBER_LIKE, st.text(max_size=50)), max_size=40))
def test_simple_numbers_read_an_array_as_simple_number_reads_each_text(texts: list[str]) -> None:
    """The evidence and value of every text, the same read all at once as one by one (NUL
    characters, long texts and non-ASCII digits included)."""
    array = np.empty(len(texts), dtype=object)
    array[:] = texts
    evidence, values = number_style.simple_numbers(array)
    for text, kind, value in zip(texts, evidence, values, strict=True):
        alone = number_style.simple_number(text)
        assert (kind, None if math.isnan(value) else value) == (alone or (None, None))
