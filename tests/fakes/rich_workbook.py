"""A workbook with everything a planner may add, for the no-data-loss tests.

Built with XlsxWriter, independently of the code under test, then extended with
plain ``zipfile`` edits for what XlsxWriter does not write (a ribbon, a calc chain):

- ``targets``: headers, numbers, text, formulas with cached values, styles;
- ``inputs``: an Excel table ``Reps`` with data validation, conditional
  formatting, comments, and defined names (``Growth``, ``RepQuota`` and a
  sheet-scoped ``inputs!Local``);
- ``dashboard``: a native chart and a PNG image;
- ``notes``: a user sheet with merged cells and a hyperlink;
- ``xlwings.conf``: the configuration sheet with an interpreter path;
- the VBA project of xlwings' own ``quickstart.xlsm`` (real-world ``vbaProject.bin``);
- a ``customUI`` ribbon part with an icon, wired from the package relationships;
- ``xl/calcChain.xml`` listing the formula cells.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import xlsxwriter
import xlwings

QUICKSTART = Path(xlwings.__file__).with_name("quickstart.xlsm")
INTERPRETER = r"C:\Users\planner\AppData\Local\Programs\Python\Python311\pythonw.exe"
CUSTOM_UI = (
    '<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui"><ribbon><tabs>'
    '<tab id="salesPlan" label="Sales Plan"><group id="g" label="Plan">'
    '<button id="build" label="Build plan" image="icon" onAction="BuildPlan"/>'
    "</group></tab></tabs></ribbon></customUI>"
)
FORMULA_CELLS = {"targets": ["D2", "D3", "D4", "D5"]}


def tiny_png(rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A valid 2x2 PNG image, written by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    row = b"\x00" + bytes(rgb) * 2
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * 2))
        + chunk(b"IEND", b"")
    )


def quickstart_vba() -> bytes:
    """The ``vbaProject.bin`` of the installed xlwings quickstart workbook."""
    with zipfile.ZipFile(QUICKSTART) as zf:
        return zf.read("xl/vbaProject.bin")


def build_rich_workbook(folder: Path, name: str = "rich.xlsm") -> Path:
    """Write the rich workbook into ``folder``; return its path."""
    folder = Path(folder)
    vba = folder / "vbaProject.bin"
    vba.write_bytes(quickstart_vba())
    image = folder / "logo.png"
    image.write_bytes(tiny_png())
    plain = folder / ("plain-" + name)
    wb = xlsxwriter.Workbook(plain)
    money = wb.add_format({"num_format": "#,##0.00", "bg_color": "#DDEEFF"})
    bold = wb.add_format({"bold": True})
    targets = wb.add_worksheet("targets")
    targets.write_row("A1", ["region", "last year", "growth", "target"], bold)
    regions = [
        ("North", 100.0, 0.1),
        ("South", 80.0, 0.2),
        ("East", 120.5, 0.05),
        ("West", 60.0, 0.0),
    ]
    for i, (region, last, growth) in enumerate(regions, start=2):
        targets.write(f"A{i}", region)
        targets.write(f"B{i}", last, money)
        targets.write(f"C{i}", growth)
        targets.write_formula(f"D{i}", f"=B{i}*(1+C{i})", money, round(last * (1 + growth), 6))
    targets.write_blank("E2", None, money)
    targets.set_column("F:F", 12, money)
    inputs = wb.add_worksheet("inputs")
    inputs.add_table(
        "A1:C4",
        {
            "name": "Reps",
            "columns": [{"header": "rep"}, {"header": "region"}, {"header": "quota"}],
            "data": [["Ann", "North", 50], ["Bo", "South", 40], ["Cy", "East", 60]],
        },
    )
    inputs.data_validation("B2:B4", {"validate": "list", "source": ["North", "South", "East"]})
    inputs.conditional_format(
        "C2:C4", {"type": "cell", "criteria": ">", "value": 45, "format": bold}
    )
    inputs.write_comment("A2", "Top rep last year")
    inputs.write("E1", "growth")
    inputs.write("E2", 0.12)
    wb.define_name("Growth", "=inputs!$E$2")
    wb.define_name("RepQuota", "=inputs!$C$1:$C$4")
    wb.define_name("inputs!Local", "=inputs!$E$1:$E$2")
    dashboard = wb.add_worksheet("dashboard")
    chart = wb.add_chart({"type": "column"})
    chart.add_series(
        {"name": "target", "categories": "=targets!$A$2:$A$5", "values": "=targets!$D$2:$D$5"}
    )
    dashboard.insert_chart("B2", chart)
    dashboard.insert_image("J2", str(image))
    notes = wb.add_worksheet("notes")
    notes.merge_range("A1:C1", "Planner notes", bold)
    notes.write_url("A3", "https://example.com/plan", string="plan wiki")
    conf = wb.add_worksheet("xlwings.conf")
    conf.write_row("A1", ["Interpreter_Win", INTERPRETER])
    conf.write_row("A2", ["UDF Modules", "xl_salesplan_udfs"])
    conf.hide()
    wb.add_vba_project(str(vba))
    wb.set_vba_name("ThisWorkbook")
    wb.close()
    path = folder / name
    path.write_bytes(_add_ribbon_and_calc_chain(plain.read_bytes()))
    plain.unlink()
    return path


def _add_ribbon_and_calc_chain(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    chain = "".join(
        f'<c r="{cell}" i="1"/>' if k == 0 else f'<c r="{cell}"/>'
        for k, cell in enumerate(FORMULA_CELLS["targets"])
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "_rels/.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdUI" Type="http://schemas.microsoft.com/office/2007/'
                    b'relationships/ui/extensibility" Target="customUI/customUI14.xml"/>'
                    b"</Relationships>",
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdCC" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>'
                    b"</Relationships>",
                )
            elif info.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.'
                    b'openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>',
                )
            zf.writestr(info, content)
        zf.writestr(
            "xl/calcChain.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="http://'
            f'schemas.openxmlformats.org/spreadsheetml/2006/main">{chain}</calcChain>',
        )
        zf.writestr("customUI/customUI14.xml", CUSTOM_UI)
        zf.writestr(
            "customUI/_rels/customUI14.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http:'
            '//schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="icon" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
            'Target="images/icon.png"/></Relationships>',
        )
        zf.writestr("customUI/images/icon.png", tiny_png((30, 30, 200)))
    return out.getvalue()


def zip_entries(path: Path) -> list[tuple[str, bytes, int, int]]:
    """(name, raw compressed bytes, CRC, compression method) of every entry, in order."""
    data = Path(path).read_bytes()
    entries = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            offset = info.header_offset
            name_len, extra_len = struct.unpack("<2H", data[offset + 26 : offset + 30])
            start = offset + 30 + name_len + extra_len
            raw = data[start : start + info.compress_size]
            entries.append((info.filename, raw, info.CRC, info.compress_type))
    return entries
