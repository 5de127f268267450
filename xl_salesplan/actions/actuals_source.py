"""Read the rows of a CRM export (CSV or XLSX), each with the line it came from.

CSV files are decoded as UTF-8 (with or without byte-order mark), UTF-16 (with a
byte-order mark, as Excel's "Unicode text") or GB18030 (Chinese Windows exports),
in that order, and the encoding used is reported; comma, semicolon and tab
separators are recognised. XLSX/XLSM exports are read from their first sheet (or a
named one), cached values only. Every data row keeps its line (CSV) or row (XLSX)
number, the row number Excel shows when it opens the file, so that messages about
a row can name it; a CSV record that runs over several lines keeps both ends.

What the rows mean is :mod:`~xl_salesplan.actions.actuals_records`' business.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "crm.csv"
>>> _ = path.write_bytes("月份;区域;销售额\\n\\n2026-01;华东;1.200,5\\n".encode("gb18030"))
>>> source = read_source_rows(path)
>>> source.header, list(source.rows), source.lines.tolist(), source.encoding
(['月份', '区域', '销售额'], [['2026-01', '华东', '1.200,5']], [3], 'GB18030')
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from xl_salesplan.actions.csv_columns import plain_csv_columns
from xl_salesplan.actions.export_columns import ExportColumns, only_texts
from xl_salesplan.errors import PlanningError

__all__ = ["SourceRows", "decode_text", "read_source_rows"]

_MAX_BYTES = 200 * 1024 * 1024
_MAX_ROWS = 2_000_000
_SNIFFED = 20_000
_BLOCK = 50_000


@dataclass
class SourceRows:
    """The header and data rows of an export, with where each row is in the file.

    Attributes
    ----------
    header : list of str
        The first non-blank row, as text.
    rows : sequence of lists
        The data rows that hold any value (blank rows are left out); read from a
        file, an :class:`~xl_salesplan.actions.export_columns.ExportColumns` (the rows
        by column).
    lines : sequence of int
        For each data row, its 1-based line (CSV) or row (XLSX) number: the row
        number Excel shows for it.
    ends : sequence of int
        The last line of each row (equal to ``lines`` unless a quoted value runs on).
    encoding : str or None
        The text encoding of a CSV file (None for XLSX).
    source : str
        The file's name, for messages.
    """

    header: list[str]
    rows: Sequence[Sequence[object]]
    lines: Sequence[int]
    ends: Sequence[int] = field(default_factory=list)
    encoding: str | None = None
    source: str = "actuals file"


def decode_text(data: bytes) -> tuple[str, str] | None:
    """``data`` as text and the name of its encoding, or None if it is not text.

    Examples
    --------
    >>> decode_text("华东".encode("gb18030")), decode_text(codecs.BOM_UTF8 + b"East")
    (('华东', 'GB18030'), ('East', 'UTF-8 with BOM'))
    >>> decode_text("华东".encode()), decode_text(b"\\x00\\x01\\xff")
    (('华东', 'UTF-8'), None)
    """
    attempts = []
    if data.startswith(codecs.BOM_UTF8):
        attempts.append(("utf-8-sig", "UTF-8 with BOM"))
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts.append(("utf-16", "UTF-16"))
    attempts += [("utf-8", "UTF-8"), ("gb18030", "GB18030")]
    for codec, name in attempts:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text, name
    return None


def read_source_rows(path: str | os.PathLike[str], *, sheet: str | None = None) -> SourceRows:
    """Header and data rows of a CSV or XLSX export, with their line numbers.

    Raises
    ------
    PlanningError
        If the file is missing, of another type, empty or unreadable, or a sheet is
        named for a CSV file.

    Examples
    --------
    >>> read_source_rows("crm.pdf")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: crm.pdf: no such actuals file
    """
    file = Path(path)
    if not file.is_file():
        raise PlanningError.of("action.actuals_source.not_found", code="not_found", file=file)
    size = file.stat().st_size
    if size > _MAX_BYTES:
        raise PlanningError.of(
            "action.actuals_source.too_large", code="too_large", file=file, size=size
        )
    data = file.read_bytes()
    suffix = file.suffix.lower()
    encoding = None
    if data[:4] == b"PK\x03\x04" or suffix in (".xlsx", ".xlsm"):
        grid, starts, ends = _xlsx_rows(file, data, sheet)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or suffix == ".xls":
        raise PlanningError.of(
            "action.actuals_source.wrong_file_type", code="wrong_file_type", file=file
        )
    elif suffix in (".csv", ".txt", ".tsv", ""):
        if sheet is not None:
            raise PlanningError.of("import.sheet_of_csv", code="bad_option", source=file.name,
                                   sheet=repr(sheet))  # fmt: skip
        (grid, starts, ends), encoding = _csv_rows(file, data)
    else:
        raise PlanningError.of(
            "action.actuals_source.wrong_file_type_3",
            code="wrong_file_type",
            file=file,
            suffix=suffix,
        )
    keep = _has_values(grid)
    if not keep.any():
        raise PlanningError.of("action.actuals_source.empty", code="empty", file=file)
    if int(keep.sum()) > _MAX_ROWS:
        raise PlanningError.of(
            "action.actuals_source.too_large_2", code="too_large", file=file, _MAX_ROWS=_MAX_ROWS
        )
    kept = np.flatnonzero(keep)
    header = ["" if v is None else str(v).strip() for v in grid[int(kept[0])]]
    body = kept[1:]
    return SourceRows(
        header=header,
        rows=grid.take(body),
        lines=starts[body],
        ends=ends[body],
        encoding=encoding,
        source=file.name,
    )


def _has_values(grid: ExportColumns) -> np.ndarray:
    """Rows with a value other than None or an empty text (per distinct value, not per cell)."""
    keep = np.zeros(len(grid), dtype=bool)
    for j in range(grid.width):
        codes, distinct = grid.column(j)
        if only_texts(distinct):  # all texts: compared at once
            filled = np.append(distinct[:-1] != "", False)
        else:
            filled = np.fromiter((v not in (None, "") for v in distinct), dtype=bool,
                                 count=len(distinct))  # fmt: skip
        keep |= filled[codes]
    return keep


_Numbered = tuple[ExportColumns, np.ndarray, np.ndarray]
"""Every record by column, the line each starts on and the line it ends on."""


def _csv_rows(file: Path, data: bytes) -> tuple[_Numbered, str]:
    decoded = decode_text(data)
    if decoded is None:
        raise PlanningError.of("import.not_text", code="wrong_file_type", source=file.name)
    text, encoding = decoded
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:_SNIFFED], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    utf8 = data if encoding == "UTF-8" else None  # pandas reads the file's own bytes
    plain = plain_csv_columns(text, dialect, utf8)
    if plain is not None:
        grid, lines = plain
        return (grid, lines, lines), encoding
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    parts = []
    try:  # a block of records at a time, kept by column: never a list per row of the file
        while block := list(itertools.islice(reader, _BLOCK)):
            parts.append(ExportColumns.from_rows(block, texts=True))
    except csv.Error:
        parts = []
    if parts and reader.line_num == sum(map(len, parts)):  # one line each
        lines = np.arange(1, reader.line_num + 1)
        return (ExportColumns.concat(parts), lines, lines), encoding
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    records, starts, ends = [], [], []
    last = 0
    try:
        for record in reader:
            records.append(record)
            starts.append(last + 1)
            ends.append(reader.line_num)
            last = reader.line_num
    except csv.Error as exc:
        raise PlanningError.of(
            "action.actuals_source.unreadable",
            code="unreadable",
            file=file,
            last_1=last + 1,
            exc=exc,
        ) from None
    numbered = (ExportColumns.from_rows(records, texts=True), np.array(starts, dtype=np.intp),
                np.array(ends, dtype=np.intp))  # fmt: skip
    return numbered, encoding


def _xlsx_rows(file: Path, data: bytes, sheet: str | None) -> _Numbered:
    from xl_salesplan.ooxml.package import Package
    from xl_salesplan.ooxml.reading import load_values

    try:
        Package.from_bytes(data, source=file.name)  # zip safety checks before openpyxl
        book = load_values(data)
    except PlanningError as exc:
        raise PlanningError.of(
            "action.actuals_source.wrong_file_type_2",
            code="wrong_file_type",
            file=file,
            exc_message=exc,
        ) from None
    try:
        names = book.sheetnames
        if sheet is not None and sheet not in names:
            raise PlanningError.of(
                "action.actuals_source.unknown_sheet",
                code="unknown_sheet",
                file=file,
                sheet_name=sheet,
                join_names=", ".join(names),
            )
        ws = book[sheet or names[0]]
        grid = ExportColumns.from_rows(list(ws.iter_rows(values_only=True)))
        numbers = np.arange(1, len(grid) + 1)
        return grid, numbers, numbers
    finally:
        book.close()
