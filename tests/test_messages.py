"""The message catalogue: every text exists in both languages with the same placeholders."""

from __future__ import annotations

import re

import pytest

from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import (
    CATALOGUE,
    choice_code,
    choice_word,
    choice_words,
    language_code,
    localized,
    message,
    placeholders,
)
from xl_salesplan.messages.instructions import INSTRUCTIONS

_CJK = re.compile(r"[\u3400-\u9fff]")
# Texts that are the same in both languages: the command lines of the instructions sheet.
_SAME_IN_BOTH = {f"instructions.{i:02d}" for i, line in enumerate(INSTRUCTIONS) if line[0] == "c"}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_message_has_both_languages_with_the_same_placeholders(key: str) -> None:
    en, zh = CATALOGUE[key]
    assert isinstance(en, str) and isinstance(zh, str)
    assert placeholders(en) == placeholders(zh), key
    if en.strip():
        assert zh.strip(), f"{key} has no Chinese text"
    else:
        assert not zh.strip(), f"{key} has Chinese text but no English text"


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_chinese_texts_are_chinese(key: str) -> None:
    en, zh = CATALOGUE[key]
    words = re.sub(r"\{[^}]*\}", "", zh)
    if not words.strip() or key in _SAME_IN_BOTH:
        return
    # symbols only ("%", "{first};{second}") need no translation
    if not re.search(r"[A-Za-z]", re.sub(r"\{[^}]*\}", "", en)):
        return
    assert _CJK.search(words), f"{key}: the Chinese text {zh!r} has no Chinese word"


def test_a_key_renders_in_either_language_with_its_parameters() -> None:
    assert message("kpi.signal.drift", "zh-CN", direction="下降", since="2026-01") == (
        "自2026-01起持续下降"
    )
    assert message("kpi.signal.drift", "en", direction="down", since="2026-01") == (
        "drift down since 2026-01"
    )
    with pytest.raises(KeyError):
        message("kpi.signal.drift", "en", direction="down")  # a parameter is missing


def test_language_codes_are_normalised() -> None:
    assert [language_code(x) for x in ("zh", "zh-CN", "ZH_cn", "en", "en-GB", "de", 3)] == [
        "zh-CN", "zh-CN", "zh-CN", "en", "en", None, None,
    ]  # fmt: skip


def test_an_error_raised_with_a_key_renders_in_the_workbook_language() -> None:
    err = PlanningError.of("cli.not_xlsm", path="plan.xlsx")
    assert str(err) == "plan.xlsx: a plan workbook has macros, so its name must end in .xlsm"
    assert localized(err, "zh-CN") == "plan.xlsx:计划工作簿含宏,文件名必须以 .xlsm 结尾"
    plain = PlanningError("weights sum to zero", code="zero_weights")
    assert localized(plain, "zh-CN") == "weights sum to zero"  # no key: its own text


def test_coded_words_read_in_either_language_and_show_in_the_workbook_language() -> None:
    assert choice_words("aggregation", "zh-CN") == ("合计", "平均")
    assert choice_code("direction", "越高越好") == "higher"
    assert choice_code("curve_kind", "希尔曲线") == "hill"
    assert choice_code("unit", "ＹＵＡＮ") == "yuan"  # full-width letters
    assert choice_code("unit", "furlongs") == "furlongs"  # left for the checks to report
    assert choice_word("quality", "good", "zh-CN") == "良好"
