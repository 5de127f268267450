"""Excel functions: reading what Excel passes, writing results, and the error texts."""

from __future__ import annotations

import datetime as dt
import doctest
import importlib
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from udf_calls import udf_module

from xl_salesplan.errors import PlanningError

cells = udf_module("cells")
messages = udf_module("messages")
registration = udf_module("registration")
spills = udf_module("spills")
CellError = cells.CellError

COM_NA = -2146826246  # #N/A as COM hands it over: 0x800A0000 + 2042, signed
COM_SPILL = -2146828288 + 2045  # #SPILL!, which xlwings does not name


@pytest.mark.parametrize(
    "module",
    [
        "cells",
        "spills",
        "messages",
        "registration",
        "targets_functions",
        "history_functions",
        "people_functions",
        "kpi_functions",
        "budget_functions",
        "vba_wrappers",
    ],
)
def test_doctests_of_the_package_run(module: str) -> None:
    mod = importlib.import_module(f"xl_salesplan_udfs.{module}")
    result = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0


# ---------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "number"),
    [
        (" 1,200 ", 1200.0),
        ("1,234,567.25", 1234567.25),
        ("-1,000.5", -1000.5),
        ("+3", 3.0),
        ("12.5%", 0.125),
        ("¥1,200", 1200.0),
        ("-$5", -5.0),
        ("1\u00a0200", 1200.0),  # a non-breaking space as thousands separator
        ("1e3", 1000.0),
    ],
)
def test_numbers_stored_as_text_are_numbers(text: str, number: float) -> None:
    assert cells.numbers([[text]], "weights")[0, 0] == pytest.approx(number, rel=1e-15)


@pytest.mark.parametrize("text", ["1,5", "12,34,567", "abc", "1_000", "nan", "inf", "2025-01"])
def test_text_that_is_not_a_plain_number_is_refused(text: str) -> None:
    with pytest.raises(CellError) as caught:
        cells.numbers([[1.0, text]], "weights")
    assert caught.value.problem == f"has text {text!r} at position 2 where a number is expected"


@pytest.mark.parametrize(
    ("item", "shown"),
    [
        (True, "TRUE"),
        (False, "FALSE"),
        (dt.datetime(2025, 3, 1), "a date (2025-03-01)"),
    ],
)
def test_booleans_and_dates_are_not_numbers(item: object, shown: str) -> None:
    with pytest.raises(CellError) as caught:
        cells.numbers([[1.0], [2.0], [item]], "weights")
    assert caught.value.problem == f"has {shown} at position 3 where a number is expected"


@pytest.mark.parametrize(
    ("item", "text"),
    [("#N/A", "#N/A"), ("#div/0!", "#DIV/0!"), (COM_NA, "#N/A"), (COM_SPILL, "#SPILL!")],
)
def test_excel_errors_are_named_with_their_cell(item: object, text: str) -> None:
    with pytest.raises(CellError) as caught:
        cells.numbers([[1.0, 2.0], [3.0, item]], "seed")
    assert caught.value.problem == f"contains the Excel error {text} at row 2, column 2"


def test_blanks_are_nan_and_can_be_refused() -> None:
    out = cells.numbers([[None, "", "  ", 4.0]], "holds")
    assert np.isnan(out[0, :3]).all() and out[0, 3] == 4.0
    with pytest.raises(CellError, match="has a blank cell at position 2"):
        cells.numbers([[1.0, None]], "total", blanks=False)


def test_python_ints_and_numpy_numbers_are_numbers() -> None:
    assert cells.numbers([[1, np.float32(2.5), np.int64(3)]], "x").tolist() == [[1.0, 2.5, 3.0]]


def test_one_argument_may_hold_at_most_a_million_cells() -> None:
    big = np.zeros((1001, 1000))
    with pytest.raises(CellError, match="has 1,001,000 cells"):
        cells.numbers(big, "weights")


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).map(lambda x: round(x, 2)))
def test_thousands_separated_text_reads_back(x: float) -> None:
    text = f"{x:,.2f}"
    assert cells.numbers([[text]], "w")[0, 0] == pytest.approx(x, abs=1e-9)


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_percent_text_is_a_hundredth(x: float) -> None:
    assert cells.numbers([[f"{x!r}%"]], "pct")[0, 0] == pytest.approx(x / 100, rel=1e-12)


# ---------------------------------------------------------------------------- shapes


def test_vector_keeps_how_the_range_lies() -> None:
    values, layout = cells.vector([[1.0], [2.0]], "weights")
    assert values.tolist() == [1.0, 2.0] and layout == "column"
    values, layout = cells.vector([[1.0, 2.0]], "weights")
    assert values.tolist() == [1.0, 2.0] and layout == "row"
    assert cells.vector(5.0, "weights")[1] == "row"
    with pytest.raises(CellError, match="single row or column, got 2 rows x 2 columns"):
        cells.vector([[1.0, 2.0], [3.0, 4.0]], "weights")


def test_a_title_on_top_of_a_column_can_be_skipped() -> None:
    assert cells.vector([["Spend"], [1.0]], "spend", header=True)[0].tolist() == [1.0]
    with pytest.raises(CellError):
        cells.vector([["Spend"], [1.0]], "spend")


def test_split_header_finds_titles_and_labels_only_when_they_are_text() -> None:
    header, labels, body = cells.split_header(
        [[None, "Jan", "Feb"], ["Rev", 1.0, 2.0], ["Cost", 3.0, None]], "plan"
    )
    assert header == ["Jan", "Feb"] and labels == ["Rev", "Cost"]
    assert body.tolist() == [[1.0, 2.0], [3.0, None]]
    # numbers stored as text are data, not a header; a one-row range has no header
    header, labels, body = cells.split_header([["2023", "2024"], [1.0, 2.0]], "plan")
    assert header is None and labels is None and body.shape == (2, 2)
    header, labels, body = cells.split_header([["Revenue", 1.0, 2.0]], "plan")
    assert header is None and labels == ["Revenue"] and body.tolist() == [[1.0, 2.0]]


def test_omitted_single_values_use_the_default() -> None:
    for blank in (None, [[None]], [[""]], [["  "]]):
        assert cells.single_number(blank, "unit", 7.0) == 7.0
        assert cells.choice(blank, "method", {"even": "even"}, "even") == "even"
    assert cells.is_omitted([[0.0]]) is False


def test_choice_ignores_case_spaces_and_hyphens() -> None:
    options = {"straight_line": "straight_line"}
    for spelled in ("Straight Line", "straight-line", " STRAIGHT_LINE "):
        assert cells.choice([[spelled]], "method", options, None) == "straight_line"


def test_number_or_text_keeps_dates_and_words() -> None:
    items, layout = cells.number_or_text(
        [[dt.datetime(2025, 1, 15), "3", "higher", None, True]], "start"
    )
    assert items == [pd.Timestamp("2025-01-15"), 3.0, "higher", None, True]
    assert layout == "row"
    with pytest.raises(CellError, match="contains the Excel error #REF! at position 2"):
        cells.number_or_text([[1.0], ["#REF!"]], "start")


def test_spill_makes_plain_values_and_blanks() -> None:
    out = spills.spill(np.array([[np.float64(1.5), np.nan, np.inf]], dtype=object))
    assert out == [[1.5, None, None]]
    assert all(type(v) is float for v in spills.spill(np.arange(3))[0])
    assert spills.spill(np.array([True, pd.Period("2025-03", "M")], dtype=object)) == [
        [True, "2025-03"]
    ]
    assert spills.vector_spill([1, 2], "column") == [[1.0], [2.0]]


def test_table_puts_a_header_over_its_columns() -> None:
    assert spills.table(["a", "b"], [["x", "y"], [1, np.nan]]) == [
        ["a", "b"],
        ["x", 1.0],
        ["y", None],
    ]


# ---------------------------------------------------------------------------- messages


@pytest.mark.parametrize(
    ("engine", "cell"),
    [
        ("position 0 is 1.5", "position 1 is 1.5"),
        ("positions 0, 2 (1, 3)", "positions 1, 3 (1, 3)"),
        ("positions 0, 1, 2 ... (10 in all)", "positions 1, 2, 3 ... (10 in all)"),
        ("held positions (3, 0), (3, 11)", "held positions (row 4, column 1), (row 4, column 12)"),
        ("row 2: holds add up to 5", "row 3: holds add up to 5"),
        ("rows 1, 2 can only be placed in column 0", "rows 2, 3 can only be placed in column 1"),
        ("blank value at positions [0, 4]", "blank value at positions [1, 5]"),
        (
            "negative -5 at position 1 (negative at [1, 3])",
            "negative -5 at position 2 (negative at [2, 4])",
        ),
        ("position 1 is 0 (out of range at [1, 3])", "position 2 is 0 (out of range at [2, 4])"),
        ("the hold at 0 is 500", "the hold at 1 is 500"),
        (
            "seed must be zero or more: (-3 at (0, 1))",
            "seed must be zero or more: (-3 at (row 1, column 2))",
        ),
        ("got 7 at position(s) 0, 2 and more", "got 7 at position(s) 1, 3 and more"),
        # amounts, shapes and plan periods are not cell positions
        ("has shape (3,) but 2 rows x 3 columns", "has shape (3,) but 2 rows x 3 columns"),
        ("period 0 is short by 100", "period 0 is short by 100"),
        (
            "one number per row (3), or per row and period (3 x 12)",
            "one number per row (3), or per row and period (3 x 12)",
        ),
    ],
)
def test_engine_positions_are_renumbered_from_one(engine: str, cell: str) -> None:
    assert messages.cell_positions(engine) == cell


def test_transposed_positions_swap_rows_and_columns() -> None:
    text = messages.cell_positions("row 1: caps at positions (1, 0), (1, 4)", transposed=True)
    assert text == "column 2: caps at positions (row 1, column 2), (row 5, column 2)"


def test_engine_message_names_the_first_argument_mentioned() -> None:
    err = PlanningError("holds add up to 1,100 but the total is 1,000: they exceed it by 100")
    text = messages.engine_message("SPLIT_TARGET", err, ["total", "weights", "method", "holds"])
    assert text == (
        "#SPLIT_TARGET: holds (arg 4) add up to 1,100 but the total is 1,000: they exceed it by 100"
    )


def test_engine_message_prefers_the_code_map_and_drops_a_repeated_name() -> None:
    err = PlanningError("the totals cannot be placed", code="infeasible_margins")
    text = messages.engine_message(
        "SPLIT_MATRIX",
        err,
        ["row_totals", "col_totals", "seed"],
        codes={"infeasible_margins": "seed"},
    )
    assert text == "#SPLIT_MATRIX: seed (arg 3) the totals cannot be placed"
    err = PlanningError("seed: blank value at position 2", code="blank")
    text = messages.engine_message("SPLIT_MATRIX", err, ["row_totals", "col_totals", "seed"])
    assert text == "#SPLIT_MATRIX: seed (arg 3) blank value at position 3"


def test_engine_message_without_an_argument_still_names_the_function() -> None:
    err = PlanningError("nothing fits")
    assert messages.engine_message("KPI_PACE", err, ["plan"]) == "#KPI_PACE: nothing fits"


def test_messages_fit_in_a_cell() -> None:
    text = messages.formatted("SPLIT_TARGET", "weights", 2, "x " * 400)
    assert len(text) == 255 and text.endswith("...") and text.startswith("#SPLIT_TARGET: weights")


# ---------------------------------------------------------------------------- registration


def _declare(docs: dict[str, str], name: str = "DEMO_FUNCTION"):
    def demo(total: object, weights: object = None) -> list[list[object]]:
        """Demo function."""
        if total == "planning":
            raise PlanningError("weights must be zero or more: position 1 (-2)")
        if total == "cells":
            raise CellError("weights", "has a blank cell at position 3")
        if total == "defect":
            raise KeyError("oops")
        return [[total]]

    demo.__name__ = demo.__qualname__ = name
    return registration.excel_function(docs=docs)(demo)


DOCS = {"total": "The total.", "weights": "The weights."}


def test_declared_function_turns_every_failure_into_one_readable_line() -> None:
    fn = _declare(DOCS)
    assert fn(5.0) == [[5.0]]
    assert fn("planning") == [
        ["#DEMO_FUNCTION: weights (arg 2) must be zero or more: position 2 (-2)"]
    ]
    assert fn("cells") == [["#DEMO_FUNCTION: weights (arg 2) has a blank cell at position 3"]]
    assert fn("defect") == [
        ["#DEMO_FUNCTION: could not compute a result (KeyError: 'oops'); please report"]
    ]
    spec = fn.__salesplan__
    assert spec.name == "DEMO_FUNCTION" and spec.required == ("total",)
    assert spec.summary == "Demo function."


@pytest.mark.parametrize(
    ("docs", "name", "problem"),
    [
        ({"total": "The total."}, "DEMO_FUNCTION", "argument texts"),
        ({"total": "x" * 256, "weights": "w"}, "DEMO_FUNCTION", "must have 1 to 255"),
        (DOCS, "demo_function", "upper case"),
    ],
)
def test_incomplete_wizard_texts_are_refused_when_declared(
    docs: dict[str, str], name: str, problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        _declare(docs, name)


def test_no_message_is_ever_empty_or_unbounded() -> None:
    for text in ("", "a", "b" * 1000):
        out = messages.formatted("F", None, None, text)
        assert out.startswith("#F: ") and len(out) <= 255
    assert math.isfinite(len(messages.unexpected_message("F", RuntimeError())))
