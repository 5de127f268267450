"""The result cap: no Excel function returns more than :data:`MAX_RESULT_CELLS` cells.

The spill helpers (:mod:`xl_salesplan_udfs.spills`) check a result's size before they
build its rows, and the function wrapper (:mod:`xl_salesplan_udfs.registration`) checks
every result, so a function that builds its rows by hand is held to the same cap.
"""

from __future__ import annotations

from xl_salesplan.messages import message

__all__ = ["MAX_RESULT_CELLS", "ResultTooLarge", "check_result_size"]

#: Largest number of cells one function may return (spill).
MAX_RESULT_CELLS = 1_000_000


class ResultTooLarge(ValueError):
    """A result with more cells than a formula may return (:data:`MAX_RESULT_CELLS`).

    Examples
    --------
    >>> str(ResultTooLarge(2_000_000, 10))  # doctest: +ELLIPSIS
    'the result would have 20,000,000 cells (2,000,000 rows x 10 columns); a formula ...'
    """

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__(self.text("en", rows, columns))
        self.rows, self.columns = rows, columns

    @staticmethod
    def text(language: str, rows: int, columns: int) -> str:
        """The message in ``language``."""
        return message("function.result_too_large", language, cells=rows * columns, rows=rows,
                       columns=columns, limit=MAX_RESULT_CELLS)  # fmt: skip


def check_result_size(rows: int, columns: int) -> None:
    """Raise :class:`ResultTooLarge` for a result of more than :data:`MAX_RESULT_CELLS` cells.

    Examples
    --------
    >>> check_result_size(1_000, 1_000)
    >>> check_result_size(1_000_001, 1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan_udfs.result_size.ResultTooLarge: the result would have 1,000,001 cells ...
    """
    if rows * columns > MAX_RESULT_CELLS:
        raise ResultTooLarge(rows, columns)
