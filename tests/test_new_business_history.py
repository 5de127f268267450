"""A new business: years of the history without sales, through the command line.

Years that sold nothing do not shape the seasonality; a history with nothing else is
refused by Validate inputs (sheet and cell) exactly as Build plan refuses it, in one
line, with no numpy warning.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from plan_files import plan_copy

from xl_salesplan.cli import EXIT_INVALID_INPUT, EXIT_OK
from xl_salesplan.layout import table
from xl_salesplan.ooxml.references import format_range
from xl_salesplan.workbook.book import FileBook

REPO = Path(__file__).resolve().parents[1]


def cli(*argv: object) -> subprocess.CompletedProcess[str]:
    """The command line in a child process, so any warning it prints is seen."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "udfs")])}
    return subprocess.run(
        [sys.executable, "-m", "xl_salesplan.cli", *map(str, argv)],
        capture_output=True, text=True, env=env, check=False, timeout=600,
    )  # fmt: skip


def keep_revenue_of(path: Path, years: set[int]) -> None:
    """Set the history's revenue to 0 in every year not in ``years``."""
    book = FileBook.open(path)
    info = book.table_info("tblHistory")
    r1, c1, r2, c2 = info.data_bounds
    spec = table("tblHistory")
    month, revenue = spec.column_index("month"), spec.column_index("revenue")
    rows = book.read_range(info.sheet, format_range(r1, c1, r2, c2))
    kept = [[row[revenue] if row[month].year in years else 0] for row in rows]
    column = c1 + revenue
    book.write_range(info.sheet, format_range(r1, column, r2, column), kept)
    book.save()


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return plan_copy(tmp_path)


def test_years_without_sales_are_left_out_of_the_plan(plan: Path) -> None:
    last_year = int(FileBook.open(plan).read_name("PlanYear", header=False).iloc[0, 0]) - 1
    keep_revenue_of(plan, {last_year})
    assert cli("validate", plan).returncode == EXIT_OK
    done = cli("plan", plan, "--json")
    assert done.returncode == EXIT_OK, done.stderr
    assert "Warning" not in done.stderr and done.stderr == ""
    assert json.loads(done.stdout)["ok"] is True


def test_a_history_without_sales_is_refused_by_validate_and_plan_alike(plan: Path) -> None:
    keep_revenue_of(plan, set())
    before = plan.read_bytes()
    validated = cli("validate", plan, "--json")
    assert validated.returncode == EXIT_INVALID_INPUT
    [problem] = json.loads(validated.stdout)["details"]["problems"]
    spec = table("tblHistory")
    info = FileBook.open(plan).table_info("tblHistory")
    r1, c1, _, _ = info.data_bounds
    assert (problem["sheet"], problem["cell"]) == (info.sheet, f"E{r1}")
    assert spec.column_index("revenue") == 4 and c1 == 1
    assert "history is all zero" in problem["message"]
    planned = cli("plan", plan)
    assert planned.returncode == EXIT_INVALID_INPUT
    lines = planned.stderr.strip().splitlines()
    assert len(lines) == 1 and "Warning" not in planned.stderr
    assert lines[0] == f"xl-salesplan plan: 'Sales history'!E{r1}: {problem['message']}"
    assert plan.read_bytes() == before
