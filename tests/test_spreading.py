"""Tests of the 1-D spreads: hand-worked examples, policies, every error path, properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_salesplan.errors import PlanningError
from xl_salesplan.targets.spreading import (
    spread_even,
    spread_growth,
    spread_percent_change,
    spread_proportional,
    spread_straight_line,
)


def close(actual: np.ndarray, expected: object) -> None:
    np.testing.assert_allclose(actual, np.asarray(expected, dtype=float), rtol=1e-12, atol=1e-9)


LAST_YEAR = [80, 75, 95, 100, 105, 110, 98, 92, 118, 125, 140, 170]


# ---------------------------------------------------------------- hand-worked examples


def test_proportional_plain():
    # 1,200 over weights 1:2:3 -> 200, 400, 600.
    close(spread_proportional(1200, [1, 2, 3]), [200, 400, 600])


def test_proportional_like_last_year_with_unit():
    out = spread_proportional(1_500_000.0, LAST_YEAR, unit=1000)
    exact = 1_500_000.0 * np.array(LAST_YEAR) / sum(LAST_YEAR)
    assert out.sum() == 1_500_000
    assert np.all(out % 1000 == 0)
    assert np.all(np.abs(out - exact) < 1000)
    # January: 1.5M * 80 / 1308 = 91,743.1 -> 92,000 (it has one of the largest remainders).
    assert out[0] == 92_000


def test_holds_keep_value_and_rest_is_spread():
    # 1,000 with cell 1 held at 100: 900 left over cells 0 and 2 (weights 1:3).
    out = spread_proportional(1000, [1, 5, 3], holds=[None, 100, np.nan])
    close(out, [225, 100, 675])


def test_caps_cascade():
    # 120 over 1:2:3 -> 20, 40, 60. Cell 2 is capped at 40: 80 left over 1:2 -> 26.7, 53.3.
    # Cell 1 is capped at 45: 35 left for cell 0 alone. Final: 35, 45, 40.
    out = spread_proportional(120, [1, 2, 3], caps=[None, 45, 40])
    close(out, [35, 45, 40])


def test_floor_lifts_a_small_cell():
    # 100 over 1:9 -> 10, 90; cell 0 has a floor of 20: 20, 80.
    close(spread_proportional(100, [1, 9], floors=[20, None]), [20, 80])


def test_floors_and_caps_together_are_not_sequential_pinning():
    # 100 over 1:1:8 with a floor of 15 on cell 0 and a cap of 60 on cell 2. Cell 2 caps at
    # 60; cells 0 and 1 share 40 equally (20 each), which is above cell 0's floor: the floor
    # does not bind (pinning it first would wrongly give 15, 25, 60).
    out = spread_proportional(100, [1, 1, 8], floors=[15, None, None], caps=[None, None, 60])
    close(out, [20, 20, 60])


def test_overflow_to_zero_weight_cells_is_even():
    # Cell 0 has all the weight but a cap of 300: the other 700 goes evenly to the
    # zero-weight cells (350 each); with a cap of 200 on cell 1, cell 2 takes 500.
    assert spread_proportional(1000, [5, 0, 0], caps=[300, None, None]).tolist() == [300, 350, 350]
    out = spread_proportional(1000, [5, 0, 0], caps=[300, 200, None])
    assert out.tolist() == [300, 200, 500]


def test_all_zero_weights_fall_back_to_even():
    close(spread_proportional(90, [0, 0, 0]), [30, 30, 30])
    assert spread_proportional(0, [0, 0], zero_weights="error").tolist() == [0, 0]


def test_blanks_count_as_zero():
    close(spread_proportional(100, [1, None, 3]), [25, 0, 75])
    close(spread_proportional(100, [1, np.nan, 3]), [25, 0, 75])


def test_negative_total_is_spread_with_its_sign():
    close(spread_proportional(-100, [1, 3]), [-25, -75])


def test_remainder_goes_to_the_largest_free_cell():
    # 1,050 over three equal cells with unit 100: 1,000 in whole units, 50 left over. Every
    # cell is 350; the absorbing cell is the largest free one, lowest index on ties: cell 0
    # takes 300 + 50; the remaining whole unit goes to the next cell on the tie-break.
    out = spread_proportional(1050, [1, 1, 1], unit=100)
    assert out.tolist() == [350, 400, 300]


def test_unit_keeps_holds_that_are_not_multiples():
    out = spread_proportional(10_000, [1, 1, 1, 1], holds=[None, 1234, None, None], unit=1000)
    assert out[1] == 1234
    assert out.sum() == 10_000
    off_grid = [v for i, v in enumerate(out) if i != 1 and v % 1000 != 0]
    assert len(off_grid) == 1  # 8,766 = 8 whole thousands + 766 on one free cell


def test_unit_respects_bounds_that_are_multiples():
    out = spread_proportional(
        10_000,
        [5, 1, 1, 1],
        caps=[4000, None, None, None],
        floors=[None, 2000, None, None],
        unit=1000,
    )
    assert out.sum() == 10_000
    assert out[0] <= 4000 and out[1] >= 2000
    assert np.all(out % 1000 == 0)


def test_batched_rows_and_batched_error_position():
    out = spread_proportional([10, 20], [[1, 1], [1, 3]])
    close(out, [[5, 5], [5, 15]])
    with pytest.raises(PlanningError) as info:
        spread_proportional([10, 20], [[1, 1], [1, 3]], holds=[[None, None], [30, None]])
    assert str(info.value).startswith("row 1: holds add up to 30 but the total is 20")
    assert info.value.positions == ((1, 0),)


def test_three_dimensional_batch():
    weights = np.arange(1, 25, dtype=float).reshape(2, 3, 4)
    totals = np.array([[10, 20, 30], [40, 50, 60]], dtype=float)
    out = spread_proportional(totals, weights)
    assert out.shape == (2, 3, 4)
    assert out.sum(axis=-1) == pytest.approx(totals)


def test_empty_batch_gives_empty_result():
    assert spread_proportional(np.zeros(0), np.zeros((0, 12))).shape == (0, 12)


def test_even():
    assert spread_even(1000, 4).tolist() == [250, 250, 250, 250]
    close(spread_even(100, 4, holds=[40, None, None, None]), [40, 20, 20, 20])
    assert spread_even(1000, 3, unit=1).tolist() == [334, 333, 333]
    assert spread_even([4, 8], 2).tolist() == [[2, 2], [4, 4]]
    assert spread_even([4, 8], (2, 3)).shape == (2, 3)
    close(spread_even(30, 3, caps=[5, None, None]), [5, 12.5, 12.5])


def test_percent_change():
    close(spread_percent_change([100, 200, 300], 0.1), [110, 220, 330])
    # Target total 660; cell 2 held at 300: 360 over 110:220 -> 120, 240.
    out = spread_percent_change([100, 200, 300], 0.1, holds=[None, None, 300])
    close(out, [120, 240, 300])
    # Per-row and per-cell changes.
    out = spread_percent_change([[100, 100], [50, 50]], [[0.5], [-0.5]])
    close(out, [[150, 150], [25, 25]])
    out = spread_percent_change([100, 100], [0.2, -0.2])
    close(out, [120, 80])
    assert spread_percent_change([100, 100], -1).tolist() == [0, 0]


def test_straight_line():
    assert spread_straight_line(100, 200, 3).tolist() == [100, 150, 200]
    # Line 100, 150, 200 (sum 450) scaled to 900: 200, 300, 400.
    close(spread_straight_line(100, 200, 3, total=900), [200, 300, 400])
    assert spread_straight_line(5, 9, 1).tolist() == [5]
    assert spread_straight_line([0, 10], 20, 3).tolist() == [[0, 10, 20], [10, 15, 20]]
    # A flat zero line with a total falls back to even.
    close(spread_straight_line(0, 0, 3, total=30), [10, 10, 10])
    # Without a total but with holds, the line's own total (60) is kept: cell 2 held at 40
    # leaves 20 for cells 0 and 1 in the line's proportions 10:20.
    out = spread_straight_line(10, 30, 3, holds=[None, None, 40])
    close(out, [20 / 3, 40 / 3, 40])


def test_growth():
    # 3,310 = 1,000 * (1 + 1.1 + 1.21): 1,000, 1,100, 1,210.
    close(spread_growth(3310, 3, 0.1), [1000, 1100, 1210])
    assert spread_growth(331, 3, 0.1, unit=1).tolist() == [100, 110, 121]
    close(spread_growth(90, 3, 0.0), [30, 30, 30])
    assert spread_growth(90, 3, -1.0).tolist() == [90, 0, 0]
    out = spread_growth([700, 300], 3, [1.0, 0.0])
    close(out, [[100, 200, 400], [100, 100, 100]])


# ---------------------------------------------------------------- error paths


def raises(code: str, func, *args, **kwargs) -> PlanningError:
    with pytest.raises(PlanningError) as info:
        func(*args, **kwargs)
    assert info.value.code == code, str(info.value)
    return info.value


def test_error_holds_exceed_total():
    err = raises("holds_exceed_total", spread_proportional, 1000, [1, 2, 3], holds=[None, 800, 300])
    assert str(err) == (
        "holds add up to 1,100 but the total is 1,000: they exceed it by 100 (held positions 1, 2)"
    )
    assert err.positions == (1, 2)
    assert err.amount == 100


def test_error_floors_exceed_total():
    err = raises(
        "floors_exceed_total", spread_proportional, 1000, [1, 2, 3], floors=[500, 500, 100]
    )
    assert "floors of the free cells add up to 1,100 but only 1,000 is left to spread" in str(err)
    assert "they exceed it by 100" in str(err)
    assert err.positions == (0, 1, 2)
    assert err.amount == 100
    err = raises(
        "floors_exceed_total",
        spread_proportional,
        1000,
        [1, 2, 3],
        holds=[400, None, None],
        floors=[None, 400, 300],
    )
    assert "only 600 is left to spread (total 1,000 minus holds 400)" in str(err)
    assert err.positions == (1, 2)


def test_error_caps_below_total():
    err = raises("caps_below_total", spread_proportional, 1000, [1, 2, 3], caps=[100, 200, 300])
    assert "caps of the free cells add up to 600 but 1,000 is left to spread" in str(err)
    assert "400 more than the caps allow (caps at positions 0, 1, 2)" in str(err)
    assert err.amount == 400


def test_error_floor_above_cap():
    err = raises(
        "floor_above_cap",
        spread_proportional,
        1000,
        [1, 2, 3],
        floors=[500, 10, 0],
        caps=[400, 20, 5],
    )
    assert str(err) == "floor is above cap at position 0: floor 500, cap 400"
    assert err.positions == (0,)
    assert err.amount == 100


def test_error_hold_outside_bounds():
    err = raises(
        "hold_outside_bounds",
        spread_proportional,
        1000,
        [1, 2, 3],
        holds=[500, None, None],
        caps=[400, None, None],
    )
    assert "the hold at 0 is 500, above its cap 400" in str(err)
    err = raises(
        "hold_outside_bounds",
        spread_proportional,
        1000,
        [1, 2, 3],
        holds=[None, 5, None],
        floors=10,
    )
    assert "below its floor 10" in str(err)


def test_error_no_free_cells():
    err = raises("no_free_cells", spread_proportional, 1000, [1, 2], holds=[300, 400])
    assert "every cell is held" in str(err) and "difference 300" in str(err)
    assert err.amount == 300


def test_error_negative_weights():
    err = raises("negative_weights", spread_proportional, 10, [1, -2, 3, -4])
    assert str(err) == "weights must be zero or more: positions 1, 3 (-2, -4)"
    assert err.positions == (1, 3)


def test_error_zero_weights_policy():
    err = raises("zero_weights", spread_proportional, 100, [0, 0, 0], zero_weights="error")
    assert "the weights of the free cells (positions 0, 1, 2) are all zero" in str(err)
    assert "100 cannot be spread" in str(err)
    err = raises(
        "zero_weights", spread_proportional, 10, [1, 0], caps=[4, None], zero_weights="error"
    )
    assert "can take at most 4 (their caps), 6 short of the 10 to spread" in str(err)
    assert err.positions == (1,)


def test_error_blanks_policy():
    err = raises("blank", spread_proportional, 10, [1, None], blanks="error")
    assert "weights: blank value at position 1" in str(err)


@pytest.mark.parametrize(
    ("kwargs", "code", "words"),
    [
        ({"weights": []}, "empty", "weights is empty"),
        ({"weights": 5.0}, "shape_mismatch", "not a single number"),
        ({"weights": [1, "a"]}, "not_a_number", "position 1 is not a number ('a')"),
        ({"weights": [1, 2], "holds": [1, 2, 3]}, "shape_mismatch", "holds has shape (3,)"),
        ({"weights": [1, 2], "caps": [1, 2, 3]}, "shape_mismatch", "caps has shape (3,)"),
        ({"weights": [1, 2], "total": [1, 2]}, "shape_mismatch", "total has shape (2,)"),
        ({"weights": [1, 2], "total": np.nan}, "blank", "total: blank value"),
        ({"weights": [1, 2], "unit": 0}, "invalid_unit", "unit must be a positive number"),
        ({"weights": [1, 2], "zero_weights": "x"}, "invalid_option", "zero_weights must be"),
        ({"weights": [1, 2], "blanks": "x"}, "invalid_option", "blanks must be"),
        ({"weights": [1, 2], "holds": [np.inf, None]}, "not_finite", "holds: infinite value"),
    ],
)
def test_error_inputs(kwargs, code, words):
    kwargs.setdefault("total", 10)
    err = raises(code, spread_proportional, **kwargs)
    assert words in str(err)


def test_error_other_methods():
    err = raises("invalid_pct", spread_percent_change, [1, 2], [0.1, -1.5])
    assert "pct must be at least -1 (-100%): position 1 (-1.5)" in str(err)
    raises("shape_mismatch", spread_percent_change, [1, 2], [0.1, 0.2, 0.3])
    raises("negative_weights", spread_percent_change, [1, -2], 0.1)
    err = raises("invalid_rate", spread_growth, 100, 3, -2)
    assert "rate must be at least -1" in str(err)
    raises("invalid_rate", spread_growth, 100, 400, 1e10)
    raises("empty", spread_growth, 100, 0, 0.1)
    raises("invalid_count", spread_growth, 100, 2.5, 0.1)
    raises("invalid_count", spread_even, 100, -3)
    raises("empty", spread_even, 100, 0)
    raises("shape_mismatch", spread_even, [1, 2], (3, 4))
    err = raises("negative_weights", spread_straight_line, -5, 10, 3)
    assert "start must be zero or more" in str(err)
    raises("shape_mismatch", spread_straight_line, [1, 2], [1, 2, 3], 3)


# ---------------------------------------------------------------- properties

UNITS = st.sampled_from([1, 10, 100, 1000])


@st.composite
def spread_case(draw, n=None, unit=None):
    """A feasible spread with integer amounts and bounds that are multiples of the unit."""
    n = draw(st.integers(1, 12)) if n is None else n
    unit = draw(UNITS) if unit is None else unit
    weights = draw(st.lists(st.integers(0, 100), min_size=n, max_size=n))
    held = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    hold_values = draw(st.lists(st.integers(0, 50 * unit), min_size=n, max_size=n))
    floor_k = draw(st.lists(st.one_of(st.none(), st.integers(0, 5)), min_size=n, max_size=n))
    room_k = draw(st.lists(st.one_of(st.none(), st.integers(0, 20)), min_size=n, max_size=n))
    floors = [np.nan if k is None else k * unit for k in floor_k]
    caps = [
        np.nan if r is None else (0 if np.isnan(f) else f) + r * unit
        for f, r in zip(floors, room_k, strict=True)
    ]
    holds = [float(v) if h else np.nan for v, h in zip(hold_values, held, strict=True)]
    free = [not h for h in held]
    low = sum(0 if np.isnan(f) else f for f, ok in zip(floors, free, strict=True) if ok)
    high = sum(np.inf if np.isnan(c) else c for c, ok in zip(caps, free, strict=True) if ok)
    top = int(min(high, low + 200 * unit + 7))
    rest = draw(st.integers(int(low), top)) if any(free) else 0
    total = float(sum(v for v in holds if not np.isnan(v)) + rest)
    # Holds must respect the bounds too: drop bounds on held cells.
    floors = [np.nan if h else f for f, h in zip(floors, held, strict=True)]
    caps = [np.nan if h else c for c, h in zip(caps, held, strict=True)]
    # Free cells without a floor get floor 0, so that `low` above is a true minimum.
    floors = [0.0 if (ok and np.isnan(f)) else f for f, ok in zip(floors, free, strict=True)]
    return {
        "total": total,
        "weights": np.array(weights, float),
        "holds": np.array(holds),
        "floors": np.array(floors),
        "caps": np.array(caps),
        "unit": unit,
    }


@given(case=spread_case())
def test_property_rounded_spread(case):
    unit = case.pop("unit")
    exact = spread_proportional(**case)
    out = spread_proportional(**case, unit=unit)
    held = ~np.isnan(case["holds"])
    floors = np.nan_to_num(case["floors"], nan=-np.inf)
    caps = np.nan_to_num(case["caps"], nan=np.inf)
    assert out.sum() == case["total"]  # integers: exact
    assert np.array_equal(out[held], case["holds"][held])
    assert np.all(out >= floors) and np.all(out <= caps)
    assert np.all(np.abs(out - exact) < unit)
    off_grid = (~held) & (out % unit != 0)
    assert off_grid.sum() <= 1
    assert np.array_equal(out, spread_proportional(**case, unit=unit))


@given(case=spread_case())
def test_property_unrounded_spread(case):
    case.pop("unit")
    out = spread_proportional(**case)
    held = ~np.isnan(case["holds"])
    floors = np.nan_to_num(case["floors"], nan=-np.inf)
    caps = np.nan_to_num(case["caps"], nan=np.inf)
    slack = 1e-9 * max(1.0, abs(case["total"]))
    assert out.sum() == pytest.approx(case["total"], abs=1e-6)
    assert np.array_equal(out[held], case["holds"][held])
    assert np.all(out >= floors - slack) and np.all(out <= caps + slack)
    # Water-filling: free cells with a positive weight strictly inside their bounds all
    # have the same ratio value / weight, and cells at a bound are on the right side of it.
    w = case["weights"]
    inside = (~held) & (w > 0) & (out > floors + slack) & (out < caps - slack)
    if inside.any():
        level = (out[inside] / w[inside]).mean()
        assert np.allclose(out[inside] / w[inside], level, rtol=1e-9)
        movable = (~held) & (w > 0) & ~inside & (caps > floors)
        at_cap = movable & (out >= caps - slack)
        at_floor = movable & (out <= floors + slack)
        assert np.all(level * w[at_cap] >= caps[at_cap] - 1e-6)
        assert np.all(level * w[at_floor] <= floors[at_floor] + 1e-6)


@given(
    n=st.integers(1, 8),
    unit=UNITS,
    data=st.data(),
)
def test_property_batched_equals_row_by_row(n, unit, data):
    cases = data.draw(st.lists(spread_case(n=n, unit=unit), min_size=1, max_size=5))
    stacked = {
        key: np.stack([np.asarray(c[key]) for c in cases])
        for key in ("total", "weights", "holds", "floors", "caps")
    }
    out = spread_proportional(**stacked, unit=unit)
    for i, c in enumerate(cases):
        row = {k: v for k, v in c.items() if k != "unit"}
        assert np.array_equal(out[i], spread_proportional(**row, unit=unit))


@given(
    values=st.lists(st.integers(0, 10_000), min_size=1, max_size=12),
    pct=st.integers(-100, 300).map(lambda p: p / 100),
)
def test_property_percent_change_without_controls(values, pct):
    out = spread_percent_change(values, pct)
    assert out == pytest.approx(np.array(values, float) * (1 + pct), abs=1e-6)


@given(
    total=st.integers(0, 10**7),
    n=st.integers(1, 24),
    rate=st.integers(-50, 100).map(lambda r: r / 100),
    unit=UNITS,
)
def test_property_growth_rounded(total, n, rate, unit):
    out = spread_growth(float(total), n, rate, unit=unit)
    exact = spread_growth(float(total), n, rate)
    assert out.sum() == total
    assert np.all(np.abs(out - exact) < unit)
    if n > 1 and total > 0:
        assert exact[1:] / exact[:-1] == pytest.approx(np.full(n - 1, 1 + rate), rel=1e-9)


def test_unit_with_bounds_that_are_not_multiples():
    # Documented behaviour: caps of 450 and 550 with unit 100 cannot both hold (the cells
    # must be multiples of 100 adding up to 1,000); the total stays exact and the cell
    # that crosses its cap does so by less than one unit.
    out = spread_proportional(1000, [1, 1], caps=[450, 550], unit=100)
    assert out.sum() == 1000
    assert np.all(out % 100 == 0)
    assert np.all(out - np.array([450, 550]) < 100)
    # A single cap of 450 can be kept: the other cell takes the round-up.
    assert spread_proportional(1000, [1, 1], caps=[450, None], unit=100).tolist() == [400, 600]
