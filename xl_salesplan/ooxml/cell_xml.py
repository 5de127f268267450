"""The XML of one written cell: ``<c r="B7" s="3" t="inlineStr"><is><t>North</t></is></c>``.

:func:`cell_xml` builds any cell (formulas, array anchors, kept attributes and
extensions of the cell it replaces). :class:`CellWriter` builds the common case, a
value in a plain cell, from pieces encoded once per distinct value (a column of
90,000 region names holds twenty distinct texts), and hands anything else to
:func:`cell_xml`; both give the same bytes (``tests/test_cell_patch_paths.py``).

Examples
--------
>>> from xl_salesplan.ooxml.excel_dates import EPOCH_1900
>>> writer = CellWriter("", epoch=EPOCH_1900, sheet="plan")
>>> writer.plain(b"B", b"7", b"3", "North", None)
(b'<c r="B7" s="3" t="inlineStr"><is><t>North</t></is></c>', False)
>>> writer.plain(b"C", b"7", None, float("nan"), 5)
(b'<c r="C7" s="5"/>', True)
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

import numpy as np

from xl_salesplan.ooxml.cell_values import (
    ArrayAnchor,
    CellError,
    Formula,
    check_formula,
    encode_value,
    excel_number,
)
from xl_salesplan.ooxml.references import column_letters
from xl_salesplan.ooxml.xml_spans import Span, escape_attribute, escape_text

__all__ = ["CACHED_TYPES", "CellWriter", "cell_xml", "plain_cell_span"]

#: Values whose encoding depends on the value alone (equal values, equal bytes).
CACHED_TYPES = frozenset(
    {str, float, int, bool, _dt.datetime, _dt.date, _dt.time, CellError, np.float64, np.int64}
)
_BLANK = (b"", b"")
_EXACT = 2**53  # integers a float holds exactly


def cell_xml(
    data: bytes,
    prefix: str,
    where: str,
    old: Any,
    value: object,
    style: int | None,
    *,
    epoch: _dt.datetime,
    sheet: str | None,
) -> bytes:
    """The element for ``value`` at ``where``, replacing ``old`` (a parsed cell) or new.

    ``old`` has the ``span`` (with ``attrs``) and ``extlst`` of the cell it replaces,
    or is None. Its style, its attributes other than ``r``, ``s``, ``t``, ``cm`` and
    ``vm``, and its extension list are kept.

    Examples
    --------
    >>> from xl_salesplan.ooxml.excel_dates import EPOCH_1900
    >>> cell_xml(b"", "x:", "A1", None, Formula("=B1", 2), 4, epoch=EPOCH_1900,
    ...          sheet=None)
    b'<x:c r="A1" s="4"><x:f>B1</x:f><x:v>2</x:v></x:c>'
    """
    attrs: list[tuple[str, str]] = [("r", where)]
    keep: dict[str, str] = dict(old.span.attrs) if old is not None else {}
    if style is None and "s" in keep:
        attrs.append(("s", keep["s"]))
    elif style is not None and style != 0:
        attrs.append(("s", str(style)))
    for name, val in keep.items():
        if name not in ("r", "s", "t", "cm", "vm"):
            attrs.append((name, val))
    tail = data[old.extlst.start : old.extlst.end] if old and old.extlst else b""
    formula_xml = ""
    if isinstance(value, ArrayAnchor):
        body = escape_text(check_formula(value.formula, where, sheet))
        formula_xml = f'<{prefix}f t="array" ref="{value.ref}">{body}</{prefix}f>'
        if value.dynamic_cm is not None:
            attrs.append(("cm", str(int(value.dynamic_cm))))
        value = value.formula.cached
    elif isinstance(value, Formula):
        body = escape_text(check_formula(value, where, sheet))
        formula_xml = f"<{prefix}f>{body}</{prefix}f>"
        value = value.cached
    kind, text = encode_value(value, where, sheet, epoch, in_formula=bool(formula_xml))
    if kind:
        attrs.append(("t", kind))
    head = "".join(f' {n}="{escape_attribute(v)}"' for n, v in attrs)
    if kind == "inlineStr":
        space = ' xml:space="preserve"' if text != text.strip() else ""
        inner = f"<{prefix}is><{prefix}t{space}>{text}</{prefix}t></{prefix}is>"
    elif text is None:
        inner = ""
    else:
        inner = f"<{prefix}v>{text}</{prefix}v>"
    inner = formula_xml + inner
    if not inner and not tail:
        return f"<{prefix}c{head}/>".encode()
    return f"<{prefix}c{head}>{inner}".encode() + tail + f"</{prefix}c>".encode()


class CellWriter:
    """Builds cell elements, encoding each distinct value once.

    Parameters
    ----------
    prefix : str
        Namespace prefix of the sheet's elements (``""`` or ``"x:"``).
    epoch : datetime
        The workbook's date system.
    sheet : str, optional
        Sheet name, for error messages.
    """

    def __init__(self, prefix: str, *, epoch: _dt.datetime, sheet: str | None) -> None:
        self.prefix, self.epoch, self.sheet = prefix, epoch, sheet
        self._values: dict[tuple[type, object], tuple[bytes, bytes]] = {}
        self._letters: dict[int, bytes] = {}
        self.open = f'<{prefix}c r="'.encode()
        self._v, self._end_v = f"<{prefix}v>".encode(), f"</{prefix}v>".encode()
        self.close = f"</{prefix}c>".encode()

    def letters(self, col: int) -> bytes:
        """Column letters of ``col`` as bytes (``b"AB"``), cached."""
        found = self._letters.get(col)
        if found is None:
            found = self._letters[col] = column_letters(col).encode()
        return found

    def plain(
        self, letters: bytes, row: bytes, old_style: bytes | None, value: object, style: int | None
    ) -> tuple[bytes | None, bool]:
        """(element, blank) of a cell holding ``value`` (not a formula) in row ``row`` (digits).

        ``old_style`` is the ``s`` of the plain cell replaced (None: none, or no such
        cell). The element is None when the value needs :func:`cell_xml` (formulas,
        unusual types); blank tells whether the value is a blank.
        """
        parts = self.parts(value, letters, row)
        if parts is None:
            return None, False
        return self.element(letters, row, old_style, style, parts), not parts[1]

    def known_parts(self, key: tuple[type, object]) -> tuple[bytes, bytes] | None:
        """The :meth:`parts` of a value already encoded, by ``(type(value), value)``; else None.

        Examples
        --------
        >>> from xl_salesplan.ooxml.excel_dates import EPOCH_1900
        >>> writer = CellWriter("", epoch=EPOCH_1900, sheet=None)
        >>> writer.known_parts((str, "x")), writer.parts("x", b"A", b"1")
        (None, (b' t="inlineStr"', b'<is><t>x</t></is>'))
        >>> writer.known_parts((str, "x"))
        (b' t="inlineStr"', b'<is><t>x</t></is>')
        """
        return self._values.get(key)

    def parts(self, value: object, letters: bytes, row: bytes) -> tuple[bytes, bytes] | None:
        """(`` t="..."`` or b"", the content) of ``value``, or None for :func:`cell_xml`.

        The content is b"" for a blank. ``letters`` and ``row`` name the cell in an error.
        """
        kind = type(value)
        if value is None:
            return _BLANK
        if kind not in CACHED_TYPES:
            return None
        key = (kind, value)
        parts = self._values.get(key)
        if parts is None:
            parts = self._encode(value, letters, row)
            if value == value:  # NaN is blank and never equal: not kept
                self._values[key] = parts
        return parts

    def element(
        self,
        letters: bytes,
        row: bytes,
        old_style: bytes | None,
        style: int | None,
        parts: tuple[bytes, bytes],
    ) -> bytes:
        """The element of a cell from its :meth:`parts` (style as :func:`cell_xml` sets it)."""
        if style is None:
            styled = b' s="%s"' % old_style if old_style is not None else b""
        elif style != 0:
            styled = b' s="%d"' % style
        else:
            styled = b""
        return self.open + letters + row + self.tail(styled, parts)

    def tail(self, styled: bytes, parts: tuple[bytes, bytes]) -> bytes:
        """A cell element after its row number, from the style attribute and :meth:`parts`.

        Examples
        --------
        >>> from xl_salesplan.ooxml.excel_dates import EPOCH_1900
        >>> writer = CellWriter("", epoch=EPOCH_1900, sheet=None)
        >>> writer.tail(b' s="3"', (b' t="b"', b"<v>1</v>")), writer.tail(b"", (b"", b""))
        (b'" s="3" t="b"><v>1</v></c>', b'"/>')
        """
        if parts[1]:
            return b'"%s%s>%s%s' % (styled, parts[0], parts[1], self.close)
        return b'"%s%s/>' % (styled, parts[0])

    def _encode(self, value: object, letters: bytes, row: bytes) -> tuple[bytes, bytes]:
        """(`` t="..."`` or b"", the content) of a value, as :func:`cell_xml` writes them."""
        kind = value.__class__
        if (kind is float or (kind is int and -_EXACT < value < _EXACT)) and math.isfinite(value):
            number = excel_number(float(value))  # as encode_value, without its type tests
            if number.is_integer() and abs(number) < 1e15:
                return b"", b"%s%d%s" % (self._v, int(number), self._end_v)
            return b"", b"%s%s%s" % (self._v, repr(number).encode(), self._end_v)
        where = (letters + row).decode()
        kind, text = encode_value(value, where, self.sheet, self.epoch, in_formula=False)
        typed = f' t="{escape_attribute(kind)}"'.encode() if kind else b""
        p = self.prefix
        if kind == "inlineStr":
            assert text is not None
            space = ' xml:space="preserve"' if text != text.strip() else ""
            return typed, f"<{p}is><{p}t{space}>{text}</{p}t></{p}is>".encode()
        if text is None:
            return typed, b""
        return typed, f"<{p}v>{text}</{p}v>".encode()


def plain_cell_span(letters: bytes, row: int, style: bytes, kind: bytes) -> Span:
    """A span standing for a plain cell's start tag, for :func:`cell_xml` (attributes only).

    Examples
    --------
    >>> plain_cell_span(b"B", 3, b"2", b"").attrs
    {'r': 'B3', 's': '2'}
    """
    attrs = {"r": letters.decode() + str(row)}
    if style:
        attrs["s"] = style.decode()
    if kind:
        attrs["t"] = kind.decode()
    return Span("c", "c", attrs, 0)
