"""Number formats: the built-in codes and the date test decide as openpyxl, which the
workbook layer used before (a cell reads as a date exactly when it did)."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl.styles import numbers as openpyxl_numbers

from xl_salesplan.ooxml.number_formats import BUILTIN_FORMATS, is_date_format
from xl_salesplan.ooxml.worksheet_reader import date_styles


def test_the_built_in_codes_are_openpyxls() -> None:
    assert BUILTIN_FORMATS == openpyxl_numbers.BUILTIN_FORMATS


def test_the_built_in_codes_show_dates_as_in_openpyxl() -> None:
    shown = {n for n, code in BUILTIN_FORMATS.items() if is_date_format(code)}
    assert shown == {n for n, c in BUILTIN_FORMATS.items() if openpyxl_numbers.is_date_format(c)}
    assert shown == {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47}


# pieces real format codes are made of: date and time parts, numbers, quoted and escaped text,
# colours, conditions, locales, elapsed times, padding, fills, sections, and their broken forms
PIECES = [
    "yyyy", "yy", "mm", "m", "mmm", "mmmm", "d", "dd", "ddd", "h", "hh", "ss", "s", ".000",
    "AM/PM", "A/P", "上午/下午", "e", "b", "g", "0", "#", "0.00", "#,##0", "%", "E+00", "?/?", "@",
    "General", '"', '"d"', '"m/s"', '"年"', '"text ; with semicolon"', '"a\nd"', "\\", "\\d",
    "\\m", "\\\\", "_", "_)", "_d", "_(", "*", "* ", "*d", "[Red]", "[RED]", "[Color10]",
    "[>=100]", "[<0]", "[$-804]", "[$-F800]", "[$€-2]", "[DBNum1]", "[h]", "[hh]", "[m]",
    "[mm]", "[s]", "[ss]", "[H]", "[MM]", "[hhh]", "[", "]", "[d]", "[h", ";", ";;", "-", "/",
    ":", " ", ".", ",", "(", ")", "D", "M", "Y", "S", "H", "x", "\n", "\r",
]  # fmt: skip
CODES = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@given(CODES)
@example('"[h]"0')
@example('[$-804]0"d"')
@example('_"x"d')
@example('\\"d"')
@example('0;"unclosed d')
@example('"a\nb"d0')
def test_generated_codes_show_dates_as_in_openpyxl(code: str) -> None:
    assert is_date_format(code) == openpyxl_numbers.is_date_format(code)


@given(st.text(alphabet='dmhysDMHYS0#"[]$-_\\;:/ \nhx', max_size=20))
def test_any_text_shows_a_date_as_in_openpyxl(code: str) -> None:
    assert is_date_format(code) == openpyxl_numbers.is_date_format(code)


def test_none_is_no_date_format() -> None:
    assert is_date_format(None) is openpyxl_numbers.is_date_format(None) is False


def test_styles_of_a_workbook_read_as_dates_as_before() -> None:
    """The date styles of a styles part: built-in ids, custom codes, an id with no code."""
    custom = {164: "yyyy-mm", 165: '"Q"0', 166: "[$-804]yyyy年m月", 167: "[h]:mm", 168: "0.0%"}
    formats = "".join(
        f'<numFmt numFmtId="{n}" formatCode={quoteattr(c)}/>' for n, c in custom.items()
    )
    ids = [*range(0, 50), 100, *custom]
    xfs = "".join(f'<xf numFmtId="{n}"/>' for n in ids)
    data = f"<styleSheet><numFmts>{formats}</numFmts><cellXfs>{xfs}</cellXfs></styleSheet>"
    expected = {
        i
        for i, n in enumerate(ids)
        if openpyxl_numbers.is_date_format(
            custom.get(n, openpyxl_numbers.BUILTIN_FORMATS.get(n, "General"))
        )
    }
    assert date_styles(data.encode()) == expected
    assert len(expected) == 12 + 3
