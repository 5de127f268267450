"""Tests of rounding to a unit: largest remainder per row and controlled 2-D rounding."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_salesplan.errors import PlanningError
from xl_salesplan.targets.rounding import round_matrix, round_to_unit

UNITS = st.sampled_from([1, 10, 100, 1000])


def reference_largest_remainder(values: list[Fraction], unit: int) -> list[Fraction]:
    """Textbook largest remainder on exact fractions, with the documented tie-break.

    Only for rows whose total is a multiple of the unit (no remainder cell).
    """
    down = [math.floor(v / unit) for v in values]
    need = int(sum(values) / unit) - sum(down)
    order = sorted(
        range(len(values)),
        key=lambda i: (-(values[i] / unit - down[i]), -values[i], i),
    )
    up = set(order[:need])
    return [Fraction((d + (i in up)) * unit) for i, d in enumerate(down)]


# ---------------------------------------------------------------- round_to_unit, by hand


def test_largest_remainders_go_up():
    # 1,000 over three cells of 333.3/333.3/333.4: only the largest remainder goes up.
    assert round_to_unit([333.3, 333.3, 333.4], 100).tolist() == [300, 300, 400]


def test_tie_break_lower_index_first():
    assert round_to_unit([0.5, 0.5], 1).tolist() == [1, 0]
    assert round_to_unit([1 / 3, 1 / 3, 1 / 3], 1).tolist() == [1, 0, 0]


def test_tie_break_larger_value_before_lower_index():
    # Both remainders are .5; the larger value (2.5) goes up.
    assert round_to_unit([1.5, 2.5], 1).tolist() == [1, 3]


def test_remainder_absorbed_by_largest_cell():
    # 1,050 with unit 100 leaves 50; cell 1 (largest) takes it.
    out = round_to_unit([420.0, 630.0], 100)
    assert out.tolist() == [400, 650]
    assert out.sum() == 1050


def test_remainder_skips_cells_without_room():
    # Cell 1 is pinned by floor = cap = 600, so the next largest absorbs the 50.
    out = round_to_unit(
        [250.0, 600.0, 200.0], 100, floors=[None, 600, None], caps=[None, 600, None]
    )
    assert out.tolist() == [250, 600, 200]


def test_total_removes_float_noise():
    values = np.array([0.1, 0.2, 0.7]) * 10  # sums to 9.999999999999998 in floats
    out = round_to_unit(values, 1, total=10)
    assert out.sum() == 10
    assert out.tolist() == [1, 2, 7]


def test_keep_cells_unchanged():
    # Cell 0 is kept at 12.34; 87.66 is left = 8 units of 10 plus 7.66. The largest free
    # cell (50.5) absorbs the 7.66; the rest rounds 42.84 down to 40 and 37.16 up to 40.
    out = round_to_unit([12.34, 50.5, 37.16], 10, keep=[True, False, False])
    assert out[0] == 12.34
    assert out[1] == pytest.approx(47.66)
    assert out[2] == 40
    assert out.sum() == pytest.approx(100)


def test_bounds_force_the_rounding_direction():
    # Total 420, unit 100: 20 is left over and cell 1 (190, the largest free cell with room)
    # absorbs it. Cell 1 then rounds (190 - 20) = 170 -> 100 or 200, plus 20; 220 would break
    # its cap of 200, so cell 2 (130) takes the round-up instead although its remainder is
    # smaller.
    out = round_to_unit([100.0, 190.0, 130.0], 100, floors=[100, 100, 100], caps=[100, 200, 200])
    assert out.tolist() == [100, 120, 200]


def test_zero_cells_stay_zero():
    out = round_to_unit([0.0, 0.6, 0.0, 0.4, 1.0], 1)
    assert out[0] == 0 and out[2] == 0
    assert out.sum() == 2


def test_batched_rows():
    out = round_to_unit([[0.5, 0.5], [2.25, 0.75]], 1)
    assert out.tolist() == [[1, 0], [2, 1]]


def test_empty_batch_returns_empty():
    assert round_to_unit(np.zeros((0, 3)), 1).shape == (0, 3)


@pytest.mark.parametrize(
    ("kwargs", "code", "words"),
    [
        ({"values": [1.0, 2.0], "unit": 0}, "invalid_unit", "unit must be a positive number"),
        ({"values": [1.0, 2.0], "unit": "x"}, "invalid_unit", "got 'x'"),
        ({"values": [], "unit": 1}, "empty", "values is empty"),
        ({"values": 3.0, "unit": 1}, "shape_mismatch", "not a single number"),
        ({"values": [1.0, None], "unit": 1}, "blank", "blank value at position 1"),
        ({"values": [1.0, 2.0], "unit": 1, "total": 5}, "total_mismatch", "total is 5"),
        (
            {"values": [[1.0, 2.0]], "unit": 1, "total": [3, 4]},
            "shape_mismatch",
            "total has shape (2,)",
        ),
        ({"values": [1.0, 2.0], "unit": 1, "caps": [1, 2, 3]}, "shape_mismatch", "caps"),
    ],
)
def test_round_to_unit_errors(kwargs, code, words):
    with pytest.raises(PlanningError) as info:
        round_to_unit(**kwargs)
    assert info.value.code == code
    assert words in str(info.value)


def test_total_mismatch_names_row_and_amounts():
    with pytest.raises(PlanningError) as info:
        round_to_unit([[1.0, 2.0], [3.0, 4.0]], 1, total=[3, 8])
    assert "row 1" in str(info.value)
    assert "7" in str(info.value) and "difference 1" in str(info.value)
    assert info.value.positions == (1,)
    assert info.value.amount == 1


# ---------------------------------------------------------------- round_to_unit, properties

row_values = st.lists(
    st.integers(min_value=0, max_value=10**7).map(lambda k: k / 1000), min_size=1, max_size=12
)


@given(values=row_values, unit=UNITS)
def test_matches_reference_largest_remainder(values, unit):
    exact = [Fraction(v).limit_denominator(1000) for v in values]
    floats = [float(v) for v in exact]
    total = sum(exact)
    # Make the total a multiple of the unit by topping up the first cell.
    top_up = (-total) % unit
    exact[0] += top_up
    floats[0] = float(exact[0])
    expected = reference_largest_remainder(exact, unit)
    out = round_to_unit(floats, unit, total=float(sum(exact)))
    assert [Fraction(x) for x in out] == expected


@given(
    values=st.lists(st.integers(0, 10**6), min_size=1, max_size=12),
    divisor=st.integers(1, 7),
    unit=UNITS,
)
def test_properties_total_exact_no_unit_move(values, divisor, unit):
    raw = np.array(values, dtype=float) / divisor  # non-integers, exact integer total below
    total = float(sum(values) // divisor)
    raw[0] += total - raw.sum()  # make the row add up to an integer
    if raw[0] < 0:
        return
    out = round_to_unit(raw, unit, total=total)
    assert out.sum() == total  # whole numbers compare exactly
    assert np.all(np.abs(out - raw) < unit)
    assert np.all(out[raw == 0] == 0) or total % unit != 0
    off_grid = out % unit != 0
    assert off_grid.sum() <= 1
    assert off_grid.sum() == (total % unit != 0)
    assert np.array_equal(out, round_to_unit(raw, unit, total=total))


@given(
    rows=st.lists(st.lists(st.integers(0, 5000), min_size=4, max_size=4), min_size=1, max_size=6),
    unit=UNITS,
)
def test_batched_equals_row_by_row(rows, unit):
    values = np.array(rows, dtype=float) / 3
    out = round_to_unit(values, unit)
    for i, row in enumerate(values):
        assert np.array_equal(out[i], round_to_unit(row, unit))


# ---------------------------------------------------------------- round_matrix


def test_round_matrix_hand_example():
    # Row totals 1 and 2, column totals 1, 1, 1. Each row takes its largest remainder
    # (0.6), which also gives the columns what they need.
    out = round_matrix([[0.4, 0.6, 0.0], [0.6, 0.4, 1.0]], 1)
    assert out.tolist() == [[0, 1, 0], [1, 0, 1]]


def test_round_matrix_needs_column_repair():
    # Both rows prefer column 1 (larger value on a .5 tie); column totals force one to move.
    out = round_matrix([[150.0, 250.0], [250.0, 350.0]], 100)
    assert out.sum(axis=1).tolist() == [400, 600]
    assert out.sum(axis=0).tolist() == [400, 600]
    assert out.tolist() == [[200, 200], [200, 400]]


def all_controlled_roundings(cells: np.ndarray) -> list[np.ndarray]:
    """Every 0/1 choice of round-ups that keeps both margins (brute force, small only)."""
    frac_cells = [tuple(ij) for ij in np.argwhere(cells % 1 != 0)]
    rows, cols = cells.sum(axis=1).round(), cells.sum(axis=0).round()
    found = []
    for bits in itertools.product([0, 1], repeat=len(frac_cells)):
        x = np.floor(cells)
        for (i, j), b in zip(frac_cells, bits, strict=True):
            x[i, j] += b
        if np.array_equal(x.sum(axis=1), rows) and np.array_equal(x.sum(axis=0), cols):
            found.append(x)
    return found


def test_round_matrix_chain_through_columns():
    # Each row's first choice (lower column on a tie): row 0 -> col 0, row 1 -> col 2,
    # row 2 -> col 1, row 3 -> col 0. Column 0 has one too many and column 3 one too
    # few, but rows 0 and 3 cannot round up in column 3 (zeros there): the repair must go
    # col 0 -> col 1 (row 0) -> col 3 (row 2).
    cells = np.array(
        [
            [0.5, 0.5, 0.0, 0.0],
            [0.0, 0.0, 0.5, 0.5],
            [0.0, 0.5, 0.0, 0.5],
            [0.5, 0.0, 0.5, 0.0],
        ]
    )
    out = round_matrix(cells, 1)
    valid = all_controlled_roundings(cells)
    assert len(valid) == 2
    assert any(np.array_equal(out, v) for v in valid)


@settings(max_examples=100)
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(1, 3), n=st.integers(1, 4))
def test_round_matrix_is_one_of_the_brute_force_roundings(seed, m, n):
    rng = np.random.default_rng(seed)
    whole = rng.integers(0, 3, size=(m, n)).astype(float)
    tenths = rng.integers(0, 10, size=(m, n)) / 10
    tenths[:, -1] = 0
    tenths[-1, :] = 0
    # Complete the last row and column so that the fractional parts have whole margins.
    tenths[:-1, -1] = (-tenths[:-1, :-1].sum(axis=1)) % 1
    tenths[-1, :] = (-tenths[:-1, :].sum(axis=0)) % 1
    tenths = np.round(tenths, 6) % 1
    cells = whole + tenths
    if not np.allclose(cells.sum(axis=1), cells.sum(axis=1).round()) or not np.allclose(
        cells.sum(axis=0), cells.sum(axis=0).round()
    ):
        return
    out = round_matrix(cells, 1)
    assert any(np.array_equal(out, v) for v in all_controlled_roundings(cells))


def test_round_matrix_with_given_margins():
    m = np.array([[33.3333333, 66.6666667], [66.6666667, 33.3333333]])
    out = round_matrix(m, 10, row_totals=[100, 100], col_totals=[100, 100])
    assert out.sum(axis=1).tolist() == [100, 100]
    assert out.sum(axis=0).tolist() == [100, 100]


@pytest.mark.parametrize(
    ("args", "kwargs", "code", "words"),
    [
        (([[1.5, 1.0]], 1), {}, "margins_not_multiple", "row_totals at position 0 (2.5)"),
        (
            ([[0.5, 0.5], [1.0, 1.0]], 1),
            {},
            "margins_not_multiple",
            "col_totals at positions 0, 1 (1.5, 1.5)",
        ),
        (([1.0, 2.0], 1), {}, "shape_mismatch", "2 dimensions"),
        ((np.zeros((0, 2)), 1), {}, "empty", "matrix is empty"),
        (([[1.0]], -5), {}, "invalid_unit", "got -5"),
        (([[1.0, 1.0]], 1), {"row_totals": [3]}, "total_mismatch", "row_totals at position 0"),
        (
            ([[1.0, 1.0]], 1),
            {"col_totals": [1, 1, 1]},
            "shape_mismatch",
            "col_totals has shape (3,)",
        ),
    ],
)
def test_round_matrix_errors(args, kwargs, code, words):
    with pytest.raises(PlanningError) as info:
        round_matrix(*args, **kwargs)
    assert info.value.code == code
    assert words in str(info.value)


@given(
    m=st.integers(1, 30),
    n=st.integers(1, 12),
    seed=st.integers(0, 2**32 - 1),
    unit=UNITS,
)
def test_round_matrix_properties(m, n, seed, unit):
    # A matrix whose margins are multiples of the unit: whole multiples plus noise moved
    # around 2x2 rectangles (+d, -d / -d, +d), which keeps every margin; zero cells stay
    # out of the rectangles.
    rng = np.random.default_rng(seed)
    whole = rng.integers(1, 20, size=(m, n)) * unit * (rng.random((m, n)) > 0.2)
    cells = whole.astype(float)
    for _ in range(3 * m * n):
        i, k = rng.integers(0, m, 2)
        j, q = rng.integers(0, n, 2)
        if i == k or j == q or (cells[np.ix_([i, k], [j, q])] == 0).any():
            continue
        d = rng.uniform(-0.7, 0.7) * unit
        cells[i, j] += d
        cells[k, q] += d
        cells[i, q] -= d
        cells[k, j] -= d
    rows = whole.sum(axis=1).astype(float)
    cols = whole.sum(axis=0).astype(float)
    out = round_matrix(cells, unit, row_totals=rows, col_totals=cols)
    assert np.array_equal(out.sum(axis=1), rows)
    assert np.array_equal(out.sum(axis=0), cols)
    assert np.all(np.abs(out - cells) < unit)
    assert np.all(out % unit == 0)
    assert np.all(out[whole == 0] == 0)
    assert np.array_equal(out, round_matrix(cells, unit, row_totals=rows, col_totals=cols))


# ---------------------------------------------------------------- long rows (selection, not a sort)

long_rows = st.lists(
    st.sampled_from([0.0, 0.5, 1.25, 2.5, 3.75, 10.0, 99.5, 1000.0]), min_size=257, max_size=700
)


@settings(max_examples=40, deadline=None)
@given(values=long_rows, unit=st.sampled_from([1, 10]))
def test_long_rows_match_reference_largest_remainder(values, unit):
    # Few distinct values: many ties in remainder and value, broken by position.
    exact = [Fraction(v) for v in values]
    exact[0] += (-sum(exact)) % unit
    expected = reference_largest_remainder(exact, unit)
    out = round_to_unit([float(v) for v in exact], unit, total=float(sum(exact)))
    assert [Fraction(x) for x in out] == expected


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(257, 600),
    unit=UNITS,
    with_bounds=st.booleans(),
    with_keep=st.booleans(),
)
def test_long_rows_equal_the_sorted_ranking(seed, n, unit, with_bounds, with_keep):
    # Rows above the selection threshold give exactly what one full sort gives.
    import xl_salesplan.targets.rounding as rounding

    rng = np.random.default_rng(seed)
    values = np.round(rng.choice([0.0, 1.0, 2.5, 7.25, 333.3], n) * rng.integers(1, 4, n), 2)
    kwargs = {}
    if with_bounds:
        kwargs["floors"] = np.where(rng.random(n) < 0.2, np.floor(values / unit) * unit, np.nan)
        kwargs["caps"] = np.where(rng.random(n) < 0.2, np.ceil(values / unit) * unit, np.nan)
    if with_keep:
        kwargs["keep"] = rng.random(n) < 0.1
    total = float(values.sum())
    selected = round_to_unit(values, unit, total=total, **kwargs)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rounding, "_SORT_ROWS_UP_TO", 10**9)
        sorted_out = round_to_unit(values, unit, total=total, **kwargs)
    assert np.array_equal(selected, sorted_out)
