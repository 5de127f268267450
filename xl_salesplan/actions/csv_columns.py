"""A CSV text read by column, fast, when that reads it exactly as the csv module would.

Most CRM exports are plain: no quotes, one record per line, the same number of
separators on every line. Such a text is read by pandas' C parser into columns (a
text met again is the same object) and each column is coded by its distinct texts: a
million rows in about a second and a hundred and fifty megabytes, where the csv module
makes a Python list per row. :func:`plain_csv_columns` reads a text only when the two
readings cannot differ:

- no quote character (nor escape character) of the dialect anywhere in the text, and
  no spaces skipped after a separator;
- every line that is not empty has the same number of separators (at least one), so
  each line is one record and a short or long row is left to the careful reading;
- lines ended by ``\n`` or ``\r\n``, not by ``\r`` alone (pandas reads what follows
  one differently);
- no line longer than the csv module's field limit (it refuses those), no byte-order
  mark at the start (pandas would drop it).

Otherwise it returns None, and the caller reads the text with the csv module. Lines are
ended by ``\\n``, ``\\r\\n`` or ``\\r``, as the csv module ends them; empty lines are
skipped but counted, so every record keeps its line number.

Examples
--------
>>> import csv
>>> found = plain_csv_columns("Month,Region\\r\\n\\r\\n2026-01,East\\n2026-01,West\\n", csv.excel)
>>> grid, lines = found
>>> [grid[i] for i in range(len(grid))], lines.tolist()
([['Month', 'Region'], ['2026-01', 'East'], ['2026-01', 'West']], [1, 3, 4])
>>> plain_csv_columns('Month,Region\\n2026-01,"East"\\n', csv.excel) is None
True
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from xl_salesplan.actions.export_columns import ExportColumns

__all__ = ["plain_csv_columns"]

_LF, _CR = 10, 13


def plain_csv_columns(
    text: str, dialect: type[csv.Dialect] | csv.Dialect, utf8: bytes | None = None
) -> tuple[ExportColumns, np.ndarray] | None:
    """Every record of a plain CSV ``text`` by column, and its line number; or None.

    ``utf8``, if given, is ``text`` encoded as UTF-8 (the file's own bytes, not copied).

    Returns
    -------
    tuple of (ExportColumns, ndarray) or None
        The records of the non-empty lines (header included) and their 1-based line
        numbers; None when the text is not plain (see the module's description).
    """
    delimiter = dialect.delimiter
    special = [c for c in (dialect.quotechar, dialect.escapechar) if c]
    if (dialect.skipinitialspace or len(delimiter) != 1 or not delimiter.isascii()
            or delimiter in "\r\n" or any(c in text for c in special)
            or text.startswith("\ufeff")):  # fmt: skip
        return None
    try:
        data = text.encode("utf-8") if utf8 is None else utf8
    except UnicodeEncodeError:
        return None
    lines = _line_layout(np.frombuffer(data, dtype=np.uint8), ord(delimiter))
    if lines is None:
        return None
    numbers, separators = lines
    if not len(numbers):
        return None
    try:
        frame = pd.read_csv(io.BytesIO(data), sep=delimiter, header=None, dtype=object,
                            na_filter=False, quoting=csv.QUOTE_NONE, skip_blank_lines=True,
                            index_col=False, encoding="utf-8", engine="c")  # fmt: skip
    except (ValueError, pd.errors.ParserError):
        return None
    if frame.shape != (len(numbers), separators + 1):
        return None
    codes, distinct = [], []
    for name in list(frame.columns):
        column = frame.pop(name).to_numpy(dtype=object)
        found, values = pd.factorize(column)
        if (found < 0).any() or pd.api.types.infer_dtype(values, skipna=False) != "string":
            return None
        codes.append(found.astype(np.intp, copy=False))
        distinct.append(np.append(values.astype(object), None))
    widths = np.full(len(numbers), separators + 1, dtype=np.intp)
    return ExportColumns(codes, distinct, widths), numbers


def _line_layout(data: np.ndarray, delimiter: int) -> tuple[np.ndarray, int] | None:
    """Line numbers of the non-empty lines and their common number of separators, or None."""
    ends = np.flatnonzero(data == _LF)
    returns = np.flatnonzero(data == _CR) + 1
    if len(returns) and (returns[-1] == len(data) or (data[returns] != _LF).any()):
        return None  # a line ended by \r alone: the two parsers differ after it
    starts = np.concatenate(([0], ends + 1))
    stops = np.concatenate((ends, [len(data)]))
    lengths = stops - starts
    crlf = np.flatnonzero(lengths > 0)
    crlf = crlf[stops[crlf] < len(data)]
    lengths[crlf] -= data[stops[crlf] - 1] == _CR
    if lengths.max(initial=0) > csv.field_size_limit():
        return None
    before = np.searchsorted(np.flatnonzero(data == delimiter), stops)
    counts = np.diff(before, prepend=0)
    filled = lengths > 0
    found = np.unique(counts[filled])
    if len(found) > 1 or (len(found) == 1 and found[0] < 1):
        return None
    return np.flatnonzero(filled) + 1, int(found[0]) if len(found) else 0
