"""Re-plan on a plan workbook (command line and the action the ribbon runs): the current plan
is saved first, the Re-plan sheet shows original vs re-plan side by side, closed months hold
the actuals, Build plan's blocks are not touched, bad settings give one readable line."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from plan_files import plan_copy

from xl_salesplan.actions.replan import read_plan_block, replan_plan
from xl_salesplan.cli import EXIT_INVALID_INPUT, EXIT_OK, main
from xl_salesplan.layout import block, named_input
from xl_salesplan.ooxml.reading import load_values, read_block
from xl_salesplan.workbook.book import FileBook

MONTHS = [f"m{m:02d}" for m in range(1, 13)]


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _actuals_by_rep(book: FileBook) -> dict[str, np.ndarray]:
    table = book.read_table("tblActuals")
    months = table.iloc[:, 0].astype("datetime64[ns]").dt.month
    out: dict[str, np.ndarray] = {}
    for rep, month, revenue in zip(table.iloc[:, 3], months, table.iloc[:, 4], strict=True):
        out.setdefault(str(rep).strip(), np.zeros(12))[month - 1] += float(revenue)
    return out


def test_replan_from_the_command_line(capsys, tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    original = read_plan_block(FileBook.open(plan), "RepTargets")
    capacity_before = FileBook.open(plan).read_name("RepCapacity", header=False)
    code, out, err = run(capsys, "replan", plan, "--catch-up", "rebase", "--json")
    assert code == EXIT_OK, err
    payload = json.loads(out)
    details = payload["details"]
    # the current plan was saved first, beside the workbook
    snapshot = Path(details["snapshot"])
    assert snapshot.parent == tmp_path / "plan versions" and snapshot.exists()
    anchor = block("RepTargets").anchor  # the first rep's id, at the same cell in the snapshot
    assert read_block(load_values(snapshot), "Targets", anchor) == [[original.loc[0, "rep_id"]]]

    book = FileBook.open(plan)
    closed = int(book.read_value("Assumptions", named_input("ActualsThroughMonth").cell))
    replanned = read_plan_block(book, "ReplanReps")
    actual = _actuals_by_rep(book)
    for _, row in replanned.iterrows():
        values = row[MONTHS].to_numpy(dtype=float)
        np.testing.assert_allclose(
            values[:closed], actual.get(row["rep_id"], np.zeros(12))[:closed]
        )
    # original vs re-plan side by side, month by month
    by_month = read_plan_block(book, "ReplanByMonth")
    np.testing.assert_allclose(
        by_month["original"].astype(float), original[MONTHS].astype(float).sum().to_numpy()
    )
    np.testing.assert_allclose(
        by_month["replan"].astype(float), replanned[MONTHS].astype(float).sum().to_numpy()
    )
    # re-based: the re-plan adds up to the landing on the pace to date
    summary = book.read_name("ReplanSummary", header=False)
    values = dict(zip([r.key for r in block("ReplanSummary").rows], summary.iloc[:, 0],
                      strict=True))  # fmt: skip
    assert values["annual_total"] == pytest.approx(details["landing"])
    assert replanned[MONTHS].astype(float).to_numpy().sum() == pytest.approx(details["landing"])
    assert values["snapshot"] == snapshot.name
    # Build plan's blocks are as they were
    pd_original = read_plan_block(book, "RepTargets")
    assert pd_original.equals(original)
    assert book.read_name("RepCapacity", header=False).equals(capacity_before)
    # the text output shows original and re-plan by month
    run(capsys, "replan", plan)
    code, out, _ = run(capsys, "replan", plan, "--catch-up", "keep")
    assert code == EXIT_OK and "original" in out and "re-plan" in out
    assert "Not reachable within capacity" in out  # keeping 78.48m needs more than capacity


def test_catch_up_is_read_from_the_re_plan_sheet(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    spec = named_input("ReplanCatchUp")
    book = FileBook.open(plan)
    book.write_value("Re-plan", spec.cell, 0.5)
    result = replan_plan(book, save=False)
    landing, total = result.details["landing"], result.details["annual_total"]
    target = float(book.read_value("Targets", "B6"))
    assert total == pytest.approx(landing + 0.5 * (target - landing))
    assert result.details["snapshot"] == ""


def test_bad_settings_give_one_line_and_leave_the_file(capsys, tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    book = FileBook.open(plan)
    book.write_value("Re-plan", named_input("ReplanCatchUp").cell, 1.5)
    book.save()
    before = plan.read_bytes()
    code, _, err = run(capsys, "replan", plan)
    assert code == EXIT_INVALID_INPUT
    assert err.strip().startswith("xl-salesplan replan: 'Re-plan'!B5: Share of the gap to catch up")
    assert plan.read_bytes() == before
    assert not (tmp_path / "plan versions").exists() or not any(
        (tmp_path / "plan versions").iterdir()
    )
    code, _, err = run(capsys, "replan", plan, "--catch-up", "most")
    assert code == 2 and "expected keep, rebase or a share" in err
