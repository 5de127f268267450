"""Find the plan's input tables among the cells of a version (snapshot, workbook, share copy).

A snapshot keeps every value at its cell but no Excel table, so a table is found
where the layout puts it: on its sheet (English or Chinese name), its header row at
its anchor with the table's headers (either language), its data rows below down to
the first blank row. Compare versions then matches those rows by the table's keys
(:data:`~xl_salesplan.layout.TABLE_KEYS`).

Examples
--------
>>> headers = ["Rep ID", "Name", "Chinese name", "Region", "Start date", "Leave date"]
>>> cells = {(5, c): h for c, h in enumerate(headers, start=1)}
>>> cells.update({(6, 1): "R01", (6, 2): "Zhang Wei"})
>>> found = locate_tables({"Reps": cells})["tblReps"]
>>> found.sheet, found.rows, found.row_numbers, found.keys
('Reps', [['R01', 'Zhang Wei', None, None, None, None]], [6], [0])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from xl_salesplan.layout import INPUT_TABLES, LANGUAGES, NUMBER_FORMATS, SHEETS, TABLE_KEYS
from xl_salesplan.ooxml.references import parse_cell

__all__ = ["LocatedTable", "locate_tables"]

Cells = Mapping[tuple[int, int], object]


@dataclass
class LocatedTable:
    """An input table found in a version's cells.

    Attributes
    ----------
    name, sheet : str
        The table (``tblActuals``) and the sheet it is on.
    first_row, first_column : int
        The header row and the first column (1-based).
    headers : list of str
        The table's column headers as the version has them.
    formats : list of str
        The number format of each column (from the layout).
    rows : list of lists
        The data rows, one value per column (None for blanks).
    row_numbers : list of int
        The sheet row of each data row.
    keys : list of int
        Positions of the key columns.
    """

    name: str
    sheet: str
    first_row: int
    first_column: int
    headers: list[str]
    formats: list[str]
    rows: list[list[object]]
    row_numbers: list[int]
    keys: list[int]

    def cells(self) -> set[tuple[int, int]]:
        """Every cell the table covers (header and data rows)."""
        width = len(self.headers)
        rows = [self.first_row, *self.row_numbers]
        return {(r, self.first_column + c) for r in rows for c in range(width)}


def locate_tables(sheets: Mapping[str, Cells]) -> dict[str, LocatedTable]:
    """The input tables of the layout found in ``sheets`` (sheet -> {(row, column): value}).

    A table is found only where its whole header row is, in one of the languages.

    Examples
    --------
    >>> locate_tables({"Reps": {(5, 1): "Something else"}})
    {}
    """
    found: dict[str, LocatedTable] = {}
    for name, spec in INPUT_TABLES.items():
        names = {SHEETS[spec.sheet].name(language) for language in LANGUAGES}
        sheet = next((s for s in sheets if s in names), None)
        if sheet is None:
            continue
        cells = sheets[sheet]
        row, column = parse_cell(spec.anchor)
        width = len(spec.columns)
        headers = [cells.get((row, column + c)) for c in range(width)]
        wanted = [{col.header(language) for language in LANGUAGES} for col in spec.columns]
        if not all(str(h).strip() in w for h, w in zip(headers, wanted, strict=True)):
            continue
        rows, numbers = [], []
        r = row + 1
        while True:
            values = [cells.get((r, column + c)) for c in range(width)]
            if all(v is None or v == "" for v in values):
                break
            rows.append(values)
            numbers.append(r)
            r += 1
        keys = [spec.column_index(key) for key in TABLE_KEYS.get(name, ())]
        found[name] = LocatedTable(
            name=name,
            sheet=sheet,
            first_row=row,
            first_column=column,
            headers=[str(h) for h in headers],
            formats=[NUMBER_FORMATS[col.kind] for col in spec.columns],
            rows=rows,
            row_numbers=numbers,
            keys=keys,
        )
    return found
