"""A values-only copy of some sheets of a workbook file, streamed part by part.

:func:`write_values_copy` writes a new ``.xlsx`` holding the given sheets of a plan
workbook, each cut to an area from ``A1``: the cells' values (a formula's cached
value; error values left blank) with the cells' own styles (the plan's number
formats and look), column widths and frozen panes; no formulas, names, tables,
validation, drawings or VBA. Each worksheet is copied as a stream
(:func:`~xl_salesplan.ooxml.sheet_stream.rewrite_cells`): only formula and error cells
and cells right of the area become Python objects, so a sheet of a million rows costs
a few megabytes. The styles, theme and shared strings are copied as they are.

A version snapshot is such a copy (:mod:`xl_salesplan.actions.versions`).

Examples
--------
>>> import io, pathlib, tempfile, xlsxwriter
>>> from xl_salesplan.ooxml.package import Package
>>> buf = io.BytesIO()
>>> with xlsxwriter.Workbook(buf) as wb:
...     ws = wb.add_worksheet("Plan")
...     _ = ws.write_row("A1", ["Region", "Target"]), ws.write_formula("B2", "=40+2", None, 42)
...     _ = ws.write("D9", "notes, outside the area")
>>> target = pathlib.Path(tempfile.mkdtemp()) / "copy.xlsx"
>>> write_values_copy(Package.from_bytes(buf.getvalue()), target, {"Plan": "A1:B2"})
3
>>> import openpyxl
>>> [[c.value for c in row] for row in openpyxl.load_workbook(target)["Plan"].iter_rows()]
[['Region', 'Target'], [None, 42]]
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable, Iterator

from xl_salesplan.ooxml.atomic import atomic_write_stream
from xl_salesplan.ooxml.package import Package
from xl_salesplan.ooxml.references import column_index, column_letters, parse_range
from xl_salesplan.ooxml.sheet_stream import FORMULA, Marks, rewrite_cells
from xl_salesplan.ooxml.structure import WorkbookStructure
from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.ooxml.xml_spans import escape_attribute, escape_text, scan
from xl_salesplan.ooxml.zip_io import ZipEntry, write_zip_to
from xl_salesplan.progress import Reporter, silent, tracked
from xl_salesplan.workbook.share_values import value_cell

__all__ = ["NotPlain", "write_values_copy"]

_ERROR = Marks(re.compile(rb"""<c\s[^>]*?\st\s*=\s*["']e["']"""), (b'"e"', b"'e'"))
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XML = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


class NotPlain(WorkbookError):
    """A sheet's XML is not plain (comments, prefixes ...): copy it another way."""


def _columns_after(last: int) -> Marks:
    """Cells whose column is right of column number ``last`` (``r="AF12"`` for AE)."""
    label = column_letters(last)
    longer = f"[A-Z]{{{len(label) + 1},3}}" if len(label) < 3 else None
    later = [
        label[:i] + f"[{chr(ord(ch) + 1)}-Z]" + "[A-Z]" * (len(label) - i - 1)
        for i, ch in enumerate(label)
        if ch != "Z"
    ]
    choices = "|".join([*later, *([longer] if longer else [])]) or "(?!)"
    return Marks(re.compile(rf'r="(?:{choices})\d'.encode()), (b'r="',))


def _cell_rewrite(last_column: int, sheet: str) -> Callable[[bytes], bytes]:
    """A formula cell becomes its value; an error cell or one right of the area goes."""

    def rewrite(cell: bytes) -> bytes:
        span = scan(cell, max_depth=0, text_of=(), part=sheet)[0]
        ref = span.attrs.get("r", "")
        letters = ref.rstrip("0123456789")
        if letters and column_index(letters) > last_column:
            return b""
        if span.attrs.get("t") == "e":
            return b""
        return value_cell(cell, sheet)

    return rewrite


def write_values_copy(
    package: Package,
    target: str | os.PathLike[str],
    areas: dict[str, str],
    *,
    title: str = "",
    comments: str = "",
    progress: Reporter = silent,
) -> int:
    """Write the sheets of ``areas`` (sheet -> range from A1, in that order) of ``package``
    as a values-only ``.xlsx`` to ``target`` (atomically); return the values written.

    Raises
    ------
    NotPlain
        If a sheet's XML is not plain (nothing is written).
    """
    structure = WorkbookStructure(package)
    parts = {s.name: s.part for s in structure.sheets if s.part and s.kind == "worksheet"}
    entries: list[ZipEntry] = []
    counted = [0]
    sheets = [name for name in areas if name in parts]
    for number, name in enumerate(sheets, start=1):
        part = parts[name]
        size = package.size(part)
        said = {"part": name, "megabytes": size / 1e6}
        _, _, last_row, last_column = parse_range(areas[name])
        marks = (FORMULA, _ERROR, _columns_after(last_column))
        rewrite = _cell_rewrite(last_column, name)

        def produce(
            part: str = part,
            marks: tuple[Marks, ...] = marks,
            rewrite: Callable[[bytes], bytes] = rewrite,
            last_row: int = last_row,
            said: dict[str, object] = said,
            size: int = size,
        ) -> Iterator[bytes]:
            rows = rewrite_cells(
                package.chunks(part),
                marks=marks,
                rewrite=rewrite,
                last_row=last_row,
                tail=b"</sheetData></worksheet>",
                check=True,  # one pass: a part found not plain stops the (atomic) write
                part=part,
            )
            for piece in tracked(rows, size, progress, "cli.progress.writing_part", **said):
                counted[0] += piece.count(b"</v>") + piece.count(b"</is>")
                yield piece

        entries.append(_entry(f"xl/worksheets/sheet{number}.xml", producer=produce))
    copied = _copied_parts(package, structure)
    entries[:0] = _frame(sheets, copied, structure.date1904, title, comments)
    entries += [_entry(name, data=package.read(source)) for name, source in copied.items()]
    folder = os.path.dirname(os.fspath(target)) or "."
    os.makedirs(folder, exist_ok=True)
    try:
        atomic_write_stream(target, lambda fh: write_zip_to(fh, entries))
    except WorkbookError as error:
        if error.code == "not_plain":
            raise NotPlain.of("sheet.not_plain", code="not_plain", part=error.part) from None
        raise
    return counted[0]


def _copied_parts(package: Package, structure: WorkbookStructure) -> dict[str, str]:
    """New name -> source part of the styles, theme and shared strings."""
    copied = {}
    for kind, name in (
        ("styles", "xl/styles.xml"),
        ("theme", "xl/theme/theme1.xml"),
        ("sharedStrings", "xl/sharedStrings.xml"),
    ):
        found = package.related(structure.workbook_part, kind)
        if found:
            copied[name] = found[0]
    return copied


def _entry(
    name: str, *, data: bytes | None = None, producer: Callable[[], Iterator[bytes]] | None = None
) -> ZipEntry:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0
    return ZipEntry(info, None, data, producer=producer)


def _frame(
    sheets: list[str], copied: dict[str, str], date1904: bool, title: str, comments: str
) -> list[ZipEntry]:
    """Content types, relationships, workbook and document properties of the copy."""
    overrides = [
        ("/xl/workbook.xml", f"{_CT}.sheet.main+xml"),
        *((f"/xl/worksheets/sheet{i}.xml", f"{_CT}.worksheet+xml")
          for i in range(1, len(sheets) + 1)),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
    ]  # fmt: skip
    kinds = {
        "xl/styles.xml": ("styles", f"{_CT}.styles+xml"),
        "xl/theme/theme1.xml": ("theme", "application/vnd.openxmlformats-officedocument.theme+xml"),
        "xl/sharedStrings.xml": ("sharedStrings", f"{_CT}.sharedStrings+xml"),
    }
    overrides += [("/" + name, kinds[name][1]) for name in copied]
    types = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
    content_types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f"{types}</Types>"
    )
    root_rels = (
        f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" Type="{_REL}/officeDocument"'
        ' Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.'
        'org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        "</Relationships>"
    )
    sheet_list = "".join(
        f'<sheet name="{escape_attribute(name)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(sheets, start=1)
    )
    dates = '<workbookPr date1904="1"/>' if date1904 else ""
    workbook = (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">{dates}<sheets>{sheet_list}</sheets>'
        "</workbook>"
    )
    links = [(f"worksheets/sheet{i}.xml", "worksheet") for i in range(1, len(sheets) + 1)]
    links += [(name[3:], kinds[name][0]) for name in copied]
    workbook_rels = f'<Relationships xmlns="{_PKG_REL}">' + "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/{kind}" Target="{target}"/>'
        for i, (target, kind) in enumerate(links, start=1)
    ) + "</Relationships>"  # fmt: skip
    core = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://'
        'purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape_text(title)}</dc:title>"
        f"<dc:description>{escape_text(comments)}</dc:description>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>'
        "</cp:coreProperties>"
    )
    made = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": root_rels,
        "docProps/core.xml": core,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": workbook_rels,
    }
    return [_entry(name, data=_XML + text.encode("utf-8")) for name, text in made.items()]
