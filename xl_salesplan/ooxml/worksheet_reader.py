"""Cell values of a worksheet part, read in one pass of a hardened expat parser.

A command reads each sheet once: :func:`read_cells` parses the whole worksheet
part with a single ``Parse`` call (time linear in its size, whatever it holds: a
huge XML comment or attribute costs one pass, not one pass per read) and keeps
the values by row; :func:`block` then cuts any range out of them.

Values are normalised as the workbook layer returns them (numbers ``float``, text
``str``, ``bool``, ``datetime`` for cells with a date format, ``None`` for blanks,
:class:`~xl_salesplan.ooxml.cell_values.CellError` for errors). A damaged cell
(a shared-string index past the end of the table, a number such as ``NaN`` that no
spreadsheet stores, a date serial out of range) is an error naming the cell.

Examples
--------
>>> sheet = (b'<worksheet><sheetData><row r="2"><c r="B2" t="s"><v>0</v></c>'
...          b'<c r="C2"><v>1.5</v></c><c r="D2" t="e"><v>#N/A</v></c></row></sheetData>'
...          b'</worksheet>')
>>> cells = read_cells(sheet, strings=["North"], sheet="plan")
>>> block(cells, "A2:E2")
[[None, 'North', 1.5, CellError(code='#N/A'), None]]
>>> read_cells(sheet.replace(b"<v>1.5", b"<v>NaN"), strings=["North"], sheet="plan")
Traceback (most recent call last):
...
xl_salesplan.ooxml.workbook_errors.WorkbookError: plan!C2: holds 'NaN', which is not a
number a workbook can store (the file is damaged)
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import math
import re
import xml.parsers.expat

from xl_salesplan.ooxml.cell_values import ERROR_CODES, CellError
from xl_salesplan.ooxml.excel_dates import epoch_of, from_serial
from xl_salesplan.ooxml.number_formats import BUILTIN_FORMATS, is_date_format
from xl_salesplan.ooxml.references import cell_name, column_index, parse_range, quote_sheet
from xl_salesplan.ooxml.structure import decode_xstring
from xl_salesplan.ooxml.workbook_errors import WorkbookError

__all__ = [
    "SheetCells",
    "block",
    "date_styles",
    "parse_checked",
    "read_cells",
    "read_shared_strings",
]

SheetCells = dict[int, dict[int, object]]
"""Cell values of one sheet: ``{row: {column: value}}`` (1-based; blanks left out)."""

_CELL_REF = re.compile(r"([A-Za-z]{1,3})(\d+)$")


def hardened_parser(part: str | None) -> xml.parsers.expat.XMLParserType:
    """An expat parser that refuses any document type declaration or entity.

    Examples
    --------
    >>> parser = hardened_parser("xl/worksheets/sheet1.xml")
    >>> try:
    ...     parser.Parse(b'<!DOCTYPE x [<!ENTITY a "b">]><x/>', True)
    ... except WorkbookError as error:
    ...     print(error)
    xl/worksheets/sheet1.xml: XML with a document type declaration is refused (unsafe)
    """
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_args: object) -> None:
        raise WorkbookError(
            "XML with a document type declaration is refused (unsafe)", code="unsafe_xml", part=part
        )

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.buffer_text = True
    return parser


def _parse(parser: xml.parsers.expat.XMLParserType, data: bytes, part: str | None) -> None:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise WorkbookError("XML in UTF-16 is not supported", code="bad_xml", part=part)
    try:
        parser.Parse(data, True)  # one call: linear in the size, even for huge tokens
    except xml.parsers.expat.ExpatError as exc:
        raise WorkbookError(
            f"the XML is not well-formed ({exc})", code="bad_xml", part=part
        ) from None


def parse_checked(data: bytes, part: str | None = None) -> None:
    """Parse ``data`` only to check that it is safe, well-formed XML.

    Raises
    ------
    WorkbookError
        If it is not (a document type declaration, an entity, broken markup).

    Examples
    --------
    >>> parse_checked(b"<a><b/></a>")
    >>> parse_checked(b"<a><b></a>")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: the XML is not well-formed ...
    """
    _parse(hardened_parser(part), data, part)


def read_shared_strings(data: bytes, *, part: str | None = None) -> list[str]:
    """The texts of a shared-strings part (rich-text runs joined, phonetic runs left out).

    Examples
    --------
    >>> read_shared_strings(b'<sst><si><t>a</t></si><si><r><t>b</t></r><r><t>c</t></r>'
    ...                     b'<rPh><t>x</t></rPh></si><si/></sst>')
    ['a', 'bc', '']
    """
    texts: list[str] = []
    pieces: list[str] = []
    state = {"in_t": False, "phonetic": 0}
    parser = hardened_parser(part)

    def start(name: str, _attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "t":
            state["in_t"] = True
        elif local == "rPh":
            state["phonetic"] += 1
        elif local == "si":
            pieces.clear()

    def end(name: str) -> None:
        local = name.rpartition(":")[2]
        if local == "t":
            state["in_t"] = False
        elif local == "rPh":
            state["phonetic"] -= 1
        elif local == "si":
            texts.append(decode_xstring("".join(pieces)))

    def text(chunk: str) -> None:
        if state["in_t"] and not state["phonetic"]:
            pieces.append(chunk)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    _parse(parser, data, part)
    return texts


def date_styles(data: bytes, *, part: str | None = None) -> frozenset[int]:
    """Indices of the cell formats (``cellXfs``) of a styles part that show dates or times.

    Examples
    --------
    >>> date_styles(b'<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy-mm"/>'
    ...             b'</numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/>'
    ...             b'<xf numFmtId="164"/></cellXfs></styleSheet>')
    frozenset({1, 2})
    """
    custom: dict[int, str] = {}
    formats: list[int] = []
    depth = {"cellXfs": 0}
    parser = hardened_parser(part)

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "numFmt":
            number = attrs.get("numFmtId", "")
            if number.isdigit():
                custom[int(number)] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            depth["cellXfs"] += 1
        elif local == "xf" and depth["cellXfs"]:
            number = attrs.get("numFmtId", "0")
            formats.append(int(number) if number.isdigit() else 0)

    def end(name: str) -> None:
        if name.rpartition(":")[2] == "cellXfs":
            depth["cellXfs"] -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    _parse(parser, data, part)
    found = set()
    for index, number in enumerate(formats):
        code = custom.get(number, BUILTIN_FORMATS.get(number, "General"))
        if is_date_format(code):
            found.add(index)
    return frozenset(found)


class _CellParser:
    """Collects the cells of one worksheet part (see :func:`read_cells`)."""

    def __init__(
        self,
        strings: list[str],
        dates: frozenset[int],
        date1904: bool,
        sheet: str,
    ) -> None:
        self.strings = strings
        self.dates = dates
        self.epoch = epoch_of(date1904)
        self.sheet = sheet
        self.rows: SheetCells = {}
        self.row = 0
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.text: list[str] | None = None  # collecting <v> or <is><t> text
        self.value: str | None = None
        self.inline: list[str] | None = None
        self.phonetic = 0
        self.in_cell = False
        self.last_row: int | None = None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "c":
            ref = attrs.get("r")
            if ref and (match := _CELL_REF.match(ref)):
                self.column = column_index(match.group(1))
                self.row = int(match.group(2))
            else:
                self.column += 1
            self.kind = attrs.get("t", "n")
            style = attrs.get("s", "0")
            self.style = int(style) if style.isdigit() else 0
            self.value = None
            self.inline = None
            self.in_cell = True
        elif local == "row":
            number = attrs.get("r", "")
            self.row = int(number) if number.isdigit() else self.row + 1
            self.column = 0
            if self.last_row is not None and self.row > self.last_row:
                raise _PastLastRow
        elif not self.in_cell:
            return
        elif local == "v":
            self.text = []
        elif local == "is":
            self.inline = []
        elif local == "rPh":
            self.phonetic += 1
        elif local == "t" and self.inline is not None and not self.phonetic:
            self.text = []

    def end(self, name: str) -> None:
        local = name.rpartition(":")[2]
        if local == "c":
            self.in_cell = False
            value = self._value()
            if value is not None:
                self.rows.setdefault(self.row, {})[self.column] = value
        elif local == "v" and self.text is not None:
            self.value = "".join(self.text)
            self.text = None
        elif local == "t" and self.text is not None and self.inline is not None:
            self.inline.append("".join(self.text))
            self.text = None
        elif local == "rPh":
            self.phonetic -= 1

    def characters(self, chunk: str) -> None:
        if self.text is not None:
            self.text.append(chunk)

    def _where(self) -> str:
        return f"{quote_sheet(self.sheet)}!{cell_name(self.row, self.column)}"

    def _damaged(self, what: str) -> WorkbookError:
        return WorkbookError.of(
            "file.damaged_cell", sheet=self.sheet, cell=cell_name(self.row, self.column), what=what
        )

    def _value(self) -> object:
        kind, raw = self.kind, self.value
        if kind == "inlineStr":
            return decode_xstring("".join(self.inline)) if self.inline else None
        if raw is None:
            return None
        if kind == "s":
            index = raw.strip()
            if not index.isdigit() or int(index) >= len(self.strings):
                raise self._damaged(
                    f"refers to shared text number {index!r}, but the workbook has "
                    f"{len(self.strings)}"
                )
            return self.strings[int(index)]
        if kind == "str":
            return decode_xstring(raw)
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "e":
            code = raw.strip()
            return CellError(code) if code in ERROR_CODES else code
        if kind == "d":
            try:
                return _dt.datetime.fromisoformat(raw.strip())
            except ValueError:
                raise self._damaged(f"holds the date {raw[:40]!r}, which is not a date") from None
        return self._number(raw)

    def _number(self, raw: str) -> object:
        text = raw.strip()
        try:
            number = float(text)
        except ValueError:
            raise self._damaged(f"holds {text[:40]!r} where a number belongs") from None
        if not math.isfinite(number):
            raise self._damaged(f"holds {text[:40]!r}, which is not a number a workbook can store")
        if self.style in self.dates:
            try:
                return from_serial(number, self.epoch)
            except (OverflowError, ValueError):
                raise self._damaged(
                    f"holds the date serial {text[:40]}, which is not a date Excel can show"
                ) from None
        return number


def read_cells(
    data: bytes,
    *,
    strings: list[str] | None = None,
    dates: frozenset[int] = frozenset(),
    date1904: bool = False,
    sheet: str = "",
    part: str | None = None,
    last_row: int | None = None,
) -> SheetCells:
    """Every non-blank cell value of a worksheet part (down to ``last_row``), in one parse.

    With ``last_row`` the parse stops at the first row below it (rows are in order), so
    a small table beside a long one is read without reading the long one.

    Parameters
    ----------
    data : bytes
        The worksheet part.
    strings : list of str, optional
        The workbook's shared strings (:func:`read_shared_strings`).
    dates : frozenset of int
        Cell formats that show dates (:func:`date_styles`): their numbers become
        ``datetime`` values, in the 1904 date system when ``date1904``.
    sheet, part : str
        Names for error messages.

    Raises
    ------
    WorkbookError
        If the XML is unsafe or not well-formed, or a cell is damaged.

    Examples
    --------
    >>> read_cells(b'<worksheet><sheetData><row><c><v>1</v></c><c t="b"><v>1</v></c></row>'
    ...            b'</sheetData></worksheet>')
    {1: {1: 1.0, 2: True}}
    >>> read_cells(b'<worksheet><sheetData><row><c><v>1</v></c></row><row><c><v>2</v></c></row>'
    ...            b'</sheetData></worksheet>', last_row=1)
    {1: {1: 1.0}}
    """
    collector = _CellParser(list(strings or []), dates, date1904, sheet)
    parser = hardened_parser(part)
    parser.StartElementHandler = collector.start
    parser.EndElementHandler = collector.end
    parser.CharacterDataHandler = collector.characters
    collector.last_row = last_row
    with contextlib.suppress(_PastLastRow):
        _parse(parser, data, part)
    return collector.rows


class _PastLastRow(Exception):
    """Raised by the cell parser at the first row below the rows asked for."""


def block(cells: SheetCells, ref: str) -> list[list[object]]:
    """The values of range ``ref`` (``"B2:D9"`` or ``"B2"``) as a 2-D list.

    Examples
    --------
    >>> block({2: {2: "x"}}, "A1:B2")
    [[None, None], [None, 'x']]
    """
    r1, c1, r2, c2 = parse_range(ref)
    width = c2 - c1 + 1
    empty: dict[int, object] = {}
    rows = []
    for r in range(r1, r2 + 1):
        row = cells.get(r, empty)
        rows.append([row.get(c) for c in range(c1, c2 + 1)] if row else [None] * width)
    return rows
