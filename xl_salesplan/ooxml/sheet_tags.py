"""The cells of whole rows of ``sheetData`` located with array operations on the bytes.

:mod:`~xl_salesplan.ooxml.sheet_scan` reads a worksheet in the plain form its notes
describe. A regular expression with a group per field builds a tuple of byte strings
per cell; this module instead finds every ``<`` and ``>`` of a slice of whole rows with
numpy, names each tag from its first bytes, and checks the plain form with
whole-array tests:

- every tag ends at the first ``>`` after its ``<`` and holds no other ``<``;
- the fixed tags (``</c>``, ``<v>``, ``</v>``, ``<is>``, ``</is>``, ``<t>``, ``</t>``,
  ``</f>``, ``</row>``) are exactly those bytes, the others (``<c ...>``, ``<row ...>``,
  ``<f ...>``, ``<t xml:space="preserve">``) match one compiled pattern, run once over all
  of them;
- the sequence of tags is rows of cells (one pattern over a string of one letter per tag);
- text stands only in ``<v>``, ``<t>`` and ``<f>`` (a value or text is never empty),
  elsewhere only white space; every ``&`` starts one of XML's references; no control
  character, no non-character, valid UTF-8.

Anything else raises :class:`NotPlain` and the caller reads the part with the full
parser. The fields of each cell (row, column, style, type, where its value or inline
text lies) are then read from the bytes at known offsets.

Examples
--------
>>> rows = (b'<row r="2"><c r="B2" s="3" t="s"><v>0</v></c><c r="AA2"><f>1+1</f><v>2</v></c>'
...         b'<c r="C2" t="inlineStr"><is><t>x</t></is></c></row>')
>>> tags = locate_cells(rows)
>>> tags.rows.tolist(), tags.columns.tolist(), tags.styles.tolist()
([2, 2, 2], [2, 27, 3], [3, 0, 0])
>>> [rows[s:e] for s, e in zip(tags.starts, tags.ends)]
[b'0', b'2', b'x']
>>> locate_cells(rows.replace(b"</v></c>", b"</v>", 1))
Traceback (most recent call last):
...
xl_salesplan.ooxml.sheet_tags.NotPlain: the tags are not rows of plain cells
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

__all__ = ["TYPE_CODES", "CellTags", "NotPlain", "locate_cells"]


class NotPlain(Exception):
    """The part is not in the plain form: read it with the full parser."""


# one letter per tag (the grammar over them: _PAIRS)
_FIXED = {
    b"</c>": b"c",
    b"<v>": b"V",
    b"</v>": b"v",
    b"<is>": b"I",
    b"</is>": b"i",
    b"<t>": b"T",
    b"</t>": b"t",
    b"</f>": b"f",
    b"</row>": b"r",
}
_WHITE = rb"[ \t\r\n]"
_ATTRIBUTES = rb"(?:" + _WHITE + rb'+[A-Za-z_:][-A-Za-z0-9_:.]*="[^<>"&]*")*' + _WHITE + rb"*"
_OTHER_TAGS = re.compile(
    rb'(?:<c r="[A-Z]{1,3}[0-9]{1,7}"(?: s="[0-9]{1,9}")?(?: t="[a-zA-Z]{1,9}")?/?>'
    rb"|<row" + _ATTRIBUTES + rb"/?>|<f" + _ATTRIBUTES + rb'/?>|<t xml:space="preserve">)*+'
)  # fmt: skip
_REFERENCES = re.compile(rb"&(?:amp|lt|gt|quot|apos|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")


def _type_code(letters: bytes) -> int:
    code = 0
    for letter in letters[:9]:
        code = code * 64 + letter - 64  # A-Z: 1-26, a-z: 33-58
    return code


TYPE_CODES = {name: _type_code(name) for name in (b"s", b"str", b"inlineStr", b"b", b"e", b"d")}
_QUOTED_TYPES = {name: name + b'"' for name in (b"s", b"str", b"b", b"e", b"d", b"n")}
"""The cell types (``t``) the reader tells apart, as :attr:`CellTags.types` codes them."""


@dataclass(frozen=True)
class CellTags:
    """Where the cells of a slice are: one entry per cell, in document order.

    ``types`` codes the ``t`` attribute (0: none, else :data:`TYPE_CODES`); ``starts``
    and ``ends`` delimit the cell's ``<v>`` value or inline ``<t>`` text in the slice
    (``starts == ends``: none); ``inline`` tells which is inline text.
    """

    rows: np.ndarray
    columns: np.ndarray
    styles: np.ndarray
    types: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    inline: np.ndarray


_PAD = 16  # zero bytes after a slice, so that reading a few bytes past a tag stays inside


def _key8(padded: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The 8 bytes at each offset as one little-endian integer (``padded``: see _PAD)."""
    size = padded.size - 7
    every = np.ndarray((size,), dtype="<u8", buffer=padded, strides=(1,))
    return every[at]


def _as_key(tag: bytes) -> int:
    return int.from_bytes(tag[:8].ljust(8, b"\0"), "little")


def _mask(size: int, opens: np.ndarray, closes: np.ndarray) -> np.ndarray:
    """True on the bytes ``opens[i] <= k < closes[i]`` (the spans do not overlap)."""
    delta = np.zeros(size + 1, dtype=np.int8)
    delta[opens] += 1  # the opens are distinct, and so are the closes
    delta[closes] -= 1
    return np.cumsum(delta[:-1], dtype=np.int8).astype(bool)


def locate_cells(rows: bytes) -> CellTags:
    """The cells of whole rows of ``sheetData`` in the plain form (see the module notes).

    Raises
    ------
    NotPlain
        If the bytes are not in the plain form.
    """
    padded = np.frombuffer(rows + bytes(_PAD), dtype=np.uint8)
    a = padded[:-_PAD]
    _check_characters(rows, a)
    marks = np.flatnonzero((a | 2) == 62)  # "<" and ">" (60 and 62) and no other byte
    if marks.size % 2 or (a[marks[0::2]] != 60).any() or (a[marks[1::2]] != 62).any():
        raise NotPlain("a '>' outside a tag, or a tag holding a '<' or '>'")
    lt, gt = marks[0::2], marks[1::2]
    if not lt.size:
        if not _WHITE_BYTES[a].all():
            raise NotPlain("text outside the cells")
        return _empty()
    key = _key8(padded, lt)
    # the fixed tags: their bytes (to their length) are one of _FIXED_KEYS
    length = np.minimum(gt - lt + 1, 8)
    exact = key & _LENGTH_MASKS[length]
    found = np.minimum(np.searchsorted(_FIXED_KEYS, exact), _FIXED_KEYS.size - 1)
    letters = np.where(_FIXED_KEYS[found] == exact, _FIXED_LETTERS[found], ord("?"))
    letters = letters.astype(np.uint8)
    # the tags of varying form (the rest): named by their first bytes, then checked
    rest = np.flatnonzero(letters == ord("?"))
    head, closed = key[rest], a[gt[rest] - 1] == 47  # "/>"
    cell = (head & _LENGTH_MASKS[6]) == np.uint64(_as_key(b'<c r="'))
    row = ((head & _LENGTH_MASKS[4]) == np.uint64(_as_key(b"<row"))) & _SPACE_OR_END[
        (head >> np.uint64(32)).astype(np.uint8)
    ]
    formula = ((head & _LENGTH_MASKS[2]) == np.uint64(_as_key(b"<f"))) & _SPACE_OR_END[
        (head >> np.uint64(16)).astype(np.uint8)
    ]
    named = np.full(rest.size, ord("?"), dtype=np.uint8)
    for kind, (open_letter, empty_letter) in ((cell, b"CX"), (row, b"RE"), (formula, b"FG")):
        named[kind] = np.where(closed[kind], empty_letter, open_letter)
    named[(head & _LENGTH_MASKS[3]) == np.uint64(_as_key(b"<t "))] = ord("T")
    letters[rest] = named
    _check_grammar(letters)
    _check_other_tags(rows, padded, lt[rest], gt[rest], named)
    _check_gaps(a, lt, gt, letters)
    cells = rest[cell]
    return _fields(padded, lt[cells], gt[cells], letters, cells, gt, lt)


def _check_other_tags(
    rows: bytes, padded: np.ndarray, lt: np.ndarray, gt: np.ndarray, named: np.ndarray
) -> None:
    """Row, formula and preserved-text tags are in the plain form: ``<row r="7">`` is read
    here, any other with one pattern over them all."""
    others = np.flatnonzero((named != ord("C")) & (named != ord("X")))
    if not others.size:
        return
    simple = _key8(padded, lt[others]) == np.uint64(_as_key(b'<row r="'))
    if simple.any():  # <row r="digits">
        starts = lt[others[simple]] + 8
        _, after = _run(padded, starts, 7, _DIGIT, 10, 48, strict=False)
        ok = (after > starts) & (after + 1 == gt[others[simple]]) & (padded[after] == 34)
        simple[simple] = ok
    others = others[~simple]
    if others.size:
        spans = zip(lt[others].tolist(), (gt[others] + 1).tolist(), strict=True)
        if _OTHER_TAGS.fullmatch(b"".join([rows[s:e] for s, e in spans])) is None:
            raise NotPlain("a row, formula or text tag is not in the plain form")


def _check_grammar(letters: np.ndarray) -> None:
    """The tags are rows of plain cells: each letter occurs once in the grammar, so the
    first letter, the last and every pair of neighbours decide it."""
    if letters[0] not in _FIRST or letters[-1] not in _LAST:
        raise NotPlain("the tags are not rows of plain cells")
    pairs = letters[:-1].astype(np.uint16) * 256 + letters[1:]
    if not _PAIRS[pairs].all():
        raise NotPlain("the tags are not rows of plain cells")


def _check_characters(rows: bytes, a: np.ndarray) -> None:
    try:
        rows.decode("utf-8")  # surrogates are refused by the decoder too
    except UnicodeDecodeError:
        raise NotPlain("not UTF-8") from None
    if (a < 32).any() and _CONTROL[a].any():
        raise NotPlain("a character XML does not allow")
    if (a == 0xEF).any() and (b"\xef\xbf\xbe" in rows or b"\xef\xbf\xbf" in rows):
        raise NotPlain("a character XML does not allow")
    if b"&" in rows:
        found = _REFERENCES.findall(rows)
        if len(found) != rows.count(b"&"):
            raise NotPlain("an entity other than XML's own")
        for decimal, hexadecimal in found:
            if decimal or hexadecimal:
                code = int(decimal) if decimal else int(hexadecimal, 16)
                allowed = code in (9, 10, 13) or 0x20 <= code <= 0xD7FF
                if not (allowed or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF):
                    raise NotPlain("a character reference XML does not allow")


def _check_gaps(a: np.ndarray, lt: np.ndarray, gt: np.ndarray, letters: np.ndarray) -> None:
    """Text only in values, inline texts and formulas (values never empty); else white space."""
    lengths = lt[1:] - gt[:-1] - 1  # between each tag and the next
    before = letters[:-1]
    if (lengths[_VALUED[before]] == 0).any():
        raise NotPlain("an empty value")
    filled = np.flatnonzero(lengths)
    spaced = filled[~_TEXT_AFTER[before[filled]]]
    starts = np.concatenate(([0], gt[spaced] + 1, [gt[-1] + 1]))
    ends = np.concatenate(([lt[0]], lt[spaced + 1], [a.size]))
    if (ends > starts).any():
        between = _mask(a.size, starts, ends)
        if not _WHITE_BYTES[a[between]].all():
            raise NotPlain("text outside the values")


def _fields(
    padded: np.ndarray,
    opens: np.ndarray,
    ends: np.ndarray,
    letters: np.ndarray,
    cell: np.ndarray,
    gt: np.ndarray,
    lt: np.ndarray,
) -> CellTags:
    """Read (and check) each ``<c r="B7" s="3" t="s">`` tag; locate its value."""
    a = padded
    ref = opens + 6  # after '<c r="'
    first, second, third = _UPPER[a[ref]], _UPPER[a[ref + 1]], _UPPER[a[ref + 2]]
    third &= second
    if not first.all():
        raise NotPlain("a cell reference without a column")
    columns = a[ref].astype(np.int64) - 64
    columns = np.where(second, columns * 26 + a[ref + 1] - 64, columns)
    columns = np.where(third, columns * 26 + a[ref + 2] - 64, columns)
    rows, after = _run(a, ref + 1 + second + third, 7, _DIGIT, 10, 48)
    after = _quote(a, after)
    styles = np.zeros(opens.size, dtype=np.int64)
    styled = _key8(padded, after) & _LENGTH_MASKS[4] == np.uint64(_as_key(b' s="'))
    if styled.any():
        styles[styled], end = _run(a, after[styled] + 4, 9, _DIGIT, 10, 48)
        after[styled] = _quote(a, end)
    types = np.zeros(opens.size, dtype=np.int64)
    typed = _key8(padded, after) & _LENGTH_MASKS[4] == np.uint64(_as_key(b' t="'))
    if typed.any():
        types[typed], after[typed] = _types(padded, after[typed] + 4)
    if not ((after == ends) | ((after == ends - 1) & (a[after] == 47))).all():
        raise NotPlain("a cell tag is not in the plain form")
    # the value (or inline text) of each cell: the text after its <v> or <t> tag
    content = (letters == ord("V")) | (letters == ord("T"))
    where = np.flatnonzero(content)
    owner = np.searchsorted(cell, where) - 1  # the cell tag before each value
    starts = np.zeros(opens.size, dtype=np.int64)
    stops = np.zeros(opens.size, dtype=np.int64)
    starts[owner] = gt[where] + 1
    stops[owner] = lt[where + 1]
    inline = np.zeros(opens.size, dtype=bool)
    inline[owner] = letters[where] == ord("T")
    return CellTags(rows, columns, styles, types, starts, stops, inline)


def _types(padded: np.ndarray, start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The codes of the ``t="..."`` values starting at ``start``, and where each ends (past
    its quote): the usual ones compared as words, any other spelled out."""
    codes = np.zeros(start.size, dtype=np.int64)
    after = np.zeros(start.size, dtype=np.int64)
    word = _key8(padded, start)
    for name, quoted in _QUOTED_TYPES.items():
        hit = (word & _LENGTH_MASKS[len(quoted)]) == np.uint64(_as_key(quoted))
        codes[hit], after[hit] = _type_code(name), start[hit] + len(quoted)
    inline = (word == np.uint64(_as_key(b"inlineSt"))) & (
        (_key8(padded, start + 8) & _LENGTH_MASKS[2]) == np.uint64(_as_key(b'r"'))
    )
    codes[inline], after[inline] = TYPE_CODES[b"inlineStr"], start[inline] + 10
    other = after == 0
    if other.any():
        codes[other], end = _run(padded, start[other], 9, _LETTER, 64, 64)
        after[other] = _quote(padded, end)
    return codes, after


def _run(
    a: np.ndarray,
    start: np.ndarray,
    most: int,
    allowed: np.ndarray,
    base: int,
    zero: int,
    *,
    strict: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """The number spelled by the 1 to ``most`` allowed bytes at each start, and where they end.

    ``a`` is padded (reading 16 bytes past a start stays inside it).
    """
    every = np.ndarray((a.size - 7,), dtype="<u8", buffer=a, strides=(1,))
    words = [every[start]] if most < 8 else [every[start], every[start + 8]]
    matrix = np.stack(words, axis=1).view(np.uint8)  # the bytes at each start, one row each
    out = np.zeros(start.size, dtype=np.int64)
    going = np.ones(start.size, dtype=bool)
    count = np.zeros(start.size, dtype=np.int64)
    for k in range(most + 1):
        byte = matrix[:, k]
        going &= allowed[byte]
        if not going.any():
            break
        out = np.where(going, out * base + _VALUES[zero][byte], out)
        count += going
    if strict and not ((count > 0) & (count <= most)).all():
        raise NotPlain("a cell tag is not in the plain form")
    return out, start + count


def _quote(a: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Past the closing quote at each offset (which must be there)."""
    if (a[at] != 34).any():
        raise NotPlain("a cell tag is not in the plain form")
    return at + 1


def _empty() -> CellTags:
    none = np.array([], dtype=np.int64)
    return CellTags(none, none, none, none, none, none, np.array([], dtype=bool))


def _table(values: bytes) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    table[list(values)] = True
    return table


_WHITE_BYTES = _table(b" \t\r\n")
_CONTROL = _table(bytes(b for b in range(32) if b not in (9, 10, 13)))
_VALUES = {zero: np.arange(256, dtype=np.int64) - zero for zero in (48, 64)}  # digit, letter
_UPPER = _table(bytes(range(65, 91)))
_LETTER = _table(bytes(range(65, 91)) + bytes(range(97, 123)))
_DIGIT = _table(b"0123456789")
_SPACE_OR_END = _table(b" \t\r\n/>")
_TEXT_AFTER = _table(b"VTF")  # the tags whose text is read (a formula's is skipped)
_VALUED = _table(b"VT")
_LENGTH_MASKS = np.array([(1 << 8 * n) - 1 for n in range(9)], dtype=np.uint64)
_FIXED_KEYS = np.array(sorted(_as_key(tag) for tag in _FIXED), dtype=np.uint64)
_FIXED_LETTERS = np.array([ord(_FIXED[tag]) for tag in sorted(_FIXED, key=_as_key)], dtype=np.uint8)
_FIRST, _LAST = frozenset(b"ER"), frozenset(b"Er")
_PAIRS = np.zeros(1 << 16, dtype=bool)
for _before, _next in {
    b"E": b"ER", b"R": b"XCr", b"X": b"XCr", b"C": b"GFVIc", b"G": b"VIc", b"F": b"f",
    b"f": b"VIc", b"V": b"v", b"v": b"c", b"I": b"T", b"T": b"t", b"t": b"i", b"i": b"c",
    b"c": b"XCr", b"r": b"ER",
}.items():  # fmt: skip
    _PAIRS[[_before[0] * 256 + n for n in _next]] = True
