"""Import actuals into plan workbooks, as a planner runs it every month: names in English or
Chinese, GB18030 exports, month-by-month merging, refusals that leave the file untouched."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
from plan_files import plan_copy

from xl_salesplan.actions.actuals import import_actuals
from xl_salesplan.cli import EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE, main
from xl_salesplan.layout import table
from xl_salesplan.sample_company import load_sample_company
from xl_salesplan.workbook.book import FileBook

REGIONS_ZH = {"East": "华东", "North": "华北", "South": "华南", "West": "西部"}
CHINESE_HEADERS = {"month": "月份", "region": "区域", "product_line": "产品线",
                   "rep_id": "销售代表", "revenue": "销售额", "deals": "成交单数"}  # fmt: skip


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def chinese_export(actuals: pd.DataFrame) -> pd.DataFrame:
    """A CRM export of a Chinese company: Chinese headers, regions, 传感器 and reps' names."""
    reps = load_sample_company().reps.set_index("rep_id")["rep_name_zh"]
    export = actuals.assign(
        region=actuals["region"].map(REGIONS_ZH),
        product_line=actuals["product_line"].replace({"Sensors": "传感器"}),
        rep_id=actuals["rep_id"].map(reps),
        month=actuals["month"].dt.strftime("%Y/%m/%d"),
    )
    return export.rename(columns=CHINESE_HEADERS)


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def actuals_table(path: Path) -> pd.DataFrame:
    frame = FileBook.open(path).read_table("tblActuals")
    frame.columns = list(table("tblActuals").column_keys())
    return frame


def kpi_actuals(path: Path) -> pd.DataFrame:
    frame = FileBook.open(path).read_table("tblKpiActuals")
    frame.columns = list(table("tblKpiActuals").column_keys())
    return frame.assign(month=pd.to_datetime(frame["month"]))


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_a_gb18030_export_with_chinese_names_imports_cleanly(capsys, tmp_path, language):
    plan = plan_copy(tmp_path, language=language)
    actuals = load_sample_company().ytd_actuals
    export = tmp_path / "crm.csv"
    chinese_export(actuals).to_csv(export, index=False, encoding="gb18030")
    code, out, err = run(capsys, "actuals", plan, export, "--json")
    assert code == EXIT_OK, err
    details = json.loads(out)["details"]
    assert details["encoding"] == "GB18030" and details["rows"] == len(actuals)
    assert details["warnings"] == []
    stored = actuals_table(plan)
    book = FileBook.open(plan)  # the workbook's own names (Chinese keys in a zh-CN workbook)
    assert set(stored["region"]) == set(book.read_table("tblRegions").iloc[:, 0])
    assert set(stored["product_line"]) == set(book.read_table("tblProducts").iloc[:, 0])
    assert set(stored["rep_id"]) == set(actuals["rep_id"])
    assert stored["revenue"].sum() == actuals["revenue"].sum()
    assert run(capsys, "validate", plan)[0] == EXIT_OK
    code, _, err = run(capsys, "kpi", plan)
    assert code == EXIT_OK, err


def test_one_misspelt_region_is_refused_and_the_file_is_unchanged(capsys, tmp_path):
    plan = plan_copy(tmp_path)
    export = chinese_export(load_sample_company().ytd_actuals)
    export.loc[[6, 40], "区域"] = "华冬"
    export.to_csv(tmp_path / "crm.csv", index=False, encoding="gb18030")
    before = sha(plan)
    code, out, err = run(capsys, "actuals", plan, tmp_path / "crm.csv")
    assert code == EXIT_INVALID_INPUT and out == ""
    assert sha(plan) == before
    assert err.splitlines() == [
        "xl-salesplan actuals: crm.csv: 1 problem(s) in the export; nothing was imported:",
        "  '华冬' in column '区域' (rows 8, 42) is not in tblRegions, closest: 华东, 华北, 华南; "
        "correct the export, or add it to tblRegions on the Assumptions sheet (English or "
        "Chinese column)",
    ]
    code, out, _ = run(capsys, "actuals", plan, tmp_path / "crm.csv", "--json")
    assert json.loads(out)["problems"][0].startswith("'华冬' in column '区域' (rows 8, 42)")
    assert sha(plan) == before


def test_a_refusal_in_a_chinese_workbook_is_said_in_chinese(tmp_path):
    from xl_salesplan.actions.actuals_records import RefusedRows

    plan = plan_copy(tmp_path, language="zh-CN")
    (tmp_path / "crm.csv").write_text("月份,区域,销售额\n2026-10,华冬,5\n", encoding="utf-8")
    with pytest.raises(RefusedRows) as caught:
        import_actuals(FileBook.open(plan), tmp_path / "crm.csv")
    assert caught.value.message == "crm.csv:导出文件中有 1 个问题;未导入任何数据:"
    assert caught.value.lines[0].startswith(
        "'区域' 列的 '华冬'(第 2 行)不在 tblRegions 中,最接近的是:华东"
    )


def test_an_october_import_keeps_january_to_september_and_the_kpi_table_agrees(capsys, tmp_path):
    plan = plan_copy(tmp_path)
    before = actuals_table(plan)
    september = load_sample_company().ytd_actuals.query("month.dt.month == 9")
    october = september.assign(month=pd.Timestamp("2026-10-01"), revenue=september["revenue"] + 1)
    october.to_csv(tmp_path / "october.csv", index=False)
    code, out, _ = run(capsys, "actuals", plan, tmp_path / "october.csv")
    assert code == EXIT_OK
    assert "2026-10: 60 added, 0 replaced, 0 removed, 0 kept" in out
    assert "2026-01: 0 added, 0 replaced, 0 removed, 54 kept" in out
    after = actuals_table(plan)
    assert len(after) == len(before) + len(october)
    pd.testing.assert_frame_equal(after.iloc[: len(before)], before)  # Jan-Sep untouched
    months = pd.to_datetime(after["month"]).dt.to_period("M")
    by_month = after.groupby(months)["revenue"].sum()
    kpis = kpi_actuals(plan)
    revenue = kpis[kpis["kpi_id"] == "revenue"]
    revenue = revenue.set_index(revenue["month"].dt.to_period("M"))
    for month, total in by_month.items():  # both tables say the same, month by month
        assert revenue.loc[month, "actual"] == total
    # the same file again: every row replaced by itself, nothing else moves
    code, out, _ = run(capsys, "actuals", plan, tmp_path / "october.csv")
    assert "2026-10: 0 added, 60 replaced, 0 removed, 0 kept" in out
    pd.testing.assert_frame_equal(actuals_table(plan), after)


def test_replace_all_keeps_the_old_behaviour_and_blanks_the_kpis_of_removed_months(
    capsys, tmp_path
):
    plan = plan_copy(tmp_path)
    january = load_sample_company().ytd_actuals.query("month.dt.month == 1")
    january.to_csv(tmp_path / "january.csv", index=False)
    code, out, _ = run(capsys, "actuals", plan, tmp_path / "january.csv", "--replace-all")
    assert code == EXIT_OK and "2026-09: 0 added, 0 replaced, 60 removed, 0 kept" in out
    assert len(actuals_table(plan)) == len(january)
    kpis = kpi_actuals(plan)
    measured = kpis[kpis["kpi_id"].isin(["revenue", "deals_won", "avg_deal_size"])]
    later = measured[measured["month"].dt.month.between(2, 9)]
    assert later["actual"].isna().all() and len(later) > 0
    assert measured.loc[measured["month"].dt.month == 1, "actual"].notna().all()
    other = kpis[kpis["kpi_id"] == "win_rate"]
    assert other["actual"].notna().sum() >= 9  # a KPI the export does not measure keeps its values


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Month;Region;Revenue\n2026-10;East;1234,56\n2026-10;West;1.234,56\n2026-11;East;99,5\n",
         None),
        ("Month,Region,Revenue\n2026-10,East,\"1,234\"\n",
         "row 2, column 'Revenue': '1,234' reads as 1,234 or as 1.234"),
        ("Month,Region,Revenue\n2026-10,\"East,100\n2026-10,West,200\n",
         "row 2: a quote opened in column 'Region' is not closed on that row"),
        ("Month,Region,Revenue\n2026-10,East\n", "row 2: 2 value(s) where the header has 3"),
        ("Month,Region,Revenue\n,East,100\n", "row 2: no month in column 'Month'"),
        ("Month,Region,Revenue\n2026-10,East,1,200\n", "row 2: 4 values where the header has 3"),
    ],
)  # fmt: skip
def test_imports_do_not_guess(capsys, tmp_path, content, expected):
    plan = plan_copy(tmp_path)
    (tmp_path / "crm.csv").write_text(content, encoding="utf-8")
    before = sha(plan)
    code, out, err = run(capsys, "actuals", plan, tmp_path / "crm.csv")
    if expected is None:  # decimal commas, read as such
        assert code == EXIT_OK and "numbers with the decimal mark ','" in out
        stored = actuals_table(plan).tail(3)
        assert stored["revenue"].tolist() == [1234.56, 1234.56, 99.5]
        return
    assert code == EXIT_INVALID_INPUT and sha(plan) == before
    assert expected in err.splitlines()[1]


def test_a_blank_revenue_is_counted_and_reported(capsys, tmp_path):
    plan = plan_copy(tmp_path)
    (tmp_path / "crm.csv").write_text("Month,Region,Revenue,Deals\n2026-10,East,,2\n"
                                      "2026-10,West,100,1\n")  # fmt: skip
    code, out, _ = run(capsys, "actuals", plan, tmp_path / "crm.csv")
    assert code == EXIT_OK
    assert "warning: 1 row(s) have no revenue (rows 2); they are imported without one" in out


def test_sheet_with_a_csv_and_a_negative_diff_limit_are_refused(capsys, tmp_path):
    plan = plan_copy(tmp_path)
    (tmp_path / "crm.csv").write_text("Month,Region,Revenue\n2026-10,East,5\n")
    before = sha(plan)
    code, _, err = run(capsys, "actuals", plan, tmp_path / "crm.csv", "--sheet", "Data")
    assert code != EXIT_OK and sha(plan) == before
    assert err.strip() == ("xl-salesplan actuals: crm.csv: --sheet 'Data' is for .xlsx exports; "
                           "a CSV file has no sheets")  # fmt: skip
    code, _, err = run(capsys, "diff", plan, plan, "--limit", "-5")
    assert code == EXIT_USAGE
    assert "'-5' is not a count: use a whole number of 0 or more" in err
