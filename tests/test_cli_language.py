"""The command line speaks the planner's language: with ``--lang zh-CN``, with a zh-CN
workbook, or when the system's language is Chinese.

Each command runs on a zh-CN sample workbook, with good and with bad input, and what it
prints (standard output and standard error) is scanned for English words with the same
short list of codes as the workbook scan (``test_chinese_workbook``), plus what a command
line is written with: its commands, options and placeholders (``--lang``, ``WORKBOOK``),
the workbook's table names and the ids of its KPIs and channels, file paths.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from plan_files import plan_copy
from test_chinese_workbook import english_words

from xl_salesplan.actions.actuals_records import ACTUALS_COLUMNS
from xl_salesplan.actions.kpi_actuals_records import KPI_ACTUALS_COLUMNS
from xl_salesplan.cli import EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE, build_parser, main
from xl_salesplan.demo import CRM_HEADERS, write_crm_export
from xl_salesplan.layout import INPUT_TABLES, defined_names
from xl_salesplan.sample_company import load_sample_company
from xl_salesplan.workbook.book import FileBook


def _command_line_words() -> frozenset[str]:
    """Commands, options, placeholders and choices: the words a command line is typed with."""
    words: set[str] = {"xl-salesplan", "COMMAND", "keep", "rebase", "SHARE", "PATH", "BOOK"}
    parser = build_parser()
    for action in parser._actions:  # the main parser's options and its commands
        words.update(action.option_strings)
        choices = getattr(action, "choices", None)
        for name, command in choices.items() if isinstance(choices, dict) else ():
            words.add(str(name))
            for option in getattr(command, "_actions", ()):
                words.update(option.option_strings)
                words.update(w for w in (option.metavar, option.dest) if isinstance(w, str))
                words.update(str(c) for c in option.choices or ())
    return frozenset(w.strip("-") for w in words)


def _plan_words() -> frozenset[str]:
    """Table and defined names, KPI and channel ids of the sample workbook, CRM headers."""
    company = load_sample_company()
    ids = set(company.kpis["kpi_id"]) | set(company.channels["channel"])
    headers = {word for header in CRM_HEADERS.values() for word in re.findall(r"\w+", header)}
    return frozenset(ids | headers | set(defined_names()) | set(INPUT_TABLES) | {"tblKpiActuals"})


#: Encodings and the doctor's xlwings words (the xlwings.conf sheet's key, the add-in's file).
CODES = {"UTF", "GB18030", "UDF", "Modules", "Cxlwings", "conf", "xl_salesplan_udfs"}
#: The columns --map names (of a deals export and of a KPI export).
MAP_KEYS = {*ACTUALS_COLUMNS, *KPI_ACTUALS_COLUMNS, "kpi"}
ALLOWED = _command_line_words() | _plan_words() | CODES | MAP_KEYS
PATHS = re.compile(r"(?:[A-Za-z]:)?(?:[\\/][\w.+~-]+)+")


def english(text: str) -> list[str]:
    """English words in a command's output.

    Paths, the planner's own input (quoted, or an option typed) and words in capitals
    (placeholders such as ``WORKBOOK``, codes such as ``JSON``) are not words.
    """
    text = PATHS.sub(" ", text)
    text = re.sub(r"'[^']*'|--[\w-]+", " ", text)
    return [word for word in english_words(text, ALLOWED) if not word.isupper()]


def run(capsys, *argv: object) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out + err


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cli_zh")


@pytest.fixture(scope="module")
def workbook(folder: Path) -> Path:
    return plan_copy(folder, "plan.xlsm", language="zh-CN")


@pytest.fixture(autouse=True)
def english_system(monkeypatch) -> None:
    """The tests choose the language; the machine's does not count unless a test sets it."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def test_every_command_speaks_chinese_on_a_zh_cn_workbook(capsys, folder, workbook):
    export = write_crm_export(folder / "crm.csv", "zh-CN")
    mapping = [f"--map={column}={header}" for column, header in CRM_HEADERS.items()]
    snapshot, copy = folder / "v.xlsx", folder / "s.xlsx"
    commands = [
        ["validate", workbook],
        ["plan", workbook],
        ["budget", workbook],
        ["actuals", workbook, export, *mapping],
        ["replan", workbook],
        ["kpi", workbook],
        ["share", workbook, "-o", copy],
        ["snapshot", workbook, "-o", snapshot],
        ["diff", snapshot, snapshot],  # the language of the first workbook
        ["doctor", workbook],
    ]
    for command in commands:
        code, said = run(capsys, *command)
        assert code == EXIT_OK, (command, said)
        assert re.search(r"[\u4e00-\u9fff]", said), (command, said)
        assert not english(said), (command[0], english(said), said)


def test_bad_input_on_a_zh_cn_workbook_is_one_chinese_line(capsys, folder, workbook):
    bad = folder / "bad.xlsm"
    bad.write_bytes(workbook.read_bytes())
    book = FileBook.open(bad)
    book.write_value("假设", "B8", "twenty percent")
    book.save()
    for command in (["plan", bad], ["validate", bad]):
        code, said = run(capsys, *command)
        assert code == EXIT_INVALID_INPUT, said
        assert "B8" in said and not english(said), (english(said), said)
    for command in (["plan", folder / "nowhere.xlsm", "--lang", "zh-CN"],
                    ["actuals", bad, folder / "nowhere.csv"]):  # fmt: skip
        code, said = run(capsys, *command)
        assert code != EXIT_OK and len(said.strip().splitlines()) == 1, said
        assert not english(said), (english(said), said)


@pytest.mark.parametrize(
    "argv",
    [
        ["--lang", "zh-CN", "bogus"],
        ["--lang", "zh-CN", "plan"],
        ["plan", "x.xlsm", "--wait", "soon", "--lang=zh-CN"],
        ["diff", "a.xlsx", "b.xlsx", "--limit", "-3", "--lang", "zh-CN"],
        ["replan", "x.xlsm", "--catch-up", "most", "--lang", "zh-CN"],
        ["--lang", "zh-CN", "plan", "x.xlsm", "--bogus"],
    ],
)
def test_a_bad_command_line_is_one_chinese_line(capsys, argv):
    code, said = run(capsys, *argv)
    assert code == EXIT_USAGE and len(said.strip().splitlines()) == 1, said
    assert "错误" in said and not english(said), (english(said), said)


@pytest.mark.parametrize("command", [None, "plan", "actuals", "replan", "diff", "doctor"])
def test_help_is_chinese(capsys, command):
    argv = ["--lang", "zh-CN", *([command] if command else []), "--help"]
    code, said = run(capsys, *argv)
    assert code == EXIT_OK and "用法" in said
    assert not english(said), (english(said), said)


def test_the_systems_language_counts_when_nothing_else_says(capsys, monkeypatch, folder):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code, said = run(capsys, "plan", folder / "nowhere.xlsm")
    assert code != EXIT_OK and "没有这个工作簿文件" in said
    code, said = run(capsys, "--help")
    assert "用法" in said
    code, said = run(capsys, "plan", folder / "nowhere.xlsm", "--lang", "en")  # --lang wins
    assert "no such workbook file" in said


def test_english_stays_english(capsys, folder):
    _, said = run(capsys, "plan", folder / "nowhere.xlsm")
    assert said.strip() == f"xl-salesplan plan: {folder / 'nowhere.xlsm'}: no such workbook file"
    code, said = run(capsys, "bogus")
    assert code == EXIT_USAGE
    assert said.startswith("xl-salesplan: error: argument COMMAND: invalid choice: 'bogus'")
