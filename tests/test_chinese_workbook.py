"""A zh-CN workbook speaks Chinese: every text the project writes into it, after every action.

The scan reads every text cell (the values a planner sees, cached values included), the
data-validation prompts and lists, of the template and of the workbook after each command,
of its share copy and of a snapshot. What may stay in Latin letters is listed here, short
and explicit: codes (:data:`ALLOWED_WORDS`), code spans (:data:`CODE_SPANS`: commands, file
names, function names, ISO dates), the workbook's own defined and table names, the ids of
the planner's KPIs and channels (keys, like function names), and the English names kept
next to the Chinese ones in the bilingual master tables.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from plan_files import plan_copy

from xl_salesplan.cli import main
from xl_salesplan.demo import CRM_HEADERS, write_crm_export
from xl_salesplan.layout import INPUT_TABLES, SHEETS, defined_names, table
from xl_salesplan.messages import choice_words
from xl_salesplan.ooxml.references import parse_cell

#: Codes a Chinese planner reads as they are: product and tool names, method names,
#: file types, language codes.
ALLOWED_WORDS = frozenset({
    "KPI", "CRM", "CSV", "XLSX", "Excel", "Python", "Windows", "macOS", "Mac", "Linux",
    "LibreOffice", "WPS", "xlwings", "Nelson", "CUSUM", "zh-CN", "en",
})  # fmt: skip
#: Spans that are code, not words: commands, file names and paths, function names, ISO dates.
CODE_SPANS = (
    re.compile(r"xl-salesplan(?: [a-z]+)?(?: <?[\w.-]+\.(?:xlsm|xlsx|csv)>?)*"),
    re.compile(r"python -m pip install|xlwings addin install"),
    re.compile(r"[\w/.-]*\.(?:xlsm|xlsx|csv|whl|md)\b"),
    re.compile(r"=[A-Z][A-Z_]*\("),
    re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b"),
)
#: The sheet xlwings reads by its English keys.
CONFIG_SHEET = "xlwings.conf"
_WORD = re.compile(r"[A-Za-z][A-Za-z_-]*[A-Za-z]")


def _names() -> frozenset[str]:
    return frozenset(defined_names()) | frozenset(INPUT_TABLES)


def _other_language_columns() -> set[tuple[str, int]]:
    """(sheet, column) of the English names kept beside the Chinese ones."""
    out = set()
    for spec in INPUT_TABLES.values():
        _, col = parse_cell(spec.anchor)
        for offset, column in enumerate(spec.columns):
            if column.key.endswith("_zh"):
                out.add((SHEETS[spec.sheet].name("zh-CN"), col + offset))
    return out


def _ids(book: openpyxl.Workbook) -> frozenset[str]:
    """The KPI and channel ids the workbook's own tables define."""
    out = set()
    for name, key in (("tblKpis", "kpi_id"), ("tblChannels", "channel")):
        spec = table(name)
        sheet = book[SHEETS[spec.sheet].name("zh-CN")]
        row, col = parse_cell(spec.anchor)  # the table's rows down to the first blank id
        while isinstance(value := sheet.cell(row + 1, col + spec.column_index(key)).value, str):
            out.add(value.strip())
            row += 1
    return frozenset(out)


def english_words(text: str, allowed: frozenset[str]) -> list[str]:
    """The words of ``text`` in Latin letters that are neither allowed nor code.

    Examples
    --------
    >>> english_words("运行 xl-salesplan kpi plan.xlsm;=KPI_STATUS(...);自2026-05起", frozenset())
    []
    >>> english_words("drift down since 2026-01", frozenset({"KPI"}))
    ['drift', 'down', 'since']
    """
    for span in CODE_SPANS:
        text = span.sub(" ", text)
    return [w for w in _WORD.findall(text) if w not in allowed and w not in ALLOWED_WORDS]


def english_in_workbook(path: Path) -> list[str]:
    """``sheet!cell: text`` of every text showing English words (empty: all Chinese)."""
    book = openpyxl.load_workbook(path, data_only=True)  # read only: never saved
    allowed = _names() | _ids(book)
    skipped = _other_language_columns()
    found = []
    for sheet in book.worksheets:
        if sheet.title == CONFIG_SHEET:
            continue
        for row in sheet.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or (sheet.title, cell.column) in skipped:
                    continue
                if english_words(cell.value, allowed):
                    found.append(f"{sheet.title}!{cell.coordinate}: {cell.value[:80]}")
        for rule in sheet.data_validations.dataValidation:
            for text in (rule.prompt, rule.error, rule.promptTitle, rule.errorTitle,
                         rule.formula1 if rule.type == "list" else None):  # fmt: skip
                if text and english_words(text, allowed):
                    found.append(f"{sheet.title}!{rule.sqref} (validation): {text[:80]}")
    return found


@pytest.fixture(scope="module")
def actions_run(tmp_path_factory) -> list[tuple[str, Path]]:
    """The zh-CN template, then the workbook after each command in a planner's order."""
    folder = tmp_path_factory.mktemp("zh")
    path = plan_copy(folder, language="zh-CN")
    export = write_crm_export(folder / "crm.csv", "zh-CN")
    stages: list[tuple[str, Path]] = [("template", folder / "template.xlsm")]
    stages[0][1].write_bytes(path.read_bytes())
    mapping = [f"--map={column}={header}" for column, header in CRM_HEADERS.items()]
    commands = (["validate"], ["plan"], ["budget"], ["actuals", str(export), *mapping], ["kpi"])
    for command in commands:
        assert main([command[0], "-q", str(path), *command[1:]]) == 0, command
        stage = folder / f"after_{command[0]}.xlsm"
        stage.write_bytes(path.read_bytes())
        stages.append((command[0], stage))
    share = folder / "share.xlsx"
    assert main(["share", "-q", str(path), "-o", str(share)]) == 0
    snapshot = folder / "snapshot.xlsx"
    assert main(["snapshot", "-q", str(path), "-o", str(snapshot)]) == 0
    return [*stages, ("share", share), ("snapshot", snapshot)]


def test_every_text_of_a_chinese_workbook_is_chinese_after_every_action(actions_run) -> None:
    found = {stage: english_in_workbook(path) for stage, path in actions_run}
    assert found == {stage: [] for stage, _ in actions_run}


def test_the_scan_finds_english_where_there_is_some(tmp_path: Path) -> None:
    path = plan_copy(tmp_path, language="zh-CN")
    from xl_salesplan.workbook.book import FileBook

    with FileBook.open(path) as book:
        book.write_value(SHEETS["budget"].name("zh-CN"), "B30", "Move 5 from A to B")
        book.save()
    assert english_in_workbook(path) == [
        f"{SHEETS['budget'].name('zh-CN')}!B30: Move 5 from A to B"
    ]


def test_coded_words_are_chinese_and_the_actions_read_them(actions_run) -> None:
    _, path = actions_run[-3]  # after kpi
    book = openpyxl.load_workbook(path, data_only=True)
    kpis = table("tblKpis")
    sheet = book[SHEETS[kpis.sheet].name("zh-CN")]
    row, col = parse_cell(kpis.anchor)
    for key in ("direction", "unit", "aggregation"):
        value = sheet.cell(row + 1, col + kpis.column_index(key)).value
        assert value in choice_words(key, "zh-CN"), (key, value)
    tracker = dict(
        (sheet.cell(r, 1).value, sheet.cell(r, 2).value) for r in range(29, 37)
    )  # KPI id -> the name the tracker shows
    assert tracker["revenue"] == "销售额" and tracker["win_rate"] == "赢单率"


def test_the_command_line_answers_in_the_workbooks_language(capsys, tmp_path: Path) -> None:
    path = plan_copy(tmp_path, language="zh-CN")
    assert main(["validate", "-q", str(path)]) == 0
    assert capsys.readouterr().out.strip() == "输入有效:未发现问题。"
    assert main(["validate", "-q", "--lang", "en", str(path)]) == 0
    assert capsys.readouterr().out.strip() == "Inputs are valid: no problems found."
    assert main(["new", str(path), "--lang", "zh-CN"]) == 1
    assert capsys.readouterr().err.strip() == (
        f"xl-salesplan new:{path}:文件已存在;如需替换请加 --force"
    )
