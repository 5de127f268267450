"""Compare versions as a planner reads it: table rows matched by their keys, a summary per
sheet first, values in their cells' number formats, --json for scripts."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from plan_files import plan_copy

from xl_salesplan.actions.keyed_diff import diff_keyed_rows, shown_value
from xl_salesplan.actions.version_diff import diff_versions
from xl_salesplan.actions.versions import write_snapshot
from xl_salesplan.cli import EXIT_OK, main
from xl_salesplan.sample_company import load_sample_company

_ROW = st.tuples(st.sampled_from(["East", "West", "North"]), st.integers(1, 12),
                 st.floats(-1e9, 1e9, allow_nan=False))  # fmt: skip


@given(rows=st.lists(_ROW, max_size=30, unique_by=lambda r: r[:2]), seed=st.integers(0, 10**6))
def test_a_new_row_order_is_no_change(rows, seed):
    shuffled = list(rows)
    random.Random(seed).shuffle(shuffled)
    assert diff_keyed_rows([list(r) for r in rows], [list(r) for r in shuffled], [0, 1]) == []


@given(rows=st.lists(_ROW, min_size=1, max_size=20, unique_by=lambda r: r[:2]), data=st.data())
def test_every_added_removed_and_changed_row_is_reported_once(rows, data):
    before = [list(r) for r in rows]
    gone = data.draw(st.integers(0, len(before) - 1))
    after = [list(r) for i, r in enumerate(rows) if i != gone]
    after.append(["South", 13, 1.0])  # a key no row of before has
    if after[:-1]:
        after[0][2] += 1.0 + abs(after[0][2])
    kinds = sorted(c.kind for c in diff_keyed_rows(before, after, [0, 1]))
    assert kinds == sorted(["removed", "added", *(["changed"] if after[:-1] else [])])


def test_values_show_in_their_cells_number_formats():
    assert shown_value(3270000.0, "#,##0") == "3,270,000"
    assert shown_value(0.2500010, "0.0%") == "25.0%"
    assert shown_value(0.2000009725, "0.00%") == "20.00%"
    assert shown_value(1234.5, "#,##0.00") == "1,234.50"
    assert shown_value(5.0, "General") == "5"


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return plan_copy(tmp_path)


def test_a_reimport_of_the_same_data_diffs_as_no_changes(capsys, plan, tmp_path):
    actuals = load_sample_company().ytd_actuals
    actuals.to_csv(tmp_path / "crm.csv", index=False)
    assert run(capsys, "actuals", plan, tmp_path / "crm.csv")[0] == EXIT_OK
    run(capsys, "snapshot", plan, "-o", tmp_path / "v1.xlsx")
    before = tmp_path / "before.xlsm"
    before.write_bytes(plan.read_bytes())
    actuals.iloc[::-1].to_csv(tmp_path / "crm.csv", index=False)  # the rows in another order
    assert run(capsys, "actuals", plan, tmp_path / "crm.csv")[0] == EXIT_OK
    run(capsys, "snapshot", plan, "-o", tmp_path / "v2.xlsx")
    code, out, _ = run(capsys, "diff", tmp_path / "v1.xlsx", tmp_path / "v2.xlsx")
    assert code == EXIT_OK and out.startswith("No differences:"), out
    code, out, _ = run(capsys, "diff", before, plan)  # the workbooks themselves, too
    assert out.startswith("No differences:"), out


def test_an_october_import_diffs_as_rows_added_with_a_summary_first(capsys, plan, tmp_path):
    run(capsys, "snapshot", plan, "-o", tmp_path / "v1.xlsx")
    actuals = load_sample_company().ytd_actuals
    september = actuals[actuals["month"].dt.month == 9]
    october = september.assign(month=september["month"] + pd.DateOffset(months=1))
    october.to_csv(tmp_path / "october.csv", index=False)
    assert run(capsys, "actuals", plan, tmp_path / "october.csv")[0] == EXIT_OK
    run(capsys, "snapshot", plan, "-o", tmp_path / "v2.xlsx")
    code, out, _ = run(capsys, "diff", tmp_path / "v1.xlsx", tmp_path / "v2.xlsx", "--limit", "4")
    lines = out.splitlines()
    assert code == EXIT_OK and lines[0].startswith("63 difference(s) in 1 sheet(s)")
    assert lines[1] == "  Actuals: 3 value(s) changed, 60 row(s) added"
    assert (
        lines[2].startswith("  Actuals!K")
        and "tblKpiActuals [2026-10, revenue] Actual: " in (lines[2])
    )
    revenue = float(september["revenue"].sum())
    assert f"(blank) -> {revenue:,.2f}" in lines[2]  # the KPI table's number format
    assert "tblActuals [2026-10, East, " in lines[5] and " added: Month 2026-10; " in lines[5]
    assert lines[-1] == "  ... and 59 more"
    code, out, _ = run(capsys, "diff", tmp_path / "v1.xlsx", tmp_path / "v2.xlsx", "--json")
    details = json.loads(out)["details"]
    assert details["sheets"] == {"Actuals": {"changed": 3, "added": 60, "removed": 0}}
    added = [c for c in details["changes"] if c["kind"] == "added"]
    assert len(added) == 60 and added[0]["table"] == "tblActuals"
    assert {c["key"] for c in details["changes"] if c["kind"] == "changed"} == {
        "2026-10, revenue", "2026-10, deals_won", "2026-10, avg_deal_size"}  # fmt: skip


def test_a_percentage_and_an_amount_show_as_the_sheet_shows_them(tmp_path):
    write_snapshot(tmp_path / "a.xlsx", {"Plan": [[0.2000009725, 1000.0]]})
    write_snapshot(tmp_path / "b.xlsx", {"Plan": [[0.250001013, 3271000.0]]})
    result = diff_versions(tmp_path / "a.xlsx", tmp_path / "b.xlsx")
    assert result.lines[1:] == ["  Plan!A1: 0.2000009725 -> 0.250001013 (+0.0500000405)",
                                "  Plan!B1: 1,000 -> 3,271,000 (+3,270,000)"]  # fmt: skip
    formats = {"Plan": {(1, 1): "0.0%", (1, 2): "#,##0"}}  # as a snapshot of a plan has them
    write_snapshot(tmp_path / "a.xlsx", {"Plan": [[0.2000009725, 1000.0]]}, formats=formats)
    write_snapshot(tmp_path / "b.xlsx", {"Plan": [[0.250001013, 3271000.0]]}, formats=formats)
    result = diff_versions(tmp_path / "a.xlsx", tmp_path / "b.xlsx")
    assert result.lines[1:] == ["  Plan!A1: 20.0% -> 25.0% (+5.0%)",
                                "  Plan!B1: 1,000 -> 3,271,000 (+3,270,000)"]  # fmt: skip


def test_a_snapshot_keeps_the_plans_number_formats(plan, tmp_path, capsys):
    from xl_salesplan.actions.versions import read_sheets

    run(capsys, "snapshot", plan, "-o", tmp_path / "v1.xlsx")
    _, formats = read_sheets(tmp_path / "v1.xlsx")
    assert formats["Assumptions"][(8, 2)] == "0.0%"  # the growth target
    assert formats["Actuals"][(6, 5)] == "#,##0"  # revenue of the first actuals row
