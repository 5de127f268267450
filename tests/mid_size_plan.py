"""A mid-size plan workbook built in seconds: the template with a long sales history.

:func:`write_mid_size_plan` appends rows to ``tblHistory`` of the committed template by
splicing worksheet XML through the project's package layer (no other library saves
it), with a formula cell every ``formula_every`` rows next to the table, so that the
share copy and the snapshot have formulas to replace in a large part. Used by the
bounded-memory tests of the streaming commands (``tests/scaled_plan.py`` builds
realistic companies through ``FileBook``, which takes minutes at this size).
"""

from __future__ import annotations

import re
from pathlib import Path

from xl_salesplan.ooxml.package import Package

TEMPLATE = Path(__file__).resolve().parents[1] / "workbook_template.xlsm"


def write_mid_size_plan(path: Path, rows: int, *, formula_every: int = 5_000) -> Path:
    """The English template at ``path`` with ``rows`` more history rows (and formulas)."""
    package = Package.open(TEMPLATE)
    table_part = next(
        n
        for n in package.names()
        if n.startswith("xl/tables/") and b'name="tblHistory"' in package.read(n)
    )
    sheet_part = next(
        n
        for n in package.names()
        if n.startswith("xl/worksheets/sheet")
        and any(r.part == table_part for r in package.relationships(n))
    )
    table = package.read(table_part)
    first, last = map(int, re.search(rb'ref="A(\d+):F(\d+)"', table).groups())
    del first
    new_last = last + rows
    pieces = []
    for row in range(last + 1, new_last + 1):
        month = 45658 + (row % 24) * 30
        cells = (
            f'<c r="A{row}" s="19"><v>{month}</v></c>'
            f'<c r="B{row}" t="inlineStr"><is><t>Region {row % 40:02d}</t></is></c>'
            f'<c r="C{row}" t="inlineStr"><is><t>Line {row % 5:02d}</t></is></c>'
            f'<c r="D{row}" t="inlineStr"><is><t>R{row % 1000:05d}</t></is></c>'
            f'<c r="E{row}" s="7"><v>{(row * 7919) % 90_000 + 1_000}</v></c>'
            f'<c r="F{row}" s="7"><v>{row % 9 + 1}</v></c>'
        )
        if row % formula_every == 0:
            cells += f'<c r="G{row}"><f>E{row}*2</f><v>1</v></c>'
        pieces.append(f'<row r="{row}">{cells}</row>')
    sheet = package.read(sheet_part)
    sheet = sheet.replace(b"</sheetData>", "".join(pieces).encode() + b"</sheetData>", 1)
    sheet = re.sub(rb'<dimension ref="A1:([A-Z]+)\d+"/>', rb'<dimension ref="A1:\g<1>%d"/>'
                   % new_last, sheet, count=1)  # fmt: skip
    package.write(sheet_part, sheet)
    package.write(table_part, table.replace(f":F{last}".encode(), f":F{new_last}".encode()))
    path.write_bytes(package.to_bytes())
    return path
