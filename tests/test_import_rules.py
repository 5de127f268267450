"""The rules of Import actuals without a workbook: names, number styles, rows, months."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from xl_salesplan.actions.actuals_periods import merge_periods
from xl_salesplan.actions.actuals_records import RefusedRows, actuals_from_rows
from xl_salesplan.actions.actuals_source import SourceRows
from xl_salesplan.actions.name_matching import NameIndex, closest_names, fold_name, match_names
from xl_salesplan.actions.number_style import detect_decimal_mark, number_evidence, parse_number

# --------------------------------------------------------------------------- names

_NAME = st.text(
    alphabet=st.sampled_from("abcdefgHIJKLMxyz0129 华东北南西部传感器控制系统张伟-&"), min_size=1,
    max_size=12,
).filter(lambda t: t.strip())  # fmt: skip


def full_width(text: str) -> str:
    """ASCII letters, digits and signs in their full-width forms (U+FF01..U+FF5E)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


_LEFT = st.sampled_from(["", " ", "\u3000\t"])
_RIGHT = st.sampled_from(["", "  ", "\u00a0"])


@given(name=_NAME, upper=st.booleans(), wide=st.booleans(), left=_LEFT, right=_RIGHT)
def test_matching_ignores_width_case_and_surrounding_spaces(name, upper, wide, left, right):
    index = NameIndex.from_rows([("KEY", name)])
    assume(index.lookup(name) == "KEY")  # a name that folds onto the key itself
    variant = name.upper() if upper else name.lower()
    variant = left + (full_width(variant) if wide else variant) + right
    assert fold_name(variant) == fold_name(name)
    assert index.lookup(variant) == "KEY"
    assert match_names([variant], index).names == ["KEY"]


@given(names=st.lists(_NAME, min_size=1, max_size=8, unique_by=fold_name))
def test_every_name_of_the_table_matches_its_own_key(names):
    rows = [(f"K{i}", n) for i, n in enumerate(names)]
    index = NameIndex.from_rows(rows)
    for key, name in rows:
        assert index.lookup(key) == key
        if fold_name(name) not in {fold_name(k) for k, _ in rows}:
            assert index.lookup(name) == key


def test_english_and_chinese_names_give_the_key_and_shared_names_match_nothing():
    reps = NameIndex.from_rows([("R01", "Zhang Wei", "张伟"), ("R02", "Wang Fang", "王芳"),
                                ("R03", "Wang Fang", "王芳")])  # fmt: skip
    found = match_names(["张伟", "ｚｈａｎｇ  wei", "R02", "王芳", "Li Na", None, "  "], reps)
    assert found.names == ["R01", "R01", "R02", None, None, None, None]
    assert found.ambiguous == {"王芳": [3]} and found.unknown == {"Li Na": [4]}
    assert reps.ambiguous["王芳"] == ["R02", "R03"]


def test_closest_names_are_offered_in_either_language():
    regions = NameIndex.from_rows([("East", "华东"), ("North", "华北"), ("South", "华南")])
    assert closest_names("Estt", regions) == ["East"]
    assert closest_names("华冬", regions)[0] == "华东"
    assert closest_names("Atlantis", regions) == []


# --------------------------------------------------------------------------- number styles


def written(value: float, mark: str, grouped: bool) -> str:
    """``value`` written with two decimals in the style of ``mark``."""
    text = f"{value:,.2f}" if grouped else f"{value:.2f}"
    if mark == ",":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


@given(
    values=st.lists(st.integers(0, 10**9), min_size=1, max_size=20),
    mark=st.sampled_from([".", ","]),
    grouped=st.booleans(),
)
def test_a_file_in_one_style_is_read_exactly_or_refused_never_misread(values, mark, grouped):
    texts = [written(v / 100, mark, grouped) for v in values]
    style = detect_decimal_mark(texts)
    assert not style.conflicting
    assert style.mark in (mark, None)  # never the other mark
    if style.mark is None:  # nothing settles it: every two-reading value is listed
        assert all(number_evidence(t) in ("plain", "either") for t in texts)
        return
    assert [parse_number(t, style.mark) for t in texts] == [v / 100 for v in values]


def test_decimal_commas_are_read_as_decimal_commas():
    for text, value in [("1234,56", 1234.56), ("1.234,56", 1234.56), ("99,5", 99.5)]:
        style = detect_decimal_mark([text])
        assert style.mark == "," and parse_number(text, ",") == value


def test_two_readings_and_mixed_styles_are_not_decided():
    assert detect_decimal_mark(["1,234", "5"]).undecided == [0]
    assert detect_decimal_mark(["1.234", "5"]).undecided == [0]
    mixed = detect_decimal_mark(["99,5", "1,234.50"])
    assert mixed.conflicting and mixed.mark is None


# --------------------------------------------------------------------------- rows


def refusal(header, rows, **options) -> list[str]:
    with pytest.raises(RefusedRows) as caught:
        actuals_from_rows(header, rows, **options)
    assert "nothing was imported" in caught.value.message
    return caught.value.lines


HEADER = ["Month", "Region", "Revenue"]


def test_decimal_comma_exports_import_and_ambiguous_values_are_refused_with_their_rows():
    rows = [["2026-01", "East", "1234,56"], ["2026-01", "West", "1.234,56"],
            ["2026-02", "East", "99,5"]]  # fmt: skip
    result = actuals_from_rows(HEADER, rows)
    assert result.decimal_mark == "," and result.frame["revenue"].tolist() == [1234.56, 1234.56,
                                                                               99.5]  # fmt: skip
    lines = refusal(HEADER, [["2026-01", "East", "1,234"], ["2026-01", "West", "800"]])
    assert lines == ["row 2, column 'Revenue': '1,234' reads as 1,234 or as 1.234; say which "
                     "with --decimal . or --decimal ,"]  # fmt: skip
    given_point = refusal(HEADER, rows, decimal=".")
    assert len(given_point) == 3 and all("given by --decimal" in line for line in given_point)
    mixed = refusal(HEADER, [["2026-01", "East", "99,5"], ["2026-01", "West", "1,234.5"],
                             ["2026-02", "West", "12.5"]])  # fmt: skip
    assert mixed == ["row 2, column 'Revenue': '99,5' only reads with the decimal mark ',', but "
                     "row 3 ('1,234.5') only with '.'; correct the file or say which with "
                     "--decimal"]  # fmt: skip
    ok = actuals_from_rows(HEADER, [["2026-01", "East", "1,234"]], decimal=",")
    assert ok.frame["revenue"].tolist() == [1.234]


def test_rows_that_are_not_clean_records_are_refused_with_their_rows():
    source = SourceRows(
        header=["Month", "Region", "Revenue", "Note"],
        rows=[
            ["2026-01", "East", "100", ""],
            ["2026-01", "East\n2026-01,West,5\n", None],  # a quote left open on line 3
            ["2026-02", "West"],  # short: no revenue value at all
            ["2026-02", "West", "1", "x", "200"],  # long: a number split by its comma?
            ["", "North", "300", ""],  # no month
            ["2026-03", "South", "", ""],  # blank revenue: counted, not refused
        ],
        lines=[2, 3, 6, 7, 8, 9],
        ends=[2, 5, 6, 7, 8, 9],
        source="crm.csv",
    )
    lines = refusal(source.header, source.rows, source=source)
    assert lines == [
        "row 3: a quote opened in column 'Region' is not closed on that row (the value runs on "
        "to row 5); close the quote or remove it",
        "row 6: 2 value(s) where the header has 4 columns (no value for 'Revenue')",
        "row 7: 5 values where the header has 4 columns (a number with a comma but no quotes?)",
        "row 8: no month in column 'Month', but the row has values",
    ]
    clean = SourceRows(source.header, [source.rows[0], source.rows[5]], [2, 9], [2, 9],
                       source="crm.csv")  # fmt: skip
    result = actuals_from_rows(clean.header, clean.rows, source=clean)
    assert result.blank_revenue == [9]
    assert result.warnings == [("import.blank_revenue", {"count": 1, "rows": "9"})]
    assert len(result.frame) == 2


def test_unknown_names_are_refused_with_rows_closest_names_and_how_to_add_them():
    from xl_salesplan.actions.actuals_records import KnownNames

    regions = KnownNames(NameIndex.from_rows([("East", "华东"), ("North", "华北")]), "tblRegions",
                         "Assumptions")  # fmt: skip
    rows = [["2026-01", "华冬", "1"], ["2026-01", "华东", "2"], ["2026-02", "华冬 ", "3"],
            ["2026-02", "Mars", "4"]]  # fmt: skip
    lines = refusal(HEADER, rows, names={"region": regions})
    assert lines == [
        "'华冬' in column 'Region' (rows 2, 4) is not in tblRegions, closest: 华东, 华北; correct "
        "the export, "
        "or add it to tblRegions on the Assumptions sheet (English or Chinese column)",
        "'Mars' in column 'Region' (rows 5) is not in tblRegions; correct the export, or add it "
        "to "
        "tblRegions on the Assumptions sheet (English or Chinese column)",
    ]
    same = actuals_from_rows(HEADER, rows[1:2], names={"region": regions})
    assert same.frame["region"].tolist() == ["East"]


# --------------------------------------------------------------------------- months

_KEYS = ["month", "region"]


def frames(draw_months, draw_regions):
    return st.lists(st.tuples(draw_months, draw_regions, st.floats(0, 1e6)), max_size=30).map(
        lambda rows: (
            pd.DataFrame(
                [(pd.Timestamp(2026, m, 1), r, v) for m, r, v in rows], columns=[*_KEYS, "revenue"]
            )
            .drop_duplicates(_KEYS)
            .reset_index(drop=True)
        )
    )


_ROWS = frames(st.integers(1, 12), st.sampled_from(["East", "North", "South", "West"]))


def _tuples(frame: pd.DataFrame) -> set[tuple]:
    return set(frame[[*_KEYS, "revenue"]].itertuples(index=False, name=None))


@settings(max_examples=60)  # pandas frames: each example costs tens of milliseconds
@given(existing=_ROWS, incoming=_ROWS)
def test_a_merge_keeps_every_row_of_the_months_not_imported(existing, incoming):
    merged = merge_periods(existing, incoming, keys=_KEYS)
    months = set(incoming["month"])
    kept = existing[~existing["month"].isin(months)]
    assert _tuples(merged.frame) == _tuples(kept) | _tuples(incoming)
    assert len(merged.frame) == len(kept) + len(incoming)
    report = merged.report.set_index("month")
    assert report["kept"].sum() == len(kept)
    assert report["added"].sum() + report["replaced"].sum() == len(incoming)
    touched = existing[existing["month"].isin(months)]
    assert report["replaced"].sum() + report["removed"].sum() == len(touched)
    assert merged.frame["month"].is_monotonic_increasing


@settings(max_examples=60)
@given(existing=_ROWS, incoming=_ROWS)
def test_replace_all_keeps_only_the_import(existing, incoming):
    merged = merge_periods(existing, incoming, keys=_KEYS, replace_all=True)
    assert _tuples(merged.frame) == _tuples(incoming)
    gone = set(existing["month"]) - set(incoming["month"])
    assert set(merged.removed_months) == gone


def test_a_reimport_of_the_same_month_replaces_it_row_for_row():
    old = pd.DataFrame({"month": pd.to_datetime(["2026-09-01", "2026-10-01"]),
                        "region": ["East", "East"], "revenue": [1.0, 2.0]})  # fmt: skip
    merged = merge_periods(old, old.iloc[[1]], keys=_KEYS)
    assert merged.report.to_dict("records") == [
        {"month": "2026-09", "added": 0, "replaced": 0, "removed": 0, "kept": 1},
        {"month": "2026-10", "added": 0, "replaced": 1, "removed": 0, "kept": 0},
    ]
    assert merged.frame.equals(old)


def test_nfkc_folding_is_what_the_planner_means_by_the_same_name():
    assert unicodedata.normalize("NFKC", "ＥＡＳＴ") == "EAST"
    assert fold_name(" East  Coast ") == fold_name("east coast") == fold_name("ＥＡＳＴ\u3000COAST")


def test_a_merge_matches_keys_as_trimmed_text_and_blanks_as_one():
    """A table's ' East' is the import's 'East'; None, NaN and '' are one blank key; 2 and '2'
    are the same text, 2.0 another."""
    old = pd.DataFrame({"month": pd.to_datetime(["2026-10-01"] * 5),
                        "region": pd.Series([" East", None, float("nan"), 2, 2.0], dtype=object),
                        "revenue": [1.0, 2.0, 3.0, 4.0, 5.0]})  # fmt: skip
    new = pd.DataFrame({"month": pd.to_datetime(["2026-10-01"] * 3),
                        "region": pd.Series(["East", "", "2"], dtype=object),
                        "revenue": [10.0, 20.0, 30.0]})  # fmt: skip
    merged = merge_periods(old, new, keys=_KEYS)
    assert merged.report.to_dict("records") == [
        {"month": "2026-10", "added": 0, "replaced": 3, "removed": 1, "kept": 0}
    ]
    assert merged.frame["revenue"].tolist() == [10.0, 20.0, 30.0]
