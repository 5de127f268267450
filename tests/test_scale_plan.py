"""A large plan: 1,000 reps, 40 regions, 50 channels; every block and name follows the result.

Not timed (``benchmarks/bench_scale.py`` measures time and memory): this checks that
blocks grow with the result, that the defined names and the charts' series cover what
was written, and that the file still passes the OOXML checker.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from scaled_plan import write_scaled_plan
from shared_tools import ooxml_problems

from xl_salesplan.actions.budget import FRONTIER_POINTS, optimise_budget
from xl_salesplan.actions.plan import HISTORY_YEARS_SHOWN, build_plan
from xl_salesplan.actions.validate import validate_inputs
from xl_salesplan.layout import BLOCKS, LIST_NAMES, SHEETS, block, table
from xl_salesplan.ooxml.references import format_range, parse_range
from xl_salesplan.workbook.book import FileBook

REPS, REGIONS, CHANNELS = 1_000, 40, 50


@pytest.fixture(scope="module")
def large_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("large") / "plan.xlsm"
    write_scaled_plan(path, reps=REPS, regions=REGIONS, channels=CHANNELS, products=2,
                      history_rows=REPS * 36, actuals_rows=600)  # fmt: skip
    with FileBook.open(path) as book:
        assert validate_inputs(book).ok
        build_plan(book)
    with FileBook.open(path) as book:
        optimise_budget(book)
    return path


def _body(book: FileBook, name: str) -> tuple[str, str, list[list[object]]]:
    sheet, ref = book.name_range(name)
    return sheet, ref, book.read_range(sheet, ref)


def _keys(rows: list[list[object]]) -> list[object]:
    return [row[0] for row in rows]


def test_every_output_block_holds_every_row(large_plan: Path) -> None:
    with FileBook.open(large_plan) as book:
        reps = set(book.read_table("tblReps").iloc[:, 0])
        regions = set(book.read_table("tblRegions").iloc[:, 0])
        channels = set(book.read_table("tblChannels").iloc[:, 0])
        expected = {"RepTargets": reps, "RepCapacity": reps, "RegionTargets": regions,
                    "BudgetScore": channels, "BudgetOptimal": channels,
                    "ChannelCurves": channels}  # fmt: skip
        for name, keys in expected.items():
            sheet, ref, rows = _body(book, name)
            r1, c1, r2, _ = parse_range(ref)
            assert (r1, c1) == parse_range(block(name).anchor)[:2], name
            assert r2 - r1 + 1 == len(keys), f"{name} covers {ref}"
            assert set(_keys(rows)) == keys, name
            below = book.read_range(sheet, format_range(r2 + 1, c1, r2 + 3, c1))
            assert all(row[0] is None for row in below), f"{name}: rows left below {ref}"
        # The rep quotas add up to the team quota, month by month, over all 1,000 rows.
        _, _, quotas = _body(book, "RepTargets")
        assert all(isinstance(row[-1], float) for row in quotas)


def test_defined_names_and_charts_cover_the_new_extents(large_plan: Path) -> None:
    with FileBook.open(large_plan) as book:
        for name, (table_name, _column, _rows) in LIST_NAMES.items():
            _, ref = book.name_range(name)
            _, _, last, _ = book.table_info(table_name).data_bounds
            assert parse_range(ref)[2] >= last, f"{name} {ref} stops above the table's end"
        extents = {name: book.name_range(name) for name in BLOCKS}
    with zipfile.ZipFile(large_plan) as package:
        charts = [package.read(n).decode() for n in package.namelist()
                  if n.startswith("xl/charts/chart")]  # fmt: skip
    refs = [m for text in charts for m in re.findall(r"<c:f>([^<]+)</c:f>", text)]
    assert refs
    checked = 0
    for formula in refs:
        sheet_name, ref = formula.split("!")
        sheet_name = sheet_name.strip("'")
        f1, g1, f2, _ = parse_range(ref.replace("$", ""))
        for name, (sheet, block_ref) in extents.items():
            if block(name).fixed_rows:  # a chart may read one cell of those
                continue
            b1, d1, b2, d2 = parse_range(block_ref)
            if sheet == sheet_name and d1 <= g1 <= d2 and b1 <= f1 <= b2:
                assert (f1, f2) == (b1, b2), f"chart series {formula} does not cover {name}"
                checked += 1
    assert checked >= 5  # revenue by month (4 series and categories), frontier, status counts


def test_the_large_plan_passes_the_ooxml_checker(large_plan: Path) -> None:
    assert ooxml_problems([large_plan]) == ""


def test_budget_sheet_keeps_its_outputs_when_the_channels_grow(large_plan: Path) -> None:
    with FileBook.open(large_plan) as book:
        sheet = SHEETS["budget"].name("en")
        summary = book.read_range(*book.name_range("BudgetSummary"))
        assert summary[0][0] is not None and isinstance(summary[0][0], float)
        _, _, last, _ = book.table_info("tblChannels").data_bounds
        assert last == 5 + CHANNELS
        assert book.read_value(sheet, "A5") is not None


def test_blocks_of_a_fixed_size_hold_every_row_of_the_large_plan(large_plan: Path) -> None:
    # RevenueHistory shows the latest years of history and the frontier a fixed number of
    # budgets, by design (tests/test_block_sizes.py lists which block is which).
    with FileBook.open(large_plan) as book:
        history = book.read_table("tblHistory").set_axis(table("tblHistory").column_keys(), axis=1)
        years = pd.Series([int(str(month)[:4]) for month in history["month"]])
        by_year = pd.to_numeric(history["revenue"]).groupby(years.to_numpy()).sum()
        shown = sorted(by_year.index)[-HISTORY_YEARS_SHOWN:]
        _, _, rows = _body(book, "RevenueHistory")
        filled = [row for row in rows if row[0] is not None]
        assert [int(row[0]) for row in filled] == shown
        for row in filled:
            assert row[-1] == pytest.approx(by_year[int(row[0])], rel=1e-9), row[0]
        _, _, frontier = _body(book, "BudgetFrontier")
        budgets = [row[0] for row in frontier if row[0] is not None]
        assert len(budgets) == FRONTIER_POINTS and budgets == sorted(budgets)
