"""Products and least squares without BLAS: they agree with numpy's to rounding."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from xl_salesplan.history.portable_math import dot, least_squares, matmul

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@given(
    st.integers(1, 40).flatmap(
        lambda n: st.tuples(arrays(float, n, elements=finite), arrays(float, n, elements=finite))
    )
)
def test_dot_is_the_sum_of_products(pair):
    a, b = pair
    scale = float(np.abs(a) @ np.abs(b)) + 1.0
    assert dot(a, b) == pytest.approx(float(a @ b), abs=1e-13 * scale)


@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_matmul_is_the_matrix_product(n, k, m, seed):
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=(3, n, k)), rng.normal(size=(k, m))
    np.testing.assert_allclose(matmul(a, b), a @ b, rtol=1e-12, atol=1e-12)


@given(st.integers(1, 8), st.integers(0, 40), st.integers(0, 2**32 - 1))
def test_least_squares_agrees_with_lstsq_for_full_rank_designs(k, extra, seed):
    rng = np.random.default_rng(seed)
    design = rng.normal(size=(k + extra, k))
    target = rng.normal(size=k + extra)
    expected = np.linalg.lstsq(design, target, rcond=None)[0]
    np.testing.assert_allclose(least_squares(design, target), expected, rtol=1e-8, atol=1e-9)


def test_columns_without_information_get_zero():
    design = np.array([[1.0, 0.0, 2.0, 1.0], [1.0, 0.0, 2.0, 2.0], [1.0, 0.0, 2.0, 4.0]])
    target = np.array([1.0, 2.0, 4.0])
    solution = least_squares(design, target)
    assert solution[1] == 0.0 and solution[2] == 0.0
    np.testing.assert_allclose(design @ solution, target, atol=1e-12)


def test_the_same_bits_for_the_same_numbers_in_any_memory_layout():
    rng = np.random.default_rng(7)
    design, target = rng.normal(size=(50, 5)), rng.normal(size=50)
    fortran = np.asfortranarray(design)
    assert least_squares(design, target).tobytes() == least_squares(fortran, target).tobytes()
