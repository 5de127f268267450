"""Imports must not guess: hostile and odd exports are read exactly or refused whole, with a
readable line per problem, never a traceback, and the workbook's bytes unchanged."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from plan_files import plan_copy

from reliability.limits import run_limited
from xl_salesplan.actions.actuals_records import RefusedRows, actuals_from_rows
from xl_salesplan.actions.number_style import detect_decimal_mark, parse_number
from xl_salesplan.errors import PlanningError

_CELL = st.text(alphabet=st.sampled_from('0123456789,. -()"¥元East华东\n\t'), max_size=10)
_MONTH = st.sampled_from(["2026-01", "2026/02/03", "", "2026-13", "二〇二六", "2026-03-31"])


@given(rows=st.lists(st.lists(_CELL, min_size=0, max_size=5), max_size=12), months=st.data())
def test_any_rows_are_read_exactly_or_refused_with_rows_named(rows, months):
    rows = [[months.draw(_MONTH), *row] for row in rows]
    header = ["Month", "Region", "Revenue"]
    try:
        result = actuals_from_rows(header, rows)
    except RefusedRows as refused:
        assert refused.lines and all(line.startswith("row ") for line in refused.lines)
        assert "Traceback" not in refused.message
        return
    except PlanningError:
        return  # a required column missing: one line, nothing read
    texts = [r[2] if len(r) > 2 else None for r in rows if any(v not in ("", None) for v in r)]
    texts = [t for t in texts if t is not None and str(t).strip()]
    mark = detect_decimal_mark(texts).mark or "."
    expected = sum(parse_number(t, mark) or 0.0 for t in texts)
    assert result.frame["revenue"].fillna(0.0).sum() == pytest.approx(expected)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ('Month,Region,Revenue\n2026-10,"East,100\n2026-10,West,200\n',
         "row 2: a quote opened in column 'Region' is not closed"),
        ("Month,Region,Revenue\n2026-10,East\n", "row 2: 2 value(s) where the header has 3"),
        ("Month,Region,Revenue\n,East,100\n", "row 2: no month in column 'Month'"),
        ("Month,Region,Revenue\n2026-10,East,1,200\n", "row 2: 4 values where the header has 3"),
        ('Month,Region,Revenue\n2026-10,East,"1,234"\n', "row 2, column 'Revenue': '1,234' reads"),
        ('Month;Region;Revenue\n2026-10;East;99,5\n2026-10;West;1,234.5\n',
         "only reads with the decimal mark ','"),
        ("Month,Region,Revenue\n2026-10,Esat,100\n",
         "'Esat' in column 'Region' (rows 2) is not in"),
    ],
)  # fmt: skip
def test_a_hostile_export_is_refused_whole_under_limits(tmp_path, content, line):
    plan = plan_copy(tmp_path)
    export = tmp_path / "crm.csv"
    export.write_text(content, encoding="utf-8")
    before = sha(plan)
    outcome = run_limited(["actuals", str(plan), str(export)], cpu_seconds=120)
    assert not outcome.hit_a_limit
    assert outcome.returncode == 3, outcome.stderr
    assert "Traceback" not in outcome.stderr and "internal error" not in outcome.stderr
    assert any(line in problem for problem in outcome.stderr.splitlines()), outcome.stderr
    assert sha(plan) == before
