"""Values for cells from frames, arrays and lists: converted a column at a time, each
exactly as the one-value-at-a-time conversion gives it (same value, same type)."""

from __future__ import annotations

import datetime as dt
import decimal

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_salesplan.ooxml.cell_values import _plain, as_grid


def typed(grid: list[list[object]]) -> list[list[tuple[type, object]]]:
    return [[(type(v), v) for v in row] for row in grid]


def one_at_a_time(frame: pd.DataFrame) -> list[list[object]]:
    """The reference: every value of ``frame.astype(object)`` through ``_plain``."""
    return [[_plain(v) for v in row] for row in frame.astype(object).to_numpy().tolist()]


floats = st.floats(allow_nan=True, allow_infinity=True, width=64)
stamps = st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2100, 1, 1))
COLUMNS = {
    "float": st.lists(floats, min_size=3, max_size=3).map(lambda v: pd.Series(v, dtype="float64")),
    "int": st.lists(st.integers(-(2**40), 2**40), min_size=3, max_size=3).map(pd.Series),
    "bool": st.lists(st.booleans(), min_size=3, max_size=3).map(pd.Series),
    "date": st.lists(st.one_of(st.none(), stamps), min_size=3, max_size=3).map(
        lambda v: pd.Series(pd.to_datetime(v))
    ),
    "text": st.lists(st.one_of(st.none(), st.text(max_size=3)), min_size=3, max_size=3).map(
        pd.Series
    ),
    "mixed": st.lists(
        st.one_of(
            st.none(),
            floats,
            st.integers(),
            st.text(max_size=2),
            st.booleans(),
            st.just(decimal.Decimal("1.5")),
            st.just(np.float32(2.5)),
            stamps,
        ),
        min_size=3,
        max_size=3,
    ).map(lambda v: pd.Series(v, dtype=object)),
    "nullable": st.lists(st.one_of(st.none(), st.integers(-9, 9)), min_size=3, max_size=3).map(
        lambda v: pd.Series(v, dtype="Int64")
    ),
}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(sorted(COLUMNS)), min_size=1, max_size=5).flatmap(
    lambda kinds: st.tuples(*(COLUMNS[k] for k in kinds))
))  # fmt: skip
def test_a_frame_converts_as_one_value_at_a_time(columns: tuple[pd.Series, ...]) -> None:
    frame = pd.concat(list(columns), axis=1, ignore_index=True)
    assert typed(as_grid(frame)) == typed(one_at_a_time(frame))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), floats, st.integers(), st.text(max_size=2),
                                   st.booleans(), stamps, st.just(np.int64(3)),
                                   st.just(pd.NaT), st.just(np.nan)),
                         min_size=2, max_size=2), min_size=1, max_size=4))  # fmt: skip
def test_a_list_of_rows_converts_as_one_value_at_a_time(rows: list[list[object]]) -> None:
    assert typed(as_grid(rows)) == typed([[_plain(v) for v in row] for row in rows])


_COLUMN_VALUES = [st.one_of(st.none(), floats), st.one_of(st.none(), st.text(max_size=2)),
                  st.integers(), stamps, st.one_of(floats, st.integers())]  # fmt: skip


@st.composite
def plain_rows(draw: st.DrawFn) -> list[list[object]]:
    """Rows whose columns hold one kind of value each (as a frame's block written again)."""
    kinds = draw(st.lists(st.sampled_from(_COLUMN_VALUES), min_size=1, max_size=4))
    return draw(st.lists(st.tuples(*kinds).map(list), min_size=1, max_size=5))


@settings(max_examples=100, deadline=None)
@given(plain_rows())
def test_rows_of_plain_columns_are_kept_and_a_nan_is_still_found(rows: list[list[object]]) -> None:
    """The same values as one at a time, and a NaN among a column's floats becomes None."""
    assert typed(as_grid(rows)) == typed([[_plain(v) for v in row] for row in rows])
