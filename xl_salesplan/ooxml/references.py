"""A1 references: cells, ranges and sheet-qualified references as Excel writes them.

Rows and columns are 1-based here, as in Excel (``A1`` is row 1, column 1).

Examples
--------
>>> parse_range("$B$2:D10")
(2, 2, 10, 4)
>>> format_range(2, 2, 10, 4)
'B2:D10'
>>> split_sheet_reference("'KPI tracker'!$A$1:$C$3")
('KPI tracker', '$A$1:$C$3')
"""

from __future__ import annotations

import re

from xl_salesplan.ooxml.workbook_errors import WorkbookError

__all__ = [
    "MAX_COLUMN",
    "MAX_ROW",
    "cell_name",
    "column_index",
    "column_letters",
    "first_cell",
    "format_range",
    "parse_cell",
    "parse_range",
    "quote_sheet",
    "split_sheet_reference",
]

MAX_ROW = 1_048_576
MAX_COLUMN = 16_384
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})$")
_PLAIN_SHEET = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def column_letters(column: int) -> str:
    """Letters of a 1-based column number.

    Examples
    --------
    >>> column_letters(1), column_letters(26), column_letters(27), column_letters(16384)
    ('A', 'Z', 'AA', 'XFD')
    """
    letters = ""
    while column:
        column, rem = divmod(column - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """1-based column number of column letters (case-insensitive).

    Examples
    --------
    >>> column_index("A"), column_index("az"), column_index("XFD")
    (1, 52, 16384)
    """
    number = 0
    for ch in letters.upper():
        number = number * 26 + (ord(ch) - 64)
    return number


def cell_name(row: int, column: int) -> str:
    """A1 name of a 1-based (row, column).

    Examples
    --------
    >>> cell_name(3, 28)
    'AB3'
    """
    return f"{column_letters(column)}{row}"


def parse_cell(reference: str) -> tuple[int, int]:
    """(row, column) of an A1 cell reference, ``$`` signs allowed.

    Raises
    ------
    WorkbookError
        If it is not a cell reference inside Excel's grid.

    Examples
    --------
    >>> parse_cell("$C$7")
    (7, 3)
    >>> parse_cell("C0")
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: 'C0' is not a cell reference like B3
    """
    match = _CELL.match(reference.strip())
    if match is not None:
        row, column = int(match.group(2)), column_index(match.group(1))
        if row <= MAX_ROW and column <= MAX_COLUMN:
            return row, column
    raise WorkbookError.of("reference.not_a_cell", code="bad_reference", reference=reference)


def parse_range(reference: str) -> tuple[int, int, int, int]:
    """(first_row, first_column, last_row, last_column) of ``A1`` or ``A1:C3``.

    The corners may be given in any order; the result is normalised.

    Examples
    --------
    >>> parse_range("C3:A1"), parse_range("B2")
    ((1, 1, 3, 3), (2, 2, 2, 2))
    >>> parse_range("A:C")
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: 'A' is not a cell reference like B3
    """
    first, _, last = reference.partition(":")
    r1, c1 = parse_cell(first)
    r2, c2 = parse_cell(last) if last else (r1, c1)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def first_cell(reference: str) -> str:
    """The top-left cell of ``A1`` or ``A1:C3`` (``$`` signs allowed), as ``A1``.

    Examples
    --------
    >>> first_cell("$B$21"), first_cell("$H$6:$K$41")
    ('B21', 'H6')
    """
    first_row, first_column, _, _ = parse_range(reference)
    return cell_name(first_row, first_column)


def format_range(first_row: int, first_column: int, last_row: int, last_column: int) -> str:
    """A1 text of a range; a single cell is written without a colon.

    Examples
    --------
    >>> format_range(1, 1, 1, 1), format_range(1, 1, 3, 2)
    ('A1', 'A1:B3')
    """
    first = cell_name(first_row, first_column)
    if (first_row, first_column) == (last_row, last_column):
        return first
    return f"{first}:{cell_name(last_row, last_column)}"


def quote_sheet(sheet: str) -> str:
    """A sheet name as it appears in a reference, quoted unless it is a plain identifier.

    Quotes are always allowed, so anything beyond letters, digits and ``_`` (or a
    name that reads as a cell reference) is quoted.

    Examples
    --------
    >>> quote_sheet("targets"), quote_sheet("KPI tracker"), quote_sheet("2024"), quote_sheet("Q1")
    ('targets', "'KPI tracker'", "'2024'", "'Q1'")
    >>> quote_sheet("it's")
    "'it''s'"
    """
    if _PLAIN_SHEET.match(sheet) and not _CELL.match(sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def split_sheet_reference(reference: str) -> tuple[str | None, str]:
    """Split ``Sheet!A1:B2`` (quotes allowed, leading ``=`` ignored) into (sheet, range).

    Examples
    --------
    >>> split_sheet_reference("=Sheet1!$A$1")
    ('Sheet1', '$A$1')
    >>> split_sheet_reference("'it''s'!B2"), split_sheet_reference("B2")
    (("it's", 'B2'), (None, 'B2'))
    """
    text = reference.strip()
    if text.startswith("="):
        text = text[1:].strip()
    if text.startswith("'"):
        end = 1
        while True:
            end = text.find("'", end)
            if end < 0:
                raise WorkbookError.of(
                    "reference.unclosed_quote", code="bad_reference", reference=reference
                )
            if text[end + 1 : end + 2] == "'":
                end += 2
                continue
            break
        if text[end + 1 : end + 2] != "!":
            raise WorkbookError.of(
                "reference.not_a_sheet", code="bad_reference", reference=reference
            )
        return text[1:end].replace("''", "'"), text[end + 2 :]
    sheet, bang, rest = text.rpartition("!")
    if not bang:
        return None, text
    return sheet, rest
