"""The controlled rounding of a matrix at sizes where its column repair does real work.

``round_matrix`` rounds every cell to the unit just below or above it and keeps every
row AND column total; the column repair (bulk moves within rows, chains of columns
where no direct move is left) must keep those guarantees on large random matrices,
on sparse ones, and on a cyclic band where every repair needs a long chain.
"""

from __future__ import annotations

import json

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st
from reliability.limits import run_python_limited
from test_rounding import all_controlled_roundings

from xl_salesplan.targets.column_repair import NARROW
from xl_salesplan.targets.rounding import round_matrix


def zero_margin_noise(rng: np.random.Generator, m: int, n: int, density: float) -> np.ndarray:
    """A matrix whose every row and column adds up to zero: A minus its shifts.

    ``A - roll_rows(A) - roll_cols(A) + roll_both(A)`` cancels row by row and column by
    column; a sparse ``A`` leaves most cells exactly zero.
    """
    a = rng.uniform(-0.45, 0.45, (m, n)) * (rng.random((m, n)) < density)
    a = np.round(a, 3)
    return a - np.roll(a, 1, axis=0) - np.roll(a, 1, axis=1) + np.roll(a, (1, 1), axis=(0, 1))


def random_problem(
    seed: int, m: int, n: int, density: float, unit: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Whole multiples of ``unit`` plus noise that keeps every margin (margins stay whole)."""
    rng = np.random.default_rng(seed)
    whole = rng.integers(0, 40, (m, n)).astype(float)
    noise = zero_margin_noise(rng, m, n, density)
    cells = (whole + noise) * unit
    return cells, whole * unit, whole.sum(axis=1) * unit, whole.sum(axis=0) * unit


def assert_controlled(out: np.ndarray, cells: np.ndarray, rows: np.ndarray, cols, unit) -> None:
    units = cells / unit
    assert np.array_equal(out.sum(axis=1), rows)
    assert np.array_equal(out.sum(axis=0), cols)
    assert np.all(out % unit == 0)
    down = np.floor(units + 1e-9)
    assert np.all((out / unit == down) | (out / unit == np.ceil(units - 1e-9)))


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    m=st.integers(2, 400),
    n=st.one_of(st.integers(2, NARROW), st.integers(NARROW + 1, 160)),
    density=st.sampled_from([0.02, 0.1, 0.5, 1.0]),
    unit=st.sampled_from([1.0, 100.0, 1000.0]),
)
def test_large_random_matrices_keep_every_guarantee(seed, m, n, density, unit):
    # Narrow matrices are repaired one chain of columns at a time, wide ones in bulk.
    cells, whole, rows, cols = random_problem(seed, m, n, density, unit)
    out = round_matrix(cells, unit, row_totals=rows, col_totals=cols)
    assert_controlled(out, cells, rows, cols, unit)
    # Cells that were already whole numbers of units stay exactly as they were.
    untouched = cells == whole
    assert np.array_equal(out[untouched], cells[untouched])
    # Deterministic: the same input gives the same cells.
    assert np.array_equal(out, round_matrix(cells, unit, row_totals=rows, col_totals=cols))


@settings(max_examples=10, deadline=None)
@example(n=200, width=2, seed=1)  # wide: direct moves run out, chains of columns take over
@given(n=st.integers(3, 300), width=st.integers(2, 5), seed=st.integers(0, 2**32 - 1))
def test_cyclic_band_needs_long_chains_and_keeps_every_guarantee(n, width, seed):
    # Each row has `width` cells of 1/width in a cyclic band: rows pick their cells by
    # value, and a column with too many round-ups can only pass one on along the band.
    rng = np.random.default_rng(seed)
    cells = np.zeros((n, n))
    at = np.arange(n)
    for k in range(width):
        cells[at, (at + k) % n] = rng.integers(1, 50, n) + 1.0 / width
    rows, cols = np.round(cells.sum(axis=1)), np.round(cells.sum(axis=0))
    out = round_matrix(cells, 1)
    assert_controlled(out, cells, rows, cols, 1.0)
    assert np.all(out[cells == 0] == 0)
    assert np.array_equal(out, round_matrix(cells, 1))


def small_block(rng: np.random.Generator, m: int, n: int) -> np.ndarray:
    """Whole cells plus tenths whose every row and column adds up to a whole number."""
    tenths = rng.integers(0, 10, size=(m, n)) / 10
    tenths[:-1, -1] = (-tenths[:-1, :-1].sum(axis=1)) % 1
    tenths[-1, :] = (-tenths[:-1, :].sum(axis=0)) % 1
    return rng.integers(0, 3, size=(m, n)) + np.round(tenths, 6) % 1


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_a_wide_matrix_of_small_blocks_rounds_each_block_to_one_of_its_roundings(seed):
    # Blocks on the diagonal, zeros elsewhere: more than NARROW columns in all, so the bulk
    # repair runs; each block's cells must be one of that block's own controlled roundings
    # (found by brute force), so where a block's rounding is unique the result is it.
    rng = np.random.default_rng(seed)
    shapes = [(int(rng.integers(1, 4)), int(rng.integers(2, 4))) for _ in range(20)]
    blocks = [small_block(rng, m, n) for m, n in shapes]
    rows, cols = sum(m for m, _ in shapes), sum(n for _, n in shapes)
    assert cols > NARROW
    cells = np.zeros((rows, cols))
    at = [(0, 0)]
    for (m, n), block in zip(shapes, blocks, strict=True):
        r, c = at[-1]
        cells[r : r + m, c : c + n] = block
        at.append((r + m, c + n))
    out = round_matrix(cells, 1)
    assert np.array_equal(out.sum(axis=1), np.round(cells.sum(axis=1)))
    assert np.array_equal(out.sum(axis=0), np.round(cells.sum(axis=0)))
    for (r, c), (m, n), block in zip(at[:-1], shapes, blocks, strict=True):
        valid = all_controlled_roundings(block)
        assert any(np.array_equal(out[r : r + m, c : c + n], v) for v in valid)
    assert np.count_nonzero(out) == np.count_nonzero(out[cells != 0])


def test_two_thousand_square_rounds_within_a_cpu_and_memory_limit():
    # 4,000,000 cells, 90% of them fractional. The repair by one shortest chain at a time
    # over a dense column graph took about 15 s of CPU here; bulk moves about 1 s.
    code = (
        "import json, numpy as np\n"
        "from xl_salesplan.targets.rounding import round_matrix\n"
        "rng = np.random.default_rng(11)\n"
        "m = n = 2000\n"
        "a = np.round(rng.uniform(-0.45, 0.45, (m, n)), 3)\n"
        "noise = a - np.roll(a, 1, 0) - np.roll(a, 1, 1) + np.roll(a, (1, 1), (0, 1))\n"
        "whole = rng.integers(0, 40, (m, n)).astype(float)\n"
        "out = round_matrix((whole + noise) * 1000, 1000, row_totals=whole.sum(1) * 1000,\n"
        "                   col_totals=whole.sum(0) * 1000)\n"
        "print(json.dumps([bool(np.array_equal(out.sum(1), whole.sum(1) * 1000)),\n"
        "                  bool(np.array_equal(out.sum(0), whole.sum(0) * 1000)),\n"
        "                  float(np.abs(out - (whole + noise) * 1000).max())]))\n"
    )
    outcome = run_python_limited(["-c", code], cpu_seconds=10, memory_bytes=2 << 30)
    assert not outcome.hit_a_limit, outcome.stderr[-800:]
    assert outcome.returncode == 0, outcome.stderr[-800:]
    rows_exact, cols_exact, largest_move = json.loads(outcome.stdout.strip().splitlines()[-1])
    assert rows_exact and cols_exact
    assert largest_move < 1000
