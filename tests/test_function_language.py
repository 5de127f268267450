"""The Excel functions answer in the workbook's language.

A function finds its workbook through xlwings' reserved ``caller`` argument (the calling
range: the VBA wrapper passes ``Nothing`` in its place and xlwings fills it in) and reads the
workbook's ``Language`` name only when a cell has a problem to show. In a zh-CN workbook
every bad-input line is Chinese: the scan allows only codes a formula is written with
(function and argument names, the option words a formula takes, Excel's error values).
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_chinese_workbook import english_words
from test_udfs_bad_inputs import CATALOGUE
from udf_calls import udf_module, udfs
from vba_decoding import olevba_modules, vba_project_bin

from xl_salesplan.budget import PARAMETER_NAMES
from xl_salesplan.messages import CATALOGUE as MESSAGES

ROOT = Path(__file__).resolve().parents[1]
registration = udf_module("registration")


def _book_in(language: object) -> SimpleNamespace:
    """A stand-in for xlwings' calling range whose workbook's Language name holds ``language``."""
    names = {"Language": SimpleNamespace(refers_to_range=SimpleNamespace(value=language))}
    return SimpleNamespace(sheet=SimpleNamespace(book=SimpleNamespace(names=names)))


def _functions() -> dict[str, object]:
    return {name: getattr(udfs, name) for name in udfs.__all__ if name.isupper()}


def _formula_words() -> frozenset[str]:
    """What a formula is written with: function and argument names, option words."""
    words = set(_functions())
    for function in _functions().values():
        words.update(name for name, _, _ in function.__salesplan__.arguments)
    for key, (english, _) in MESSAGES.items():
        if key.startswith("choice."):
            words.update(re.findall(r"[A-Za-z_-]+", english))
    # option codes the functions read (docs/functions.md), Excel's values and error codes
    words.update({
        "even", "growth", "percent_change", "proportional", "straight_line", "hill", "s_hill",
        "michaelis_menten", "log", "power", "linear_cap", "normal", "lognormal", "beta",
        "pace", "plan", "relative", "sd", "higher", "lower", "keep", "rebase", "smooth",
        "yearly", "compound", "linear", "flat", "zero", "error", "annual", "per_period",
        "delta", "delta_pct", "favourable", "favourable_pct", "good", "cusum", "xmr",
        "nelson", "western_electric", "TRUE", "FALSE", "N/A", "DIV", "REF", "VALUE", "NAME",
        "NUM", "NULL", "inf", "spring_festival", "dragon_boat", "mid_autumn", "national_day",
        "logarithmic", "monthly", "quarterly", "weekly", "period", "cumulative", "indices",
        "outliers", "shares", "summary", "table", "kind", "channel", "True", "False", "en", "zh",
    })  # fmt: skip
    # the engine's names of what an argument holds (``values``, ``rate``, curve parameters)
    words.update({"values", "pct", "rate", "calendar", "series"})
    words.update(name for names in PARAMETER_NAMES.values() for name in names)
    # the names of the channels in the bad inputs (the planner's own data)
    words.update({"Events", "Paid", "search"})
    return frozenset(words)


ALLOWED = _formula_words()


#: Bad inputs of the functions the catalogue of bad inputs leaves out.
OTHER_FUNCTIONS = [
    ("PAYOUT", ([[1.0]], [[-5.0]], [[0.0, 0.5], [1.0, 1.0]])),
    ("PAYOUT", ([[1.0]], [[100.0]], [[0.0, None]])),
    ("PAYOUT_RISK", ([[0.0, 0.5]], [[0.0], [0.0]], [[100.0]], [[100.0]], None, "normal", 1.0, 0.2)),
    ("REP_SCORECARD", ([[1.0], [2.0]], [[1.0]], [[1.0], [2.0], [3.0]])),
    ("REPLAN", ([[1200.0]], [[100.0] * 12], [[100.0] * 3], [[3.0]], "sometimes")),
    ("REPLAN", ([[1200.0]], [[100.0] * 12], [[100.0] * 3], None)),
    ("HOLIDAY_SEASONALITY", ([[1.0] * 12], [[2024.0]], [[2026.0]])),
    ("TARGET_FROM_MARKET", ([[1e6]], [[0.1]], [[0.1]], None, [[50.0]])),
    ("CUSTOMER_BRIDGE", ([[1e6]], [[0.9]], [[-2.0]], [[10.0]], [[1e4]])),
    ("CUSTOMERS_NEEDED", ([[2e6]], [[1e6]], [[0.9]], [[0.1]], [[0.0]])),
    ("TARGET_CHECK", ([[-5.0]],)),
]
CASES = [(name, args) for name, args, _ in CATALOGUE] + OTHER_FUNCTIONS


def _call(name: str, args: tuple, language: object) -> str:
    function = getattr(udfs, name)
    count = len(function.__salesplan__.arguments)
    padded = (*args, *([None] * (count - len(args))))
    out = function(*padded, _book_in(language))  # positionally, as xlwings calls it
    assert len(out) == 1 and len(out[0]) == 1, out
    return out[0][0]


@pytest.mark.parametrize(
    ("name", "args"), CASES, ids=[f"{i:02d}-{c[0]}" for i, c in enumerate(CASES)]
)
def test_bad_input_reads_in_chinese_in_a_zh_cn_workbook(name: str, args: tuple):
    text = _call(name, args, "zh-CN")
    assert text.startswith(f"#{name}:"), text
    assert len(text) <= 255 and "\n" not in text
    assert re.search(r"[\u4e00-\u9fff]", text), text
    unquoted = re.sub(r"'[^']*'", "", text)  # the planner's own input, quoted back
    assert not english_words(unquoted, ALLOWED), (english_words(unquoted, ALLOWED), text)


@pytest.mark.parametrize(
    ("name", "args", "prefix"), CATALOGUE, ids=[f"{i:02d}-{c[0]}" for i, c in enumerate(CATALOGUE)]
)
def test_an_english_workbook_reads_as_before(name: str, args: tuple, prefix: str):
    assert _call(name, args, "en").startswith(prefix)
    assert _call(name, args, None).startswith(prefix)  # no Language name: English


def test_the_argument_is_named_and_positions_count_from_one_in_chinese():
    text = _call("SPLIT_TARGET", (100.0, [[1.0, -2.0, 3.0]]), "zh-CN")
    assert text == "#SPLIT_TARGET:weights(第 2 个参数)必须大于等于零:位置 2(-2)"
    text = _call("PAYOUT", ([[1.0]], [[-5.0]], [[0.0, 0.5], [1.0, 1.0]]), "zh-CN")
    assert "位置 1 的激励 -5 为负数(负数位于 [1])" in text
    held = [[None, None], [60.0, None]]
    rows = _call("SPLIT_TARGET", ([[100.0], [50.0]], [[1.0, 1.0]], None, held), "zh-CN")
    assert rows.startswith("#SPLIT_TARGET:holds(第 4 个参数)行 2:锁定值合计 60"), rows


def test_the_language_is_read_only_when_a_cell_has_a_problem():
    class Untouchable:
        @property
        def sheet(self):
            raise AssertionError("the workbook was read for a result without a problem")

    assert udfs.SPLIT_TARGET([[100.0]], [[1.0, 3.0]], None, None, None, None, None, None, None,
                             Untouchable()) == [[25.0, 75.0]]  # fmt: skip


@pytest.mark.parametrize("value", ["zh-CN", "zh", "中文", " ZH_cn "])
def test_the_ways_a_workbook_writes_chinese(value: str):
    assert registration.workbook_language(_book_in(value)) == "zh-CN"


def test_a_workbook_without_the_name_or_unreadable_is_english():
    assert registration.workbook_language(SimpleNamespace()) == "en"
    assert registration.workbook_language(_book_in("fr")) == "en"


def test_every_function_takes_the_caller_last():
    for name, function in _functions().items():
        parameters = list(inspect.signature(function).parameters)
        assert parameters[-1] == "caller", name
        assert "caller" not in [a for a, _, _ in function.__salesplan__.arguments]


def test_the_templates_vba_wrappers_pass_the_calling_range():
    """Decoded with oletools: each wrapper's argument array ends with the caller's slot."""
    modules = olevba_modules(vba_project_bin((ROOT / "workbook_template.xlsm").read_bytes()))
    source = modules["xlwings_udfs"]
    for name in _functions():
        calls = re.findall(rf'{name} = XLPy\.CallUDF\("xl_salesplan_udfs", "{name}", '
                           r"Array\(([^)]*)\)", source)  # fmt: skip
        assert len(calls) == 2, name  # Excel, and other hosts
        arguments = [a for a, _, _ in getattr(udfs, name).__salesplan__.arguments]
        for call in calls:
            assert [a.strip() for a in call.split(",")] == [*arguments, "Nothing"], name
