"""A worksheet part streamed: its cells found without a tree, rewritten chunk by chunk.

A worksheet of a million rows is hundreds of megabytes of XML; a tree of it, or a
Python object per element, takes gigabytes. :func:`inspect_sheet` reads a worksheet
once, in chunks, and tells what a copy of it needs: whether it is *plain* (below), how
many cells a trigger marks (formulas, say), the shared-string indices its cells use
and the texts of its shared formulas. :func:`rewrite_cells` then streams it again,
hands each marked cell (its bytes, from ``<c`` to ``</c>``) to a callback and copies
every other byte as it is. Only what changes is ever a Python object.

Plain: the ``sheetData`` element and the elements in it have no namespace prefix, and
it holds no comment, CDATA section or processing instruction, and no entity in a
cell's start tag. In such XML every ``<`` starts a tag (text and attribute values
cannot hold one), so tags are found by searching the bytes. The part is also checked
with a hardened expat parser on the same pass (well-formed, no document type
declaration). A part that is not plain is left to the caller, which reads it whole
with :func:`~xl_salesplan.ooxml.xml_spans.scan` (rare: Excel, LibreOffice and the
usual libraries write plain worksheets).

Examples
--------
>>> sheet = (b'<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>3</v></c>'
...          b'<c r="B1"><f>A1*2</f><v>6</v></c></row></sheetData></worksheet>')
>>> facts = inspect_sheet([sheet[:40], sheet[40:]], marks=FORMULA)
>>> facts.plain, facts.marked, facts.string_refs
(True, 1, [3])
>>> b"".join(rewrite_cells([sheet], marks=FORMULA, rewrite=lambda cell: b"<c/>"))[-46:]
b'<v>3</v></c><c/></row></sheetData></worksheet>'
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.ooxml.worksheet_reader import hardened_parser
from xl_salesplan.ooxml.xml_spans import inner_text, scan

__all__ = ["CELL_METADATA", "FORMULA", "Marks", "SheetFacts", "inspect_sheet", "rewrite_cells"]


@dataclass(frozen=True)
class Marks:
    """Which cells a rewrite changes: those in which ``pattern`` matches.

    ``quick`` are byte strings of which one is in every match: a chunk holding none
    of them is not searched (most chunks of a large input sheet hold no formula).
    """

    pattern: re.Pattern[bytes]
    quick: tuple[bytes, ...]


FORMULA = Marks(re.compile(rb"<f[\s>/]"), (b"<f",))
"""Cells with a formula."""
CELL_METADATA = Marks(re.compile(rb"<c\s[^>]*\scm\s*="), (b"cm",))
"""Cells with a ``cm`` (cell metadata) attribute."""


@dataclass
class SheetFacts:
    """What one pass over a worksheet found.

    Attributes
    ----------
    plain : bool
        The part can be rewritten by :func:`rewrite_cells` (see the module notes).
    marked : int
        Cells the marks match (0: a copy can keep the part as it is).
    formulas : int
        Formula cells.
    string_refs : list of int
        The shared-string index of every ``t="s"`` cell, one per cell.
    shared_formulas : dict
        Text of each shared formula by its ``si`` (its dependants have none).
    """

    plain: bool = True
    marked: int = 0
    formulas: int = 0
    string_refs: list[int] = field(default_factory=list)
    shared_formulas: dict[str, str] = field(default_factory=dict)


_SHEET_DATA = re.compile(rb"<sheetData[\s>/]")
_SHEET_DATA_END = b"</sheetData>"
_ROW_END = b"</row>"
_PREFIXED = re.compile(rb"</?[A-Za-z_][\w.-]*:")
_ENTITY_IN_CELL_TAG = re.compile(rb"<c\s[^>]*&")
_SHARED_STRING = re.compile(
    rb"""<c\s[^>]*?\st\s*=\s*["']s["'][^>]*>\s*<v(?:\s[^>]*)?>\s*(\d+)\s*</v>"""
)
_SHARED_MASTER = re.compile(rb"<f\s([^>]*)>([^<]*)</f>")
_ATTRIBUTE = re.compile(rb"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_DECLARATION = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*\?>")
_CELL_START = (b" ", b"\t", b"\r", b"\n", b">", b"/")
_TAG_REST = re.compile(rb"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>""")


def _segments(chunks: Iterable[bytes]) -> Iterator[tuple[str, bytes]]:
    """``("head" | "body" | "tail", bytes)``: the head up to the end of the ``sheetData``
    start tag, the body in pieces each ending after a row, the tail from ``</sheetData>``.
    A part without an unprefixed ``sheetData`` is all head."""
    phase = "head"
    carry = b""
    for chunk in chunks:
        if phase == "tail":
            yield "tail", chunk
            continue
        buffer = carry + chunk if carry else chunk
        carry = b""
        if phase == "head":
            found = _SHEET_DATA.search(buffer)
            close = buffer.find(b">", found.end() - 1) if found else -1
            if found is None or close < 0:
                carry = buffer
                continue
            if buffer[close - 1 : close] == b"/":  # <sheetData/>: no rows
                yield "head", buffer[: close + 1]
                phase, buffer = "tail", buffer[close + 1 :]
                if buffer:
                    yield "tail", buffer
                continue
            yield "head", buffer[: close + 1]
            phase, buffer = "body", buffer[close + 1 :]
        end = buffer.find(_SHEET_DATA_END)
        if end >= 0:
            if end:
                yield "body", buffer[:end]
            yield "tail", buffer[end:]
            phase = "tail"
            continue
        cut = buffer.rfind(_ROW_END)
        if cut < 0:
            carry = buffer
            continue
        cut += len(_ROW_END)
        yield "body", buffer[:cut]
        carry = buffer[cut:]
    if carry:
        yield ("head" if phase == "head" else "body"), carry


def _checked(chunks: Iterable[bytes], part: str | None) -> Iterator[bytes]:
    """``chunks`` as they are, each also given to a hardened parser (well-formed, no DTD)."""
    parser = hardened_parser(part)
    try:
        for chunk in chunks:
            if chunk[:2] in (b"\xff\xfe", b"\xfe\xff"):
                raise WorkbookError("XML in UTF-16 is not supported", code="bad_xml", part=part)
            parser.Parse(chunk, False)
            yield chunk
        parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError as exc:
        raise WorkbookError(
            f"the XML is not well-formed ({exc})", code="bad_xml", part=part
        ) from None


def _head_is_plain(head: bytes) -> bool:
    declaration = _DECLARATION.match(head)
    rest = head[declaration.end() :] if declaration else head
    root = re.search(rb"<([^\s>/!?]+)", rest)
    return (
        b"<!" not in rest
        and b"<?" not in rest
        and root is not None
        and b":" not in root.group(1)
        and b":sheetData" not in rest
    )


def _body_is_plain(body: bytes) -> bool:
    if b"<!" in body or b"<?" in body:
        return False
    if b":" in body and _PREFIXED.search(body):
        return False
    return not (b"&" in body and _ENTITY_IN_CELL_TAG.search(body))


def _attributes(tag: bytes) -> dict[str, str]:
    found = {}
    for match in _ATTRIBUTE.finditer(tag):
        value = match.group(2) if match.group(2) is not None else match.group(3)
        found[match.group(1).decode("utf-8", "replace")] = _text(value)
    return found


def _text(raw: bytes) -> str:
    """Character data as bytes -> text, entities resolved."""
    element = b"<t>" + raw + b"</t>"
    return inner_text(element, scan(element, text_of=())[0]) if b"&" in raw else raw.decode()


def inspect_sheet(
    chunks: Iterable[bytes], *, marks: Marks | Iterable[Marks] = (), part: str | None = None
) -> SheetFacts:
    """One pass over a worksheet part given in ``chunks``: see :class:`SheetFacts`.

    Raises
    ------
    WorkbookError
        If the XML is not well-formed, has a document type declaration or is UTF-16.

    Examples
    --------
    >>> inspect_sheet([b'<worksheet><sheetData><!-- note --></sheetData></worksheet>']).plain
    False
    """
    all_marks = (marks,) if isinstance(marks, Marks) else tuple(marks)
    facts = SheetFacts()
    found_body = False
    for phase, piece in _segments(_checked(chunks, part)):
        if phase == "head":
            facts.plain = facts.plain and _head_is_plain(piece)
            continue
        if phase == "tail" or not facts.plain:
            continue
        found_body = True
        if not _body_is_plain(piece):
            facts.plain = False
            continue
        if b'"s"' in piece or b"'s'" in piece:
            facts.string_refs.extend(int(i) for i in _SHARED_STRING.findall(piece))
        if b"<f" in piece:
            facts.formulas += len(FORMULA.pattern.findall(piece))
            if b"shared" in piece:
                for attrs, text in _SHARED_MASTER.findall(piece):
                    found = _attributes(attrs)
                    if found.get("t") == "shared" and text.strip() and "si" in found:
                        facts.shared_formulas.setdefault(found["si"], _text(text))
        facts.marked += len(_marked_cells(piece, all_marks))
    facts.plain = facts.plain and found_body
    return facts


def _marked_cells(piece: bytes, marks: tuple[Marks, ...]) -> list[tuple[int, int]]:
    """(start, end) of every cell of a body piece in which one of ``marks`` matches."""
    hits: list[int] = []
    for mark in marks:
        if any(q in piece for q in mark.quick):
            hits.extend(m.start() for m in mark.pattern.finditer(piece))
    if not hits:
        return []
    hits.sort()
    cells: list[tuple[int, int]] = []
    last_end = -1
    for hit in hits:
        if hit < last_end:
            continue
        start = _cell_start(piece, hit)
        if start < 0:
            continue
        end = _cell_end(piece, start)
        if end <= hit:
            continue
        cells.append((start, end))
        last_end = end
    return cells


def _cell_start(piece: bytes, at: int) -> int:
    """Offset of ``<c`` of the cell holding offset ``at`` (-1 if none)."""
    start = piece.rfind(b"<c", 0, at + 2)
    while start >= 0 and piece[start + 2 : start + 3] not in _CELL_START:
        start = piece.rfind(b"<c", 0, start)
    return start


def _cell_end(piece: bytes, start: int) -> int:
    """Offset just after the cell that starts at ``start``."""
    tag = _TAG_REST.match(piece, start + 2)
    if tag is None:
        return -1
    if piece[tag.end() - 2 : tag.end() - 1] == b"/":
        return tag.end()
    close = piece.find(b"</c>", tag.end())
    return close + 4 if close >= 0 else -1


def rewrite_cells(
    chunks: Iterable[bytes],
    *,
    marks: Marks | Iterable[Marks],
    rewrite: Callable[[bytes], bytes],
    last_row: int | None = None,
    tail: bytes | None = None,
    check: bool = False,
    part: str | None = None,
) -> Iterator[bytes]:
    """The worksheet in ``chunks`` with every marked cell replaced by ``rewrite(cell)``.

    Only for plain parts (:func:`inspect_sheet`); every other byte is copied, except:
    with ``last_row``, the rows below it are left out (rows are in ascending order);
    with ``tail``, everything from ``</sheetData>`` on is replaced by it.

    With ``check``, the part need not have been inspected: it is checked on this one
    pass as :func:`inspect_sheet` would (hardened parser, plain form of what is copied)
    and a part that is not plain raises a :class:`WorkbookError` with the code
    ``not_plain`` once it is found, part way through the output: write the output
    atomically.

    Raises
    ------
    WorkbookError
        With ``check``: if the XML is not well-formed, unsafe, or not plain.

    Examples
    --------
    >>> sheet = b'<worksheet><sheetData><row r="1"><c r="A1" cm="1"><v>1</v></c></row>'
    >>> sheet += b'<row r="2"><c r="A2"><v>2</v></c></row></sheetData><cols/></worksheet>'
    >>> drop = lambda cell: cell.replace(b' cm="1"', b"")
    >>> out = rewrite_cells([sheet], marks=CELL_METADATA, rewrite=drop, last_row=1,
    ...                     tail=b"</sheetData></worksheet>")
    >>> b"".join(out)
    b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'
    """
    all_marks = (marks,) if isinstance(marks, Marks) else tuple(marks)
    past_last = False
    found_body = False
    for phase, piece in _segments(_checked(chunks, part) if check else chunks):
        if phase == "tail":
            if check and not found_body:
                _refuse_not_plain(part)
            if tail is None:
                yield piece
            elif tail:
                yield tail
                tail = b""
            continue
        if phase == "head":
            if check and not _head_is_plain(piece):
                _refuse_not_plain(part)
            yield piece
            continue
        if past_last:
            continue
        found_body = True
        if check and not _body_is_plain(piece):
            _refuse_not_plain(part)
        if last_row is not None:
            cut = _first_row_after(piece, last_row)
            if cut is not None:
                piece, past_last = piece[:cut], True
        cells = _marked_cells(piece, all_marks)
        if not cells:
            yield piece
            continue
        out = []
        position = 0
        for start, end in cells:
            out.append(piece[position:start])
            out.append(rewrite(piece[start:end]))
            position = end
        out.append(piece[position:])
        yield b"".join(out)
    if check and not found_body:
        _refuse_not_plain(part)


def _refuse_not_plain(part: str | None) -> None:
    raise WorkbookError.of("sheet.not_plain", code="not_plain", part=part)


_ROW_NUMBER = re.compile(rb"""<row\s[^>]*?\br\s*=\s*["'](\d+)["']""")


def _first_row_after(piece: bytes, last_row: int) -> int | None:
    """Offset of the first row of ``piece`` below ``last_row`` (None: none is)."""
    final = _ROW_NUMBER.search(piece, piece.rfind(b"<row"))
    if final is None or int(final.group(1)) <= last_row:
        return None
    for row in _ROW_NUMBER.finditer(piece):
        if int(row.group(1)) > last_row:
            return row.start()
    return None  # pragma: no cover - the last row is one of them
