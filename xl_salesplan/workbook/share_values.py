"""The share copy's worksheets: every formula replaced by its cached value, streamed.

:func:`values_only` reads a worksheet part once in chunks
(:func:`~xl_salesplan.ooxml.sheet_stream.inspect_sheet`) and, if it has formulas,
has it rewritten chunk by chunk when the copy is written: only the formula cells
become Python objects, so a sheet of a million rows costs a few megabytes. A formula
that tells where the file is (``CELL("filename")``, ``INFO``), or whose cached text is
a path, becomes a blank cell. A part that is not plain XML (comments, namespace
prefixes ...) is rewritten in memory, cell by cell, with the same rule.

Examples
--------
>>> _cell_without_formula(b'<c r="A1" s="2"><f>1+1</f><v>2</v></c>', {}, "plan")
b'<c r="A1" s="2"><v>2</v></c>'
"""

from __future__ import annotations

import functools
import re

from xl_salesplan.ooxml.cell_values import encode_text
from xl_salesplan.ooxml.package import Package
from xl_salesplan.ooxml.sheet_stream import CELL_METADATA, FORMULA, inspect_sheet, rewrite_cells
from xl_salesplan.ooxml.xml_spans import (
    Span,
    apply_edits,
    escape_attribute,
    remove_attribute,
    scan,
)
from xl_salesplan.progress import Reporter, silent, tracked
from xl_salesplan.workbook.share_privacy import LeakWatch, leaks_a_path

__all__ = ["value_cell", "values_only"]

_MARKS = (FORMULA, CELL_METADATA)  # the cells a values-only copy changes
_REVEALS_FILE = re.compile(r"\bCELL\s*\(\s*\"filename\"|\bINFO\s*\(", re.IGNORECASE)


def _children(spans: list[Span], local: str, depth: int) -> dict[int, list[Span]]:
    """Direct children of the spans called ``local`` at ``depth``, by span index."""
    result: dict[int, list[Span]] = {}
    for span in spans:
        parent = span.parent
        if parent >= 0 and spans[parent].local == local and spans[parent].depth == depth:
            result.setdefault(parent, []).append(span)
    return result


def values_only(
    package: Package,
    part: str,
    sheet: str,
    string_indices: list[int],
    leaks: LeakWatch,
    report: Reporter = silent,
) -> int:
    """Replace every formula of a worksheet by its cached value; return how many.

    A formula that reports where the file is (``CELL("filename")``, ``INFO(...)``) or
    whose cached text is a path becomes a blank cell. The shared-string indices its
    cells refer to (kept as they are) are added to ``string_indices``, one per reference.
    The part is read once in chunks; if it has formulas it is rewritten as a stream when
    the package is written (a part that is not plain XML is rewritten in memory).
    """
    watch = leaks.watch(part)
    size = package.size(part)
    said = {"part": sheet, "megabytes": size / 1e6}
    chunks = tracked(package.chunks(part), size, report, "cli.progress.reading_part", **said)
    facts = inspect_sheet(watch.noting(chunks), marks=_MARKS, part=part)
    if not facts.plain:
        return _values_only_in_memory(package, part, sheet, string_indices)
    string_indices.extend(facts.string_refs)
    if facts.marked:
        rewrite = functools.partial(
            _cell_without_formula, shared=facts.shared_formulas, sheet=sheet
        )
        package.write_stream(
            part,
            lambda chunks: leaks.watch(part).raising(
                tracked(
                    rewrite_cells(chunks, marks=_MARKS, rewrite=rewrite),
                    size,
                    report,
                    "cli.progress.writing_part",
                    **said,
                )
            ),
        )
    else:
        watch.raise_if_found()
    return facts.formulas


def _values_only_in_memory(
    package: Package, part: str, sheet: str, string_indices: list[int]
) -> int:
    """:func:`_values_only` for a part read whole (comments, prefixes ...)."""
    data = package.read(part)
    spans = scan(data, max_depth=4, text_of=("v", "f"), part=part)
    children_of = _children(spans, "c", 3)
    shared_text = {
        s.attrs.get("si"): s.text
        for s in spans
        if s.local == "f" and s.attrs.get("t") == "shared" and s.text.strip()
    }
    edits = []
    count = 0
    for i, span in enumerate(spans):
        if span.local != "c" or span.depth != 3:
            continue
        children = children_of.get(i, [])
        if span.attrs.get("t") == "s":
            value = next((s for s in children if s.local == "v"), None)
            if value is not None and value.text.strip().isdigit():
                string_indices.append(int(value.text))
        formula = any(s.local == "f" for s in children)
        count += formula
        if formula or "cm" in span.attrs:
            cell = _cell_without_formula(data[span.start : span.end], shared_text, sheet)
            edits.append((span.start, span.end, cell))
    if edits:
        package.write(part, apply_edits(data, edits))
    return count


def _cell_without_formula(cell: bytes, shared: dict[str | None, str], sheet: str) -> bytes:
    """One cell element (its bytes) with its formula replaced by its cached value (or
    blank, if it tells where the file is) and without a ``cm`` attribute.

    Examples
    --------
    >>> _cell_without_formula(b'<c r="B2" t="str"><f>A1&amp;"x"</f><v>ax</v></c>', {}, "plan")
    b'<c r="B2" t="inlineStr"><is><t>ax</t></is></c>'
    >>> _cell_without_formula(b'<c r="C1" t="str"><f>CELL("filename")</f><v>x</v></c>', {}, "p")
    b'<c r="C1"/>'
    """
    spans = scan(cell, max_depth=1, text_of=("v", "f"), part=sheet)
    span, children = spans[0], spans[1:]
    formula = next((s for s in children if s.local == "f"), None)
    if formula is None:
        edit = remove_attribute(cell, span, "cm")
        return apply_edits(cell, [edit]) if edit is not None else cell
    text = formula.text or shared.get(formula.attrs.get("si"), "")
    value = next((s for s in children if s.local == "v"), None)
    private = _REVEALS_FILE.search(text) is not None or (
        value is not None and span.attrs.get("t") == "str" and leaks_a_path(value.text)
    )
    return _value_cell(cell, span, [] if private else children, sheet)


def value_cell(cell: bytes, sheet: str) -> bytes:
    """One cell element (its bytes) with its formula replaced by its cached value.

    Examples
    --------
    >>> value_cell(b'<c r="C3" t="str"><f>CELL("filename")</f><v>plan</v></c>', "plan")
    b'<c r="C3" t="inlineStr"><is><t>plan</t></is></c>'
    """
    spans = scan(cell, max_depth=1, text_of=("v", "f"), part=sheet)
    return _value_cell(cell, spans[0], spans[1:], sheet)


def _value_cell(data: bytes, cell: Span, children: list[Span], sheet: str) -> bytes:
    """The cell element with its formula removed and its cached value kept."""
    value = next((s for s in children if s.local == "v"), None)
    kind = cell.attrs.get("t", "n")
    prefix = cell.prefix
    attrs = {k: v for k, v in cell.attrs.items() if k not in ("t", "cm")}
    head = "".join(f' {k}="{escape_attribute(v)}"' for k, v in attrs.items())
    if value is None or kind == "inlineStr":
        inner = ""
    elif kind == "str":
        text = encode_text(value.text, what=f"the cached text of {sheet}!{attrs.get('r')}")
        space = ' xml:space="preserve"' if value.text != value.text.strip() else ""
        head += ' t="inlineStr"'
        inner = f"<{prefix}is><{prefix}t{space}>{text}</{prefix}t></{prefix}is>"
    else:
        if kind != "n":
            head += f' t="{kind}"'
        inner = data[value.start : value.end].decode("utf-8")
    tail = "".join(data[s.start : s.end].decode("utf-8") for s in children if s.local == "extLst")
    body = inner + tail
    element = f"<{prefix}c{head}>{body}</{prefix}c>" if body else f"<{prefix}c{head}/>"
    return element.encode("utf-8")
