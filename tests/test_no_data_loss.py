"""Nothing is lost: every command changes only the cells it owns.

The plan workbook (the template, which carries the ribbon, the VBA project, data
validation, conditional formatting and charts) gets what a planner adds by hand: an
extra sheet with a chart, an image, a comment and data validation, and a comment, a
validation rule and typed notes on a sheet the actions write to. The user additions
are grafted in with plain ``zipfile`` edits, independently of the code under test.
Then every command runs on a copy, and every zip entry it does not own must be
byte-identical afterwards; in the worksheets it writes to, every cell outside its
blocks and every element outside ``sheetData`` must be unchanged.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter
from fakes.rich_workbook import tiny_png
from lxml import etree
from plan_files import plan_copy

from xl_salesplan.cli import main
from xl_salesplan.layout import INPUT_TABLES, blocks_of, table
from xl_salesplan.ooxml.references import cell_name, parse_cell, parse_range
from xl_salesplan.sample_company import load_sample_company
from xl_salesplan.workbook.book import FileBook

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = {
    "sheet": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
    "drawing": "application/vnd.openxmlformats-officedocument.drawing+xml",
    "chart": "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
    "comments": "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml",
}
USER_SHEET = "My notes"
PLAN_KPIS = ("revenue", "deals_won", "new_leads")  # their targets are set by Build plan
NOTE = (
    b'<c r="R2" t="inlineStr"><is><t>my notes: see the board deck</t></is></c>'
    b'<c r="S2"><v>42</v></c>'
)
NEW_OVERRIDES = (
    ("xl/worksheets/sheet90.xml", "sheet"),
    ("xl/drawings/drawing90.xml", "drawing"),
    ("xl/charts/chart90.xml", "chart"),
    ("xl/comments90.xml", "comments"),
    ("xl/comments91.xml", "comments"),
)


# --------------------------------------------------------------------------- the user's additions


def _user_parts() -> dict[str, bytes]:
    """A workbook made by someone else: 'My notes' (chart, image, comment, validation)
    and 'Targets' (a comment and a validation rule), with inline strings."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    notes = wb.add_worksheet(USER_SHEET)
    notes.write_column("A1", ["Month", "Jan", "Feb", "Mar"])
    notes.write_column("B1", ["Deals", 3, 5, 4])
    notes.write_comment("A1", "Planner note: check these with finance")
    notes.data_validation("C2:C10", {"validate": "list", "source": ["yes", "no"]})
    notes.insert_image("E2", "logo.png", {"image_data": io.BytesIO(tiny_png())})
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"categories": f"='{USER_SHEET}'!$A$2:$A$4",
                      "values": f"='{USER_SHEET}'!$B$2:$B$4"})  # fmt: skip
    notes.insert_chart("E8", chart)
    targets = wb.add_worksheet("Targets")
    targets.write_comment("R2", "Regional heads agreed these on 3 March")
    targets.data_validation("R3", {"validate": "integer", "criteria": ">", "value": 0})
    wb.close()
    with zipfile.ZipFile(buf) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    strings = re.findall(rb"<t[^>]*>(.*?)</t>", parts["xl/sharedStrings.xml"])

    def inline(found: re.Match[bytes]) -> bytes:
        text = strings[int(found.group(2))]
        return found.group(1) + b' t="inlineStr"><is><t>' + text + b"</t></is></c>"

    shared = rb'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="s"><v>(\d+)</v></c>'
    parts["xl/worksheets/sheet1.xml"] = re.sub(shared, inline, parts["xl/worksheets/sheet1.xml"])
    return parts


def _insert_before(xml: bytes, markers: list[bytes], fragment: bytes) -> bytes:
    for marker in markers:
        at = xml.find(marker)
        if at >= 0:
            return xml[:at] + fragment + xml[at:]
    raise AssertionError(f"none of {markers} in the sheet")


def with_user_additions(plan: Path) -> Path:
    """Graft the user's sheet, comment, validation and notes into the plan workbook."""
    user = _user_parts()
    with zipfile.ZipFile(plan) as zf:
        entries = [(info, zf.read(info.filename)) for info in zf.infolist()]
    targets_part = FileBook.open(plan).structure.worksheet_part("Targets")
    targets_rels = targets_part.replace("worksheets/", "worksheets/_rels/") + ".rels"
    assert targets_rels not in {i.filename for i, _ in entries}
    renames = {
        "xl/worksheets/sheet1.xml": "xl/worksheets/sheet90.xml",
        "xl/worksheets/_rels/sheet1.xml.rels": "xl/worksheets/_rels/sheet90.xml.rels",
        "xl/drawings/drawing1.xml": "xl/drawings/drawing90.xml",
        "xl/drawings/_rels/drawing1.xml.rels": "xl/drawings/_rels/drawing90.xml.rels",
        "xl/charts/chart1.xml": "xl/charts/chart90.xml",
        "xl/media/image1.png": "xl/media/image90.png",
        "xl/comments1.xml": "xl/comments90.xml",
        "xl/comments2.xml": "xl/comments91.xml",
        "xl/drawings/vmlDrawing1.vml": "xl/drawings/vmlDrawing90.vml",
        "xl/drawings/vmlDrawing2.vml": "xl/drawings/vmlDrawing91.vml",
    }

    def renamed(data: bytes) -> bytes:
        for old, new in renames.items():
            if not old.endswith(".rels") and not old.startswith("xl/worksheets/"):
                data = data.replace(old.rsplit("/", 1)[1].encode(), new.rsplit("/", 1)[1].encode())
        return data

    added = {new: renamed(user[old]) for old, new in renames.items()}
    added[targets_rels] = renamed(user["xl/worksheets/_rels/sheet2.xml.rels"])
    user_targets = user["xl/worksheets/sheet2.xml"]
    validation = re.search(rb"<dataValidations.*</dataValidations>", user_targets).group(0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            name = info.filename
            if name == "[Content_Types].xml":
                overrides = "".join(
                    f'<Override PartName="/{part}" ContentType="{CT[kind]}"/>'
                    for part, kind in NEW_OVERRIDES
                ).encode()
                defaults = (b'<Default Extension="png" ContentType="image/png"/><Default '
                            b'Extension="vml" ContentType="application/vnd.openxmlformats-'
                            b'officedocument.vmlDrawing"/>')  # fmt: skip
                data = data.replace(b"<Override", defaults + b"<Override", 1)
                data = data.replace(b"</Types>", overrides + b"</Types>")
            elif name == "xl/workbook.xml":
                data = data.replace(b"</sheets>", f'<sheet name="{USER_SHEET}" sheetId="90" '
                                    'r:id="rIdUser90"/></sheets>'.encode())  # fmt: skip
            elif name == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", f'<Relationship Id="rIdUser90" '
                                    f'Type="{REL}/worksheet" Target="worksheets/sheet90.xml"/>'
                                    "</Relationships>".encode())  # fmt: skip
            elif name == targets_part:
                data = _insert_before(data, [b"<hyperlinks", b"<printOptions", b"<pageMargins"],
                                      validation)  # fmt: skip
                data = data.replace(b"</worksheet>", b'<legacyDrawing r:id="rId1"/></worksheet>')
                row2 = re.search(rb'<row r="2"[^>]*>.*?</row>', data, flags=re.S)
                at = row2.end() - len(b"</row>")
                data = data[:at] + NOTE + data[at:]
            zf.writestr(info, data)
        for name, data in added.items():
            zf.writestr(name, data)
    rich = plan.with_name("rich-" + plan.name)
    rich.write_bytes(out.getvalue())
    return rich


# --------------------------------------------------------------------------- comparing packages


def _entries(path: Path) -> dict[str, tuple[bytes, tuple]]:
    with zipfile.ZipFile(path) as zf:
        return {
            i.filename: (zf.read(i.filename),
                         (i.CRC, i.compress_size, i.compress_type, i.date_time, i.extra))
            for i in zf.infolist()
        }  # fmt: skip


def _cells_and_rest(xml: bytes) -> tuple[dict[str, bytes], dict[int, bytes], list[bytes]]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(xml, parser)
    cells, rows, rest = {}, {}, []
    for child in root:
        if child.tag == f"{NS}sheetData":
            for row in child:
                rows[int(row.get("r"))] = etree.tostring(row)
                for cell in row:
                    cells[cell.get("r")] = etree.tostring(cell)
        elif child.tag != f"{NS}dimension":
            rest.append(etree.tostring(child))
    return cells, rows, rest


def assert_only_owned_changed(
    before: Path,
    after: Path,
    owned: dict[str, list[str]],
    owned_parts: frozenset[str] = frozenset(),
) -> int:
    """Everything but the ``owned`` ranges (sheet part -> A1 ranges) is unchanged."""
    old, new = _entries(before), _entries(after)
    assert list(old) == list(new), "parts were added, removed or reordered"
    changed_cells = 0
    for name, (data, meta) in old.items():
        if name in owned_parts:
            continue
        if name not in owned:
            assert new[name] == (data, meta), f"{name} changed"
            continue
        boxes = [parse_range(ref.replace("$", "")) for ref in owned[name]]

        def mine(ref: str, boxes=boxes) -> bool:
            row, col = parse_cell(ref)
            return any(r1 <= row <= r2 and c1 <= col <= c2 for r1, c1, r2, c2 in boxes)

        cells_a, rows_a, rest_a = _cells_and_rest(data)
        cells_b, rows_b, rest_b = _cells_and_rest(new[name][0])
        assert rest_a == rest_b, f"{name}: elements outside the cells changed"
        for ref in set(cells_a) | set(cells_b):
            if mine(ref):
                changed_cells += cells_a.get(ref) != cells_b.get(ref)
            else:
                assert cells_a.get(ref) == cells_b.get(ref), f"{name}!{ref} changed"
        for r in set(rows_a) | set(rows_b):
            if not any(r1 <= r <= r2 for r1, _, r2, _ in boxes):
                assert rows_a.get(r) == rows_b.get(r), f"{name} row {r} changed"
    return changed_cells


def _owned_blocks(path: Path, action: str) -> dict[str, list[str]]:
    """What ``action`` may write: its blocks, and the input cells it owns (the KPI targets
    Build plan sets: the target cells of the rows of the KPIs the plan determines)."""
    book = FileBook.open(path)
    owned: dict[str, list[str]] = {}
    for spec in blocks_of(action):
        sheet, ref = book.name_range(spec.name)
        owned.setdefault(book.structure.worksheet_part(sheet), []).append(ref)
    for spec in INPUT_TABLES.values():
        for key in spec.columns_written_by(action):
            if key != "target" or spec.name != "tblKpiActuals":
                continue  # import_actuals is checked on its own below
            info = book.table_info(spec.name)
            frame = book.read_table(spec.name)
            ids = frame.iloc[:, spec.column_index("kpi_id")].astype(str).str.strip()
            part = book.structure.worksheet_part(info.sheet)
            cells = [spec.column_cell(key, i) for i in range(len(frame)) if ids[i] in PLAN_KPIS]
            assert len(cells) == 36
            owned.setdefault(part, []).extend(cells)
    return owned


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rich")
    return with_user_additions(plan_copy(folder))


def test_the_grafted_workbook_is_a_valid_plan_with_the_users_additions(rich: Path) -> None:
    book = FileBook.open(rich)
    assert book.sheet_names()[-1] == USER_SHEET
    assert book.read_range(USER_SHEET, "A1:B2") == [["Month", "Deals"], ["Jan", 3.0]]
    assert book.read_range("Targets", "R2:S2") == [["my notes: see the board deck", 42.0]]
    names = set(zipfile.ZipFile(rich).namelist())
    assert {"xl/vbaProject.bin", "customUI/customUI14.xml", "xl/media/image90.png",
            "xl/charts/chart90.xml", "xl/comments91.xml"} <= names  # fmt: skip
    assert main(["validate", str(rich)]) == 0


@pytest.mark.parametrize(
    ("command", "action"),
    [("plan", "build_plan"), ("budget", "optimise_budget"), ("kpi", "flag_kpis")],
)
def test_writing_commands_change_only_their_blocks(rich, tmp_path, capsys, command, action):
    work = shutil.copy(rich, tmp_path / "plan.xlsm")
    book = FileBook.open(work)  # change an input so that the outputs really change
    book.write_value("Assumptions", "B8", 0.31)
    book.write_value("Assumptions", "B18", 11_000_000)
    book.write_value("Actuals", table("tblKpiActuals").column_cell("actual", 40), 0.2)
    book.save()
    before = shutil.copy(work, tmp_path / "before.xlsm")
    assert main([command, str(work)]) == 0
    owned = _owned_blocks(work, action)
    changed = assert_only_owned_changed(before, work, owned)
    assert changed > 0, "the command changed nothing"
    if action == "build_plan":  # the KPI targets moved with the growth target
        part = FileBook.open(work).structure.worksheet_part("Actuals")
        old, new = (_cells_and_rest(_entries(p)[part][0])[0] for p in (before, work))
        moved = [ref for ref in owned[part] if old.get(ref) != new.get(ref)]
        assert len(moved) == 36  # 12 months x 3 KPIs, new leads of Oct-Dec too (test_kpi_targets)


def test_importing_actuals_changes_only_the_actuals_tables(rich, tmp_path, capsys):
    work = shutil.copy(rich, tmp_path / "plan.xlsm")
    actuals = load_sample_company().ytd_actuals
    actuals[actuals["month"].dt.month <= 6].to_csv(tmp_path / "crm.csv", index=False)
    before = shutil.copy(work, tmp_path / "before.xlsm")
    old_table = FileBook.open(work).table_info("tblActuals")
    assert main(["actuals", str(work), str(tmp_path / "crm.csv"), "--replace-all"]) == 0
    book = FileBook.open(work)
    sheet_part = book.structure.worksheet_part(old_table.sheet)
    kpi = table("tblKpiActuals")
    kpi_rows = book.read_table("tblKpiActuals")
    ids = kpi_rows.iloc[:, kpi.column_index("kpi_id")].astype(str).str.strip()
    months = pd.to_datetime(kpi_rows.iloc[:, kpi.column_index("month")]).dt.month
    # January-June imported, July-September removed: their measured KPI actuals follow
    measured = ids.isin(["revenue", "deals_won", "avg_deal_size"]) & (months <= 9)
    kpi_cells = [kpi.column_cell("actual", int(i)) for i in measured.to_numpy().nonzero()[0]]
    assert len(kpi_cells) == 27  # 3 measured KPIs x January-September
    owned = {sheet_part: [old_table.ref, *kpi_cells]}
    changed = assert_only_owned_changed(before, work, owned, frozenset({old_table.part}))
    new_table = book.table_info("tblActuals")
    assert changed > 0 and new_table.ref != old_table.ref  # the table shrank to Jan-Jun
    _, c1, r2, _ = parse_range(old_table.ref)
    assert book.read_range(old_table.sheet, cell_name(r2, c1)) == [[None]]  # old rows blanked


@pytest.mark.parametrize("command", ["validate", "share", "snapshot", "diff"])
def test_reading_commands_leave_the_workbook_byte_identical(rich, tmp_path, capsys, command):
    work = shutil.copy(rich, tmp_path / "plan.xlsm")
    before = work.read_bytes()
    argv = {
        "validate": ["validate", str(work)],
        "share": ["share", str(work), "-o", str(tmp_path / "share.xlsx")],
        "snapshot": ["snapshot", str(work), "-o", str(tmp_path / "v.xlsx")],
        "diff": ["diff", str(work), str(rich)],
    }[command]
    assert main(argv) == 0
    assert work.read_bytes() == before


def test_the_share_copy_keeps_the_users_sheet_chart_image_and_comments(rich, tmp_path):
    assert main(["share", str(rich), "-o", str(tmp_path / "share.xlsx")]) == 0
    original, shared = _entries(rich), _entries(tmp_path / "share.xlsx")
    for part in ("xl/worksheets/sheet90.xml", "xl/charts/chart90.xml", "xl/media/image90.png",
                 "xl/comments90.xml", "xl/comments91.xml", "xl/drawings/drawing90.xml",
                 "xl/drawings/vmlDrawing91.vml"):  # fmt: skip
        assert shared[part][0] == original[part][0], part
    assert "xl/vbaProject.bin" not in shared and not any(p.startswith("customUI") for p in shared)
