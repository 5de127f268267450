"""A column's cells as codes into its distinct values: check and convert each value once.

A column of 100,000 cells typed by a planner holds a few hundred distinct values, and
what a check or a conversion says of a cell depends on its value alone. So a column is
factorised once (:meth:`DistinctValues.of`: numbers, dates and text each in their own
array, never turned into one Python object per cell), every check and conversion runs
once per distinct value, and its result is spread back over the cells by their codes.

Values equal in Python but not alike are kept apart, as a hash table would not:
``True`` and ``1.0``, ``-0.0`` and ``0.0``, ``None`` and NaN each get their own code, so
a function sees every kind of value a cell holds.

Examples
--------
>>> column = DistinctValues.of(pd.Series(["a", "a", None, 2.0, True, 1.0]))
>>> column.values.tolist(), column.codes.tolist()
(['a', 2.0, None, True, 1.0], [0, 0, 2, 1, 3, 4])
>>> column.map(repr).tolist()
["'a'", "'a'", 'None', '2.0', 'True', '1.0']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

__all__ = ["DistinctValues", "map_distinct"]


@dataclass(frozen=True)
class DistinctValues:
    """The distinct values of a column and, per cell, the code of its value.

    Attributes
    ----------
    values : ndarray of object, shape (distinct,)
        Each distinct value once, as ``Series.to_numpy(dtype=object)`` gives it (floats,
        ``Timestamp``, text, ``None`` ...).
    codes : ndarray of intp, shape (cells,)
        The position in ``values`` of each cell's value.
    """

    values: NDArray[np.object_]
    codes: NDArray[np.intp]

    @classmethod
    def of(cls, column: pd.Series | np.ndarray) -> DistinctValues:
        """Factorise a column: numbers and dates natively, anything else as objects.

        Examples
        --------
        >>> DistinctValues.of(pd.Series([0.0, -0.0, np.nan, 0.0])).values.tolist()
        [0.0, -0.0, nan]
        >>> dates = pd.Series(pd.to_datetime(["2026-01-01", None, "2026-01-01"]))
        >>> DistinctValues.of(dates).codes.tolist()
        [0, 1, 0]
        """
        series = column if isinstance(column, pd.Series) else pd.Series(column, dtype=object)
        if series.dtype == np.float64:
            return cls._of_numbers(series.to_numpy())
        if pd.api.types.is_datetime64_dtype(series.dtype):
            codes, uniques = pd.factorize(series)
            return cls._with_missing(uniques.astype(object).to_numpy(), codes, pd.NaT)
        return cls._of_objects(series.to_numpy(dtype=object))

    @classmethod
    def _of_numbers(cls, numbers: NDArray[np.float64]) -> DistinctValues:
        codes, uniques = pd.factorize(numbers)
        values = uniques.astype(object)
        negative = np.signbit(numbers) & (numbers == 0.0)  # -0.0 shares a code with 0.0
        if negative.any():
            values[codes[negative][0]] = 0.0
            codes = codes.copy()
            codes[negative] = len(values)
            values = np.append(values, np.array([-0.0], dtype=object))
        return cls._with_missing(values, codes, float("nan"))

    @classmethod
    def _with_missing(
        cls, values: np.ndarray, codes: np.ndarray, missing: object
    ) -> DistinctValues:
        codes = np.asarray(codes, dtype=np.intp)
        blank = codes < 0
        if blank.any():
            codes = codes.copy()
            codes[blank] = len(values)
            values = np.append(np.asarray(values, dtype=object), np.array([missing], dtype=object))
        return cls(np.asarray(values, dtype=object), codes)

    @classmethod
    def _of_objects(cls, array: NDArray[np.object_]) -> DistinctValues:
        codes, uniques = pd.factorize(array)
        codes = np.asarray(codes, dtype=np.intp)
        values = np.asarray(uniques, dtype=object)
        # a hash table takes True for 1.0 and -0.0 for 0.0, and None, NaN and NaT for one
        # another: the cells of those groups get a code per kind of value (type and repr)
        merged = [i for i, v in enumerate(values) if isinstance(v, bool | float) and v in (0, 1)]
        single = np.flatnonzero((codes < 0) | np.isin(codes, merged))
        if not single.size:
            return cls(values, codes)
        kinds = pd.factorize(pd.Series([(type(v), repr(v)) for v in array[single]], dtype=object))
        kind_codes, kind_values = kinds
        first = np.unique(kind_codes, return_index=True)[1]  # a cell of each kind
        codes = codes.copy()
        codes[single] = len(values) + np.asarray(kind_codes, dtype=np.intp)
        representatives = np.empty(len(kind_values), dtype=object)
        representatives[:] = list(array[single[first]])
        used, codes = np.unique(codes, return_inverse=True)  # drop the groups split up
        return cls(np.concatenate([values, representatives])[used], codes.astype(np.intp))

    def results(
        self, function: Callable[[object], object], where: np.ndarray | None = None
    ) -> NDArray[np.object_]:
        """``function`` of each distinct value (of the cells ``where`` is True; others None).

        Examples
        --------
        >>> column = DistinctValues.of(pd.Series(["x", "y", "x"]))
        >>> column.results(str.upper).tolist()
        ['X', 'Y']
        >>> column.results(str.upper, where=np.array([True, False, True])).tolist()
        ['X', None]
        """
        out = np.full(len(self.values), None, dtype=object)
        if where is None:
            wanted = range(len(self.values))
        else:  # the values of those cells
            counts = np.bincount(self.codes[where], minlength=len(self.values))
            wanted = np.flatnonzero(counts)
        for i in wanted:
            out[i] = function(self.values[i])
        return out

    def map(
        self, function: Callable[[object], object], where: np.ndarray | None = None
    ) -> NDArray[np.object_]:
        """``function`` of every cell's value, called once per distinct value (objects).

        With ``where``, only the cells where it is True are computed; the others are None.

        Examples
        --------
        >>> DistinctValues.of(pd.Series([1.0, None, 1.0])).map(lambda v: v == v).tolist()
        [True, False, True]
        """
        out = self.results(function, where)[self.codes]
        if where is not None:
            out[~where] = None
        return out


def map_distinct(
    values: pd.Series | np.ndarray, function: Callable[[object], object]
) -> NDArray[np.object_]:
    """``function`` of every value, called once per distinct value (an object array).

    Examples
    --------
    >>> map_distinct(pd.Series(["a", "a", None, 2.0]), lambda v: repr(v)).tolist()
    ["'a'", "'a'", 'None', '2.0']
    >>> map_distinct(np.array([True, 1.0], dtype=object), type).tolist()
    [<class 'bool'>, <class 'float'>]
    """
    if not len(values):
        return np.empty(0, dtype=object)
    return DistinctValues.of(values).map(function)
