"""A range a function cannot read: :class:`CellError`, and how its message names a cell.

The function wrapper (:mod:`xl_salesplan_udfs.registration`) adds the function's name and
the argument's position, and shows the problem in the workbook's language.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from xl_salesplan.messages import Text

__all__ = ["CellError", "describe", "where"]


class CellError(ValueError):
    """An argument that cannot be read, explained for the planner.

    ``argument`` is the Excel argument's name; the function wrapper adds the function
    name and the argument's position (see :mod:`xl_salesplan_udfs.registration`).

    Examples
    --------
    >>> str(CellError("unit", "must be one cell, got 3 cells"))
    'unit: must be one cell, got 3 cells'
    """

    def __init__(self, argument: str, problem: str | Text) -> None:
        super().__init__(f"{argument}: {problem}")
        self.argument = argument
        self.problem = str(problem)  # in English
        self.text = problem  # rendered in the workbook's language by the function wrapper

    @classmethod
    def of(cls, argument: str, key: str, /, **params: object) -> CellError:
        """The error whose problem is the catalogue's ``key`` (rendered in the cell's language).

        Examples
        --------
        >>> str(CellError.of("unit", "function.cells.must_be_one_cell_got", grid_size=3))
        'unit: must be one cell, got 3 cells'
        """
        return cls(argument, Text(key, params))


def describe(item: object) -> str | Text:
    """A cell's value as a message quotes it (TRUE/FALSE, a date, text in quotes)."""
    if isinstance(item, bool | np.bool_):
        return "TRUE" if item else "FALSE"
    if isinstance(item, dt.datetime | dt.date | pd.Timestamp | np.datetime64):
        return Text("function.a_date", {"date": pd.Timestamp(item).date().isoformat()})
    text = str(item)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def where(index: int, shape: tuple[int, int]) -> str | Text:
    """Position of cell ``index`` (row-major) for a message, counting from 1."""
    rows, cols = shape
    if rows * cols <= 1:
        return ""
    r, c = divmod(index, cols)
    if rows == 1:
        return Text("function.at_position", {"position": c + 1})
    if cols == 1:
        return Text("function.at_position", {"position": r + 1})
    return Text("function.at_cell", {"row": r + 1, "column": c + 1})
