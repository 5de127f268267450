"""Every action end to end on workbook files (the template's sample plan)."""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from layout_workbook import build_layout_workbook
from plan_files import plan_copy

from xl_salesplan.actions.actuals import import_actuals
from xl_salesplan.actions.actuals_records import RefusedRows
from xl_salesplan.actions.budget import compute_budget, optimise_budget
from xl_salesplan.actions.company_inputs import inputs_from_company
from xl_salesplan.actions.incentives import compute_incentives
from xl_salesplan.actions.kpi import compute_kpis, flag_kpis
from xl_salesplan.actions.market import compute_market
from xl_salesplan.actions.plan import build_plan, compute_plan
from xl_salesplan.actions.share import share_copy
from xl_salesplan.actions.validate import validate_inputs
from xl_salesplan.actions.version_diff import compare_versions, diff_versions
from xl_salesplan.actions.versions import snapshot_version
from xl_salesplan.actions.workbook_inputs import read_inputs
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import SHEETS, blocks_of, named_input, table
from xl_salesplan.layout.blocks import block_grid
from xl_salesplan.ooxml.cell_values import CellError
from xl_salesplan.sample_company import load_sample_company
from xl_salesplan.workbook.book import FileBook, Formula

CSV_2026 = b"Date,Amount,Region\n2026-01-01,5,East\n"
ACTIONS = {"build_plan": build_plan, "optimise_budget": optimise_budget, "flag_kpis": flag_kpis}


def read_block(book: FileBook, name: str) -> list[list[object]]:
    sheet, ref = book.name_range(name)
    return book.read_range(sheet, ref)


def same_cells(got: list[list[object]], want: list[list[object]]) -> bool:
    for row_got, row_want in zip(got, want, strict=True):
        for a, b in zip(row_got, row_want, strict=True):
            a, b = (None if a == "" else a), (None if b == "" else b)  # "" is written as a blank
            if isinstance(b, int | float) and not isinstance(b, bool):
                if not isinstance(a, float) or not np.isclose(a, b, rtol=1e-12, atol=1e-9):
                    return False
            elif a != b:
                return False
    return True


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return plan_copy(tmp_path)


def test_reading_the_template_gives_the_sample_inputs(plan: Path) -> None:
    from_book = read_inputs(FileBook.open(plan))
    from_company = inputs_from_company()
    assert dict(from_book.assumptions) == dict(from_company.assumptions)
    for compute in (compute_plan, compute_budget, compute_kpis):
        for key, frame in compute(from_book).items():
            expected = compute(from_company)[key]
            pd.testing.assert_frame_equal(
                frame.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False
            )


@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_action_writes_its_frames_into_its_blocks(plan: Path, action: str) -> None:
    inputs = inputs_from_company().with_assumptions(growth_target=0.3)
    book = FileBook.open(plan)
    book.write_value(*_named("GrowthTarget"), 0.3)
    book.save()
    result = ACTIONS[action](FileBook.open(plan))
    frames = {**compute_plan(inputs), **compute_budget(inputs), **compute_kpis(inputs)}
    frames.update(compute_market(inputs, frames))
    if action == "flag_kpis":  # the incentives follow the plan in the workbook (not rebuilt)
        built = compute_plan(inputs_from_company())
        target = float(built["plan_summary"].loc["target", "value"])
        frames.update(compute_incentives(inputs, built["rep_targets"], target))
    after = FileBook.open(plan)
    for spec in blocks_of(action):
        assert same_cells(read_block(after, spec.name), block_grid(spec, frames[spec.frame])), spec
    assert result.details["blocks"] == [spec.name for spec in blocks_of(action)]


def test_build_plan_follows_the_inputs(plan: Path) -> None:
    history = load_sample_company().history
    last = float(history.loc[history["month"].dt.year == 2025, "revenue"].sum())
    book = FileBook.open(plan)
    book.write_value(*_named("GrowthTarget"), 0.25)
    book.write_value(*_named("RoundingUnit"), 10_000)
    result = build_plan(book)
    expected = round(last * 1.25 / 10_000) * 10_000
    after = FileBook.open(plan)
    sheet, ref = after.name_range("AnnualTarget")
    assert after.read_value(sheet, ref.replace("$", "")) == expected
    assert result.details["target"] == expected
    months = [row[1:13] for row in read_block(after, "RegionTargets")[:4]]
    assert all(v % 10_000 == 0 for row in months for v in row)
    assert sum(result.details["regions"].values()) == expected


def test_actions_reproduce_the_templates_numbers(plan: Path, tmp_path: Path) -> None:
    original = shutil.copy(plan, tmp_path / "original.xlsm")
    for action in ACTIONS.values():
        action(FileBook.open(plan))
    diff = compare_versions(original, plan)
    assert not diff.changed, diff.frame.head()


def test_a_bare_workbook_built_from_the_layout_is_filled_like_the_template(plan, tmp_path):
    bare = build_layout_workbook(tmp_path / "bare.xlsx")
    for action in ACTIONS.values():
        action(FileBook.open(bare))
        action(FileBook.open(plan))
    book, template = FileBook.open(bare), FileBook.open(plan)
    for action in ACTIONS:
        for spec in blocks_of(action):
            assert same_cells(read_block(book, spec.name), read_block(template, spec.name))


def test_the_chinese_workbook_gets_chinese_status_words_and_cells(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path, language="zh-CN")
    result = flag_kpis(FileBook.open(plan))
    # as in English (tests/test_cli.py): revenue, win rate and deal size at risk; new leads
    # (against the funnel's needs) and discount off track; the other three on track
    assert result.details["status_counts"] == {"正常": 3, "预警": 3, "落后": 2, "无数据": 0}
    assert (
        result.details["kpis"]["new_leads"] == "落后"
        and result.details["kpis"]["revenue"] == "预警"
    )
    book = FileBook.open(plan)
    book.write_value(SHEETS["assumptions"].name("zh-CN"), "B8", "twenty")
    book.save()
    with pytest.raises(PlanningError, match=r"^'假设'!B8: Growth target: 'twenty' is not a number"):
        build_plan(FileBook.open(plan))


# --------------------------------------------------------------------------- validation


def test_validate_lists_each_problem_with_its_cell(plan: Path) -> None:
    reps, history, ramp = table("tblReps"), table("tblHistory"), table("tblRamp")
    channels, kpis = table("tblChannels"), table("tblKpis")
    book = FileBook.open(plan)
    book.write_value("Reps", reps.column_cell("leave_date", 2), pd.Timestamp("2010-01-01"))
    quarters = table("tblChannelHistory")  # row 6 is 2023 Q2 field sales; row 0 is 2023 Q1
    book.write_value("Sales history", quarters.column_cell("quarter", 6), 1)
    book.write_value("Sales history", history.column_cell("revenue", 10), "n/a")
    book.write_value("Sales history", history.column_cell("region", 11), "Atlantis")
    book.write_value("Assumptions", ramp.column_cell("ramp", 4), 0.9)
    book.write_value("Budget", channels.column_cell("budget_cap", 1), 100)
    book.write_value("KPI tracker", kpis.column_cell("direction", 0), "up")
    book.write_value(*_named("GrowthTarget"), "lots")
    book.write_value(*_named("QuotaPerRep"), None)
    book.save()
    before = plan.read_bytes()
    result = validate_inputs(FileBook.open(plan))
    assert plan.read_bytes() == before  # validation writes nothing
    found = {(p["sheet"], p["cell"]) for p in result.details["problems"]}
    expected = {
        ("Reps", reps.column_cell("leave_date", 2)),
        ("Sales history", quarters.column_cell("channel", 6)),
        ("Sales history", history.column_cell("revenue", 10)),
        ("Sales history", history.column_cell("region", 11)),
        ("Assumptions", ramp.column_cell("ramp", 4)),
        ("Budget", channels.column_cell("budget_cap", 1)),
        ("KPI tracker", kpis.column_cell("direction", 0)),
        ("Assumptions", "B8"),
        ("Assumptions", "B9"),
    }
    assert expected <= found
    assert found - expected <= {("Assumptions", "B18")}  # caps now below the budget
    assert not result.ok and result.message.startswith(f"{len(found)} problem(s)")
    messages = {(p["sheet"], p["cell"]): p["message"] for p in result.details["problems"]}
    assert "before the start date" in messages[("Reps", reps.column_cell("leave_date", 2))]
    assert (
        "2023, 1, field_sales appears more than once"
        in messages[("Sales history", quarters.column_cell("channel", 6))]
    )
    assert (
        "'Atlantis' is not in table tblRegions"
        in messages[("Sales history", history.column_cell("region", 11))]
    )


def test_actions_stop_on_their_inputs_first_problem_and_leave_the_file(plan: Path) -> None:
    book = FileBook.open(plan)
    book.write_value("Sales history", table("tblHistory").column_cell("revenue", 3), "abc")
    book.save()
    before = plan.read_bytes()
    with pytest.raises(PlanningError) as caught:
        build_plan(FileBook.open(plan))
    assert str(caught.value) == "'Sales history'!E9: Revenue: 'abc' is not a number"
    assert caught.value.code == "invalid_input"
    assert plan.read_bytes() == before
    optimise_budget(FileBook.open(plan))  # the budget does not read the history


# --------------------------------------------------------------------------- import actuals


def crm_export(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.rename(columns={"month": "Close Date", "region": "Territory",
                                "product_line": "Product", "rep_id": "Owner",
                                "revenue": "Amount", "deals": "Won"})  # fmt: skip


def test_import_actuals_refuses_formula_names_and_updates_kpis(plan: Path, tmp_path):
    actuals = load_sample_company().ytd_actuals
    first_quarter = actuals[actuals["month"].dt.month <= 3].copy()
    source = tmp_path / "crm.csv"
    hostile = first_quarter.astype({"region": object})
    payloads = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR"]
    hostile.iloc[: len(payloads), 1] = payloads
    crm_export(hostile).to_csv(source, index=False, quoting=csv.QUOTE_ALL)
    before = plan.read_bytes()
    with pytest.raises(RefusedRows) as caught:  # names of no region: refused, nothing written
        import_actuals(FileBook.open(plan), source, ["deals=Won"])
    unknown = [line for line in caught.value.lines if "is not in tblRegions" in line]
    assert len(unknown) == len(payloads) and plan.read_bytes() == before
    crm_export(first_quarter).to_csv(source, index=False, quoting=csv.QUOTE_ALL)
    result = import_actuals(FileBook.open(plan), source, ["deals=Won"])
    assert result.details["last_month"] == "2026-03"
    book = FileBook.open(plan)
    frame = book.read_table("tblActuals")
    assert len(frame) == len(actuals)  # April-September kept
    assert frame.iloc[:, 4].sum() == actuals["revenue"].sum()
    with zipfile.ZipFile(plan) as zf:
        sheet = zf.read("xl/worksheets/sheet9.xml").decode()
    assert "<f>" not in sheet[sheet.index("<sheetData") :]  # no formula was written
    kpis = book.read_table("tblKpiActuals")
    months = pd.to_datetime(kpis.iloc[:, 0]).dt.month
    revenue = kpis[(kpis.iloc[:, 1] == "revenue") & (months <= 3)].iloc[:, 3]
    by_month = first_quarter.groupby(first_quarter["month"].dt.month)["revenue"].sum()
    assert revenue.tolist() == by_month.tolist()
    assert not any("month 3" in w for w in result.details["warnings"])  # still September


def test_import_actuals_from_xlsx_and_the_table_grows(plan: Path, tmp_path: Path) -> None:
    actuals = load_sample_company().ytd_actuals
    autumn = actuals[actuals["month"].dt.month >= 7]
    later = autumn.assign(month=autumn["month"] + pd.DateOffset(months=3))  # October-December
    halves = pd.concat([later.assign(revenue=later["revenue"] // 2), later.assign(
        revenue=later["revenue"] - later["revenue"] // 2)])  # fmt: skip
    source = tmp_path / "crm.xlsx"
    crm_export(halves).to_excel(source, index=False)
    result = import_actuals(FileBook.open(plan), source)
    assert result.details["rows"] == len(later) and result.details["rows_read"] == len(halves)
    assert result.details["encoding"] is None
    book = FileBook.open(plan)
    groups = len(actuals) + len(later)
    assert book.table_info("tblActuals").ref == f"A5:F{5 + groups}"
    frame = book.read_table("tblActuals")
    assert frame.iloc[:, 4].sum() == actuals["revenue"].sum() + later["revenue"].sum()


@pytest.mark.parametrize(
    ("content", "name", "mapping", "message"),
    [
        (None, "missing.csv", None, "no such actuals file"),
        (b"%PDF-1.4 binary\x00\x01", "export.pdf", None, "unsupported file type"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls", None, "old .xls"),
        (b"a,b\n1,2\n", "export.csv", None, "cannot find the column(s) for month, revenue"),
        (CSV_2026, "export.csv", ["revenue=Sales"], "no column 'Sales'"),
        (CSV_2026, "export.csv", ["amount=Amount"], "not an actuals column"),
        (CSV_2026.replace(b"-01-01", b"-13-45"), "export.csv", None, "1 problem(s)"),
        (CSV_2026.replace(b"2026", b"2025"), "export.csv", None, "no rows for the plan year"),
    ],
)  # fmt: skip
def test_import_actuals_refuses_bad_files_and_keeps_the_workbook(
    plan: Path, tmp_path: Path, content, name, mapping, message
) -> None:
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    before = plan.read_bytes()
    with pytest.raises(PlanningError, match=re.escape(message)):
        import_actuals(FileBook.open(plan), source, mapping)
    assert plan.read_bytes() == before


# --------------------------------------------------------------------------- share copy, versions


def test_share_copy_has_values_charts_and_formatting_but_no_code(plan: Path, tmp_path: Path):
    result = share_copy(plan, tmp_path / "share.xlsx")
    with zipfile.ZipFile(plan) as zf:
        original = {n: zf.read(n) for n in zf.namelist()}
    with zipfile.ZipFile(tmp_path / "share.xlsx") as zf:
        shared = {n: zf.read(n) for n in zf.namelist()}
    assert not any("vbaProject" in n or n.startswith("customUI") for n in shared)
    for name in (
        "xl/styles.xml",
        "xl/charts/chart1.xml",
        "xl/charts/chart2.xml",
        "xl/charts/chart3.xml",
        "xl/drawings/drawing1.xml",
        "xl/theme/theme1.xml",
    ):
        assert shared[name] == original[name], name  # fmt: skip
    sheets = [n for n in shared if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any(b"<f>" in shared[n] or b"<f " in shared[n] for n in sheets)
    assert b"xlwings.conf" not in shared["xl/workbook.xml"]
    assert result.details["removed_sheets"] == ["xlwings.conf"]
    assert b"sheet.main+xml" in shared["[Content_Types].xml"]
    diff = compare_versions(plan, tmp_path / "share.xlsx")  # the same values, but the cover
    assert set(diff.frame["sheet"]) == {"Instructions"} and diff.sheets_only_before == []
    with pytest.raises(PlanningError, match=r"ending in \.xlsx"):
        share_copy(plan, tmp_path / "share.xlsm")


def test_snapshot_and_compare_show_exactly_what_changed(plan: Path, tmp_path: Path) -> None:
    first = snapshot_version(FileBook.open(plan), tmp_path / "v1.xlsx", label="base")
    assert first.details["cells"] > 10_000
    book = FileBook.open(plan)
    growth_sheet, growth_cell = _named("GrowthTarget")
    book.write_value(growth_sheet, growth_cell, 0.1)
    build_plan(book)
    snapshot_version(FileBook.open(plan), tmp_path / "v2.xlsx")
    result = diff_versions(tmp_path / "v1.xlsx", tmp_path / "v2.xlsx", limit=5)
    changes = pd.DataFrame(result.details["changes"])
    changed = {"Assumptions", "Targets", "Capacity", "Funnel", "Actuals", "Market"}
    assert changed >= set(changes["sheet"])
    kpi_table = FileBook.open(plan).read_table("tblKpiActuals")
    target_column = table("tblKpiActuals").column_cell("target", 0)[0]
    actuals_cells = changes.loc[changes["sheet"] == "Actuals", "cell"]
    # the plan's KPI targets: 12 months each of revenue, deals won and new leads (the leads of
    # October-December are for next year's first months, which repeat this year's and move too)
    assert len(actuals_cells) == 36
    assert all(cell.startswith(target_column) for cell in actuals_cells)
    assert len(kpi_table) == 96
    growth = changes[(changes["sheet"] == "Assumptions") & (changes["cell"] == growth_cell)]
    assert growth[["before", "after"]].values.tolist() == [[0.2, 0.1]]
    assert set(changes.loc[changes["sheet"] == "Assumptions", "cell"]) == {growth_cell}
    target = changes[(changes["sheet"] == "Targets") & (changes["cell"] == "B6")].iloc[0]
    assert target["after"] < target["before"]
    summary = len(result.details["sheets"])  # one line per sheet first, then the first five
    assert len(result.lines) == summary + 6 and result.lines[-1].startswith("  ... and")
    assert result.lines[0].startswith("  Assumptions: 1 value(s) changed")
    same = diff_versions(tmp_path / "v2.xlsx", tmp_path / "v2.xlsx")
    assert same.details["changed"] == 0 and same.message.startswith("No differences")
    with zipfile.ZipFile(tmp_path / "v1.xlsx") as zf:
        props = zf.read("docProps/core.xml").decode()
    assert "base" in props
    loaded = openpyxl.load_workbook(io.BytesIO((tmp_path / "v1.xlsx").read_bytes()))
    assert "xlwings.conf" not in loaded.sheetnames and "Targets" in loaded.sheetnames


def test_snapshot_refuses_to_overwrite_its_workbook(plan: Path) -> None:
    with pytest.raises(PlanningError, match="must not overwrite"):
        snapshot_version(FileBook.open(plan), plan.with_suffix(".xlsx"), workbook_path=plan
                         .with_suffix(".xlsx"))  # fmt: skip


def _named(name: str) -> tuple[str, str]:
    """(English sheet name, cell) of a named input."""
    spec = named_input(name)
    return SHEETS[spec.sheet].name("en"), spec.cell


def test_import_actuals_writes_only_the_kpi_cells_it_measures(plan: Path, tmp_path: Path) -> None:
    book = FileBook.open(plan)
    kpis = book.read_table("tblKpiActuals")
    spec = table("tblKpiActuals")
    months = pd.to_datetime(kpis.iloc[:, 0]).dt.month
    ids = kpis.iloc[:, 1].astype(str).str.strip()
    win_rate = spec.column_cell("actual", int(np.flatnonzero(ids == "win_rate")[0]))
    revenue_dec = spec.column_cell(
        "actual", int(np.flatnonzero((ids == "revenue") & (months == 12))[0])
    )
    revenue_jan = spec.column_cell(
        "actual", int(np.flatnonzero((ids == "revenue") & (months == 1))[0])
    )
    formulas = {win_rate: "=0.25+0.05", revenue_dec: "=1000*2", revenue_jan: "=1+1"}
    for cell, formula in formulas.items():
        book.write_range("Actuals", cell, [[Formula(formula, 0.0)]])
    book.save()
    actuals = load_sample_company().ytd_actuals
    january = actuals[actuals["month"].dt.month == 1]
    crm_export(january).to_csv(tmp_path / "crm.csv", index=False)
    result = import_actuals(FileBook.open(plan), tmp_path / "crm.csv")
    # revenue, deals won and average deal size of January: one cell each
    assert result.details["kpi_cells"] == 3
    sheet = openpyxl.load_workbook(plan)["Actuals"]
    assert sheet[win_rate].value == "=0.25+0.05"  # a KPI the export does not measure
    assert sheet[revenue_dec].value == "=1000*2"  # a month the export does not have
    assert sheet[revenue_jan].value == float(january["revenue"].sum())  # imported: a value


def test_an_excel_error_in_an_input_is_named_as_excel_shows_it(plan: Path) -> None:
    # Was: "CellError(code='#N/A')" is not a number.
    book = FileBook.open(plan)
    book.write_value(
        "Sales history", table("tblHistory").column_cell("revenue", 3), CellError("#N/A")
    )
    book.save()
    with pytest.raises(PlanningError) as caught:
        build_plan(FileBook.open(plan))
    assert str(caught.value) == "'Sales history'!E9: Revenue: #N/A is not a number"
