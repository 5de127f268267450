"""Excel functions for targets: called as xlwings calls them, they give the engine's numbers.

Arguments are passed as xlwings hands them over with ``ndim=2`` and ``err_to_str=True``:
lists of rows of floats, None (blank cells), text (also numbers stored as text) and
datetimes; a formula's left-out arguments are the Python defaults.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from udf_calls import cell, column, row, udfs

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.forecast import baseline_forecast
from xl_salesplan.history.seasonality import seasonal_profile
from xl_salesplan.targets.matrix_spread import spread_matrix
from xl_salesplan.targets.spreading import (
    spread_even,
    spread_growth,
    spread_percent_change,
    spread_proportional,
    spread_straight_line,
)

LAST_YEAR = [80.0, 75.0, 95.0, 100.0, 105.0, 110.0, 98.0, 92.0, 118.0, 125.0, 140.0, 170.0]


# ---------------------------------------------------------------------------- SPLIT_TARGET


def test_a_row_of_weights_gives_the_engine_spread_as_a_row() -> None:
    out = udfs.SPLIT_TARGET(cell(1_500_000.0), row(LAST_YEAR), None, None, None, None, cell(1000.0))
    expected = spread_proportional(1_500_000.0, LAST_YEAR, unit=1000.0)
    assert out == [expected.tolist()]
    assert sum(out[0]) == 1_500_000.0  # the total is exact after rounding
    assert sum(v % 1000 != 0 for v in out[0]) <= 1


def test_a_column_of_weights_gives_a_column() -> None:
    out = udfs.SPLIT_TARGET(cell(1200.0), column([1.0, 2.0, 3.0]))
    assert out == [[200.0], [400.0], [600.0]]  # 1,200 in proportion 1:2:3


def test_holds_floors_caps_with_blanks_and_numbers_stored_as_text() -> None:
    weights = row([1.0, "2", None, "1,000"])  # a blank weight weighs zero
    holds = row([None, None, "50", None])
    floors = row([None, 30.0, None, None])
    caps = row([None, None, None, "400"])
    out = udfs.SPLIT_TARGET(cell("1,000"), weights, "Proportional", holds, floors, caps)
    expected = spread_proportional(
        1000.0,
        [1.0, 2.0, 0.0, 1000.0],
        holds=[np.nan, np.nan, 50.0, np.nan],
        floors=[np.nan, 30.0, np.nan, np.nan],
        caps=[np.nan, np.nan, np.nan, 400.0],
    )
    assert out == [expected.tolist()]
    assert out[0][2] == 50.0 and out[0][3] == 400.0


def test_a_column_of_totals_and_a_row_of_weights_spill_one_row_per_total() -> None:
    out = udfs.SPLIT_TARGET(
        column([100.0, 200.0, 0.0]), row([1.0, 1.0, 2.0]), None, None, None, None, cell(1.0)
    )
    expected = spread_proportional(
        np.array([100.0, 200.0, 0.0]), np.tile([1.0, 1.0, 2.0], (3, 1)), unit=1.0
    )
    assert out == expected.tolist()
    assert [sum(r) for r in out] == [100.0, 200.0, 0.0]


def test_a_row_of_totals_and_a_column_of_weights_spill_one_column_per_total() -> None:
    weights = column([1.0, 3.0])
    caps = row([None, 100.0])  # column 2 is capped in every row
    out = udfs.SPLIT_TARGET(row([40.0, 150.0]), weights, None, None, None, caps)
    # column 1: 40 as 1:3; column 2: 150 as 1:3 is 37.5 and 112.5, capped at 100 -> 50 and 100
    assert out == [[10.0, 50.0], [30.0, 100.0]]
    expected = spread_proportional(
        np.array([40.0, 150.0]),
        np.array([[1.0, 3.0], [1.0, 3.0]]),
        caps=[[np.inf, np.inf], [100.0, 100.0]],
    )
    assert out == expected.T.tolist()


def test_a_table_of_weights_spreads_one_total_per_row_or_per_column() -> None:
    table = [[1.0, 3.0], [2.0, 2.0], [0.0, 5.0]]
    by_row = udfs.SPLIT_TARGET(column([8.0, 10.0, 20.0]), table)
    assert by_row == spread_proportional(np.array([8.0, 10.0, 20.0]), np.array(table)).tolist()
    by_column = udfs.SPLIT_TARGET(row([30.0, 100.0]), table)
    expected = spread_proportional(np.array([30.0, 100.0]), np.array(table).T).T
    assert by_column == expected.tolist()
    assert [sum(c) for c in zip(*by_column, strict=True)] == [30.0, 100.0]


def test_one_total_over_a_table_spreads_over_every_cell() -> None:
    table = [[1.0, 3.0], [2.0, 4.0]]
    out = udfs.SPLIT_TARGET(cell(1000.0), table)
    assert out == [[100.0, 300.0], [200.0, 400.0]]  # 1,000 over weights adding up to 10
    expected = spread_proportional(1000.0, np.array(table).reshape(-1)).reshape(2, 2)
    assert out == expected.tolist()


def test_even_takes_a_number_of_cells_or_a_range_whose_values_it_ignores() -> None:
    assert udfs.SPLIT_TARGET(cell(1000.0), cell(3.0), "even", None, None, None, cell(1.0)) == [
        spread_even(1000.0, 3, unit=1.0).tolist()
    ]
    shaped = column(["Jan", None, 5.0, "#N/A"])
    assert udfs.SPLIT_TARGET(cell(100.0), shaped, "even") == [[25.0]] * 4


def test_percent_change_uses_param_and_keeps_holds() -> None:
    values = row([100.0, 200.0, 300.0])
    out = udfs.SPLIT_TARGET(
        None, values, "percent change", row([None, None, 300.0]), None, None, None, cell("10%")
    )
    assert out == [
        spread_percent_change([100.0, 200.0, 300.0], 0.1, holds=[np.nan, np.nan, 300.0]).tolist()
    ]
    assert out[0][2] == 300.0 and sum(out[0]) == pytest.approx(660.0)


def test_percent_change_on_a_table_takes_one_change_per_row() -> None:
    values = [[100.0, 100.0], [50.0, 150.0]]
    out = udfs.SPLIT_TARGET(
        None, values, "percent_change", None, None, None, None, column([0.1, -0.5])
    )
    assert np.allclose(out, [[110.0, 110.0], [25.0, 75.0]])
    expected = spread_percent_change(np.array(values), np.array([[0.1], [-0.5]]))
    assert out == expected.tolist()


def test_growth_and_straight_line_match_the_engine() -> None:
    growth = udfs.SPLIT_TARGET(cell(3310.0), cell(3.0), "growth", None, None, None, None, cell(0.1))
    assert growth == [spread_growth(3310.0, 3, 0.1).tolist()]
    assert growth[0] == pytest.approx([1000.0, 1100.0, 1210.0])
    line = udfs.SPLIT_TARGET(
        None, row([None] * 3), "straight_line", None, None, None, None, row([100.0, 200.0])
    )
    assert line == [[100.0, 150.0, 200.0]]
    scaled = udfs.SPLIT_TARGET(
        cell(900.0), column([None] * 3), "line", None, None, None, None, column([100.0, 200.0])
    )
    assert scaled == [[v] for v in spread_straight_line(100.0, 200.0, 3, total=900.0).tolist()]


def test_growth_per_total() -> None:
    out = udfs.SPLIT_TARGET(
        column([700.0, 300.0]), cell(3.0), "growth", None, None, None, None, column([1.0, 0.0])
    )
    assert out == spread_growth(np.array([700.0, 300.0]), 3, np.array([1.0, 0.0])).tolist()
    assert np.allclose(out, [[100.0, 200.0, 400.0], [100.0, 100.0, 100.0]])


def test_zero_weights_spread_evenly_unless_refused() -> None:
    assert udfs.SPLIT_TARGET(cell(90.0), row([0.0, 0.0, 0.0])) == [[30.0, 30.0, 30.0]]
    out = udfs.SPLIT_TARGET(
        cell(90.0), row([0.0, 0.0, 0.0]), None, None, None, None, None, None, "error"
    )
    assert out[0][0].startswith("#SPLIT_TARGET: weights (arg 2) the weights of the free cells")


# ---------------------------------------------------------------------------- SPLIT_MATRIX


def test_split_matrix_matches_the_engine_and_both_margins() -> None:
    seed = [[2.0, 3.0, 4.0], [1.0, None, 2.0]]  # a blank seed cell is a zero
    out = udfs.SPLIT_MATRIX(column([1200.0, 800.0]), row([500.0, 700.0, 800.0]), seed, cell(100.0))
    expected = spread_matrix(
        [1200.0, 800.0], [500.0, 700.0, 800.0], [[2, 3, 4], [1, 0, 2]], unit=100.0
    )
    assert out == expected.tolist()
    arr = np.array(out)
    assert arr.sum(axis=1).tolist() == [1200.0, 800.0]
    assert arr.sum(axis=0).tolist() == [500.0, 700.0, 800.0]
    assert arr[1, 1] == 0.0 and (arr % 100 == 0).all()


def test_split_matrix_without_seed_is_row_times_column_over_grand_total() -> None:
    out = udfs.SPLIT_MATRIX(row([60.0, 40.0]), column([50.0, 50.0]))
    assert out == [[30.0, 30.0], [20.0, 20.0]]


# ---------------------------------------------------------------------------- SEASONALITY, BASELINE

QUARTERS = [[10.0, 30.0, 10.0, 50.0], [11.0, 33.0, 11.0, 55.0], [12.0, 36.0, 12.0, 60.0]]


def test_seasonality_reads_a_table_with_header_row_and_year_labels() -> None:
    sheet = [[None, "Q1", "Q2", "Q3", "Q4"]] + [[f"FY{23 + i}", *r] for i, r in enumerate(QUARTERS)]
    out = udfs.SEASONALITY(sheet, cell(4.0))
    profile = seasonal_profile(np.array(QUARTERS), 4)
    assert out == [profile.shares.tolist()]
    assert sum(out[0]) == pytest.approx(1.0)


def test_seasonality_of_a_column_series_is_a_column() -> None:
    series = column([v for r in QUARTERS for v in r])
    out = udfs.SEASONALITY(series, 4, "indices")
    assert out == [[v] for v in seasonal_profile(np.ravel(QUARTERS), 4).indices.tolist()]


def test_seasonality_table_outliers_and_summary() -> None:
    history = np.tile([10.0, 20.0, 30.0, 40.0], (3, 1))
    history[2, 0] = 25.0
    profile = seasonal_profile(history, 4)
    table = udfs.SEASONALITY(history.tolist(), 4, "table")
    assert table[0] == ["period", "share", "index", "years", "std_error"]
    assert [r[0] for r in table[1:]] == ["Q1", "Q2", "Q3", "Q4"]
    assert [r[1] for r in table[1:]] == profile.shares.tolist()
    outliers = udfs.SEASONALITY(history.tolist(), 4, "outliers")
    assert outliers[0][:3] == ["year", "period", "value"]
    assert outliers[1][:3] == [3.0, "Q1", 25.0]  # the third year's Q1 (years count from 1)
    summary = dict(udfs.SEASONALITY(history.tolist(), 4, "summary")[1:])
    assert summary["quality"] == profile.quality and summary["years_used"] == 3.0


@pytest.mark.parametrize("calendar", ["4-4-5", 445.0, "445"])
def test_fiscal_calendars_by_text_or_number(calendar: object) -> None:
    rng = np.random.default_rng(3)
    history = rng.uniform(50, 150, (3, 12))
    out = udfs.SEASONALITY(history.tolist(), cell(calendar))
    assert out == [seasonal_profile(history, "4-4-5").shares.tolist()]


def test_baseline_matches_the_engine() -> None:
    history = np.outer([400.0, 440.0, 484.0], [0.2, 0.25, 0.25, 0.3])
    out = udfs.BASELINE(history.tolist(), 4, None, cell(1.0), None, "yearly")
    forecast = baseline_forecast(history, 4, detrend="yearly", unit=1.0)
    assert out == [forecast.values.tolist()]
    assert sum(out[0]) == 532.0  # 484 x 1.1 = 532.4, rounded to the unit
    summary = dict(udfs.BASELINE(history.tolist(), 4, None, 1.0, "summary", "yearly")[1:])
    assert summary["total"] == 532.0 and summary["growth"] == pytest.approx(0.1)


# ---------------------------------------------------------------------------- properties

excel_number = st.one_of(
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
    st.integers(min_value=0, max_value=10**6).map(lambda i: f"{i:,}"),  # stored as text
    st.none(),  # blank
)


def _as_float(item: object) -> float:
    if item is None:
        return np.nan
    if isinstance(item, str):
        return float(item.replace(",", ""))
    return float(item)


@given(
    weights=st.lists(excel_number, min_size=1, max_size=14),
    total=st.floats(min_value=-1e6, max_value=1e7, allow_nan=False),
    held=st.lists(st.one_of(st.none(), st.floats(0, 1e6)), min_size=14, max_size=14),
    unit=st.sampled_from([None, 1.0, 100.0]),
)
def test_split_target_is_the_engine_on_the_cells(weights, total, held, unit) -> None:
    holds = held[: len(weights)]
    out = udfs.SPLIT_TARGET(cell(total), row(weights), None, row(holds), None, None, cell(unit))
    w = np.array([_as_float(x) for x in weights])
    h = np.array([np.nan if x is None else x for x in holds])
    try:
        expected = [spread_proportional(total, w, holds=h, unit=unit).tolist()]
    except PlanningError:
        assert len(out) == 1 and len(out[0]) == 1
        assert out[0][0].startswith("#SPLIT_TARGET: ")
        return
    assert out == expected
    # a column in gives the same numbers as a column out
    down = udfs.SPLIT_TARGET(
        cell(total), column(weights), None, column(holds), None, None, cell(unit)
    )
    assert down == [[v] for v in expected[0]]


@given(
    totals=st.lists(st.floats(0, 1e6), min_size=1, max_size=5),
    weights=st.lists(st.floats(0, 100), min_size=1, max_size=6),
)
def test_batched_rows_equal_spreading_row_by_row(totals, weights) -> None:
    out = udfs.SPLIT_TARGET(column(totals), row(weights), None, None, None, None, cell(1.0))
    for r, t in zip(out, totals, strict=True):
        assert r == spread_proportional(t, weights, unit=1.0).tolist()
