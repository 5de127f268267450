"""Sums of products and small least squares that give the same bits on every machine.

Matrix products (``@``) and :mod:`numpy.linalg` call BLAS and LAPACK, whose kernels are
picked for the processor at run time and add in different orders; their results differ
in the last bits from one machine to another. The engine's estimates (seasonal
profiles, fitted response curves) iterate on such results and can let a last-bit
difference grow into the tenth digit, so a workbook built on two machines would differ.
The functions here use only element-wise arithmetic and numpy's own sums, whose order
does not depend on the processor (products are laid out in C order first, so the order
of the sums does not depend on the inputs' memory layout either). They are meant for
the small products of the engine (a few thousand terms), not for large matrix algebra.

Examples
--------
>>> dot([1.0, 2.0, 3.0], [4.0, 5.0, 6.0])
32.0
>>> matmul([[1.0, 2.0], [3.0, 4.0]], [[1.0], [1.0]])
array([[3.],
       [7.]])
>>> least_squares([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]], [1.0, 3.0, 5.0])
array([1., 2.])
>>> least_squares_many([[[1.0], [1.0]], [[2.0], [0.0]]], [[1.0, 3.0], [4.0, 7.0]])
array([[2.],
       [2.]])
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["dot", "least_squares", "least_squares_many", "matmul"]


def dot(a: ArrayLike, b: ArrayLike) -> NDArray[np.float64] | float:
    """Sum of ``a * b`` over the last axis (broadcasting), like ``a @ b`` for vectors.

    Examples
    --------
    >>> dot([[1.0, 2.0], [3.0, 4.0]], [10.0, 1.0])
    array([12., 34.])
    >>> dot([0.1] * 3, [1.0] * 3) == 0.1 + 0.1 + 0.1
    True
    """
    product = np.multiply(
        np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64), order="C"
    )
    total = np.add.reduce(product, axis=-1)  # np.sum's own reduction, without its wrapper
    return float(total) if total.ndim == 0 else total


def matmul(a: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    """The matrix product ``a @ b`` of a ``(..., n, k)`` and a ``(k, m)`` array.

    Examples
    --------
    >>> matmul(np.ones((2, 3, 2)), [[1.0, 0.0], [0.0, 2.0]]).shape
    (2, 3, 2)
    """
    left = np.asarray(a, dtype=np.float64)
    right = np.asarray(b, dtype=np.float64)
    return np.sum(np.multiply(left[..., :, :, None], right[..., None, :, :], order="C"), axis=-2)


def least_squares(design: ArrayLike, target: ArrayLike) -> NDArray[np.float64]:
    """The ``x`` minimising ``|design @ x - target|`` (Householder QR, no column pivoting).

    A column that adds no information (zero, or a combination of the columns before
    it) gets a coefficient of 0; for a design of full column rank the result is the
    least-squares solution :func:`numpy.linalg.lstsq` gives, up to rounding.

    Parameters
    ----------
    design : array_like
        Shape ``(n, k)``.
    target : array_like
        Shape ``(n,)``.

    Returns
    -------
    ndarray
        Shape ``(k,)``.

    Examples
    --------
    >>> least_squares([[1.0, 0.0, 2.0], [1.0, 0.0, 2.0], [1.0, 0.0, 2.0]], [1.0, 2.0, 3.0])
    array([2., 0., 0.])
    """
    a = np.array(design, dtype=np.float64, order="C")
    rhs = np.array(target, dtype=np.float64)
    n, k = a.shape
    largest = float(np.max(np.abs(a))) if a.size else 0.0
    tolerance = max(n, k) * np.finfo(np.float64).eps * largest * np.sqrt(n)
    pivots: list[int] = []  # pivot column of rows 0, 1, ... of R
    for column in range(k):
        row = len(pivots)
        if row == n:
            break
        x = a[row:, column]
        norm = np.sqrt(dot(x, x))
        if not norm > tolerance:
            continue
        alpha = -norm if x[0] >= 0 else norm
        v = x.copy()
        v[0] -= alpha
        vv = dot(v, v)
        block = a[row:, column:]
        along = np.sum(np.multiply(v[:, None], block, order="C"), axis=0)
        block -= v[:, None] * (2.0 * along / vv)[None, :]
        rhs[row:] -= v * (2.0 * dot(v, rhs[row:]) / vv)
        a[row, column] = alpha
        a[row + 1 :, column] = 0.0
        pivots.append(column)
    solution = np.zeros(k)
    for row in range(len(pivots) - 1, -1, -1):
        column = pivots[row]
        later = pivots[row + 1 :]
        known = dot(a[row, later], solution[later]) if later else 0.0
        solution[column] = (rhs[row] - known) / a[row, column]
    return solution


def least_squares_many(design: ArrayLike, target: ArrayLike) -> NDArray[np.float64]:
    """:func:`least_squares` for many small problems at once, one per leading row.

    Householder QR without column pivoting, vectorised over the problems: every problem
    gets the arithmetic it would get alone (a column that adds no information gets a
    coefficient of 0), so its answer does not depend on the other problems.

    Parameters
    ----------
    design : array_like
        Shape ``(m, n, k)``: ``m`` problems of ``n`` equations in ``k`` unknowns.
    target : array_like
        Shape ``(m, n)``.

    Returns
    -------
    ndarray
        Shape ``(m, k)``.

    Examples
    --------
    >>> least_squares_many([[[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]],
    ...                     [[0.0, 1.0], [0.0, 1.0], [0.0, 1.0]]],
    ...                    [[1.0, 3.0, 5.0], [2.0, 2.0, 2.0]])
    array([[1., 2.],
           [0., 2.]])
    """
    a = np.array(design, dtype=np.float64, order="C")
    rhs = np.array(target, dtype=np.float64)
    m, n, k = a.shape
    largest = np.abs(a).max(axis=(1, 2)) if a.size else np.zeros(m)
    tolerance = max(n, k) * np.finfo(np.float64).eps * largest * np.sqrt(n)
    rows = np.arange(n)
    problems = np.arange(m)
    pivots = np.zeros(m, dtype=np.intp)  # rows of R filled so far
    pivot_column = np.full((m, k), -1, dtype=np.intp)  # pivot column of rows 0, 1, ... of R
    for column in range(k):
        row = np.minimum(pivots, n - 1)
        below = rows[None, :] >= pivots[:, None]  # the rows still to reduce
        x = np.where(below, a[:, :, column], 0.0)
        norm = np.sqrt(np.add.reduce(x * x, axis=-1))
        pivot = (pivots < n) & (norm > tolerance)
        if not pivot.any():
            continue
        head = x[problems, row]
        alpha = np.where(head >= 0, -norm, norm)
        v = x.copy()
        v[problems, row] -= np.where(pivot, alpha, 0.0)
        vv = np.add.reduce(v * v, axis=-1)
        with np.errstate(all="ignore"):
            factor = np.where(pivot, 2.0 / vv, 0.0)
        along = np.add.reduce(np.multiply(v[:, :, None], a, order="C"), axis=1)  # (m, k)
        a[:, :, column:] -= v[:, :, None] * (factor[:, None] * along[:, column:])[:, None, :]
        rhs -= v * (factor * np.add.reduce(v * rhs, axis=-1))[:, None]
        done = pivot[:, None] & below
        a[:, :, column] = np.where(done & (rows[None, :] > row[:, None]), 0.0, a[:, :, column])
        a[problems[pivot], row[pivot], column] = alpha[pivot]
        pivot_column[problems[pivot], row[pivot]] = column
        pivots = pivots + pivot
    solution = np.zeros((m, k))
    for r in range(k - 1, -1, -1):
        has = pivots > r
        if not has.any():
            continue
        known = np.zeros(m)
        for later in range(r + 1, k):
            col = pivot_column[:, later]
            use = has & (col >= 0)
            safe = np.maximum(col, 0)
            known = known + np.where(use, a[problems, r, safe] * solution[problems, safe], 0.0)
        col = np.maximum(pivot_column[:, r], 0)
        with np.errstate(all="ignore"):
            value = (rhs[:, r] - known) / a[problems, r, col]
        solution[problems[has], col[has]] = value[has]
    return solution
