"""Number formats: Excel's built-in format codes, and whether a format code shows a date.

A cell's style names a number format by id: ids below 164 are built in (a
workbook does not list them; :data:`BUILTIN_FORMATS` holds the codes ECMA-376
gives, part 1, 18.8.30), higher ids are the workbook's own ``<numFmt>`` entries.
A number in a cell whose format shows a date or a time is read as a date.

:func:`is_date_format` decides as openpyxl does (the workbook layer read through
openpyxl before; ``tests/test_number_formats.py`` compares them): only the first
section of the code counts (up to the first ``;``), quoted text and bracketed parts
(``[Red]``, ``[$-804]``, ``[>=100]``) are left out except the elapsed-time units
``[h]``, ``[hh]``, ``[m]``, ``[mm]``, ``[s]`` and ``[ss]``, and the code shows a date
when a ``d``, ``m``, ``h``, ``y`` or ``s`` (either case) is left that does not follow
``_`` (a space as wide as the next character) or ``\\`` (the next character as text).

Examples
--------
>>> BUILTIN_FORMATS[14], is_date_format(BUILTIN_FORMATS[14]), is_date_format("#,##0.00")
('mm-dd-yy', True, False)
>>> is_date_format('[$-804]yyyy"年"m"月"'), is_date_format('0.0" days"'), is_date_format("[Red]0")
(True, False, False)
"""

from __future__ import annotations

__all__ = ["BUILTIN_FORMATS", "is_date_format"]

BUILTIN_FORMATS: dict[int, str] = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)',
    6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)',
    8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)",
    38: "#,##0_);[Red](#,##0)",
    39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',  # as the standard lists it
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
    48: "##0.0E+0",
    49: "@",
}
"""Format code of each built-in number format id (ids the standard leaves out have none)."""

_DATE_LETTERS = frozenset("dmhysDMHYS")
_NOT_A_CODE_AFTER = frozenset("_\\")  # "_x": a space as wide as x; "\x": x itself
_ELAPSED_UNITS = frozenset(("h", "hh", "m", "mm", "s", "ss"))


def is_date_format(code: str | None) -> bool:
    """True if a number shown with format ``code`` shows a date or a time.

    Examples
    --------
    >>> [is_date_format(c) for c in ("yyyy-mm", "[h]:mm", '"m"0', r"0\\m", "0_m", None)]
    [True, True, False, False, False, False]
    >>> is_date_format("0;yyyy"), is_date_format("[HH]0"), is_date_format('"unclosed d')
    (False, False, True)
    """
    if code is None:
        return False
    kept = _without_text_and_brackets(code.partition(";")[0])
    return any(
        char in _DATE_LETTERS and (at == 0 or kept[at - 1] not in _NOT_A_CODE_AFTER)
        for at, char in enumerate(kept)
    )


def _without_text_and_brackets(section: str) -> str:
    """``section`` without its quoted texts (a quote closed on the same line) and its
    bracketed parts other than the elapsed-time units (see the module notes)."""
    kept: list[str] = []
    at = 0
    while at < len(section):
        char = section[at]
        if char == '"':
            close = section.find('"', at + 1)
            if close != -1 and "\n" not in section[at + 1 : close]:
                at = close + 1
                continue
        elif char == "[":
            close = section.find("]", at + 1)
            if close != -1 and section[at + 1 : close] not in _ELAPSED_UNITS:
                at = close + 1
                continue
        kept.append(char)
        at += 1
    return "".join(kept)
