"""A column factorised once: every function of a cell's value is what it is of that value,
whatever mix of values the planner typed (booleans next to 1.0, -0.0 next to 0.0, blanks of
every kind, Excel errors, dates)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from xl_salesplan.actions.cell_checks import blank_cells, cell_dates, cell_keys, is_blank
from xl_salesplan.actions.distinct_values import DistinctValues
from xl_salesplan.actions.workbook_inputs import WorkbookInputs, cell_numbers, number_of
from xl_salesplan.ooxml.cell_values import CellError

_VALUES = st.sampled_from(
    [None, np.nan, pd.NaT, True, False, 1.0, 0.0, -0.0, 2.5, "1", " 1,200 ", "12%", "", " ",
     "East", "华东", CellError("#N/A"), pd.Timestamp("2026-03-01"), "2026-03-01"]
)  # fmt: skip


def _kind(value: object) -> tuple[str, str]:
    return type(value).__name__, repr(value)


@given(st.lists(_VALUES, max_size=40))
def test_each_cell_gets_the_function_of_its_own_value(values) -> None:
    column = pd.Series(values, dtype=object)
    distinct = DistinctValues.of(column)
    assert distinct.map(_kind).tolist() == [_kind(v) for v in values]
    assert len(distinct.values) == len({_kind(v) for v in values})  # each kind once


@given(st.lists(st.sampled_from([0.0, -0.0, 1.0, np.nan, np.inf, 3.25]), max_size=40))
def test_a_number_column_keeps_the_sign_of_zero_and_its_blanks(numbers) -> None:
    column = pd.Series(numbers, dtype=float)
    distinct = DistinctValues.of(column)
    assert distinct.map(_kind).tolist() == [_kind(float(v)) for v in numbers]
    expected = [number_of(float(v)) for v in numbers]
    np.testing.assert_array_equal(cell_numbers(column), expected)
    np.testing.assert_array_equal(cell_numbers(column.astype(object)), expected)


@given(st.lists(_VALUES, max_size=40), st.lists(st.booleans(), max_size=40))
def test_only_the_cells_asked_for_are_computed(values, asked) -> None:
    asked = (asked + [False] * len(values))[: len(values)]
    where = np.array(asked, dtype=bool)
    seen: list[object] = []
    out = DistinctValues.of(pd.Series(values, dtype=object)).map(
        lambda v: seen.append(v) or _kind(v), where=where
    )
    assert out.tolist() == [_kind(v) if a else None for v, a in zip(values, asked, strict=True)]
    assert {_kind(v) for v in seen} == {_kind(v) for v, a in zip(values, asked, strict=True) if a}


def test_column_helpers_agree_with_the_one_value_functions() -> None:
    values = [" a ", None, 3.0, pd.Timestamp("2026-03-05"), "2026-04-01", "", "x"]
    column = pd.Series(values, dtype=object)
    assert blank_cells(column).tolist() == [is_blank(v) for v in values]
    assert cell_keys(column).tolist() == ["a", None, "3", "2026-03", "2026-04-01", None, "x"]
    assert cell_dates(column).dt.strftime("%Y-%m-%d").tolist()[3:5] == ["2026-03-05", "2026-04-01"]
    dates = pd.Series(pd.to_datetime(["2026-01-01", None, "2026-01-01"]))
    assert DistinctValues.of(dates).map(_kind)[1] == _kind(pd.NaT)


def test_the_factorisation_is_kept_for_every_check_until_the_table_is_replaced() -> None:
    raw = WorkbookInputs({"tblRegions": pd.DataFrame({"region": ["E", "W"]})}, {})
    first = raw.distinct("tblRegions", "region")
    assert raw.distinct("tblRegions", "region") is first
    raw.tables["tblRegions"] = pd.DataFrame({"region": ["N"]})
    assert raw.distinct("tblRegions", "region").values.tolist() == ["N"]
