"""What a workbook package holds: its sheets, defined names, Excel tables and date system.

:class:`WorkbookStructure` reads ``workbook.xml``, the workbook relationships and
each worksheet's table parts (safely, without openpyxl), so that named ranges and
tables (ListObjects) can be found by name, case-insensitively as in Excel, with
errors that list what does exist.

Examples
--------
>>> import io, xlsxwriter
>>> buf = io.BytesIO()
>>> wb = xlsxwriter.Workbook(buf)
>>> ws = wb.add_worksheet("reps")
>>> _ = ws.add_table("B2:C4", {"name": "Reps", "columns": [{"header": "rep"}, {"header": "quota"}]})
>>> _ = wb.define_name("Total", "=reps!$C$5")
>>> wb.close()
>>> from xl_salesplan.ooxml.package import Package
>>> info = WorkbookStructure.from_package(Package.from_bytes(buf.getvalue()))
>>> [s.name for s in info.sheets], info.table("reps").ref, info.table("REPS").columns
(['reps'], 'B2:C4', ('rep', 'quota'))
>>> info.name_range("total")
('reps', 'C5')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xl_salesplan.messages import Text
from xl_salesplan.ooxml.package import Package
from xl_salesplan.ooxml.references import format_range, parse_range, split_sheet_reference
from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.ooxml.xml_spans import scan

__all__ = [
    "DefinedName",
    "SheetInfo",
    "TableInfo",
    "WorkbookStructure",
    "decode_xstring",
    "defined_name_range",
    "find_defined_name",
]

_X_CODE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def decode_xstring(text: str) -> str:
    """Decode Excel's ``_xHHHH_`` escapes (used in table column names and cell text).

    Examples
    --------
    >>> decode_xstring("a_x000a_b_x005F_x0041_")
    'a\\nb_x0041_'
    """
    return _X_CODE.sub(lambda m: chr(int(m.group(1), 16)), text)


@dataclass(frozen=True)
class SheetInfo:
    """One sheet of the workbook: its name, id, 0-based position and package part."""

    name: str
    sheet_id: int
    index: int
    part: str | None
    rel_id: str
    state: str = "visible"
    kind: str = "worksheet"


@dataclass(frozen=True)
class DefinedName:
    """A defined name: its text (``refersTo``) and scope (0-based sheet index or None)."""

    name: str
    text: str
    local_sheet: int | None
    hidden: bool = False


@dataclass(frozen=True)
class TableInfo:
    """An Excel table (ListObject): where it is and its column names."""

    name: str
    sheet: str
    part: str
    ref: str
    header_rows: int
    totals_rows: int
    columns: tuple[str, ...]

    @property
    def bounds(self) -> tuple[int, int, int, int]:
        """(first_row, first_column, last_row, last_column) of the whole table."""
        return parse_range(self.ref)

    @property
    def data_bounds(self) -> tuple[int, int, int, int]:
        """Bounds of the data rows (without header and totals rows)."""
        r1, c1, r2, c2 = self.bounds
        return r1 + self.header_rows, c1, r2 - self.totals_rows, c2


class WorkbookStructure:
    """Sheets, names, tables and the date system of a package (read once)."""

    def __init__(self, package: Package) -> None:
        self.package = package
        offices = package.related("", "officeDocument")
        if not offices:
            raise WorkbookError.of(
                "structure.no_workbook_part", code="not_a_workbook", part=package.source
            )
        self.workbook_part = offices[0]
        data = package.read(self.workbook_part)
        spans = scan(data, max_depth=2, text_of=("definedName",), part=self.workbook_part)
        rels = {r.id: r for r in package.relationships(self.workbook_part)}
        self.sheets: list[SheetInfo] = []
        self.names: list[DefinedName] = []
        self.date1904 = False
        for span in spans:
            if span.depth == 1 and span.local == "workbookPr":
                self.date1904 = span.attrs.get("date1904", "0").lower() in ("1", "true")
            elif span.depth == 2 and span.local == "sheet":
                rid = next((v for k, v in span.attrs.items() if k.endswith(":id")), "")
                rel = rels.get(rid)
                part = rel.part if rel is not None and rel.part and package.has(rel.part) else None
                kind = rel.type.rsplit("/", 1)[-1] if rel is not None else "missing"
                self.sheets.append(
                    SheetInfo(
                        span.attrs.get("name", ""),
                        int(span.attrs.get("sheetId", "0")),
                        len(self.sheets),
                        package.resolve(part) if part else None,
                        rid,
                        span.attrs.get("state", "visible"),
                        kind,
                    )
                )
            elif span.depth == 2 and span.local == "definedName":
                local = span.attrs.get("localSheetId")
                self.names.append(
                    DefinedName(
                        span.attrs.get("name", ""),
                        span.text,
                        int(local) if local is not None and local.isdigit() else None,
                        span.attrs.get("hidden", "0") in ("1", "true"),
                    )
                )
        self.tables: list[TableInfo] = []
        for sheet in self.sheets:
            if sheet.part is None or sheet.kind != "worksheet":
                continue
            for table_part in package.related(sheet.part, "table"):
                self.tables.append(_read_table(package, table_part, sheet.name))

    @classmethod
    def from_package(cls, package: Package) -> WorkbookStructure:
        """Read the structure of ``package``."""
        return cls(package)

    def sheet(self, name: str) -> SheetInfo:
        """The sheet called ``name`` (case-insensitive); WorkbookError listing sheets if none."""
        for info in self.sheets:
            if info.name.lower() == name.lower():
                return info
        listed = ", ".join(repr(s.name) for s in self.sheets)
        raise WorkbookError.of("file.unknown_sheet", name=name, listed=listed)

    def worksheet_part(self, name: str) -> str:
        """The package part of worksheet ``name``; WorkbookError if it is a chart sheet."""
        info = self.sheet(name)
        if info.part is None or info.kind != "worksheet":
            raise WorkbookError.of(
                "structure.not_a_worksheet", code="not_a_worksheet", sheet=info.name
            )
        return info.part

    def table(self, name: str) -> TableInfo:
        """The table called ``name`` (case-insensitive); WorkbookError listing tables if none."""
        for info in self.tables:
            if info.name.lower() == name.lower():
                return info
        listed = ", ".join(repr(t.name) for t in self.tables) or Text("file.none")
        raise WorkbookError.of("file.unknown_table", name=name, listed=listed)

    def defined_name(self, name: str) -> DefinedName:
        """Look up a defined name: ``"Name"`` (workbook scope, else the only sheet-scoped
        one) or ``"Sheet!Name"`` (sheet scope); case-insensitive."""
        return find_defined_name(self.names, [s.name for s in self.sheets], name)

    def name_range(self, name: str) -> tuple[str, str]:
        """(sheet, ``A1:B2``) of a defined name that refers to one rectangular range."""
        sheets = [s.name for s in self.sheets]
        return defined_name_range(find_defined_name(self.names, sheets, name), sheets)


def find_defined_name(names: list[DefinedName], sheets: list[str], name: str) -> DefinedName:
    """The entry of ``names`` that ``name`` (``"Name"`` or ``"Sheet!Name"``) designates.

    Workbook-scoped names win over sheet-scoped ones, as in Excel formulas; a
    plain name defined only on one sheet is found too.

    Examples
    --------
    >>> names = [DefinedName("Goal", "=a!$A$1", 0), DefinedName("Goal", "=b!$A$1", 1)]
    >>> find_defined_name(names, ["a", "b"], "b!goal").text
    '=b!$A$1'
    >>> find_defined_name(names, ["a", "b"], "Goal")
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: the name 'Goal' is defined on several
    sheets (a!Goal, b!Goal); write Sheet!Name
    """
    scope, plain = split_sheet_reference(name)
    matches = [n for n in names if n.name.lower() == plain.lower()]
    if scope is not None:
        folded = [s.lower() for s in sheets]
        if scope.lower() not in folded:
            raise WorkbookError.of("structure.no_sheet_scope", code="unknown_sheet", name=scope)
        index = folded.index(scope.lower())
        found = [n for n in matches if n.local_sheet == index]
    else:
        found = [n for n in matches if n.local_sheet is None] or matches
    if len(found) == 1:
        return found[0]
    if not found:
        visible = sorted(_label(n, sheets) for n in names if not n.hidden)
        raise WorkbookError.of("structure.unknown_name", code="unknown_name", name=name,
                               listed=", ".join(visible) or Text("file.none"))  # fmt: skip
    labels = ", ".join(_label(n, sheets) for n in found)
    raise WorkbookError.of("structure.ambiguous_name", name=name, labels=labels)


def defined_name_range(found: DefinedName, sheets: list[str]) -> tuple[str, str]:
    """(sheet, ``A1:B2``) of a defined name that refers to one rectangular range.

    Examples
    --------
    >>> defined_name_range(DefinedName("x", "='KPI tracker'!$B$2:$C$9", None), ["KPI tracker"])
    ('KPI tracker', 'B2:C9')
    >>> defined_name_range(DefinedName("x", "=SUM(a!A1:A3)", None), ["a"])
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: the name 'x' is not a range on a sheet
    (it is =SUM(a!A1:A3))
    """
    text = found.text.strip().lstrip("=")
    if _has_several_areas(text):
        raise WorkbookError.of("structure.several_areas", code="not_a_range", name=found.name,
                               text=text)  # fmt: skip
    folded = [s.lower() for s in sheets]
    try:
        sheet, ref = split_sheet_reference(text)
        if sheet is None and found.local_sheet is not None and found.local_sheet < len(sheets):
            sheet = sheets[found.local_sheet]
        if sheet is None or sheet.lower() not in folded:
            raise WorkbookError("no sheet", code="not_a_range")
        bounds = parse_range(ref)
    except WorkbookError:
        raise WorkbookError.of("structure.not_a_range", name=found.name, text=text) from None
    return sheets[folded.index(sheet.lower())], format_range(*bounds)


def _label(name: DefinedName, sheets: list[str]) -> str:
    if name.local_sheet is None or name.local_sheet >= len(sheets):
        return name.name
    return f"{sheets[name.local_sheet]}!{name.name}"


def _has_several_areas(text: str) -> bool:
    """True if a reference text has a comma outside quotes (a union of areas)."""
    quoted = False
    for ch in text:
        if ch == "'":
            quoted = not quoted
        elif ch == "," and not quoted:
            return True
    return False


def _read_table(package: Package, part: str, sheet: str) -> TableInfo:
    spans = scan(package.read(part), max_depth=2, part=part)
    root = spans[0]
    if root.local != "table":
        raise WorkbookError.of("structure.not_a_table_part", code="bad_table", part=part)
    columns = tuple(
        decode_xstring(s.attrs.get("name", ""))
        for s in spans
        if s.depth == 2 and s.local == "tableColumn"
    )
    name = root.attrs.get("displayName") or root.attrs.get("name", "")
    return TableInfo(
        name=name,
        sheet=sheet,
        part=part,
        ref=root.attrs.get("ref", "A1"),
        header_rows=int(root.attrs.get("headerRowCount", "1")),
        totals_rows=int(root.attrs.get("totalsRowCount", "0")),
        columns=columns,
    )
