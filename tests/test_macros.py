"""The ribbon macros against the live-Excel backend, with an in-memory stand-in for xlwings.

The stand-in (``tests/fakes/xlwings_fake.py``) holds what Excel would show for a workbook
file and implements only the xlwings calls the workbook layer uses. Each macro runs on it
and must write the same cells as the command line writes into the same file.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlwings
from fakes.xlwings_fake import FakeBook
from plan_files import plan_copy

from xl_salesplan import macros
from xl_salesplan.cli import main
from xl_salesplan.layout import blocks_of, table
from xl_salesplan.ooxml.references import parse_range
from xl_salesplan.sample_company import load_sample_company
from xl_salesplan.workbook.book import ExcelBook, FileBook


class Alerts:
    """Records ``app.alert`` calls (Excel's message box)."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []

    def alert(self, prompt: str, title: str | None = None, mode: str | None = None) -> None:
        self.shown.append((prompt, title or "", mode or ""))


@pytest.fixture
def twins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The same plan twice: a file for the command line, a fake open workbook for a macro."""
    (tmp_path / "cli").mkdir()
    (tmp_path / "excel").mkdir()
    by_cli = plan_copy(tmp_path / "cli")
    in_excel = plan_copy(tmp_path / "excel")
    fake = FakeBook.from_file(in_excel)
    fake.app = Alerts()
    fake.fullname = str(in_excel)
    fake.saved = 0

    def save() -> None:
        fake.saved += 1

    fake.save = save
    monkeypatch.setattr(xlwings.Book, "caller", staticmethod(lambda: fake))
    return by_cli, fake


def formulas_of(path: Path) -> dict[tuple[str, int, int], str]:
    """Formula text of every formula cell of a file, by (sheet, row, column)."""
    wb = openpyxl.load_workbook(path, data_only=False)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                text = getattr(value, "text", value)
                if isinstance(text, str) and text.startswith("="):
                    out[(ws.title, cell.row, cell.column)] = text
    return out


def assert_same_blocks(action: str, by_cli: Path, fake: FakeBook) -> int:
    """Every block of ``action``: the fake's cells equal the file's (formulas by text)."""
    file_book, excel_book = FileBook.open(by_cli), ExcelBook(fake)
    file_formulas = formulas_of(by_cli)
    compared = 0
    for spec in blocks_of(action):
        sheet, ref = file_book.name_range(spec.name)
        r1, c1, _, _ = parse_range(ref)
        got, want = excel_book.read_range(sheet, ref), file_book.read_range(sheet, ref)
        for i, (row_got, row_want) in enumerate(zip(got, want, strict=True)):
            for j, (a, b) in enumerate(zip(row_got, row_want, strict=True)):
                key = (sheet, r1 + i, c1 + j)
                formula = fake.sheets[sheet].formulas.get(key[1:])
                if formula is not None or key in file_formulas:
                    assert formula == file_formulas.get(key), key
                elif isinstance(b, float):
                    assert a == pytest.approx(b, rel=1e-12), key
                else:
                    assert a == b, key
                compared += 1
    return compared


@pytest.mark.parametrize(
    ("macro", "command", "action"),
    [
        (macros.build_plan, "plan", "build_plan"),
        (macros.optimise_budget, "budget", "optimise_budget"),
        (macros.flag_kpis, "kpi", "flag_kpis"),
    ],
)
def test_macros_write_what_the_command_line_writes(twins, capsys, macro, command, action):
    by_cli, fake = twins
    fake.sheets["Assumptions"].seed("B8", [[0.35]])  # a changed input, in Excel and in the file
    file_book = FileBook.open(by_cli)
    file_book.write_value("Assumptions", "B8", 0.35)
    file_book.save()
    assert main([command, str(by_cli)]) == 0
    cli_text = capsys.readouterr().out.strip()
    shown = macro()
    assert shown == cli_text
    assert fake.app.shown == [(cli_text, "Sales Plan", "info")]
    assert assert_same_blocks(action, by_cli, fake) > 0
    if action == "build_plan":  # and the KPI targets it sets in tblKpiActuals
        got = ExcelBook(fake).read_table("tblKpiActuals")
        want = FileBook.open(by_cli).read_table("tblKpiActuals")
        pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-12)
        revenue = want[want.iloc[:, 1] == "revenue"].iloc[:, 2]
        assert revenue.sum() > 78_480_000  # growth 35 %: the targets moved in both


def test_import_actuals_macro_reads_the_named_file_cell(twins, capsys, tmp_path: Path):
    by_cli, fake = twins
    export = load_sample_company().ytd_actuals
    export = export[export["month"].dt.month <= 6].rename(columns={"month": "Closed On"})
    export.to_csv(tmp_path / "crm.csv", index=False)
    fake.sheets["Actuals"].seed("Z1", [["crm.csv"], ["month=Closed On"]])
    fake.add_name("ActualsFile", "=Actuals!$Z$1")
    fake.add_name("ActualsMapping", "=Actuals!$Z$2")
    (Path(fake.fullname).parent / "crm.csv").write_bytes((tmp_path / "crm.csv").read_bytes())
    assert (
        main(["actuals", str(by_cli), str(tmp_path / "crm.csv"), "--map", "month=Closed On"]) == 0
    )
    cli_text = capsys.readouterr().out.strip()
    assert macros.import_actuals() == cli_text.replace(str(tmp_path / "crm.csv"), "crm.csv")
    file_book, excel_book = FileBook.open(by_cli), ExcelBook(fake)
    for name in ("tblActuals", "tblKpiActuals"):
        got, want = excel_book.read_table(name), file_book.read_table(name)
        assert got.shape == want.shape and got.equals(want), name
    assert excel_book.table_info("tblActuals").ref == file_book.table_info("tblActuals").ref
    assert table("tblActuals").anchor == "A5"


def test_import_actuals_macro_imports_a_kpi_export_as_the_command_line_does(twins, capsys):
    by_cli, fake = twins
    folder = Path(fake.fullname).parent
    content = "月份,区域,指标,数值\n2026-09,华东,销售额,4000000\n2026-09,华北,销售额,3000000\n"
    (folder / "kpi.csv").write_bytes(content.encode("gb18030"))
    fake.sheets["Actuals"].seed("Z1", [["kpi.csv"]])
    fake.add_name("ActualsFile", "=Actuals!$Z$1")
    assert main(["actuals", str(by_cli), str(folder / "kpi.csv")]) == 0
    cli_text = capsys.readouterr().out.strip()
    assert macros.import_actuals() == cli_text
    got, want = (
        ExcelBook(fake).read_table("tblKpiActuals"),
        FileBook.open(by_cli).read_table("tblKpiActuals"),
    )
    assert got.equals(want)
    september = want[(want.iloc[:, 1] == "revenue") & (want.iloc[:, 0].astype(str) >= "2026-09")]
    assert september.iloc[0, 3] == 7_000_000


def test_a_refused_import_shows_every_problem_and_changes_nothing(twins, tmp_path) -> None:
    _, fake = twins
    folder = Path(fake.fullname).parent
    (folder / "crm.csv").write_text("Month,Region,Revenue\n2026-10,Esat,100\n,West,5\n")
    fake.sheets["Actuals"].seed("Z1", [["crm.csv"]])
    fake.add_name("ActualsFile", "=Actuals!$Z$1")
    before = ExcelBook(fake).read_table("tblActuals")
    shown = macros.import_actuals()
    assert shown.splitlines() == [
        "Sales Plan: crm.csv: 2 problem(s) in the export; nothing was imported:",
        "row 3: no month in column 'Month', but the row has values",
        "'Esat' in column 'Region' (rows 2) is not in tblRegions, closest: East, West; correct the "
        "export, or "
        "add it to tblRegions on the Assumptions sheet (English or Chinese column)",
    ]
    assert fake.app.shown[-1][2] == "critical"
    assert ExcelBook(fake).read_table("tblActuals").equals(before)


def test_import_actuals_without_a_file_says_what_to_do(twins) -> None:
    _, fake = twins
    shown = macros.import_actuals()
    assert shown.startswith("Sales Plan: no file chosen") and "ActualsFile" in shown
    assert fake.app.shown[-1][2] == "critical"


def test_share_copy_and_snapshot_macros(twins) -> None:
    _, fake = twins
    shown = macros.share_copy()
    folder = Path(fake.fullname).parent
    assert fake.saved == 1 and (folder / "plan (share).xlsx").exists()
    assert shown.startswith("Share copy written to")
    shown = macros.snapshot_version()
    [snapshot] = (folder / "plan versions").glob("plan *.xlsx")
    assert shown.startswith(f"Snapshot written to {snapshot}")
    values = FileBook.open(snapshot).read_range("Targets", "A33:B33")
    assert values == [["East", 2_391_000.0]]  # January, Chinese New Year in February
    fake.fullname = "Book1"  # never saved
    assert "save the workbook to a folder first" in macros.snapshot_version()


def test_validate_and_help_macros(twins) -> None:
    _, fake = twins
    assert macros.validate_inputs().startswith("Inputs are valid")
    fake.sheets["Reps"].seed(table("tblReps").column_cell("start_date", 0), [["soon"]])
    shown = macros.validate_inputs()
    assert shown.splitlines()[1] == "  Reps!E6: Start date: 'soon' is not a date"
    assert fake.app.shown[-1][2] == "critical"
    assert macros.show_help().startswith("Sales Plan: the buttons")
    fake.sheets["Assumptions"].seed("B20", [["zh-CN"]])
    assert "生成计划" in macros.show_help()


def test_errors_are_one_readable_message_and_nothing_is_written(twins, monkeypatch) -> None:
    _, fake = twins
    fake.sheets["Assumptions"].seed("B8", [["lots"]])
    fake.calls.clear()
    shown = macros.build_plan()
    assert shown == "Sales Plan: Assumptions!B8: Growth target: 'lots' is not a number"
    assert fake.app.shown[-1] == (shown, "Sales Plan", "critical")
    assert fake.calls == []  # nothing was written

    def broken(*args, **kwargs):
        raise ZeroDivisionError("float division by zero")

    fake.sheets["Assumptions"].seed("B8", [[0.2]])
    monkeypatch.setattr("xl_salesplan.actions.budget.compute_budget", broken)
    shown = macros.optimise_budget()
    assert shown == "Sales Plan: unexpected error (ZeroDivisionError: float division by zero)"
    assert "Traceback" not in shown


def test_a_macro_outside_excel_explains_itself(monkeypatch) -> None:
    def no_caller():
        raise RuntimeError("not called from Excel")

    monkeypatch.setattr(xlwings.Book, "caller", staticmethod(no_caller))
    assert macros.build_plan() == (
        "Sales Plan: this macro runs from the Excel ribbon (RuntimeError)"
    )
