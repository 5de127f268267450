"""The Market and Incentives sheets' key figures are Excel's own formulas: any spreadsheet
computes them.

The blocks' native formulas (target from each market = size x (1 + growth) x share, the share
path, the totals, the customer bridge's sums, the new customers needed; the payout at each
tier's start and each rep's payout at the projected landing through the tier table) read the
inputs as they are. Checked end to end: the template (English and Chinese) and a plan whose
markets and payout tiers a planner changed without running Build plan or Flag KPIs are
recalculated by LibreOffice, which cannot run our Python; every native formula shows what
Build plan and Flag KPIs write for those inputs.
"""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from plan_files import plan_copy
from shared_tools import recalculated_copies

from xl_salesplan.actions.kpi import flag_kpis
from xl_salesplan.actions.plan import build_plan
from xl_salesplan.layout import BLOCKS, SHEETS
from xl_salesplan.layout.live_formulas import formula_writes
from xl_salesplan.workbook.book import FileBook

_OURS = re.compile(r"\b(SEASONALITY|KPI_STATUS|TARGET_FROM_MARKET|PAYOUT\w*)\(")
_NATIVE_BLOCKS = [b for b in BLOCKS.values() if any(f.native for f in b.formulas)]
#: Rows of the sample's markets, tiers and reps.
SIZES = {"MarketTargets": 4, "SharePath": 4, "tblMarkets": 4, "PayoutTiers": 3,
         "tblPayoutTiers": 3, "RepScorecard": 21, "ReplanByMonth": 12,
         "ReplanReps": 21}  # fmt: skip


def _native_cells(language: str, sizes: dict[str, int]) -> dict[tuple[str, str], str]:
    """(sheet name, cell) -> formula of every native live formula."""
    cells = {}
    for spec in _NATIVE_BLOCKS:
        filled = spec.n_rows if spec.fixed_rows else sizes[spec.name]
        for write in formula_writes(spec, filled, language, sizes):
            cells[(SHEETS[spec.sheet].name(language), write.cell)] = write.formula
    return cells


def _same(written: object, shown: object) -> bool:
    if isinstance(written, int | float) and isinstance(shown, int | float):
        return math.isclose(written, shown, rel_tol=1e-12, abs_tol=1e-6)
    return (written if written is not None else "") == (shown if shown is not None else "")


def test_native_formulas_use_only_excel_functions_and_stable_names() -> None:
    cells = _native_cells("zh-CN", SIZES)
    # markets, totals, customers, bridge sums; tiers, reps' payouts; re-plan sums
    assert len(cells) >= 4 * 10 + 5 + 4 + 17 + 3 + 21 + 3 + 12 + 21
    assert not [f for f in cells.values() if _OURS.search(f)]
    market = SHEETS["market"].name("zh-CN")
    assert cells[(market, "B63")] == "=B14*(1+C14)"  # East: size x (1 + growth)
    assert cells[(market, "D63")] == "=B63*C63"  # x the plan year's share
    assert cells[(market, "B31")] == "=SUM($D$63:$D$66)"
    incentives = SHEETS["incentives"].name("zh-CN")
    assert cells[(incentives, "E11")] == "=IF(ISNUMBER(A10),E10+B10*(A11-A10),B11*A11)"
    payout = cells[(incentives, "L31")]
    assert "LOOKUP(I31/D31,$A$11:$A$13,$E$11:$E$13)" in payout and "PayoutCap" in payout
    replan = SHEETS["replan"].name("zh-CN")
    assert cells[(replan, "B13")] == "=B12+B11*(B8-B12)"  # landing + catch-up x the gap
    assert cells[(replan, "E22")] == "=D22-B22"


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Workbooks as written and as LibreOffice shows them after recalculating every formula."""
    folder = tmp_path_factory.mktemp("native")
    written = {
        "en": plan_copy(folder, "template_en.xlsm"),
        "zh-CN": plan_copy(folder, "template_zh.xlsm", language="zh-CN"),
    }
    # A planner changes the markets and adds one, and does not run Build plan.
    changed = plan_copy(folder, "changed.xlsm")
    book = FileBook.open(changed)
    markets = book.read_table("tblMarkets")
    markets.iloc[0, 4] = 0.09  # East: share goal 9% instead of 7%
    markets.iloc[2, 2] = 0.15  # South: the market grows 15% a year
    book.write_table("tblMarkets", markets)
    book.write_value("Market", "B5", 2)  # the goals in two years
    book.write_value("Market", "B7", 0.85)  # retention
    # ... and the incentive plan, and does not run Flag KPIs.
    tiers = book.read_table("tblPayoutTiers")
    tiers.iloc[1, 1] = 2.5  # a steeper accelerator
    tiers.iloc[2, 0], tiers.iloc[2, 1] = 1.1, 0.5  # a decelerator from 110%
    book.write_table("tblPayoutTiers", tiers)
    book.write_value("Incentives", "B6", 1.8)  # cap at 180%
    book.save()
    # What Build plan writes for the changed inputs: the reference.
    reference = folder / "reference.xlsm"
    shutil.copyfile(changed, reference)
    with FileBook.open(reference) as plan:
        build_plan(plan)
    with FileBook.open(reference) as plan:
        flag_kpis(plan)
    written["changed"] = changed
    copies = recalculated_copies([*written.values(), reference], folder)
    out = {key: (path, copies[path]) for key, path in written.items()}
    out["reference"] = (reference, copies[reference])
    return out


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_libreoffice_shows_what_python_wrote_in_every_native_formula(
    recalculated: dict[str, tuple[Path, Path]], language: str
) -> None:
    path, copy = recalculated[language]
    formulas = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    shown = openpyxl.load_workbook(copy, data_only=True)
    cells = _native_cells(language, SIZES)
    for (sheet, cell), formula in cells.items():
        assert formulas[sheet][cell].value == formula, (sheet, cell)
    changed = [
        f"{sheet}!{cell}: wrote {cached[sheet][cell].value!r}, shows {shown[sheet][cell].value!r}"
        for sheet, cell in cells
        if not _same(cached[sheet][cell].value, shown[sheet][cell].value)
    ]
    assert not changed
    market = SHEETS["market"].name(language)
    targets = [shown[market][f"D{row}"].value for row in range(63, 67)]
    assert [round(t) for t in targets] == [23_112_000, 18_511_133, 25_898_400, 9_856_000]
    assert round(shown[market]["B31"].value) == round(sum(targets)) == 77_377_533


def test_libreoffice_recomputes_changed_inputs_as_the_actions_would(
    recalculated: dict[str, tuple[Path, Path]],
) -> None:
    _, changed = recalculated["changed"]
    _, reference = recalculated["reference"]
    live = openpyxl.load_workbook(changed, data_only=True)
    built = openpyxl.load_workbook(reference, data_only=True)
    cells = _native_cells("en", SIZES)
    # Not the bridge (its months are Build plan's values) nor the fair share's difference.
    from_inputs = [
        (sheet, cell)
        for (sheet, cell) in cells
        if sheet != "Market" or (not 53 <= int(cell[1:]) <= 57 and cell[0] != "H")
    ]
    differ = [
        f"{sheet}!{cell}: LibreOffice {live[sheet][cell].value!r}, "
        f"the actions {built[sheet][cell].value!r}"
        for sheet, cell in from_inputs
        if not _same(built[sheet][cell].value, live[sheet][cell].value)
    ]
    assert not differ
    market = live["Market"]
    east_next = 360e6 * 1.07
    assert market["D63"].value == pytest.approx(east_next * (0.055 + (0.09 - 0.055) / 2))
    assert market["N63"].value == pytest.approx(0.09)  # two years to the goal, then held
    assert market["B45"].value == pytest.approx(52e6 * 0.85 * 1.1)
    tiers = [live["Incentives"][f"E{row}"].value for row in (11, 12, 13)]
    assert tiers == pytest.approx([0.5, 1.0, 1.25])  # 1.0 + 2.5 x (110% - 100%)
    # a rep at 127.8% of quota: 1.25 + 0.5 x 17.8 points = 1.339 of 60,000 (cap 1.8)
    rep = live["Incentives"]
    attained = rep["I31"].value / rep["D31"].value
    assert rep["L31"].value == pytest.approx(60_000 * min(1.8, 1.25 + 0.5 * (attained - 1.1)))
