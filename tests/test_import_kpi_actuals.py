"""Import KPI actuals from a CRM's KPI export (month, region, KPI name, value), month by month.

The KPI names are Chinese or English as the CRM writes them (GB18030 exports of Chinese
Windows), matched through the workbook's KPI table; an unknown name refuses the file with the
workbook untouched; the months in the file replace those months' actuals, the others stay;
Flag KPIs then tracks the imported values.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from plan_files import plan_copy

from xl_salesplan.actions.actuals_periods import merge_kpi_months
from xl_salesplan.cli import EXIT_INVALID_INPUT, EXIT_OK, main
from xl_salesplan.layout import BLOCKS, table
from xl_salesplan.sample_company import load_sample_company
from xl_salesplan.workbook.book import FileBook

HEADERS_ZH = ["月份", "区域", "指标", "数值"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def kpi_table(path: Path) -> pd.DataFrame:
    frame = FileBook.open(path).read_table("tblKpiActuals")
    frame.columns = list(table("tblKpiActuals").column_keys())
    return frame.assign(month=pd.to_datetime(frame["month"]).dt.strftime("%Y-%m"))


def actual(frame: pd.DataFrame, month: str, kpi_id: str) -> float:
    (value,) = frame.loc[(frame["month"] == month) & (frame["kpi_id"] == kpi_id), "actual"]
    return float(value)


def chinese_kpi_export(months: list[str], scale: float = 1.0) -> pd.DataFrame:
    """The sample's KPI actuals of ``months`` as a Chinese CRM reports them.

    Summed KPIs come in two regional rows (华东 60%, 华北 40%); ratios as percentages
    ("29.02%"); names in Chinese, the deals' name in full-width letters with spaces around.
    """
    company = load_sample_company()
    kpis = company.kpis.set_index("kpi_id")
    sample = company.kpi_actuals.assign(month=company.kpi_actuals["month"].dt.strftime("%Y-%m"))
    rows = []
    for month, kpi_id, value in sample.loc[
        sample["month"].isin(months), ["month", "kpi_id", "actual"]
    ].itertuples(index=False):
        name = kpis.loc[kpi_id, "kpi_zh"] if kpi_id != "deals_won" else " ＤＥＡＬＳ　ＷＯＮ "
        value = value * scale
        if kpis.loc[kpi_id, "aggregation"] == "sum":
            rows += [[month, "华东", name, f"{value * 0.6:,.4f}"],
                     [month, "华北", name, f"{value * 0.4:,.4f}"]]  # fmt: skip
        elif kpis.loc[kpi_id, "unit"] == "ratio":
            rows.append([month, "", name, f"{value * 100:.4f}%"])
        else:
            rows.append([month, "", name, f"{value:.4f}"])
    return pd.DataFrame(rows, columns=HEADERS_ZH)


def sample_actual(month: str, kpi_id: str) -> float:
    sample = load_sample_company().kpi_actuals
    chosen = (sample["month"].dt.strftime("%Y-%m") == month) & (sample["kpi_id"] == kpi_id)
    (value,) = sample.loc[chosen, "actual"]
    return float(value)


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_a_gb18030_kpi_export_with_chinese_names_imports_and_the_tracker_follows(
    capsys, tmp_path, language
):
    plan = plan_copy(tmp_path, language=language)
    assert run(capsys, "kpi", plan)[0] == EXIT_OK
    tracker = BLOCKS["KpiTracker"]
    before = FileBook.open(plan).read_name(tracker.name, header=False)
    export = tmp_path / "kpi.csv"
    chinese_kpi_export(["2026-08", "2026-09"], scale=1.1).to_csv(
        export, index=False, encoding="gb18030"
    )
    code, out, err = run(capsys, "actuals", plan, export, "--json")
    assert code == EXIT_OK, err
    details = json.loads(out)["details"]
    assert details["kind"] == "kpi" and details["encoding"] == "GB18030"
    assert details["values"] == 16 and details["rows_added"] == 0
    assert [m["month"] for m in details["months"]] == ["2026-08", "2026-09"]
    assert all(m["set"] == 8 and m["changed"] == 8 and m["kept"] == 0 for m in details["months"])
    stored = kpi_table(plan)
    for kpi_id in ("revenue", "deals_won", "win_rate", "sales_cycle_days"):
        assert actual(stored, "2026-09", kpi_id) == pytest.approx(
            1.1 * sample_actual("2026-09", kpi_id), rel=1e-9
        ), kpi_id
        assert actual(stored, "2026-07", kpi_id) == sample_actual("2026-07", kpi_id)
    # Flag KPIs tracks the imported months: revenue to date grows by 10% of August+September.
    assert run(capsys, "kpi", plan)[0] == EXIT_OK
    after = FileBook.open(plan).read_name(tracker.name, header=False)
    row = int(np.flatnonzero(after.iloc[:, 0] == "revenue")[0])
    column = tracker.column_index("actual_to_date")
    grown = 0.1 * (sample_actual("2026-08", "revenue") + sample_actual("2026-09", "revenue"))
    change = after.iloc[row, column] - before.iloc[row, column]
    assert change == pytest.approx(grown, rel=1e-9)


def test_a_chinese_workbook_reports_the_kpi_import_in_chinese(capsys, tmp_path):
    plan = plan_copy(tmp_path, language="zh-CN")
    export = tmp_path / "kpi.csv"
    chinese_kpi_export(["2026-09"]).to_csv(export, index=False, encoding="gb18030")
    code, out, err = run(capsys, "actuals", plan, export)
    assert code == EXIT_OK, err
    assert "已从 kpi.csv 导入 8 个KPI的 8 个实际值" in out
    assert "2026-09:写入 8 个KPI实际值(其中 0 个有变化),保留 0 个" in out


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_a_misspelt_kpi_is_refused_and_the_workbook_is_unchanged(capsys, tmp_path, language):
    plan = plan_copy(tmp_path, language=language)
    export = chinese_kpi_export(["2026-09"])
    export.loc[export["指标"] == "赢单率", "指标"] = "赢单律"
    export.to_csv(tmp_path / "kpi.csv", index=False, encoding="gb18030")
    before = sha(plan)
    code, out, err = run(capsys, "actuals", plan, tmp_path / "kpi.csv")
    assert code == EXIT_INVALID_INPUT and out == ""
    assert sha(plan) == before
    (line,) = [line for line in err.splitlines() if "赢单律" in line]
    assert "tblKpis" in line and "赢单率" in line  # the table and the closest name
    row = 2 + int(np.flatnonzero(export["指标"] == "赢单律")[0])
    assert (f"rows {row})" if language == "en" else f"第 {row} 行") in line


def test_the_months_in_the_file_replace_those_months_and_keep_the_others(capsys, tmp_path):
    plan = plan_copy(tmp_path)
    export = tmp_path / "october.csv"
    pd.DataFrame(
        [["2026-10", "Revenue", "6,100,000"], ["2026-10", "win rate", "0.31"]],
        columns=["Month", "KPI", "Value"],
    ).to_csv(export, index=False)
    code, out, err = run(capsys, "actuals", plan, export, "--json")
    assert code == EXIT_OK, err
    details = json.loads(out)["details"]
    assert details["months"] == [{"month": "2026-10", "set": 2, "changed": 2, "kept": 6}]
    stored = kpi_table(plan)
    assert actual(stored, "2026-10", "revenue") == 6_100_000
    assert actual(stored, "2026-09", "revenue") == sample_actual("2026-09", "revenue")
    assert np.isnan(actual(stored, "2026-10", "new_leads"))  # not in the file: kept (blank)
    # A re-import of the same month changes nothing; --replace-all clears every other actual.
    details = json.loads(run(capsys, "actuals", plan, export, "--json")[1])["details"]
    assert details["months"] == [{"month": "2026-10", "set": 2, "changed": 0, "kept": 6}]
    code, out, _ = run(capsys, "actuals", plan, export, "--replace-all", "--json")
    details = json.loads(out)["details"]
    stored = kpi_table(plan)
    assert details["cleared"] == 72  # January to September, 8 KPIs each
    assert stored["actual"].notna().sum() == 2
    assert stored["target"].notna().sum() == 96  # the targets stay


def test_a_kpi_month_without_a_row_is_added_at_the_end_of_the_table(capsys, tmp_path):
    plan = plan_copy(tmp_path)
    book = FileBook.open(plan)
    shorter = book.read_table("tblKpiActuals").iloc[:-8]  # no December rows
    book.write_table("tblKpiActuals", shorter)
    book.save()
    export = tmp_path / "kpi.csv"
    export.write_text("month,kpi,value\n2027-01,revenue,10\n2026-12,revenue,5\n")
    code, out, err = run(capsys, "actuals", plan, export, "--json")
    assert code == EXIT_OK, err
    details = json.loads(out)["details"]  # 2027 is not the plan year: left out, with a warning
    assert details["values"] == 1 and details["rows_added"] == 1
    assert any("2026" in w for w in details["warnings"])
    stored = kpi_table(plan)
    assert len(stored) == len(shorter) + 1
    assert stored.iloc[-1][["month", "kpi_id", "actual"]].tolist() == ["2026-12", "revenue", 5]
    assert stored.iloc[:-1]["actual"].tolist() == pytest.approx(
        pd.to_numeric(shorter.iloc[:, 3]).tolist(), nan_ok=True
    )


_MONTHS = st.lists(st.sampled_from(["2026-01", "2026-02", "2026-03"]), unique=True)


@given(
    kept=_MONTHS,
    imported=_MONTHS,
    kpis=st.lists(st.sampled_from(["a", "b", "c"]), unique=True, min_size=1),
    replace_all=st.booleans(),
)
def test_a_kpi_merge_writes_only_the_imported_months_unless_replace_all(
    kept, imported, kpis, replace_all
):
    table_rows = [(m, k) for m in sorted(set(kept) | {"2026-01"}) for k in ("a", "b", "c")]
    existing = pd.DataFrame(table_rows, columns=["month", "kpi_id"]).assign(
        month=lambda f: pd.to_datetime(f["month"]), actual=1.0
    )
    new = pd.DataFrame([(m, k) for m in imported for k in kpis], columns=["month", "kpi_id"])
    new = new.assign(month=pd.to_datetime(new["month"]), value=2.0)
    merged = merge_kpi_months(existing, new, replace_all=replace_all)
    pairs = set(zip(new["month"], new["kpi_id"], strict=True))
    written = existing.iloc[merged.positions]
    for month, kpi, value in zip(written["month"], written["kpi_id"], merged.values, strict=True):
        if (month, kpi) in pairs:
            assert value == 2.0
        else:  # only --replace-all writes a KPI month the file does not have: it clears it
            assert replace_all and np.isnan(value)
    existing_pairs = set(zip(existing["month"], existing["kpi_id"], strict=True))
    assert len(merged.added) == len(pairs - existing_pairs)
    assert merged.report["set"].sum() == len(new)
    untouched = existing.drop(index=merged.positions)
    kept = set(zip(untouched["month"], untouched["kpi_id"], strict=True))
    assert kept == (set() if replace_all else existing_pairs - pairs)
