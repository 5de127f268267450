"""The rows of an export held by column: each column's distinct values and a code per row.

A CRM export of a million rows holds a few thousand distinct values per column (six
months, twenty regions, five hundred reps, the amounts). Reading, checking and matching
a value depends on the value alone, so the import does each once per distinct value
and maps the answer back to the rows with the codes (numpy indexing), instead of once
per cell.

Values are alike only when they have the same type and value: ``True``, ``1`` and
``1.0`` are three values (one is not a number, the messages write the others as
``'1'`` and ``'1.0'``), and so are ``2`` and ``2.0``, ``0.0`` and ``-0.0``: each type is
factorised on its own (:class:`~xl_salesplan.actions.distinct_values.DistinctValues`
keeps apart only the values a check of an input table could tell apart). Each column ends with a
``None`` slot, the code of a row too short to have a value in it; a row's own length
is kept (:attr:`ExportColumns.widths`).

Examples
--------
>>> grid = ExportColumns.from_rows([["2026-01", "East", 5], ["2026-01", "West"], []])
>>> len(grid), grid.widths.tolist(), grid[1]
(3, [3, 2, 0], ['2026-01', 'West'])
>>> codes, values = grid.column(2)
>>> values.tolist(), codes.tolist()
([5, None], [0, 1, 1])
>>> grid.values_of(1).tolist(), grid.values_of(0, np.array([False, True, True])).tolist()
(['East', 'West', None], ['2026-01', None])
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence

import numpy as np
import pandas as pd

__all__ = ["ExportColumns", "distinct_codes", "only_texts"]


def distinct_codes(values: Sequence[object] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A code per value and the distinct values, alike only in type and value.

    Returns
    -------
    codes : ndarray of int
        ``distinct[codes]`` are the values.
    distinct : ndarray of object
        Each distinct value once (NaN may appear more than once).

    Examples
    --------
    >>> codes, distinct = distinct_codes(["a", True, 1, 1.0, "a", -0.0, 0.0, None, None])
    >>> codes.tolist(), [repr(v) for v in distinct[codes]]  # doctest: +NORMALIZE_WHITESPACE
    ([0, 1, 2, 3, 0, 4, 5, 6, 6],
     ["'a'", 'True', '1', '1.0', "'a'", '-0.0', '0.0', 'None', 'None'])
    """
    array = _object_array(values)
    codes = np.zeros(len(array), dtype=np.intp)
    if not len(array):
        return codes, np.empty(0, dtype=object)
    kinds = np.fromiter(map(type, array), dtype=object, count=len(array))
    kind_codes, kind_list = pd.factorize(kinds)
    pieces: list[np.ndarray] = []
    offset = 0
    for k, kind in enumerate(kind_list):
        at = np.flatnonzero(kind_codes == k) if len(kind_list) > 1 else slice(None)
        subset = array[at]
        if kind is float:  # by their bits: 0.0 and -0.0 differ
            bits = np.asarray(subset, dtype=np.float64).view(np.int64)
            local, found = pd.factorize(bits)
            uniques = np.empty(len(found), dtype=object)
            uniques[:] = [float(v) for v in np.asarray(found, dtype=np.int64).view(np.float64)]
        elif kind is type(None):
            local, uniques = np.zeros(len(subset), dtype=np.intp), np.array([None], dtype=object)
        else:
            local, found = pd.factorize(subset, use_na_sentinel=False)
            uniques = np.empty(len(found), dtype=object)
            uniques[:] = list(found)
        codes[at] = local + offset
        offset += len(uniques)
        pieces.append(uniques)
    return codes, np.concatenate(pieces)


def only_texts(distinct: np.ndarray) -> bool:
    """Whether a column's distinct values are all text, but the ``None`` slot that ends them.

    A check can then look at the column's texts all at once (a CSV file's columns are so).

    Examples
    --------
    >>> only_texts(np.array(["a", "", None], dtype=object)), only_texts(np.array([None]))
    (True, True)
    >>> only_texts(np.array(["a", 1.0, None], dtype=object)), only_texts(np.array(["a"]))
    (False, False)
    """
    return (
        len(distinct) > 0
        and distinct[-1] is None
        and pd.api.types.infer_dtype(distinct[:-1], skipna=False) in ("string", "empty")
    )


def _object_array(values: Sequence[object] | np.ndarray) -> np.ndarray:
    if isinstance(values, np.ndarray) and values.dtype == object and values.ndim == 1:
        return values
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


class ExportColumns(Sequence[list[object]]):
    """Data rows of an export, stored by column (see the module's description).

    Parameters
    ----------
    codes : sequence of ndarray
        Per column, the code of each row's value in that column's ``distinct``; a row
        without a value there has the code of the last entry, ``None``.
    distinct : sequence of ndarray
        Per column, its distinct values, ending with ``None``.
    widths : ndarray of int
        How many values each row has.
    """

    def __init__(
        self, codes: Sequence[np.ndarray], distinct: Sequence[np.ndarray], widths: np.ndarray
    ) -> None:
        self.codes = list(codes)
        self.distinct = list(distinct)
        self.widths = np.asarray(widths, dtype=np.intp)

    @classmethod
    def from_rows(cls, rows: Sequence[Sequence[object]], *, texts: bool = False) -> ExportColumns:
        """Columns of ``rows`` (lists or tuples of values, of any lengths).

        ``texts``: every value is a ``str`` (a CSV file's records), so text alone tells
        values apart.
        """
        if isinstance(rows, ExportColumns):
            return rows
        widths = np.fromiter(map(len, rows), dtype=np.intp, count=len(rows))
        width = int(widths.max()) if len(rows) else 0
        absent = object()
        if len(rows) and (widths == width).all():
            flat = np.empty(len(rows) * width, dtype=object)
            flat[:] = list(itertools.chain.from_iterable(rows))
            columns: Sequence[np.ndarray] = list(flat.reshape(len(rows), width).T)
        else:
            columns = [_object_array(c) for c in itertools.zip_longest(*rows, fillvalue=absent)]
        codes, distinct = [], []
        for j, column in enumerate(columns):
            present = widths > j
            column = column[present] if not present.all() else column
            if texts:
                found, values = pd.factorize(column)
                values = np.asarray(values, dtype=object)
            else:
                found, values = distinct_codes(column)
            full = np.full(len(rows), len(values), dtype=np.intp)
            full[present] = found
            codes.append(full)
            distinct.append(np.append(values, None))
        return cls(codes, distinct, widths)

    @classmethod
    def concat(cls, parts: Sequence[ExportColumns]) -> ExportColumns:
        """The rows of ``parts``, one after the other (their distinct values merged).

        Examples
        --------
        >>> both = ExportColumns.concat([ExportColumns.from_rows([["a", 1]]),
        ...                              ExportColumns.from_rows([["b"], ["a", 1.0]])])
        >>> list(both), both.distinct[0].tolist(), both.codes[0].tolist()
        ([['a', 1], ['b'], ['a', 1.0]], ['a', 'b', None], [0, 1, 0])
        """
        if len(parts) == 1:
            return parts[0]
        width = max((p.width for p in parts), default=0)
        codes, distinct = [], []
        for j in range(width):
            own = [p.column(j) for p in parts]
            found, values = distinct_codes(np.concatenate([d[:-1] for _, d in own]))
            pieces, offset = [], 0
            for part_codes, part_distinct in own:  # each part's codes, its None slot last
                mapped = np.append(found[offset : offset + len(part_distinct) - 1], len(values))
                pieces.append(mapped[part_codes])
                offset += len(part_distinct) - 1
            codes.append(np.concatenate(pieces))
            distinct.append(np.append(values, None))
        return cls(codes, distinct, np.concatenate([p.widths for p in parts]))

    @property
    def width(self) -> int:
        """The number of columns (the widest row's length)."""
        return len(self.codes)

    def __len__(self) -> int:
        return len(self.widths)

    def __getitem__(self, i: int) -> list[object]:  # type: ignore[override]
        return [self.distinct[j][self.codes[j][i]] for j in range(int(self.widths[i]))]

    def __iter__(self) -> Iterator[list[object]]:
        return (self[i] for i in range(len(self)))

    def column(self, j: int) -> tuple[np.ndarray, np.ndarray]:
        """Codes and distinct values of column ``j`` (all ``None`` past the widest row)."""
        if j < self.width:
            return self.codes[j], self.distinct[j]
        return np.zeros(len(self), dtype=np.intp), np.array([None], dtype=object)

    def values_of(self, j: int, rows: np.ndarray | slice = slice(None)) -> np.ndarray:
        """The values of column ``j`` in ``rows`` (an object array)."""
        codes, distinct = self.column(j)
        return distinct[codes[rows]]

    def per_value(self, j: int, function: Callable[[object], object], dtype: object = object
                  ) -> np.ndarray:  # fmt: skip
        """``function`` of column ``j``'s value in every row, called once per distinct value."""
        codes, distinct = self.column(j)
        results = np.empty(len(distinct), dtype=dtype)
        results[:] = [function(v) for v in distinct]
        return results[codes]

    def take(self, rows: np.ndarray) -> ExportColumns:
        """The rows at ``rows`` (positions or a mask), in that order."""
        return ExportColumns([c[rows] for c in self.codes], self.distinct, self.widths[rows])

    def replace(self, j: int, distinct: np.ndarray) -> ExportColumns:
        """The same rows with column ``j``'s distinct values replaced (one for one)."""
        values = list(self.distinct)
        values[j] = distinct
        return ExportColumns(self.codes, values, self.widths)

    def padded(self, width: int) -> ExportColumns:
        """The first ``width`` columns (``None`` where a row is too short), as if each row
        were cut or padded to ``width`` values."""
        columns = [self.column(j) for j in range(width)]
        return ExportColumns([c for c, _ in columns], [d for _, d in columns],
                             np.full(len(self), width, dtype=np.intp))  # fmt: skip
