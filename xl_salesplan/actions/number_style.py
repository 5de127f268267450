"""The number style of an export: which mark is the decimal one, found without guessing.

CRM exports write amounts as text in the style of their locale: ``1,234.56``
(decimal point, comma thousands) or ``1.234,56`` (decimal comma, point thousands),
sometimes with spaces or apostrophes between thousands. A single value can prove
the style (``1234,56``, ``99,5``, ``1.234,56``, ``12.5``, ``1,234,567``) or fit
both (``1,234`` is one thousand two hundred thirty-four, or one point two three
four). :func:`number_evidence` says which, :func:`detect_decimal_mark` decides for a
whole column of values (refusing a file that proves both styles, and values that
fit both when nothing in the file settles it), and :func:`parse_number` reads a
value once the mark is known. Full-width digits and marks (``１２３，５``) count as
their half-width forms; currency signs and ``(negative)`` parentheses are allowed.

Examples
--------
>>> [number_evidence(t) for t in ["1234,56", "1.234,56", "99,5", "1,234", "1,200.5", "800"]]
['comma', 'comma', 'comma', 'either', 'point', 'plain']
>>> found = detect_decimal_mark(["1.234,56", "99,5", "1.200"])
>>> found.mark, [parse_number(t, found.mark) for t in ["1.234,56", "99,5", "1.200"]]
(',', [1234.56, 99.5, 1200.0])
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

__all__ = [
    "DECIMAL_MARKS",
    "DecimalMark",
    "Evidence",
    "NumberStyle",
    "clean_number_text",
    "decimal_style",
    "detect_decimal_mark",
    "number_evidence",
    "parse_number",
    "simple_number",
    "simple_numbers",
]

DecimalMark = Literal[".", ","]
Evidence = Literal["point", "comma", "either", "plain", "not_a_number"]
#: The decimal marks a file may use.
DECIMAL_MARKS: tuple[str, ...] = (".", ",")

_CURRENCY = re.compile(r"CNY|RMB|USD|EUR|元|[¥$€£]", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f']")
_PLAIN = re.compile(r"\d+")
_GROUPED_COMMA = re.compile(r"\d{1,3}(,\d{3})+")
_GROUPED_POINT = re.compile(r"\d{1,3}(\.\d{3})+")
_POINT_DECIMAL = re.compile(r"(\d{1,3}(,\d{3})*|\d+)\.\d+")
_COMMA_DECIMAL = re.compile(r"(\d{1,3}(\.\d{3})*|\d+),\d+")
# Most exports write amounts as 1200, 1234.56 or 1234,56: read those without the general rules
_SIMPLE = re.compile(r"([0-9]+)(?:([.,])([0-9]+))?")
_SIMPLE_EVIDENCE: dict[str, Evidence] = {".": "point", ",": "comma"}
# simple_numbers: the evidence of its codes 0-3; texts read as characters at a time; the
# longest text read so (longer ones are read one by one)
_SIMPLE_KINDS = np.array([None, "plain", "point", "comma"], dtype=object)
_SIMPLE_BLOCK = 1 << 16
_SIMPLE_LONGEST = 40
_ZERO, _NINE, _POINT, _COMMA = (ord(c) for c in "09.,")


def simple_number(text: str) -> tuple[Evidence, float] | None:
    """Evidence and value of ``1200``, ``1234.56`` or ``1234,56``; else None.

    The general rules give the same: digits alone are ``plain``; one mark that cannot
    separate thousands (not 1-3 digits then 3) is a decimal mark, and the value is read
    with it. Most exports write every amount so: one regular expression reads them.

    Examples
    --------
    >>> simple_number("1200"), simple_number("13525.0"), simple_number("13525,5")
    (('plain', 1200.0), ('point', 13525.0), ('comma', 13525.5))
    >>> simple_number("1.234"), simple_number("1,234"), simple_number("1 234")
    (None, None, None)
    """
    match = _SIMPLE.fullmatch(text)
    if match is None:
        return None
    whole, mark, fraction = match.groups()
    if fraction is None:
        return "plain", float(text)
    if len(whole) <= 3 and len(fraction) == 3:
        return None  # 1.234: either a decimal or a thousands mark
    return _SIMPLE_EVIDENCE[mark], float(f"{whole}.{fraction}")


def simple_numbers(texts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`simple_number` of every text of an array at once: its evidence and value.

    The texts are compared as arrays of characters, a block of them at a time, and the
    values read by ``float`` (as :func:`simple_number` reads them); a text longer than
    forty characters is read by :func:`simple_number` itself.

    Parameters
    ----------
    texts : ndarray of str (object)
        The texts (each exactly a ``str``).

    Returns
    -------
    evidence : ndarray of object
        ``"plain"``, ``"point"`` or ``"comma"``; None where the text is not simple.
    values : ndarray of float
        The values read; NaN where the text is not simple.

    Examples
    --------
    >>> evidence, values = simple_numbers(np.array(["1200", "13525,5", "1.234", "", "x1"],
    ...                                            dtype=object))
    >>> evidence.tolist(), values.tolist()
    (['plain', 'comma', None, None, None], [1200.0, 13525.5, nan, nan, nan])
    """
    texts = np.asarray(texts, dtype=object)
    codes = np.zeros(len(texts), dtype=np.intp)
    values = np.full(len(texts), np.nan)
    lengths = np.fromiter(map(len, texts), dtype=np.intp, count=len(texts))
    short = (lengths > 0) & (lengths <= _SIMPLE_LONGEST)
    for start in range(0, len(texts), _SIMPLE_BLOCK):
        at = start + np.flatnonzero(short[start : start + _SIMPLE_BLOCK])
        if len(at):
            codes[at] = _simple_codes(texts[at], lengths[at])
    for i in np.flatnonzero(~short & (lengths > 0)):  # long texts: one by one
        found = simple_number(texts[i])
        if found is not None:
            codes[i] = 1 + ("plain", "point", "comma").index(found[0])
    read = np.flatnonzero(codes)
    decimal_comma = read[codes[read] == 3]
    shown = texts[read]
    if len(decimal_comma):
        shown = shown.copy()
        shown[np.searchsorted(read, decimal_comma)] = [
            t.replace(",", ".") for t in texts[decimal_comma]
        ]
    values[read] = np.fromiter(map(float, shown), dtype=float, count=len(read))
    return _SIMPLE_KINDS[codes], values


def _simple_codes(texts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The evidence codes (0: not simple, 1 plain, 2 point, 3 comma) of non-empty short texts.

    A text is simple when it is ASCII digits with at most one mark between them, and the
    mark is not possibly a thousands mark (1-3 digits before it, 3 after).
    """
    width = int(lengths.max())
    chars = np.array(texts.tolist(), dtype=f"<U{width}").view(np.uint32).reshape(-1, width)
    inside = np.arange(width) < lengths[:, None]  # a text's NUL characters are not padding
    digit = (chars >= _ZERO) & (chars <= _NINE)
    mark = ((chars == _POINT) | (chars == _COMMA)) & inside
    marks = mark.sum(axis=1)
    at = mark.argmax(axis=1)  # the mark's place (0 when there is none)
    fraction = lengths - at - 1
    simple = (digit | mark | ~inside).all(axis=1) & (marks <= 1)
    marked = marks == 1
    simple &= ~marked | ((at >= 1) & (fraction >= 1) & ~((at <= 3) & (fraction == 3)))
    comma = chars[np.arange(len(chars)), at] == _COMMA
    return np.where(simple, np.where(marked, np.where(comma, 3, 2), 1), 0)


def clean_number_text(text: str) -> tuple[str, bool] | None:
    """``text`` without currency, spaces and sign: (digits and marks, negative), or None.

    Full-width forms are read as half-width (NFKC); ``(100)`` and ``-100`` are negative.

    Examples
    --------
    >>> clean_number_text(" ￥１，２００ "), clean_number_text("(1 234,5)"), clean_number_text("")
    (('1,200', False), ('1234,5', True), None)
    """
    folded = _SPACES.sub("", _CURRENCY.sub("", unicodedata.normalize("NFKC", text)))
    negative = False
    if folded.startswith("(") and folded.endswith(")"):
        folded, negative = folded[1:-1], True
    if folded[:1] in "+-" and folded:
        negative = negative != (folded[0] == "-")
        folded = folded[1:]
    if not folded or not re.fullmatch(r"[\d.,]+", folded) or not folded[0].isdigit():
        return None
    return folded, negative


def number_evidence(text: str) -> Evidence:
    """What one value says about the decimal mark.

    ``"point"`` / ``"comma"``: only that decimal mark reads it; ``"either"``: it
    reads in both styles, differently (``1,234``, ``1.234``); ``"plain"``: no mark,
    the same in both; ``"not_a_number"``: neither style reads it.

    Examples
    --------
    >>> [number_evidence(t) for t in ["12.5", "1,234,567", "1.234.567", "1.234", "1,2,3", "x"]]
    ['point', 'point', 'comma', 'either', 'not_a_number', 'not_a_number']
    """
    simple = simple_number(text)
    if simple is not None:
        return simple[0]
    cleaned = clean_number_text(text)
    if cleaned is None:
        return "not_a_number"
    digits = cleaned[0]
    if _PLAIN.fullmatch(digits):
        return "plain"
    point = _POINT_DECIMAL.fullmatch(digits) is not None or _GROUPED_COMMA.fullmatch(digits)
    comma = _COMMA_DECIMAL.fullmatch(digits) is not None or _GROUPED_POINT.fullmatch(digits)
    if point and comma:
        return "either"
    if point:
        return "point"
    if comma:
        return "comma"
    return "not_a_number"


def parse_number(text: str, mark: DecimalMark) -> float | None:
    """``text`` read with decimal mark ``mark`` (the other mark groups thousands), or None.

    Examples
    --------
    >>> parse_number("1,234.5", "."), parse_number("1.234,5", ","), parse_number("1,234", ",")
    (1234.5, 1234.5, 1.234)
    >>> parse_number("(￥2,000)", "."), parse_number("1.2.3", "."), parse_number("abc", ".")
    (-2000.0, None, None)
    """
    simple = simple_number(text)
    if simple is not None:
        evidence, number = simple
        return number if evidence in ("plain", _SIMPLE_EVIDENCE[mark]) else None
    cleaned = clean_number_text(text)
    if cleaned is None:
        return None
    digits, negative = cleaned
    grouping = "," if mark == "." else "."
    decimal = _POINT_DECIMAL if mark == "." else _COMMA_DECIMAL
    grouped = _GROUPED_COMMA if mark == "." else _GROUPED_POINT
    if not (_PLAIN.fullmatch(digits) or decimal.fullmatch(digits) or grouped.fullmatch(digits)):
        return None
    number = float(digits.replace(grouping, "").replace(mark, "."))
    return -number if negative else number


@dataclass
class NumberStyle:
    """The decimal mark of a column of values, and the positions that decided or failed it.

    Attributes
    ----------
    mark : str or None
        ``"."`` or ``","``; None when nothing in the values settles it (then only
        marks-free values and values with one reading are safe).
    point, comma : sequence of int
        Positions of the values that only a decimal point / comma reads.
    undecided : sequence of int
        Positions of values with two readings left undecided (``mark`` is None).
    """

    mark: DecimalMark | None
    point: Sequence[int] = field(default_factory=list)
    comma: Sequence[int] = field(default_factory=list)
    undecided: Sequence[int] = field(default_factory=list)

    @property
    def conflicting(self) -> bool:
        """True when some values only read with a point and others only with a comma."""
        return len(self.point) > 0 and len(self.comma) > 0


def detect_decimal_mark(
    texts: Sequence[str | None], *, given: DecimalMark | None = None
) -> NumberStyle:
    """The decimal mark of ``texts`` (None entries are skipped), or the ``given`` one.

    The mark is the one the values prove; a file proving both is
    :attr:`NumberStyle.conflicting`; a file proving neither leaves its two-reading
    values in :attr:`NumberStyle.undecided`. With ``given``, values that only read
    with the other mark are listed against it (``point`` or ``comma``). Each distinct
    text is looked at once.

    Examples
    --------
    >>> detect_decimal_mark(["1,200", "800", "1,234,567"]).mark
    '.'
    >>> style = detect_decimal_mark(["1,200", "800"])
    >>> style.mark, style.undecided
    (None, [0])
    >>> style = detect_decimal_mark(["99,5", "12.5"])
    >>> style.conflicting, style.point, style.comma
    (True, [1], [0])
    >>> detect_decimal_mark(["1,200", "99,5"], given=".").comma
    [1]
    """
    seen: dict[str, Evidence] = {}
    evidence = [None if t is None else seen[t] if t in seen else
                seen.setdefault(t, number_evidence(t)) for t in texts]  # fmt: skip
    point = [i for i, e in enumerate(evidence) if e == "point"]
    comma = [i for i, e in enumerate(evidence) if e == "comma"]
    either = [i for i, e in enumerate(evidence) if e == "either"]
    return decimal_style(point, comma, either, given=given)


def decimal_style(
    point: Sequence[int],
    comma: Sequence[int],
    either: Sequence[int],
    *,
    given: DecimalMark | None = None,
) -> NumberStyle:
    """The style of values whose evidence (:func:`number_evidence`) is known by position.

    ``point``, ``comma`` and ``either`` are the positions of the values with that
    evidence, in order (lists or integer arrays; the style keeps what it is given).

    Examples
    --------
    >>> decimal_style([4], [], [1]).mark, decimal_style([], [], [1]).undecided
    ('.', [1])
    >>> decimal_style([4], [2], [1], given=",").point
    [4]
    """
    if given is not None:
        return NumberStyle(given, point if given == "," else [], comma if given == "." else [])
    if len(point) and len(comma):
        return NumberStyle(None, point, comma)
    if len(point) or len(comma):
        return NumberStyle("." if len(point) else ",", point, comma)
    return NumberStyle(None, undecided=either)
