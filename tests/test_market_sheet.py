"""The Market sheet's markets table after Build plan: targets from each market, the fair-share
split of the plan's target by potential, the share path, names in either language, and bad
markets named by their cell."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from plan_files import plan_copy

from xl_salesplan.actions.plan import build_plan
from xl_salesplan.actions.replan import read_plan_block
from xl_salesplan.actions.validate import validate_inputs
from xl_salesplan.cli import EXIT_INVALID_INPUT, main
from xl_salesplan.workbook.book import FileBook


def _markets(book: FileBook, rows: list[tuple[object, ...]]) -> None:
    columns = book.read_table("tblMarkets").columns
    book.write_table("tblMarkets", pd.DataFrame(rows, columns=columns))


def test_sample_markets_give_targets_and_the_fair_share_split(tmp_path: Path) -> None:
    book = FileBook.open(plan_copy(tmp_path))
    split = read_plan_block(book, "MarketTargets")
    assert split["market"].tolist() == ["East", "North", "South", "West"]
    # by hand: East 360m x 1.07 = 385.2m; share 5.5% + (7% - 5.5%) / 3 = 6%; 23.112m
    assert split["market_next"].iloc[0] == pytest.approx(385_200_000)
    assert split["share"].iloc[0] == pytest.approx(0.06)
    assert split["target"].iloc[0] == pytest.approx(23_112_000)
    markets = split["market_next"].astype(float).to_numpy()
    fair = split["fair_share"].astype(float).to_numpy()
    assert fair.sum() == 78_480_000  # the plan's target, exactly
    assert (fair % 1000 == 0).all()  # rounded like the targets
    np.testing.assert_allclose(fair, 78_480_000 * markets / markets.sum(), atol=1000)
    assert fair.tolist() == [23_299_000, 19_875_000, 21_757_000, 13_549_000]
    gap = split["gap"].astype(float).to_numpy()
    np.testing.assert_allclose(gap, split["plan_target"].astype(float) - fair)
    path = read_plan_block(book, "SharePath")
    assert path.iloc[3, 1:].astype(float).round(6).tolist() == [0.044, 0.052, 0.06, 0.06, 0.06]


def test_markets_named_in_chinese_or_by_product_line(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    book = FileBook.open(plan)
    source = "行业协会2025年度报告"
    _markets(book, [("华南", 330e6, 0.09, 0.068, 0.08, source),
                    ("west", 200e6, 0.12, 0.036, 0.06, source)])  # fmt: skip
    build_plan(book)
    book = FileBook.open(plan)
    split = read_plan_block(book, "MarketTargets")
    assert split["market"].tolist()[:2] == ["South", "West"]  # the workbook's own names
    assert split["fair_share"].astype(float).sum() == 78_480_000
    assert split["plan_target"].tolist()[:2] == [26_960_000, 8_717_000]
    _markets(book, [("Sensors", 500e6, 0.08, 0.06, 0.07, "x"),
                    ("Services", 100e6, 0.05, 0.13, 0.14, "y")])  # fmt: skip
    build_plan(book)
    split = read_plan_block(FileBook.open(plan), "MarketTargets")
    assert split["fair_share"].astype(float).sum() == 78_480_000
    assert split["plan_target"].isna().all() or (split["plan_target"].fillna("") == "").all()


def test_bad_markets_are_named_by_their_cell(tmp_path: Path, capsys) -> None:
    plan = plan_copy(tmp_path)
    book = FileBook.open(plan)
    _markets(
        book,
        [
            ("East", 360e6, 0.07, 0.055, 1.2, "x"),  # share goal above 100%
            ("Esat", 310e6, 0.06, 0.052, 0.065, "x"),  # no such region
            ("Sensors", 100e6, 0.05, 0.1, 0.1, "x"),
        ],
    )  # a product among regions
    book.save()  # fmt: skip
    problems = [str(p) for p in validate_inputs(FileBook.open(plan)).lines]
    assert any("Market!E14: Share goal: 120.0% is above the maximum 100%" in p for p in problems)
    assert any("Market!A15: Region or product line: 'Esat' is not a region" in p
               and "closest: East" in p for p in problems)  # fmt: skip
    assert any("Market!A16" in p and "is a product line but the markets above are regions" in p
               for p in problems)  # fmt: skip
    assert main(["plan", str(plan)]) == EXIT_INVALID_INPUT
    err = capsys.readouterr().err.strip()
    assert err.startswith("xl-salesplan plan: Market!E14: Share goal") and "\n" not in err
