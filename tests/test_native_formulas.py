"""The Market sheet's live formulas are Excel's own: any spreadsheet computes them.

The blocks' native formulas (target from each market = size x (1 + growth) x share, the share
path, the totals, the customer bridge's sums, the new customers needed) read the inputs as
they are. Checked end to end: the template (English and Chinese) and a plan whose markets
a planner changed without running Build plan are recalculated by LibreOffice, which cannot
run our Python; every native formula shows what Build plan writes for those inputs.
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

from xl_salesplan.actions.plan import build_plan
from xl_salesplan.layout import BLOCKS, SHEETS, table
from xl_salesplan.layout.live_formulas import formula_writes
from xl_salesplan.workbook.book import FileBook

_OURS = re.compile(r"\b(SEASONALITY|KPI_STATUS|TARGET_FROM_MARKET|PAYOUT\w*)\(")
_NATIVE_BLOCKS = [b for b in BLOCKS.values() if any(f.native for f in b.formulas)]


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
    cells = _native_cells("zh-CN", {"MarketTargets": 4, "SharePath": 4})
    assert len(cells) >= 4 * 10 + 5 + 4 + 17  # markets, totals, customers, bridge sums
    assert not [f for f in cells.values() if _OURS.search(f)]
    market = SHEETS["market"].name("zh-CN")
    assert cells[(market, "B63")] == "=B14*(1+C14)"  # East: size x (1 + growth)
    assert cells[(market, "D63")] == "=B63*C63"  # x the plan year's share
    assert cells[(market, "B31")] == "=SUM($D$63:$D$66)"


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
    book.save()
    # What Build plan writes for the changed inputs: the reference.
    reference = folder / "reference.xlsm"
    shutil.copyfile(changed, reference)
    with FileBook.open(reference) as plan:
        build_plan(plan)
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
    cells = _native_cells(language, {"MarketTargets": 4, "SharePath": 4})
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


def test_libreoffice_recomputes_changed_markets_as_build_plan_would(
    recalculated: dict[str, tuple[Path, Path]],
) -> None:
    _, changed = recalculated["changed"]
    _, reference = recalculated["reference"]
    live = openpyxl.load_workbook(changed, data_only=True)["Market"]
    built = openpyxl.load_workbook(reference, data_only=True)["Market"]
    cells = _native_cells("en", {"MarketTargets": 4, "SharePath": 4})
    # Not the bridge (its months are Build plan's values) nor the fair share's difference.
    from_inputs = [
        cell
        for (sheet, cell) in cells
        if sheet == "Market" and not 53 <= int(cell[1:]) <= 57 and cell[0] != "H"
    ]
    differ = [
        f"{cell}: LibreOffice {live[cell].value!r}, Build plan {built[cell].value!r}"
        for cell in from_inputs
        if not _same(built[cell].value, live[cell].value)
    ]
    assert not differ
    east_next = 360e6 * 1.07
    assert live["D63"].value == pytest.approx(east_next * (0.055 + (0.09 - 0.055) / 2))
    assert live["N63"].value == pytest.approx(0.09)  # two years to the goal, then held
    assert live["B45"].value == pytest.approx(52e6 * 0.85 * 1.1)
    assert len(table("tblMarkets").columns) == 6
