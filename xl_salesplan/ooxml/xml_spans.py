"""Safe XML scanning with byte offsets, for surgical edits of package parts.

The writers of this package never re-serialise a whole XML part: they scan it
with a hardened expat parser that records where each element starts and ends
(in bytes), then splice new bytes into exactly the places they change. Every
other byte of the part stays as it was.

Hardening: a document type declaration (``<!DOCTYPE``) is rejected outright, so
no entity can be declared, expanded or fetched (no "billion laughs", no external
entities). No OOXML part has a DTD.

Examples
--------
>>> doc = b'<a x="1"><b/><c k="v">t&amp;x</c></a>'
>>> spans = scan(doc, text_of=("c",))
>>> [(s.local, s.start, s.end, s.empty) for s in spans]
[('a', 0, 37, False), ('b', 9, 13, True), ('c', 13, 33, False)]
>>> spans[2].text
't&x'
>>> apply_edits(doc, [set_attribute(doc, spans[0], "x", "2"), (13, 33, b"")])
b'<a x="2"><b/></a>'
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Iterable
from dataclasses import dataclass, field

from xl_salesplan.ooxml.workbook_errors import WorkbookError

__all__ = [
    "Edit",
    "Span",
    "apply_edits",
    "attribute_span",
    "check_xml",
    "check_xml_text",
    "escape_attribute",
    "escape_text",
    "inner_text",
    "remove_attribute",
    "scan",
    "set_attribute",
]

Edit = tuple[int, int, bytes]
"""A splice: replace ``data[start:end]`` by the bytes (``start == end`` inserts)."""

# Characters XML 1.0 allows: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The rest of a start tag after "<": runs of plain characters and quoted values, up to ">".
_TAG_REST = re.compile(rb"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>""")
_REFERENCE = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|quot|apos);")
_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_ATTRIBUTE = re.compile(rb"""\s([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')""")


@dataclass(slots=True)
class Span:
    """Where one element sits in the bytes of a document.

    Attributes
    ----------
    name : str
        Qualified name as written (``"x:c"`` or ``"c"``).
    local : str
        Local name (``"c"``).
    attrs : dict
        Attribute values (entities resolved), keyed by the qualified name as written.
    start, content_start, close_start, end : int
        Offsets of ``<`` of the start tag, just after its ``>``, of ``<`` of the end
        tag, and just after the end tag. For an empty element ``<c/>``,
        ``content_start == close_start == end``.
    empty : bool
        Written as an empty-element tag ``<c/>``.
    depth : int
        0 for the root element.
    parent : int
        Index of the parent span in the scan result, -1 for the root.
    text : str
        Character data directly inside the element, when asked for.
    """

    name: str
    local: str
    attrs: dict[str, str]
    start: int
    content_start: int = -1
    close_start: int = -1
    end: int = -1
    empty: bool = False
    depth: int = 0
    parent: int = -1
    text: str = field(default="")

    @property
    def prefix(self) -> str:
        """The namespace prefix with its colon (``"x:"``), or ``""``."""
        return self.name[: len(self.name) - len(self.local)]


def scan(
    data: bytes,
    *,
    max_depth: int | None = None,
    text_of: Iterable[str] = ("t", "v", "f"),
    only: Iterable[str] | None = None,
    part: str | None = None,
) -> list[Span]:
    """Scan ``data`` safely; return the elements in document order with byte offsets.

    Parameters
    ----------
    data : bytes
        A UTF-8 XML document.
    max_depth : int, optional
        Record only elements at depth ``<= max_depth`` (the root is depth 0).
    text_of : iterable of str
        Local names whose direct character data is collected into ``Span.text``.
    only : iterable of str, optional
        Record only elements with these local names (and the root); the parents
        of recorded elements must be recorded too for ``Span.parent`` to be set.
    part : str, optional
        The part name, for error messages.

    Raises
    ------
    WorkbookError
        If the document is not well-formed, is not UTF-8, or has a DTD.

    Examples
    --------
    >>> [s.name for s in scan(b'<x:a xmlns:x="u"><x:b><x:c/></x:b></x:a>', max_depth=1)]
    ['x:a', 'x:b']
    >>> scan(b'<!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>')
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: XML with a document type declaration
    is refused (unsafe)
    """
    _check_encoding(data, part)
    wanted_text = frozenset(text_of)
    spans: list[Span] = []
    stack: list[int] = []  # indices into spans, or -1 for unrecorded elements
    parser = _hardened_parser(part)
    wanted = None if only is None else frozenset(only)
    limit = 1 << 30 if max_depth is None else max_depth
    tag_rest = _TAG_REST.match

    def on_start(name: str, attrs: dict[str, str]) -> None:
        depth = len(stack)
        local = name.rpartition(":")[2]
        if depth > limit or (wanted is not None and depth and local not in wanted):
            stack.append(-1)
            return
        start = parser.CurrentByteIndex
        content_start = tag_rest(data, start + 1).end()  # type: ignore[union-attr]
        span = Span(name, local, attrs, start, content_start, -1, -1, False, depth)
        span.parent = stack[-1] if stack else -1
        if data[content_start - 2] == 0x2F:  # "/>": an empty element
            span.empty = True
            span.close_start = span.end = content_start
        stack.append(len(spans))
        spans.append(span)

    def on_end(_name: str) -> None:
        index = stack.pop()
        if index < 0:
            return
        span = spans[index]
        if not span.empty:
            span.close_start = parser.CurrentByteIndex
            span.end = data.index(b">", span.close_start) + 1

    def on_text(chunk: str) -> None:
        if stack and stack[-1] >= 0:
            span = spans[stack[-1]]
            if span.local in wanted_text:
                span.text += chunk

    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    if wanted_text:
        parser.CharacterDataHandler = on_text
        parser.buffer_text = True
    _parse(parser, data, part)
    return spans


def check_xml(data: bytes, *, part: str | None = None) -> None:
    """Raise what :func:`scan` raises for ``data``, without a Python call per element.

    Examples
    --------
    >>> check_xml(b'<a x="1"><b/></a>')
    >>> check_xml(b"<a><b></a>")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: the XML is not well-formed (mismatched ...
    """
    _check_encoding(data, part)
    _parse(_hardened_parser(part), data, part)


def _hardened_parser(part: str | None) -> xml.parsers.expat.XMLParserType:
    """An expat parser that refuses document type declarations and entities."""
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse_dtd(*_args: object) -> None:
        raise WorkbookError(
            "XML with a document type declaration is refused (unsafe)", code="unsafe_xml", part=part
        )

    def refuse_entity(*_args: object) -> None:
        raise WorkbookError("XML entities are refused (unsafe)", code="unsafe_xml", part=part)

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_entity
    return parser


def _parse(parser: xml.parsers.expat.XMLParserType, data: bytes, part: str | None) -> None:
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise WorkbookError(
            f"the XML is not well-formed ({exc})", code="bad_xml", part=part
        ) from None


def _check_encoding(data: bytes, part: str | None) -> None:
    head = data[:200]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:4]:
        raise WorkbookError("XML in UTF-16 is not supported", code="bad_xml", part=part)
    match = re.match(rb"(?:\xef\xbb\xbf)?<\?xml[^>]*encoding\s*=\s*[\"']([^\"']+)", head)
    if match and match.group(1).lower().replace(b"-", b"") != b"utf8":
        enc = match.group(1).decode("ascii", "replace")
        raise WorkbookError(f"XML in encoding {enc} is not supported", code="bad_xml", part=part)


def inner_text(data: bytes, span: Span) -> str:
    """The character data directly inside ``span`` read from the bytes (entities resolved).

    For elements whose content is text only, such as ``<f>`` or ``<v>``.

    Examples
    --------
    >>> doc = b'<f>A1&amp;&quot;x&quot;&#65;&#x42;</f>'
    >>> inner_text(doc, scan(doc, text_of=())[0])
    'A1&"x"AB'
    """
    if span.empty:
        return ""
    raw = data[span.content_start : span.close_start].decode("utf-8")
    return _REFERENCE.sub(_resolve_reference, raw) if "&" in raw else raw


def _resolve_reference(match: re.Match[str]) -> str:
    name = match.group(1)
    if name.startswith("#x"):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    return _PREDEFINED[name]


def attribute_span(data: bytes, span: Span, name: str) -> tuple[int, int] | None:
    """Byte range of the value of attribute ``name`` (inside the quotes), or None.

    Examples
    --------
    >>> doc = b'<row r="3" spans="1:2"/>'
    >>> attribute_span(doc, scan(doc)[0], "spans")
    (18, 21)
    """
    tag = data[span.start : span.content_start]
    key = name.encode("utf-8")
    for match in _ATTRIBUTE.finditer(tag):
        if match.group(1) == key:
            return span.start + match.start(2) + 1, span.start + match.end(2) - 1
    return None


def set_attribute(data: bytes, span: Span, name: str, value: str) -> Edit:
    """Edit that sets attribute ``name`` of ``span`` to ``value`` (adding it if missing).

    Examples
    --------
    >>> doc = b'<c r="A1"/>'
    >>> apply_edits(doc, [set_attribute(doc, scan(doc)[0], "s", "3")])
    b'<c r="A1" s="3"/>'
    """
    where = attribute_span(data, span, name)
    encoded = escape_attribute(value).encode("utf-8")
    if where is not None:
        return where[0], where[1], encoded
    at = span.content_start - (2 if span.empty else 1)
    return at, at, b" " + name.encode("utf-8") + b'="' + encoded + b'"'


def remove_attribute(data: bytes, span: Span, name: str) -> Edit | None:
    """Edit that removes attribute ``name`` (with its leading space), or None if absent.

    Examples
    --------
    >>> doc = b'<c r="A1" cm="1"><v>1</v></c>'
    >>> apply_edits(doc, [remove_attribute(doc, scan(doc)[0], "cm")])
    b'<c r="A1"><v>1</v></c>'
    """
    tag = data[span.start : span.content_start]
    key = name.encode("utf-8")
    for match in _ATTRIBUTE.finditer(tag):
        if match.group(1) == key:
            return span.start + match.start(), span.start + match.end(), b""
    return None


def apply_edits(data: bytes, edits: Iterable[Edit]) -> bytes:
    """Apply non-overlapping splices to ``data``; insertions at one offset keep their order.

    Examples
    --------
    >>> apply_edits(b"abcdef", [(1, 3, b"X"), (4, 4, b"-"), (4, 4, b"+")])
    b'aXd-+ef'
    """
    ordered = sorted(enumerate(edits), key=lambda item: (item[1][0], item[1][1], item[0]))
    out: list[bytes] = []
    pos = 0
    for _, (start, end, new) in ordered:
        if start < pos:
            raise AssertionError(f"overlapping XML edits at byte {start}")
        out.append(data[pos:start])
        out.append(new)
        pos = end
    out.append(data[pos:])
    return b"".join(out)


def check_xml_text(text: str, *, what: str = "text") -> None:
    """Raise :class:`WorkbookError` if ``text`` has a character XML 1.0 cannot carry.

    Examples
    --------
    >>> check_xml_text("ok\\tfine")
    >>> check_xml_text("bell\\x07", what="value for B2")
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: value for B2 contains the character
    U+0007 at position 4, which a workbook cannot store
    """
    bad = _ILLEGAL_XML.search(text)
    if bad is not None:
        raise WorkbookError(
            f"{what} contains the character U+{ord(bad.group()):04X} at position {bad.start()},"
            " which a workbook cannot store",
            code="illegal_xml_character",
        )


def escape_text(text: str) -> str:
    """Escape character data (``&``, ``<``, ``>``; a carriage return as ``&#13;``).

    Examples
    --------
    >>> escape_text("a<b & c>d\\r")
    'a&lt;b &amp; c&gt;d&#13;'
    """
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def escape_attribute(text: str) -> str:
    """Escape an attribute value for double quotes (also tabs and newlines).

    Examples
    --------
    >>> escape_attribute('say "hi"\\n')
    'say &quot;hi&quot;&#10;'
    """
    return escape_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
