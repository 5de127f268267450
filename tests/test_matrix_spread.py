"""Tests of the 2-D spread (iterative proportional fitting) and its controlled rounding."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_salesplan.errors import PlanningError
from xl_salesplan.targets.matrix_spread import spread_matrix

UNITS = st.sampled_from([1, 10, 100, 1000])


def raises(code: str, *args, **kwargs) -> PlanningError:
    with pytest.raises(PlanningError) as info:
        spread_matrix(*args, **kwargs)
    assert info.value.code == code, str(info.value)
    return info.value


# ---------------------------------------------------------------- hand-worked examples


def test_without_seed_is_the_independence_table():
    rows = np.array([60.0, 40.0, 100.0])
    cols = np.array([50.0, 150.0])
    out = spread_matrix(rows, cols)
    np.testing.assert_allclose(out, np.outer(rows, cols) / 200, rtol=1e-12)


def test_two_by_two_seed_solved_by_hand():
    # With seed [[1, 2], [3, 1]] the fit keeps the cross ratio x00*x11 / (x01*x10) = 1/6.
    # Writing x00 = t: x01 = 100 - t, x10 = 150 - t, x11 = 50 + t, so
    # 6 t (50 + t) = (100 - t)(150 - t), i.e. t^2 + 110 t - 3000 = 0.
    t = (-110 + math.sqrt(110**2 + 4 * 3000)) / 2
    out = spread_matrix([100, 200], [150, 150], [[1, 2], [3, 1]])
    expected = np.array([[t, 100 - t], [150 - t, 50 + t]])
    np.testing.assert_allclose(out, expected, rtol=1e-9)
    # Rounded to 10: 22.6 / 77.4 / 127.4 / 72.6 -> the only rounding to neighbouring
    # multiples with these margins is 20 / 80 / 130 / 70.
    rounded = spread_matrix([100, 200], [150, 150], [[1, 2], [3, 1]], unit=10)
    assert rounded.tolist() == [[20, 80], [130, 70]]


def test_zeros_in_seed_stay_zero():
    # Row 0 can only use column 0, so it takes 30 there; the rest follows from the margins.
    out = spread_matrix([30, 70], [40, 60], [[1, 0], [1, 1]])
    np.testing.assert_allclose(out, [[30, 0], [10, 60]], atol=1e-9)
    assert out[0, 1] == 0


def test_tight_margins_force_seed_cells_to_zero():
    # Row 0 can only use column 0 and needs all 10 of it, so rows 1 and 2 must be zero in
    # column 0 although their seed is not: the only solution is 10/0, 0/5, 0/5. Plain
    # proportional fitting only creeps towards it; the fit detects the forced zeros.
    out = spread_matrix([10, 5, 5], [10, 10], [[1, 0], [1, 1], [1, 1]])
    np.testing.assert_allclose(out, [[10, 0], [0, 5], [0, 5]], atol=1e-9)
    rounded = spread_matrix([10, 5, 5], [10, 10], [[1, 0], [1, 1], [1, 1]], unit=5)
    assert rounded.tolist() == [[10, 0], [0, 5], [0, 5]]


@pytest.mark.parametrize("n", [3, 40, 150])
def test_triangular_seed_with_unit_totals_has_only_the_identity(n):
    # Row i may only use columns j >= i; every row and column total is 1. Column 0 is
    # reachable from row 0 alone, so x[0, 0] = 1 and row 0 is full; by induction every
    # other cell of the seed must be zero: the identity is the only solution.
    result = spread_matrix(np.ones(n), np.ones(n), np.triu(np.ones((n, n))))
    np.testing.assert_allclose(result, np.eye(n), atol=1e-9)


def test_zero_totals_give_zero_lines():
    out = spread_matrix([0, 10], [5, 5, 0])
    assert out[0].tolist() == [0, 0, 0]
    assert out[:, 2].tolist() == [0, 0]
    np.testing.assert_allclose(out[1], [5, 5, 0])


def test_blank_seed_cells_are_zero():
    out = spread_matrix([30, 70], [40, 60], [[1, None], [1, 1]])
    assert out[0, 1] == 0


def test_rounded_region_by_month():
    regions = np.array([1_200_000, 800_000, 500_000], dtype=float)
    months = np.array([180_000, 190_000, 210_000, 200_000, 220_000, 230_000] * 2, dtype=float)
    months[-1] += regions.sum() - months.sum()
    rng = np.random.default_rng(7)
    seed = rng.uniform(0.5, 1.5, size=(3, 12))
    seed[2, 5] = 0.0  # region 2 does not sell in June
    exact = spread_matrix(regions, months, seed)
    out = spread_matrix(regions, months, seed, unit=1000)
    assert np.array_equal(out.sum(axis=1), regions)
    assert np.array_equal(out.sum(axis=0), months)
    assert np.all(out % 1000 == 0)
    assert out[2, 5] == 0
    assert np.all(np.abs(out - exact) < 1000)


# ---------------------------------------------------------------- errors


def test_error_grand_totals_differ():
    err = raises("totals_mismatch", [10, 20], [15, 16])
    assert str(err) == (
        "row totals add up to 30 but column totals add up to 31 (difference -1); "
        "both must give the same grand total"
    )
    assert err.amount == -1


def test_error_row_without_seed():
    err = raises("infeasible_margins", [10, 20], [15, 15], [[0, 0], [1, 1]])
    assert str(err).startswith("row 0 has total 10 but the seed is zero in every column")
    assert err.positions == (("row", 0),)


def test_error_column_without_seed():
    err = raises("infeasible_margins", [10, 20], [15, 15], [[1, 0], [1, 0]])
    assert str(err).startswith("column 1 has total 15 but the seed is zero in every row")


def test_error_rows_that_reach_too_little():
    # Rows 1 and 2 (totals 20 + 30 = 50) can only be placed in column 0, whose total is 30.
    err = raises("infeasible_margins", [10, 20, 30], [30, 30], [[1, 1], [1, 0], [1, 0]])
    message = str(err)
    assert "rows 1, 2 (totals adding up to 50) can only be placed in column 0" in message
    assert "whose totals add up to 30: 20 cannot be placed" in message
    assert err.amount == 20
    assert ("row", 1) in err.positions and ("column", 0) in err.positions


def test_error_not_converged():
    err = raises(
        "not_converged", [10, 20, 5], [12, 18, 5], [[1, 5, 1], [2, 1, 1], [1, 1, 9]], max_iter=1
    )
    assert "did not converge in 1 passes: the largest margin error is" in str(err)
    assert f"on row {err.positions[0]} (total " in str(err)
    assert "max_iter" not in str(err) and "tol" not in str(err)  # words a planner uses
    assert err.amount > 0


@pytest.mark.parametrize(
    ("args", "kwargs", "code", "words"),
    [
        (([10, -5], [5]), {}, "negative_totals", "row_totals must be zero or more"),
        (([10], [-5, 15]), {}, "negative_totals", "col_totals must be zero or more"),
        (([10], [10], [[-1]]), {}, "negative_weights", "seed must be zero or more"),
        (([10, 5], [15], [[1, 2]]), {}, "shape_mismatch", "seed has shape (1, 2)"),
        (([], [1]), {}, "empty", "row_totals is empty"),
        (([[1]], [1]), {}, "shape_mismatch", "row_totals must be a list"),
        (([1], [1], [[None]]), {"blanks": "error"}, "blank", "seed: blank value"),
        (([1], [1]), {"blanks": "x"}, "invalid_option", "blanks must be"),
        (([1], [1]), {"tol": 0}, "invalid_option", "tol must be a positive number"),
        (([1], [1]), {"max_iter": 0}, "invalid_option", "max_iter must be"),
        (([1], [1]), {"unit": -1}, "invalid_unit", "unit must be"),
        (([1.5, 1], [2.5]), {"unit": 1}, "margins_not_multiple", "row_totals at position 0"),
    ],
)
def test_errors(args, kwargs, code, words):
    err = raises(code, *args, **kwargs)
    assert words in str(err)


# ---------------------------------------------------------------- properties


@st.composite
def feasible_case(draw, allow_zeros=True):
    """Margins taken from a whole-unit matrix on the seed's non-zero pattern (so they fit)."""
    m = draw(st.integers(1, 8))
    n = draw(st.integers(1, 6))
    unit = draw(UNITS)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    support = rng.random((m, n)) > (0.3 if allow_zeros else -1)
    seed = np.where(support, rng.uniform(0.1, 10, size=(m, n)), 0.0)
    truth = np.where(support, rng.integers(1, 50, size=(m, n)), 0) * unit
    return truth.sum(axis=1).astype(float), truth.sum(axis=0).astype(float), seed, unit


@given(case=feasible_case())
def test_property_margins_exact_after_rounding(case):
    rows, cols, seed, unit = case
    exact = spread_matrix(rows, cols, seed)
    out = spread_matrix(rows, cols, seed, unit=unit)
    assert np.array_equal(out.sum(axis=1), rows)
    assert np.array_equal(out.sum(axis=0), cols)
    assert np.all(out % unit == 0)
    assert np.all(out[seed == 0] == 0)
    assert np.all(np.abs(out - exact) < unit)
    assert np.array_equal(out, spread_matrix(rows, cols, seed, unit=unit))


@given(case=feasible_case())
def test_property_fit_meets_margins(case):
    rows, cols, seed, _ = case
    out = spread_matrix(rows, cols, seed)
    np.testing.assert_allclose(out.sum(axis=1), rows, rtol=1e-9)
    np.testing.assert_allclose(out.sum(axis=0), cols, rtol=1e-12)
    assert np.all(out[seed == 0] == 0)
    assert np.all(out >= 0)


@given(case=feasible_case(allow_zeros=False))
def test_property_cross_ratios_of_the_seed_are_kept(case):
    # Proportional fitting only scales rows and columns, so x = a_i * b_j * seed_ij and
    # every cross ratio x_ij x_kl / (x_il x_kj) equals the seed's.
    rows, cols, seed, _ = case
    m, n = seed.shape
    if m < 2 or n < 2:
        return
    out = spread_matrix(rows, cols, seed)
    ratio_out = out[0, 0] * out[1:, 1:] / (out[0, 1:] * out[1:, :1])
    ratio_seed = seed[0, 0] * seed[1:, 1:] / (seed[0, 1:] * seed[1:, :1])
    np.testing.assert_allclose(ratio_out, ratio_seed, rtol=1e-8)


@given(
    m=st.integers(2, 6),
    n=st.integers(2, 6),
    data=st.data(),
)
def test_property_hall_violation_is_reported(m, n, data):
    # Rows 0..k-1 may only use columns 0..l-1, and together need more than those columns hold.
    k = data.draw(st.integers(1, m - 1))
    lcols = data.draw(st.integers(1, n - 1))
    seed = np.ones((m, n))
    seed[:k, lcols:] = 0
    col_totals = np.full(n, 10.0)
    # The other rows keep a positive total, so every column stays reachable.
    need = 10.0 * lcols + data.draw(st.integers(1, 10 * (n - lcols) - 1))
    rows = np.zeros(m)
    rows[:k] = need / k
    rows[k:] = (col_totals.sum() - need) / (m - k)
    err = raises("infeasible_margins", rows, col_totals, seed, max_iter=200)
    assert err.amount == pytest.approx(need - 10.0 * lcols)
    assert {("row", i) for i in range(k)} <= set(err.positions)


@given(seed_value=st.integers(0, 2**32 - 1), m=st.integers(1, 7), n=st.integers(1, 6), unit=UNITS)
def test_property_any_margins_of_a_matrix_on_the_seed_pattern_succeed(seed_value, m, n, unit):
    # Margins of a whole-unit matrix that is zero on some of the seed's non-zero cells: a
    # solution exists (possibly only with those cells at zero), so the fit must succeed.
    rng = np.random.default_rng(seed_value)
    seed = np.where(rng.random((m, n)) > 0.25, rng.uniform(0.1, 10, size=(m, n)), 0.0)
    truth = np.where((seed > 0) & (rng.random((m, n)) > 0.4), rng.integers(1, 9, (m, n)), 0)
    rows = (truth.sum(axis=1) * unit).astype(float)
    cols = (truth.sum(axis=0) * unit).astype(float)
    out = spread_matrix(rows, cols, seed, unit=unit)
    assert np.array_equal(out.sum(axis=1), rows)
    assert np.array_equal(out.sum(axis=0), cols)
    assert np.all(out[seed == 0] == 0)
