"""Workbook-level edits that go with cell writes: calc chain, dynamic-array metadata, table size.

- ``calcChain.xml`` lists formula cells in calculation order. When a formula
  cell is overwritten by a value its entry must go (Excel reports a damaged file
  otherwise). :func:`remove_calc_chain_cells` removes exactly those entries and,
  if none is left, drops the part with its content type and relationship; Excel
  rebuilds the chain on the next calculation.
- Dynamic (spilled) array formulas carry ``cm="N"``, an index into the cell
  metadata of ``metadata.xml``. :func:`dynamic_array_metadata_index` finds the
  entry or, if the workbook has no metadata part, adds one.
- :func:`resize_table_part` moves the end of an Excel table (its ``ref`` and the
  ``ref`` of its autofilter and sort state).
- :func:`set_defined_name_range` points a workbook-level defined name at another
  range (an output block that grew or shrank, a list that follows its table).

Examples
--------
>>> chain = b'<calcChain xmlns="u"><c r="A1" i="1"/><c r="A2"/><c r="B1" i="2"/></calcChain>'
>>> _filter_calc_chain(chain, 1, {(1, 1)})
b'<calcChain xmlns="u"><c r="A2" i="1"/><c r="B1" i="2"/></calcChain>'
"""

from __future__ import annotations

import posixpath

from xl_salesplan.ooxml.package import Package
from xl_salesplan.ooxml.references import cell_name, format_range, parse_cell, parse_range
from xl_salesplan.ooxml.sheet_outline import SheetOutline, sheet_outline
from xl_salesplan.ooxml.structure import TableInfo, WorkbookStructure
from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.ooxml.xml_spans import apply_edits, escape_text, scan, set_attribute

__all__ = [
    "METADATA_CONTENT_TYPE",
    "dynamic_array_metadata_index",
    "refuse_writes_under_merges",
    "remove_calc_chain_cells",
    "resize_table_part",
    "set_defined_name_range",
]

METADATA_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"
)
_METADATA_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata"
_DYNAMIC_ARRAY_EXT = "{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"
_METADATA_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">'
    '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" '
    'copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" '
    'clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>'
    '<futureMetadata name="XLDAPR" count="1"><bk><extLst>'
    f'<ext uri="{_DYNAMIC_ARRAY_EXT}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/>'
    "</ext></extLst></bk></futureMetadata>"
    '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>'
).encode()


def remove_calc_chain_cells(
    package: Package, structure: WorkbookStructure, sheet_id: int, cells: set[tuple[int, int]]
) -> None:
    """Remove the calc-chain entries of ``cells`` (1-based) on the sheet with ``sheet_id``.

    Examples
    --------
    >>> pkg, info = _demo_package(calc_chain=b'<c r="A1" i="1"/><c r="A2"/>')
    >>> remove_calc_chain_cells(pkg, info, 1, {(1, 1)})
    >>> pkg.read("xl/calcChain.xml")
    b'<calcChain xmlns="u"><c r="A2" i="1"/></calcChain>'
    >>> remove_calc_chain_cells(pkg, info, 1, {(2, 1)})  # nothing left: the part goes
    >>> pkg.has("xl/calcChain.xml"), pkg.content_type("xl/calcChain.xml")
    (False, 'application/xml')
    """
    if not cells:
        return
    parts = package.related(structure.workbook_part, "calcChain")
    if not parts:
        return
    part = parts[0]
    new = _filter_calc_chain(package.read(part), sheet_id, cells, part=part)
    if new is not None:
        package.write(part, new)
        return
    package.remove(part)
    package.remove_content_type(part)
    rel_ids = {
        r.id for r in package.relationships(structure.workbook_part) if r.is_kind("calcChain")
    }
    package.remove_relationships(structure.workbook_part, rel_ids)


def _filter_calc_chain(
    data: bytes, sheet_id: int, cells: set[tuple[int, int]], *, part: str | None = None
) -> bytes | None:
    """The calc chain without the entries of ``cells``; None if no entry is left."""
    spans = scan(data, max_depth=1, part=part)
    edits = []
    current = 0
    previous_kept: int | None = None
    kept = 0
    for span in spans[1:]:
        if span.local != "c":
            continue
        explicit = span.attrs.get("i")
        if explicit is not None:
            current = int(explicit)
        try:
            position = parse_cell(span.attrs.get("r", ""))
        except WorkbookError:
            position = (0, 0)
        if current == sheet_id and position in cells:
            edits.append((span.start, span.end, b""))
            continue
        # An entry without ``i`` inherits the sheet of the entry before it: keep that true.
        follows_removed = previous_kept is None and bool(edits)
        if explicit is None and (follows_removed or previous_kept not in (None, current)):
            edits.append(set_attribute(data, span, "i", str(current)))
        previous_kept = current
        kept += 1
    if kept == 0:
        return None
    return apply_edits(data, edits) if edits else data


def dynamic_array_metadata_index(package: Package, structure: WorkbookStructure) -> int:
    """The ``cm`` index that marks a dynamic array formula, adding ``metadata.xml`` if needed.

    Raises
    ------
    WorkbookError
        If the workbook has a metadata part without a dynamic-array entry (the
        caller can write a legacy array formula instead).

    Examples
    --------
    >>> pkg, info = _demo_package()
    >>> dynamic_array_metadata_index(pkg, info), dynamic_array_metadata_index(pkg, info)
    (1, 1)
    >>> pkg.content_type("xl/metadata.xml") == METADATA_CONTENT_TYPE
    True
    """
    parts = package.related(structure.workbook_part, "sheetMetadata")
    if not parts:
        folder = posixpath.dirname(structure.workbook_part)
        part = posixpath.join(folder, "metadata.xml")
        if package.has(part):
            raise WorkbookError(
                "has an unreferenced metadata.xml part", code="bad_metadata", part=part
            )
        package.write(part, _METADATA_XML)
        package.set_content_type(part, METADATA_CONTENT_TYPE)
        package.add_relationship(structure.workbook_part, _METADATA_REL, "metadata.xml")
        return 1
    part = parts[0]
    spans = scan(package.read(part), max_depth=5, part=part)
    types = [s for s in spans if s.depth == 2 and s.local == "metadataType"]
    type_index = next((i + 1 for i, s in enumerate(types) if s.attrs.get("name") == "XLDAPR"), None)
    future = next(
        (
            s
            for s in spans
            if s.depth == 1 and s.local == "futureMetadata" and s.attrs.get("name") == "XLDAPR"
        ),
        None,
    )
    dynamic_v = None
    if future is not None:
        blocks = [s for s in spans if s.depth == 2 and spans[s.parent] is future]
        for v, block in enumerate(blocks):
            props = [
                s
                for s in spans
                if s.local == "dynamicArrayProperties" and block.start < s.start < block.end
            ]
            if (
                props
                and props[0].attrs.get("fDynamic") in ("1", "true")
                and props[0].attrs.get("fCollapsed", "0") in ("0", "false")
            ):
                dynamic_v = v
                break
    cell_meta = next((s for s in spans if s.depth == 1 and s.local == "cellMetadata"), None)
    if type_index is not None and dynamic_v is not None and cell_meta is not None:
        blocks = [s for s in spans if s.depth == 2 and spans[s.parent] is cell_meta]
        for cm, block in enumerate(blocks, start=1):
            records = [s for s in spans if s.local == "rc" and block.start < s.start < block.end]
            if (
                len(records) == 1
                and records[0].attrs.get("t") == str(type_index)
                and records[0].attrs.get("v") == str(dynamic_v)
            ):
                return cm
    raise WorkbookError(
        "the workbook's cell metadata has no dynamic-array entry; write a legacy array formula "
        "(spill=False) instead",
        code="bad_metadata",
        part=part,
    )


def resize_table_part(package: Package, table: TableInfo, last_row: int) -> None:
    """Move the last row of ``table`` to ``last_row`` (header and columns unchanged).

    Examples
    --------
    >>> pkg, info = _demo_package(table=True)
    >>> resize_table_part(pkg, info.table("T"), 9)
    >>> pkg.read("xl/tables/table1.xml").count(b'ref="A1:B9"')  # the table and its autofilter
    2
    """
    r1, c1, _, c2 = table.bounds
    data = package.read(table.part)
    spans = scan(data, max_depth=2, part=table.part)
    root = spans[0]
    edits = [set_attribute(data, root, "ref", format_range(r1, c1, last_row, c2))]
    data_first = r1 + table.header_rows
    for span in spans[1:]:
        if span.local == "autoFilter" and span.depth == 1:
            new = format_range(r1, c1, last_row - table.totals_rows, c2)
            edits.append(set_attribute(data, span, "ref", new))
        elif span.local == "sortState" and "ref" in span.attrs:
            new = format_range(data_first, c1, max(last_row - table.totals_rows, data_first), c2)
            edits.append(set_attribute(data, span, "ref", new))
    package.write(table.part, apply_edits(data, edits))


def set_defined_name_range(package: Package, structure: WorkbookStructure, name: str,
                           sheet: str, ref: str) -> None:  # fmt: skip
    """Point the defined name ``name`` (workbook scope) at ``sheet!ref`` (absolute).

    Only the text of that one ``definedName`` element of the workbook part changes.

    Examples
    --------
    >>> pkg, info = _demo_package(name=("Block", "s!$A$1:$B$3"))
    >>> set_defined_name_range(pkg, info, "block", "s", "A1:B40")
    >>> WorkbookStructure(pkg).name_range("Block")
    ('s', 'A1:B40')
    """
    r1, c1, r2, c2 = parse_range(ref)
    first, last = format_range(r1, c1, r1, c1), format_range(r2, c2, r2, c2)
    text = "'" + sheet.replace("'", "''") + "'!" + _absolute(first) + ":" + _absolute(last)
    part = structure.workbook_part
    data = package.read(part)
    for span in scan(data, max_depth=2, text_of=(), part=part):
        if (
            span.depth == 2
            and span.local == "definedName"
            and span.attrs.get("name", "").lower() == name.lower()
            and "localSheetId" not in span.attrs
        ):
            edit = (span.content_start, span.close_start, escape_text(text).encode())
            package.write(part, apply_edits(data, [edit]))
            return
    raise WorkbookError(f"has no defined name {name!r}", code="unknown_name", part=part)


def _absolute(cell: str) -> str:
    letters = cell.rstrip("0123456789")
    return f"${letters}${cell[len(letters) :]}"


def _demo_package(
    *, calc_chain: bytes = b"", table: bool = False, name: tuple[str, str] | None = None
) -> tuple[Package, WorkbookStructure]:
    """A small workbook package for the doctests."""
    import io

    import xlsxwriter

    buf = io.BytesIO()
    with xlsxwriter.Workbook(buf) as wb:
        ws = wb.add_worksheet("s")
        if table:
            ws.add_table("A1:B3", {"name": "T"})
        if name is not None:
            wb.define_name(name[0], "=" + name[1])
    package = Package.from_bytes(buf.getvalue())
    if calc_chain:
        package.write("xl/calcChain.xml", b'<calcChain xmlns="u">' + calc_chain + b"</calcChain>")
        package.set_content_type(
            "xl/calcChain.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml",
        )
        package.add_relationship(
            "xl/workbook.xml",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain",
            "calcChain.xml",
        )
    return package, WorkbookStructure(package)


def _under_merges(
    writes: dict[tuple[int, int], object], merges: list[tuple[int, int, int, int]]
) -> list[tuple[tuple[int, int], object]]:
    """The writes inside any merged range, in (row, column) order.

    Looked up cell by cell in the ranges when they hold fewer cells than there are
    writes (a table of 900,000 cells beside a merged title), else taken from the writes.
    """
    area = sum((r2 - r1 + 1) * (c2 - c1 + 1) for r1, c1, r2, c2 in merges)
    if area >= len(writes):
        return sorted(writes.items())
    cells = {(row, col) for r1, c1, r2, c2 in merges
             for row in range(r1, r2 + 1) for col in range(c1, c2 + 1)}  # fmt: skip
    return [(cell, writes[cell]) for cell in sorted(cells) if cell in writes]


def refuse_writes_under_merges(
    data: bytes,
    writes: dict[tuple[int, int], object],
    *,
    sheet: str,
    outline: SheetOutline | None = None,
) -> None:
    """Refuse values written into cells hidden under a merged range of worksheet ``data``.

    Only the top-left cell of a merged range shows; a value written into another of
    its cells would be invisible in Excel, so the write is refused naming the merge.
    Blanks are allowed (the hidden cells are blank already). The merged ranges are
    read from the part's :func:`~xl_salesplan.ooxml.sheet_outline.sheet_outline`
    (``outline``, when the caller has it), which does not parse the cells.

    Examples
    --------
    >>> sheet = b'<worksheet><mergeCells><mergeCell ref="B2:D2"/></mergeCells></worksheet>'
    >>> refuse_writes_under_merges(sheet, {(2, 2): 5.0, (2, 3): None}, sheet="Targets")
    >>> refuse_writes_under_merges(sheet, {(2, 3): 5.0}, sheet="Targets")
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: Targets!C2: is hidden under the merged
    cells B2:D2, so a value written there would not show; unmerge B2:D2 first
    """
    if b"mergeCell" not in data:
        return
    merges = (outline or sheet_outline(data, part=sheet)).merges()
    if not merges:
        return
    for (row, col), value in _under_merges(writes, merges):
        if value is None or value == "":
            continue
        for r1, c1, r2, c2 in merges:
            if r1 <= row <= r2 and c1 <= col <= c2 and (row, col) != (r1, c1):
                merged = format_range(r1, c1, r2, c2)
                raise WorkbookError.of(
                    "file.merged_cell", sheet=sheet, cell=cell_name(row, col), merged=merged
                )
