"""A workbook with personal and path metadata planted everywhere a share copy could leak it.

Built with XlsxWriter, then extended by plain zip edits with what XlsxWriter does not
write: an external link to another workbook, a ``fileSharing`` user name, a sheet
part left in the package but not listed, printer settings and custom properties.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import xlsxwriter

USER_PATH = r"C:\Users\alice\Documents\budget 2026.xlsx"
SECRETS = (
    "alice",
    "Alice Wong",
    "Acme Secret Corp",
    "Bob Manager",
    r"C:\Users",
    "file:///",
    "hidden-payroll",
    "very-hidden-bonus",
    "UNLISTED-FORMULA",
    "PRINTSRV",
    "custom-owner",
)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def build_planted_workbook(folder: Path, name: str = "planted.xlsx") -> Path:
    """Write the planted workbook into ``folder``; return its path."""
    path = Path(folder) / name
    plain = Path(folder) / ("plain-" + name)
    wb = xlsxwriter.Workbook(plain)
    wb.set_properties(
        {"author": "Alice Wong", "company": "Acme Secret Corp", "manager": "Bob Manager",
         "comments": "Built by alice", "keywords": "alice", "category": "alice"}
    )  # fmt: skip
    wb.set_custom_property("Owner", "custom-owner")
    plan = wb.add_worksheet("plan")
    plan.write_row("A1", ["region", "target"])
    plan.write_row("A2", ["North", 120])
    plan.write_formula("C1", '=CELL("filename")', None, r"C:\Users\alice\[planted.xlsx]plan")
    plan.write_formula("C2", "=B2*2", None, 240)
    plan.write_comment("A2", "check with finance", {"author": "alice"})
    secret = wb.add_worksheet("payroll")
    secret.write("A1", "hidden-payroll")
    secret.hide()
    bonus = wb.add_worksheet("bonus")
    bonus.write("A1", "very-hidden-bonus")
    bonus.very_hidden()
    wb.define_name("SourceFile", '="' + USER_PATH + '"')
    wb.define_name("Targets", "=plan!$B$2")
    wb.define_name("Payroll", "=payroll!$A$1")
    wb.close()
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(
                    b"<workbookPr",
                    b'<fileSharing userName="alice" readOnlyRecommended="0"/><workbookPr',
                ).replace(
                    b"</sheets>",
                    b'</sheets><externalReferences><externalReference r:id="rIdX"/>'
                    b"</externalReferences>",
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdX" Type="{_REL}/externalLink" '
                    'Target="externalLinks/externalLink1.xml"/>'
                    f'<Relationship Id="rIdU" Type="{_REL}/worksheet" '
                    'Target="worksheets/sheet98.xml"/></Relationships>'.encode(),
                )
            elif info.filename == "xl/worksheets/_rels/sheet1.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdP" Type="{_REL}/printerSettings" '
                    'Target="../printerSettings/printerSettings1.bin"/></Relationships>'.encode(),
                )
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.openxmlformats-'
                    b'officedocument.spreadsheetml.printerSettings"/>'
                    b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType='
                    b'"application/vnd.openxmlformats-officedocument.spreadsheetml.'
                    b'externalLink+xml"/>'
                    b'<Override PartName="/xl/worksheets/sheet98.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                    b'<Override PartName="/xl/worksheets/sheet99.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
                )
            zout.writestr(info, data)
        main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        zout.writestr(
            "xl/externalLinks/externalLink1.xml",
            f'<externalLink xmlns="{main}"><externalBook xmlns:r="{_REL}" r:id="rId1">'
            '<sheetNames><sheetName val="Q1"/></sheetNames></externalBook></externalLink>',
        )
        zout.writestr(
            "xl/externalLinks/_rels/externalLink1.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/externalLinkPath" '
            f'Target="file:///{USER_PATH}" TargetMode="External"/></Relationships>',
        )
        unlisted = (
            f'<worksheet xmlns="{main}"><sheetData><row r="1"><c r="A1" t="str">'
            "<f>UNLISTED-FORMULA()</f><v>x</v></c></row></sheetData></worksheet>"
        )
        zout.writestr("xl/worksheets/sheet98.xml", unlisted)  # related, not listed
        zout.writestr("xl/worksheets/sheet99.xml", unlisted)  # not even related
        zout.writestr("xl/printerSettings/printerSettings1.bin", b"\\\\PRINTSRV\\HP-3" + bytes(64))
    plain.unlink()
    return path
