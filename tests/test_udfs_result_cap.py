"""The result cap: no Excel function returns more than MAX_RESULT_CELLS cells; a larger
result is one line saying so (checked once, where every function is wrapped)."""

from __future__ import annotations

import numpy as np
from udf_calls import cell, column, row, udf_module, udfs

from xl_salesplan.kpi.signals import nelson_rules

result_size = udf_module("result_size")
registration = udf_module("registration")


def test_a_table_over_the_cap_is_refused_before_it_is_built() -> None:
    # 100,001 points x 10 columns as a table (was returned whole: 10,000,010 cells at 1e6).
    series = column(np.random.default_rng(0).normal(100, 5, 100_001).tolist())
    out = udfs.KPI_SIGNALS(series, None, cell("table"))
    assert out == [
        [
            "#KPI_SIGNALS: the result would have 1,000,020 cells (100,002 rows x 10 columns); "
            "a formula returns at most 1,000,000 cells: give fewer values or ask for a smaller "
            "result"
        ]
    ]


def test_a_long_ramp_that_would_spill_too_many_rows_is_refused() -> None:
    ramp = np.linspace(0.01, 1.0, 100_000).tolist()
    out = udfs.HEADCOUNT_PLAN(row([1e6] * 12), cell(1e5), row(ramp), cell(0.9), cell(1.1))
    assert len(out) == 1 and out[0][0].startswith("#HEADCOUNT_PLAN: the result would have ")
    assert "at most 1,000,000 cells" in out[0][0]


def test_the_wrapper_refuses_any_result_over_the_cap() -> None:
    # A function that builds its rows by hand is held to the same cap.
    @registration.excel_function(docs={"n": "How many rows."})
    def MANY_ROWS(n):
        """Return n rows of one cell."""
        return [[1.0] for _ in range(int(n[0][0]))]

    assert len(MANY_ROWS([[result_size.MAX_RESULT_CELLS]])) == result_size.MAX_RESULT_CELLS
    refused = MANY_ROWS([[result_size.MAX_RESULT_CELLS + 1]])
    assert refused == [
        [
            "#MANY_ROWS: the result would have 1,000,001 cells (1,000,001 rows x 1 columns); "
            "a formula returns at most 1,000,000 cells: give fewer values or ask for a smaller "
            "result"
        ]
    ]


def test_the_flag_words_of_a_series_name_each_point_s_rules() -> None:
    rng = np.random.default_rng(3)
    values = rng.normal(100, 5, 400)
    values[50:60] += 12  # a shift: several rules fire
    values[200] += 40  # one point far out
    flags = nelson_rules(values)
    expected = [
        ", ".join(f"N{r}" for r in flags.columns if flags[r].iloc[i]) or None
        for i in range(values.size)
    ]
    out = udfs.KPI_SIGNALS(column(values.tolist()))
    assert [r[0] for r in out] == expected
    assert sum(w is not None for w in expected) > 10
