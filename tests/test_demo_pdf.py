"""The demo workbook printed to PDF by LibreOffice (headless), read back with poppler's pdftotext.

The zh-CN and English demos (every action run, then Re-plan) are converted once; each page is
assigned to its sheet by the footer (sheet name left, "page / pages" right). A planner printing
the plan sees every sheet on a handful of readable pages: the Budget's blocks in bands (not one
unreadable page), the Targets' rep quotas with their total column, no '###', no cut labels.
"""

from __future__ import annotations

import re
import statistics
import subprocess
from pathlib import Path

import pytest
from lo_harness import lo_convert_pdf, requires_libreoffice

from xl_salesplan.cli import main
from xl_salesplan.demo import run_demo
from xl_salesplan.layout import BLOCKS, SHEETS
from xl_salesplan.layout.labels import ASSUMPTION_TEXTS

pytestmark = requires_libreoffice

LANGUAGES = ("en", "zh-CN")
#: Most pages a sheet of blocks may take (the long data tables take as many as their rows).
MOST_PAGES = {"budget": 6, "targets": 3, "capacity": 2, "replan": 1, "incentives": 1, "kpi": 1}


def _pdftotext(pdf: Path, page: int, option: str) -> str:
    return subprocess.run(
        ["pdftotext", option, "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def _pages(pdf: Path) -> list[tuple[str, float]]:
    """Each page's text and the median height of its words in points (the printed size)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    count = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))
    out = []
    for page in range(1, count + 1):
        boxes = re.findall(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', _pdftotext(pdf, page, "-bbox")
        )
        height = statistics.median(float(b) - float(a) for a, b in boxes)
        out.append((_pdftotext(pdf, page, "-layout"), height))
    return out


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, dict[str, list]]:
    """language -> sheet name -> the text of each of its printed pages.

    "<language> word heights" -> sheet name -> the median height of the words on each page.
    """
    out = {}
    for language in LANGUAGES:
        folder = tmp_path_factory.mktemp(f"demo-{language}")
        path = folder / "demo.xlsm"
        run_demo(path, language=language)
        assert main(["-q", "replan", str(path)]) == 0
        by_sheet: dict[str, list[str]] = {}
        heights: dict[str, list[float]] = {}
        for content, height in _pages(lo_convert_pdf(path, folder)):
            lines = [line for line in content.splitlines() if line.strip()]
            footer = re.match(r"^\s*(.+?)\s{2,}(\d+) / (\d+)\s*$", lines[-1])
            assert footer, lines[-1]
            assert len(lines) > 1, f"a blank page of {footer.group(1)}"
            by_sheet.setdefault(footer.group(1), []).append("\n".join(lines[:-1]))
            heights.setdefault(footer.group(1), []).append(height)
        out[language] = by_sheet
        out[f"{language} word heights"] = heights
    return out


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _titled(pages: list[str], title: str) -> list[str]:
    """The pages showing ``title`` as a text of its own (a block's title)."""
    return [
        page for page in pages
        if any(title in re.split(r"\s{2,}", line.strip()) for line in page.splitlines())
    ]  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sheet_prints_on_a_few_pages_without_hash_marks(printed, language):
    pages = printed[language]
    assert list(pages) == [s.name(language) for s in SHEETS.values()]
    for key, most in MOST_PAGES.items():
        assert 1 <= len(pages[SHEETS[key].name(language)]) <= most, key
    for name, texts in pages.items():
        assert not any("###" in t for t in texts), name
    # Readable print: words of an 11-point font at 55% of their size or more (one page wide,
    # the Budget's forty columns were printed at a quarter of their size).
    for key in ("budget", "targets", "capacity", "replan", "kpi"):
        heights = printed[f"{language} word heights"][SHEETS[key].name(language)]
        assert min(heights) >= 6.0, (key, heights)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_budget_block_is_printed_whole_on_one_page(printed, language):
    pages = printed[language][SHEETS["budget"].name(language)]
    for name in ("BudgetScore", "BudgetOptimal", "ChannelCurves", "BudgetSummary"):
        block = BLOCKS[name]
        on = _titled(pages, block.title(language))
        assert len(on) == 1, name
        # Every channel row of the block is on that page with its header.
        for channel in ("field_sales", "trade_shows"):
            assert channel in on[0] or name == "BudgetSummary", (name, channel)
        labels = [c.header(language) for c in block.columns] if block.header else []
        labels += [r.label(language) for r in block.rows or ()]
        for label in labels:  # a header may wrap in its cell: each word is there
            words = label.split()
            assert all(_squeezed(w) in _squeezed(on[0]) for w in words), (name, label)
    frontier = BLOCKS["BudgetFrontier"]
    (page,) = _titled(pages, frontier.title(language))
    assert page.count("\n") >= frontier.max_rows // 2, "the frontier is cut"


@pytest.mark.parametrize("language", LANGUAGES)
def test_rep_quotas_print_with_their_total_column(printed, language):
    pages = printed[language][SHEETS["targets"].name(language)]
    block = BLOCKS["RepTargets"]
    (page,) = _titled(pages, block.title(language))
    header = next(line for line in page.splitlines() if block.columns[0].header(language) in line)
    assert block.columns[-1].header(language) in header
    assert "R01" in page and "R24" in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catch_up_setting_reads_on_one_line(printed, language):
    (page,) = printed[language][SHEETS["replan"].name(language)]
    about = ASSUMPTION_TEXTS["ReplanCatchUp"][3 if language == "zh-CN" else 2]
    assert any(_squeezed(about) in _squeezed(line) for line in page.splitlines()), about
