"""Every output block with variable rows grows with its result or is fixed by design."""

from __future__ import annotations

import pytest

from xl_salesplan.actions.budget import FRONTIER_POINTS
from xl_salesplan.actions.plan import HISTORY_YEARS_SHOWN
from xl_salesplan.layout import BLOCKS
from xl_salesplan.sample_company import load_sample_company
from xl_salesplan.template.build import compute_outputs

# Blocks that neither grow nor are fixed by design yet (each needs room made on its sheet:
# an input table or another block lies below it). Validate warns when there are more KPIs
# than KpiTracker holds; HiringPlan's rows run from the first requisition to December;
# PayoutTiers sits beside the tier table, above the rep scorecard (validate warns past 8 tiers).
STILL_FIXED = {"KpiTracker", "HiringPlan", "PayoutTiers"}


def _variable_blocks():
    return [spec for spec in BLOCKS.values() if not spec.fixed_rows]


def test_every_variable_block_grows_or_says_why_its_size_is_fixed():
    for spec in _variable_blocks():
        reasons = [spec.grows, bool(spec.fixed_by_design), spec.name in STILL_FIXED]
        assert sum(reasons) == 1, spec.name


def test_blocks_fixed_by_design_are_not_warned_about():
    for spec in _variable_blocks():
        if spec.fixed_by_design:
            assert spec.follows is None, spec.name  # validate compares no input with them


@pytest.fixture(scope="module")
def frames():
    return compute_outputs(load_sample_company(), "en")


def test_results_fit_the_blocks_fixed_by_design(frames):
    fixed = [spec for spec in _variable_blocks() if spec.fixed_by_design]
    assert {spec.name for spec in fixed} >= {"RevenueByMonth", "KpiStatusCounts", "RevenueHistory"}
    for spec in fixed:
        rows = len(frames[spec.frame])
        assert 0 < rows <= spec.max_rows, spec.name
        if "twelve months" in spec.fixed_by_design:
            assert rows == spec.max_rows == 12, spec.name
    assert len(frames["kpi_status_counts"]) == BLOCKS["KpiStatusCounts"].max_rows
    assert BLOCKS["BudgetFrontier"].max_rows >= FRONTIER_POINTS
    assert BLOCKS["RevenueHistory"].max_rows == HISTORY_YEARS_SHOWN
