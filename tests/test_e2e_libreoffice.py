"""End to end: every command's output opened in LibreOffice, an independent spreadsheet program.

One chain of commands on one plan workbook (with changed inputs, so the numbers differ
from the template's), a copy kept after each step, plus the share copy, a snapshot, the
demo workbook and a workbook with a user's additions; all are opened in a single
LibreOffice run, which must show the values the commands wrote.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lo_harness import lo_inspect_many, requires_libreoffice
from plan_files import plan_copy
from test_no_data_loss import USER_SHEET, with_user_additions

from xl_salesplan.cli import main
from xl_salesplan.layout import blocks_of, table
from xl_salesplan.ooxml.references import cell_name, parse_range
from xl_salesplan.sample_company import load_sample_company
from xl_salesplan.workbook.book import FileBook

pytestmark = requires_libreoffice

STEPS = [("plan", "build_plan"), ("budget", "optimise_budget"), ("actuals", "import_actuals"),
         ("kpi", "flag_kpis")]  # fmt: skip


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The plan with a user's additions after every command, its share copy, a snapshot
    and the demo workbook (few files: LibreOffice reads every cell through UNO)."""
    folder = tmp_path_factory.mktemp("lo")
    plan = with_user_additions(plan_copy(folder, "plan.xlsm"))
    book = FileBook.open(plan)
    book.write_value("Assumptions", "B8", 0.27)  # growth
    book.write_value("Assumptions", "B18", 11_500_000)  # budget
    book.save()
    actuals = load_sample_company().ytd_actuals
    actuals[actuals["month"].dt.month <= 7].to_csv(folder / "crm.csv", index=False)
    for command, _ in STEPS:
        argv = [command, str(plan)] + ([str(folder / "crm.csv")] if command == "actuals" else [])
        assert main(argv) == 0
    assert main(["share", str(plan), "-o", str(folder / "share.xlsx")]) == 0
    assert main(["snapshot", str(plan), "-o", str(folder / "snapshot.xlsx")]) == 0
    assert main(["demo", "-o", str(folder / "demo.xlsm")]) == 0
    return {"plan": plan, "share": folder / "share.xlsx", "snapshot": folder / "snapshot.xlsx",
            "demo": folder / "demo.xlsm"}  # fmt: skip


@pytest.fixture(scope="module")
def shown(outputs: dict[str, Path]) -> dict[str, dict]:
    reports = lo_inspect_many(list(outputs.values()))
    by_key = {key: reports[str(path)] for key, path in outputs.items()}
    for key, report in by_key.items():
        assert "error" not in report, (key, report.get("error"))
    return by_key


def sheet_of(report: dict, name: str) -> dict:
    return next(s for s in report["sheets"] if s["name"] == name)


def owned_ranges(book: FileBook, action: str) -> list[tuple[str, str]]:
    """(sheet, range) of what ``action`` writes: its blocks, or the actuals tables (Build plan
    also sets the KPI targets: the target column of ``tblKpiActuals``)."""
    if action == "import_actuals":
        out = []
        for name in ("tblActuals", "tblKpiActuals"):
            info = book.table_info(name)
            r1, c1, r2, c2 = info.data_bounds
            out.append((info.sheet, f"{cell_name(r1, c1)}:{cell_name(r2, c2)}"))
        return out
    out = [book.name_range(spec.name) for spec in blocks_of(action)]
    if action == "build_plan":
        info = book.table_info("tblKpiActuals")
        r1, c1, r2, _ = info.data_bounds
        column = c1 + table("tblKpiActuals").column_index("target")
        out.append((info.sheet, f"{cell_name(r1, column)}:{cell_name(r2, column)}"))
    return out


def check_blocks(report: dict, path: Path, action: str, *, formulas_have_values: bool) -> int:
    """Every non-blank cell ``action`` writes shows in LibreOffice what the file holds."""
    book = FileBook.open(path)
    checked = 0
    for sheet, ref in owned_ranges(book, action):
        cells = sheet_of(report, sheet)["cells"]
        r1, c1, _, _ = parse_range(ref)
        for i, row in enumerate(book.read_range(sheet, ref)):
            for j, value in enumerate(row):
                where = cell_name(r1 + i, c1 + j)
                if value in (None, ""):
                    assert where not in cells or cells[where]["text"] == "", where
                    continue
                seen = cells[where]
                if "formula" in seen and not formulas_have_values:
                    continue  # our Excel functions are unknown to LibreOffice (#NAME?)
                if isinstance(value, dt.datetime):  # LibreOffice gives the serial number
                    value = float((value - dt.datetime(1899, 12, 30)).days)
                if isinstance(value, float):
                    assert seen["value"] == pytest.approx(value, rel=1e-9, abs=1e-9), where
                else:
                    assert seen["value"] == value, where
                checked += 1
    return checked


@pytest.mark.parametrize(("command", "action"), STEPS)
def test_libreoffice_shows_what_each_command_wrote(outputs, shown, command, action) -> None:
    assert check_blocks(shown["plan"], outputs["plan"], action,
                        formulas_have_values=False) > 0  # fmt: skip


def test_libreoffice_shows_the_new_targets_and_the_import(outputs, shown) -> None:
    targets = sheet_of(shown["plan"], "Targets")["cells"]
    history = load_sample_company().history
    last = float(history.loc[history["month"].dt.year == 2025, "revenue"].sum())
    assert targets["B6"]["value"] == round(last * 1.27 / 1000) * 1000
    assert sheet_of(shown["plan"], "Budget")["cells"]["M5"]["value"] == 11_500_000
    actuals = sheet_of(shown["plan"], "Actuals")["cells"]
    table = FileBook.open(outputs["plan"]).table_info("tblActuals")
    last_row = parse_range(table.ref)[2]
    assert f"E{last_row}" in actuals and f"E{last_row + 1}" not in actuals
    # The export holds January to July: those months are replaced, August and September of the
    # sample's actuals are kept (a monthly import), and LibreOffice shows all of them.
    first_row = parse_range(table.ref)[0] + 1
    months = {actuals[f"A{r}"]["text"][:7] for r in range(first_row, last_row + 1)}
    assert months == {f"2026-{m:02d}" for m in range(1, 10)}


def test_the_users_additions_survive_every_command_in_libreoffice(shown) -> None:
    notes = sheet_of(shown["plan"], USER_SHEET)
    assert notes["charts"] == 1 and len(notes["shapes"]) >= 2  # the chart and the image
    assert notes["cells"]["A2"]["value"] == "Jan"
    assert sheet_of(shown["plan"], "Targets")["cells"]["R2"]["value"] == (
        "my notes: see the board deck"
    )
    assert sheet_of(shown["plan"], "Dashboard")["charts"] >= 3
    assert any(m.endswith("RibbonCallbacks") for m in shown["plan"]["vba_modules"])


def test_the_share_copy_in_libreoffice(outputs, shown) -> None:
    report = shown["share"]
    names = [s["name"] for s in report["sheets"]]
    assert "xlwings.conf" not in names and "Dashboard" in names and USER_SHEET in names
    assert not any(report["vba_modules"].values())
    assert not any("formula" in cell for s in report["sheets"] for cell in s["cells"].values())
    assert sheet_of(report, "Dashboard")["charts"] >= 3
    assert sheet_of(report, USER_SHEET)["charts"] == 1
    for _, action in STEPS:
        assert check_blocks(report, outputs["share"], action, formulas_have_values=True) > 0


def test_snapshot_and_demo_in_libreoffice(shown) -> None:
    snapshot = sheet_of(shown["snapshot"], "Targets")["cells"]
    plan = sheet_of(shown["plan"], "Targets")["cells"]
    for cell in ("B5", "B6", "A33", "N33", "P48"):
        assert snapshot[cell]["value"] == plan[cell]["value"], cell
    demo = shown["demo"]
    assert sheet_of(demo, "Dashboard")["charts"] >= 3
    assert sheet_of(demo, "Targets")["cells"]["B6"]["value"] == 78_480_000
    assert any(m.endswith("RibbonCallbacks") for m in demo["vba_modules"])
