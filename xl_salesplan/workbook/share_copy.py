"""The share copy: a values-only ``.xlsx`` for colleagues who have no Python.

:func:`make_share_copy` reads a plan workbook (``.xlsm`` or ``.xlsx``) and writes a
new file (atomically) that:

- has no VBA project (``vbaProject.bin`` and what only it references, such as a
  signature), no ribbon (``customUI`` parts and their images);
- has no ``xlwings.conf`` sheet (nor ``_xlwings.conf``), no defined names that are
  scoped to it or refer to it, and no trace of its text: the shared strings only it
  used are blanked and ``docProps/app.xml`` no longer lists it; the absolute path
  Excel records of the folder the workbook was saved in (``x15ac:absPath``) is
  removed too. As a last check, no XML part may contain a path-like value of the
  configuration sheet (an interpreter path): the copy is refused rather than leak;
- has no formulas: every formula cell keeps its cached value (text results
  become inline strings), and ``calcChain.xml`` is dropped; a formula that tells
  where the file is (``CELL("filename")``, ``INFO``) or whose cached text is a path
  becomes a blank cell;
- has no hidden or very hidden sheets unless ``keep_hidden`` is asked for;
- has none of what :mod:`~xl_salesplan.workbook.share_privacy` strips: external
  links, defined names holding paths, unlisted and unreachable parts, printer
  settings, custom properties, the author fields of the document properties, the
  company and manager, comment authors;
- is marked as a share copy (:data:`SHARE_COPY_STATUS` in the core properties), so
  the commands refuse it as a plan workbook; with a :class:`ShareCover`, its
  instructions sheet becomes a note for a reader;
- keeps everything else byte for byte: styles and formatting, conditional
  formatting, data validation, tables, charts, drawings, images, comment texts;
- is typed as a plain workbook (content type ``...sheet.main+xml``).

Defined names other than those of the removed sheets or holding paths are kept
(charts, print areas and tables use them).

Examples
--------
>>> import io, xlsxwriter
>>> buf = io.BytesIO()
>>> wb = xlsxwriter.Workbook(buf)
>>> ws = wb.add_worksheet("plan")
>>> ws.write_formula("A1", "=1+1", None, 2)
0
>>> conf = wb.add_worksheet("xlwings.conf")
>>> conf.write_row("A1", ["Interpreter_Win", r"C:\\Python\\python.exe"])
0
>>> wb.close()
>>> pkg = Package.from_bytes(buf.getvalue())
>>> report = share_package(pkg)
>>> report.removed_sheets, report.formulas_replaced
(['xlwings.conf'], 1)
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from xl_salesplan.ooxml.package import Package, rels_part_for
from xl_salesplan.ooxml.references import quote_sheet
from xl_salesplan.ooxml.structure import WorkbookStructure
from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.ooxml.xml_spans import (
    Span,
    apply_edits,
    scan,
    set_attribute,
)
from xl_salesplan.progress import Reporter, silent
from xl_salesplan.workbook.share_cover import ShareCover, cover_sheet_xml
from xl_salesplan.workbook.share_privacy import LeakWatch, leaks_a_path, strip_private_parts
from xl_salesplan.workbook.share_values import values_only

__all__ = ["CONF_SHEET_NAMES", "ShareReport", "make_share_copy", "share_package"]

CONF_SHEET_NAMES = ("xlwings.conf", "_xlwings.conf")
PLAIN_WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_MACRO_WORKBOOKS = (
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
)
_VBA_TYPE = "application/vnd.ms-office.vbaProject"
_PRINTER_SETTINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"
_DROPPED_KINDS = (
    "/vbaProject",
    "/ui/extensibility",
    "/ui/userCustomization",
    "/calcChain",
)
_PATHLIKE = re.compile(r"^(?:[A-Za-z]:[\\/]|[\\/]|~[\\/]|\.{1,2}[\\/])|python", re.IGNORECASE)


@dataclass
class ShareReport:
    """What the share copy removed or replaced."""

    removed_parts: list[str] = field(default_factory=list)
    removed_sheets: list[str] = field(default_factory=list)
    removed_names: list[str] = field(default_factory=list)
    hidden_sheets: list[str] = field(default_factory=list)
    formulas_replaced: int = 0


SHARE_COPY_STATUS = "xl-salesplan share copy (values only)"
"""The ``cp:contentStatus`` of ``docProps/core.xml`` that marks a share copy."""


def is_share_copy(package: Package) -> bool:
    """True if ``package`` is a share copy (its core properties carry the mark).

    Examples
    --------
    >>> import io, xlsxwriter
    >>> buf = io.BytesIO()
    >>> with xlsxwriter.Workbook(buf) as wb:
    ...     _ = wb.add_worksheet("plan")
    >>> is_share_copy(Package.from_bytes(buf.getvalue()))
    False
    """
    for part in package.related("", "core-properties"):
        for span in scan(package.read(part), max_depth=1, text_of=("contentStatus",), part=part):
            if span.local == "contentStatus" and span.text.strip() == SHARE_COPY_STATUS:
                return True
    return False


def refuse_share_copy(package: Package) -> None:
    """Refuse a share copy as the workbook of a command, with one line saying why.

    Raises
    ------
    WorkbookError
        If ``package`` is a share copy.
    """
    if is_share_copy(package):
        raise WorkbookError.of("file.share_copy", part=package.source)


def make_share_copy(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str],
    *,
    keep_hidden: bool = False,
    cover_for: Callable[[list[str]], ShareCover | None] | None = None,
    progress: Reporter = silent,
) -> ShareReport:
    """Write the values-only share copy of workbook ``source`` to ``target`` (atomically).

    Parameters
    ----------
    keep_hidden : bool
        Keep hidden and very hidden sheets (default: they are removed).
    cover_for : callable, optional
        Given the workbook's sheet names, the :class:`ShareCover` that replaces its
        instructions (or None).
    progress : callable, optional
        Told which sheet is being read and written (:mod:`xl_salesplan.progress`).

    Raises
    ------
    WorkbookError
        If ``source`` cannot be read or is itself a share copy, or the copy would
        still contain an interpreter path from the configuration sheet.

    Examples
    --------
    >>> import pathlib, tempfile, zipfile, xlsxwriter
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with xlsxwriter.Workbook(folder / "plan.xlsx") as wb:
    ...     _ = wb.add_worksheet("plan").write_formula("A1", "=40+2", None, 42)
    >>> make_share_copy(folder / "plan.xlsx", folder / "share.xlsx").formulas_replaced
    1
    >>> b"<f>" in zipfile.ZipFile(folder / "share.xlsx").read("xl/worksheets/sheet1.xml")
    False
    >>> make_share_copy(folder / "share.xlsx", folder / "again.xlsx")
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: share.xlsx: is a share copy (a
    values-only report), not a plan workbook; run the command on the plan workbook it was
    made from
    """
    if os.path.realpath(source) == os.path.realpath(target):
        raise WorkbookError.of(
            "file.share_same_file",
            code="same_file",
            part=os.fspath(target),
        )
    package = Package.open(source)
    refuse_share_copy(package)
    names = [s.name for s in WorkbookStructure(package).sheets]
    cover = cover_for(names) if cover_for is not None else None
    report = share_package(package, keep_hidden=keep_hidden, cover=cover, progress=progress)
    package.save(target)  # the worksheets are rewritten as they are written
    return report


def share_package(
    package: Package,
    *,
    keep_hidden: bool = False,
    cover: ShareCover | None = None,
    progress: Reporter = silent,
) -> ShareReport:
    """Turn ``package`` into its share copy; see the module notes.

    Worksheets are rewritten when the package is written or read (streamed, chunk by
    chunk: :meth:`Package.write_stream`); the configuration's paths are looked for in
    every part then, and writing stops with an error if one is found.

    Examples
    --------
    >>> import io, xlsxwriter
    >>> buf = io.BytesIO()
    >>> with xlsxwriter.Workbook(buf) as wb:
    ...     _ = wb.add_worksheet("plan").write_formula("A1", '="a"&"b"', None, "ab")
    ...     wb.add_worksheet("secret").hide()
    >>> pkg = Package.from_bytes(buf.getvalue())
    >>> report = share_package(pkg)
    >>> report.formulas_replaced, report.hidden_sheets
    (1, ['secret'])
    >>> b'<c r="A1" t="inlineStr"><is><t>ab</t></is></c>' in pkg.read("xl/worksheets/sheet1.xml")
    True
    """
    report = ShareReport()
    structure = WorkbookStructure(package)
    workbook = structure.workbook_part
    conf = [s for s in structure.sheets if s.name.lower() in CONF_SHEET_NAMES]
    hidden = [
        s
        for s in structure.sheets
        if s.state in ("hidden", "veryHidden") and s not in conf and not keep_hidden
    ]
    strings_part = next(iter(package.related(workbook, "sharedStrings")), None)
    leaks = LeakWatch(_path_values(package, [s.part for s in conf if s.part], strings_part))

    doomed: set[str] = set()
    for source in ("", workbook):
        drop = [r for r in package.relationships(source) if r.type.endswith(_DROPPED_KINDS)]
        doomed.update(r.part for r in drop if r.part)
        package.remove_relationships(source, {r.id for r in drop})
    gone = conf + hidden
    doomed.update(s.part for s in gone if s.part)
    report.removed_sheets = [s.name for s in conf]
    report.hidden_sheets = [s.name for s in hidden]
    report.removed_names = _edit_workbook_xml(package, structure, {s.index for s in gone})
    package.remove_relationships(workbook, {s.rel_id for s in gone})
    report.removed_parts = _remove_with_dependents(package, doomed)
    report.removed_parts += strip_private_parts(
        package,
        workbook,
        status=SHARE_COPY_STATUS,
        description=cover.description if cover is not None else "",
        title=cover.title if cover is not None else "",
    )

    string_indices: list[int] = []  # shared-string references of the remaining worksheets
    for sheet in WorkbookStructure(package).sheets:
        if not sheet.part or sheet.kind != "worksheet":
            continue
        if cover is not None and sheet.name.lower() == cover.sheet.lower():
            package.write(sheet.part, cover_sheet_xml(package.read(sheet.part), cover))
        report.formulas_replaced += values_only(
            package, sheet.part, sheet.name, string_indices, leaks, progress
        )
    if strings_part and package.has(strings_part):
        _blank_unused_strings(package, strings_part, string_indices)
    _edit_app_xml(package, [s.name for s in gone], report.removed_names)
    _fix_content_types(package, workbook)
    leaks.check_parts(package)
    return report


def _path_values(package: Package, parts: list[str], strings_part: str | None) -> set[str]:
    """Path-like texts on the configuration sheets (interpreter paths and such)."""
    found: set[str] = set()
    strings = None
    for part in parts:
        spans = scan(package.read(part), max_depth=5, part=part)
        for span in spans:
            if span.local == "c" and span.attrs.get("t") == "s":
                strings = strings if strings is not None else _shared_strings(package, strings_part)
                continue
            if span.local in ("t", "v") and span.text and _PATHLIKE.search(span.text):
                found.add(span.text)
        if strings is not None:
            for span in spans:
                if span.local == "v" and span.text.isdigit() and int(span.text) < len(strings):
                    text = strings[int(span.text)]
                    if _PATHLIKE.search(text):
                        found.add(text)
    return {f.strip() for f in found if len(f.strip()) >= 3}


def _shared_strings(package: Package, part: str | None) -> list[str]:
    """The texts of the shared-strings ``part`` (phonetic runs left out)."""
    if part is None:
        return []
    spans = scan(package.read(part), max_depth=3, text_of=("t",), part=part)
    texts: list[str] = []
    for span in spans:
        if span.depth == 1 and span.local == "si":
            texts.append("")
        elif span.local == "t" and texts and not _in_phonetic(spans, span):
            texts[-1] += span.text
    return texts


def _in_phonetic(spans: list[Span], span: Span) -> bool:
    parent = spans[span.parent] if span.parent >= 0 else None
    return parent is not None and parent.local == "rPh"


def _edit_workbook_xml(package: Package, structure: WorkbookStructure, gone: set[int]) -> list[str]:
    """Drop the sheets at ``gone`` (0-based), their names and names referring to them;
    renumber sheet-scoped names; keep the active tab valid; remove ``absPath``."""
    part = structure.workbook_part
    data = package.read(part)
    spans = scan(data, max_depth=3, text_of=("definedName",), part=part)
    sheets = structure.sheets
    gone_names = [sheets[i].name for i in sorted(gone)]
    new_index = {}
    for sheet in sheets:
        if sheet.index not in gone:
            new_index[sheet.index] = len(new_index)
    edits = []
    removed_names: list[str] = []
    for span in spans:
        if span.depth == 2 and span.local == "sheet":
            if any(span.attrs.get("name") == sheets[i].name for i in gone):
                edits.append((span.start, span.end, b""))
        elif span.depth == 2 and span.local == "definedName":
            local = span.attrs.get("localSheetId")
            index = int(local) if local and local.isdigit() else None
            if index in gone or _mentions_sheets(span.text, gone_names) or leaks_a_path(span.text):
                edits.append((span.start, span.end, b""))
                scope = sheets[index].name if index is not None and index < len(sheets) else None
                name = span.attrs.get("name", "")
                removed_names.append(f"{quote_sheet(scope)}!{name}" if scope else name)
            elif index is not None and index in new_index and new_index[index] != index:
                edits.append(set_attribute(data, span, "localSheetId", str(new_index[index])))
        elif span.depth == 2 and span.local == "workbookView":
            for attr in ("activeTab", "firstSheet"):
                value = span.attrs.get(attr)
                if value is not None and value.isdigit():
                    moved = _surviving_index(int(value), gone, new_index)
                    if moved != int(value):
                        edits.append(set_attribute(data, span, attr, str(moved)))
        elif (
            span.depth == 1
            and span.local == "AlternateContent"
            and b"absPath" in data[span.start : span.end]
        ):
            edits.append((span.start, span.end, b""))
    if gone and len(new_index) == 0:
        raise WorkbookError.of("file.share_empty", code="empty")
    if edits:
        package.write(part, apply_edits(data, edits))
    empty = re.compile(rb"<(\w+:)?definedNames\s*>\s*</(\w+:)?definedNames>")
    cleaned = empty.sub(b"", package.read(part))
    if cleaned != package.read(part):
        package.write(part, cleaned)
    return removed_names


def _surviving_index(index: int, gone: set[int], new_index: dict[int, int]) -> int:
    while index in gone and index > 0:
        index -= 1
    if index in new_index:
        return new_index[index]
    return min(new_index.values(), default=0)


def _mentions_sheets(text: str, names: list[str]) -> bool:
    folded = text.lower()
    for name in names:
        for form in (f"{name}!", f"{_quoted(name)}!"):
            if form.lower() in folded:
                return True
    return False


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _remove_with_dependents(package: Package, doomed: set[str]) -> list[str]:
    """Remove ``doomed`` parts, then parts only they referenced (their rels too)."""
    incoming: dict[str, set[str]] = {}
    for name in package.names():
        if name.endswith(".rels") or name == "[Content_Types].xml":
            continue
        for rel in package.relationships(name):
            if rel.part:
                incoming.setdefault(rel.part.lower(), set()).add(name.lower())
    removed: list[str] = []
    queue = [p for p in doomed if package.has(p)]
    gone = {p.lower() for p in queue}
    while queue:
        part = queue.pop()
        for rel in package.relationships(part):
            target = rel.part
            if target is None or target.lower() in gone or not package.has(target):
                continue
            if incoming.get(target.lower(), set()) <= gone:
                gone.add(target.lower())
                queue.append(target)
        for victim in (part, rels_part_for(part)):
            if package.has(victim):
                stored = package.resolve(victim)
                package.remove(stored)
                package.remove_content_type(stored)
                removed.append(stored)
    return removed


def _blank_unused_strings(package: Package, part: str, string_indices: list[int]) -> None:
    """Empty the shared strings not in ``string_indices`` (the remaining worksheets'
    references, one per cell); indices stay valid."""
    used = set(string_indices)
    references = len(string_indices)
    data = package.read(part)
    spans = scan(data, max_depth=1, part=part)
    root = spans[0]
    edits = []
    items = [s for s in spans[1:] if s.local == "si"]
    for index, span in enumerate(items):
        if index not in used and not span.empty:
            edits.append(
                (
                    span.start,
                    span.end,
                    f"<{span.prefix}si><{span.prefix}t/></{span.prefix}si>".encode(),
                )
            )
    if "count" in root.attrs:
        edits.append(set_attribute(data, root, "count", str(references)))
    if edits:
        package.write(part, apply_edits(data, edits))


def _edit_app_xml(package: Package, sheets: list[str], names: list[str]) -> None:
    """Remove the dropped sheets and names from ``docProps/app.xml`` (TitlesOfParts)."""
    parts = package.related("", "extended-properties")
    if not parts or not (sheets or names):
        return
    part = parts[0]
    data = package.read(part)
    spans = scan(data, max_depth=4, text_of=("lpstr", "i4"), part=part)

    def vector_of(owner: str) -> Span | None:
        return next((s for s in spans if s.depth == 2 and spans[s.parent].local == owner), None)

    titles_vector, pairs_vector = vector_of("TitlesOfParts"), vector_of("HeadingPairs")
    if titles_vector is None or pairs_vector is None:
        return
    titles = [s for s in spans if s.depth == 3 and spans[s.parent] is titles_vector]
    variants = [s for s in spans if s.depth == 3 and spans[s.parent] is pairs_vector]
    numbers = {s.parent: s for s in spans if s.local == "i4"}
    groups = []  # [label variant, count variant, count span, count, titles removed]
    for k in range(0, len(variants) - 1, 2):
        number = numbers.get(spans.index(variants[k + 1]))
        count = int(number.text) if number is not None and number.text.isdigit() else 0
        groups.append([variants[k], variants[k + 1], number, count, 0])
    group_of = [g for g, item in enumerate(groups) for _ in range(item[3])]
    doomed = {n.lower() for n in sheets + names}
    prefixes = tuple(f"{form.lower()}!" for n in sheets for form in (n, _quoted(n)))
    edits = []
    removed = 0
    for k, title in enumerate(titles):
        text = title.text.lower()
        if text in doomed or text.startswith(prefixes):
            edits.append((title.start, title.end, b""))
            removed += 1
            if k < len(group_of):
                groups[group_of[k]][4] += 1
    if not removed:
        return
    kept_pairs = 0
    for label, count_variant, number, count, gone in groups:
        if gone and count - gone <= 0:
            edits.append((label.start, label.end, b""))
            edits.append((count_variant.start, count_variant.end, b""))
            continue
        kept_pairs += 1
        if gone and number is not None:
            edits.append((number.content_start, number.close_start, str(count - gone).encode()))
    edits.append(set_attribute(data, titles_vector, "size", str(len(titles) - removed)))
    edits.append(set_attribute(data, pairs_vector, "size", str(2 * kept_pairs)))
    package.write(part, apply_edits(data, edits))


def _fix_content_types(package: Package, workbook: str) -> None:
    """Type the workbook as a plain one; keep printer settings typed without the VBA default."""
    current = package.content_type(workbook)
    if current in _MACRO_WORKBOOKS or current is None:
        package.set_content_type(workbook, PLAIN_WORKBOOK)
    relying = [n for n in package.names() if package.content_type(n) == _VBA_TYPE]
    printer = {
        r.part.lower()
        for n in package.names()
        if not n.endswith(".rels")
        for r in package.relationships(n)
        if r.part and r.is_kind("printerSettings")
    }
    for name in relying:
        if name.lower() in printer:
            package.set_content_type(name, _PRINTER_SETTINGS)
    if all(package.content_type(n) != _VBA_TYPE for n in package.names()) or not any(
        n.lower().endswith(".bin") for n in package.names()
    ):
        package.remove_default_content_type("bin", _VBA_TYPE)
