"""The Incentives sheet after Flag KPIs: the plan's cost comes from the very simulation that
gives the quota risk on the Capacity sheet, each tier's what-if rate is priced on the same
years, the scorecard ranks the reps by pace, and bad plan cells give one readable line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from plan_files import plan_copy

from xl_salesplan.actions.kpi import flag_kpis
from xl_salesplan.actions.replan import read_plan_block
from xl_salesplan.cli import EXIT_INVALID_INPUT, main
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import block, named_input
from xl_salesplan.workbook.book import FileBook


def _fixed(book: FileBook, name: str) -> dict[str, object]:
    values = book.read_name(name, header=False).iloc[:, 0].tolist()
    return dict(zip([r.key for r in block(name).rows], values, strict=True))


def test_payout_cost_comes_from_the_quota_risk_simulation(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    book = FileBook.open(plan)
    flag_kpis(book)
    after = FileBook.open(plan)
    risk = _fixed(after, "PayoutRisk")
    quota = _fixed(after, "QuotaRisk")
    # same quotas, attainment sample, simulations and seed as Build plan's quota risk
    assert risk["probability"] == quota["probability"]
    assert risk["p50_cost"] <= risk["p90_cost"]
    assert risk["target_incentive_total"] == 60_000 * 21
    # each tier's rate +10% costs more on the same simulated years, the threshold tier most
    tiers = read_plan_block(after, "PayoutTiers")
    assert tiers["kind"].tolist() == ["Threshold", "Accelerator", "Decelerator"]
    assert tiers["payout_at_start"].astype(float).tolist() == pytest.approx([0.5, 1.0, 1.4])
    change = tiers["expected_change"].astype(float).to_numpy()
    assert (change > 0).all() and change[0] == change.max()
    assert (tiers["p90_change"].astype(float) > 0).all()


def test_scorecard_ranks_reps_by_pace(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    card = read_plan_block(FileBook.open(plan), "RepScorecard")
    targets = read_plan_block(FileBook.open(plan), "RepTargets")
    assert card["rep_id"].tolist() == targets["rep_id"].tolist()
    pace = card["pace"].astype(float).to_numpy()
    rank = card["rank"].astype(float).to_numpy()
    assert sorted(rank) == sorted(np.argsort(np.argsort(-pace)) + 1)  # no ties in the sample
    assert set(card["quartile"].astype(int)) == {1, 2, 3, 4}
    np.testing.assert_allclose(
        card["attainment"].astype(float), card["actual_to_date"].astype(float) / card["quota"]
    )
    # the best-paced rep earns the most at the projected landing (same incentive for all)
    best = int(np.argmin(rank))
    assert card["projected_payout"].astype(float).idxmax() == best


def _tiers(book: FileBook, rows: list[tuple[float, float]]) -> None:
    columns = book.read_table("tblPayoutTiers").columns
    book.write_table("tblPayoutTiers", pd.DataFrame(rows, columns=columns))


def test_a_higher_accelerator_costs_more_as_its_what_if_said(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    before = _fixed(FileBook.open(plan), "PayoutRisk")["expected_cost"]
    said = read_plan_block(FileBook.open(plan), "PayoutTiers")["expected_change"].iloc[1]
    book = FileBook.open(plan)
    _tiers(book, [(0.5, 1.0), (1.0, 2.2), (1.2, 1.0)])  # the accelerator +10%
    flag_kpis(book)
    risk = _fixed(FileBook.open(plan), "PayoutRisk")
    assert risk["expected_cost"] - before == pytest.approx(said)


def test_bad_incentive_cells_give_one_line(capsys, tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    book = FileBook.open(plan)
    book.write_value("Incentives", named_input("PayoutCap").cell, -1)
    book.save()
    assert main(["kpi", str(plan)]) == EXIT_INVALID_INPUT
    err = capsys.readouterr().err.strip()
    assert err.startswith("xl-salesplan kpi: Incentives!B6: Payout cap") and "\n" not in err
    book = FileBook.open(plan)
    book.write_value("Incentives", named_input("PayoutCap").cell, 2.5)
    _tiers(book, [(0.5, 1.0), (1.0, 2.0), (0.9, 1.0)])  # tiers not increasing
    book.save()
    assert main(["kpi", str(plan)]) == EXIT_INVALID_INPUT
    err = capsys.readouterr().err.strip()
    assert err.startswith("xl-salesplan kpi: Incentives!A13: Attainment from:") and "\n" not in err
    assert "90%" in err and "100%" in err
    book = FileBook.open(plan)
    _tiers(book, [(1.0, 2.0)])  # a threshold at 100% alone is one tier: still a valid curve
    flag_kpis(book, save=False)
    with pytest.raises(PlanningError):
        book.write_value("Incentives", named_input("TargetIncentive").cell, "lots")
        flag_kpis(book, save=False)
