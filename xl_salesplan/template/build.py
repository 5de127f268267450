"""Build ``workbook_template.xlsm`` from sources: the plan workbook with real numbers.

:func:`build_template` writes the plan workbook of :mod:`~xl_salesplan.layout`
with XlsxWriter (it writes formulas together with their cached values): every sheet,
the input tables filled from the sample company (with the KPI targets the plan sets,
as Build plan would set them: :func:`~xl_salesplan.actions.company_inputs.inputs_from_company`
is where they are linked), every output block filled by the
actions' own compute functions (so the template shows the numbers the ribbon buttons
and the command line would write), live Excel functions with cached values, data
validation, styles, conditional formatting, the Dashboard's charts, the
``xlwings.conf`` sheet, the VBA project built from the ``.bas`` sources and the
ribbon (both customUI parts). Everything that could vary is fixed, so building
twice gives the same bytes::

    python -m xl_salesplan.template.build [--lang en|zh-CN] [-o PATH]

Examples
--------
>>> import tempfile, pathlib, zipfile
>>> path = build_template(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm", lang="zh-CN")
>>> names = zipfile.ZipFile(path).namelist()
>>> "xl/vbaProject.bin" in names, "customUI/customUI14.xml" in names
(True, True)
"""

from __future__ import annotations

import argparse
import datetime as _dt
import io
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd
import xlsxwriter

from xl_salesplan.actions.budget import compute_budget
from xl_salesplan.actions.company_inputs import inputs_from_company
from xl_salesplan.actions.incentives import compute_incentives
from xl_salesplan.actions.kpi import compute_kpis
from xl_salesplan.actions.kpi_targets import plan_kpi_targets, target_rows
from xl_salesplan.actions.market import compute_market
from xl_salesplan.actions.plan import compute_plan
from xl_salesplan.actions.replan import compute_replan
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import (
    BLOCKS,
    INPUT_TABLES,
    SHEETS,
    UDF_MODULE,
    WORKBOOK_CODE_NAME,
    defined_names,
)
from xl_salesplan.layout.labels import check_language, text
from xl_salesplan.ooxml.atomic import atomic_write
from xl_salesplan.ooxml.references import parse_cell, quote_sheet
from xl_salesplan.sample_company import SampleCompany
from xl_salesplan.sample_languages import sample_company_in
from xl_salesplan.template.charts import add_dashboard_charts
from xl_salesplan.template.input_sheets import (
    VALIDATED_ROWS,
    write_input_table,
    write_named_inputs,
)
from xl_salesplan.template.instructions import write_instructions
from xl_salesplan.template.output_sheets import (
    add_kpi_table_unit_formats,
    blocks_on,
    write_block,
)
from xl_salesplan.template.package_parts import add_ribbon
from xl_salesplan.template.page_setup import PageBreaks
from xl_salesplan.template.sample_inputs import sample_input_frames, sample_named_values
from xl_salesplan.template.sheet_writer import SheetWriter
from xl_salesplan.template.styles import TemplateStyles, workbook_options
from xl_salesplan.template.vba_modules import template_vba_project

__all__ = [
    "DOCUMENT_DATE",
    "build_template",
    "compute_outputs",
    "main",
    "template_bytes",
    "written_cells",
]

#: Creation and modification date written into the document properties.
DOCUMENT_DATE = _dt.datetime(2026, 1, 1, 0, 0, 0, tzinfo=_dt.UTC)
DEFAULT_OUTPUT = "workbook_template.xlsm"

_TAB_COLOURS = {
    "instructions": "#70AD47",
    "assumptions": "#FFC000",
    "history": "#FFC000",
    "reps": "#FFC000",
    "targets": "#5B9BD5",
    "capacity": "#5B9BD5",
    "funnel": "#5B9BD5",
    "budget": "#ED7D31",
    "actuals": "#FFC000",
    "kpi": "#ED7D31",
    "dashboard": "#1F4E78",
    "replan": "#ED7D31",
    "incentives": "#ED7D31",
    "market": "#5B9BD5",
    "config": "#A6A6A6",
}
_FROZEN_HEADER = {"history": 5, "reps": 5, "actuals": 5}
_PORTRAIT = {"instructions", "funnel", "config"}
# Sheets whose blocks would print too small on one page wide: the blocks that start a new
# column band of pages, and the blocks that start a new page (not cut in two).
_BAND_BLOCKS = {
    "budget": ("BudgetSummary", "BudgetOptimal", "ChannelCurves"),
    "targets": ("RepTargets",),
}
_PAGE_BLOCKS = {
    "budget": ("BudgetFrontier",),
    "targets": ("RegionTargets",),
    "capacity": ("RepCapacity",),
}


def page_breaks(key: str) -> PageBreaks | None:
    """Where the printed pages of sheet ``key`` start (None: it prints one page wide).

    A page starts at a block's title cell: its column for a new band of pages, its row
    for a new page.

    Examples
    --------
    >>> page_breaks("targets")
    PageBreaks(columns=(16,), rows=(31,))
    >>> page_breaks("funnel") is None
    True
    """
    if key not in _BAND_BLOCKS and key not in _PAGE_BLOCKS:
        return None
    corners = {name: parse_cell(BLOCKS[name].title_cell()) for name in BLOCKS}
    return PageBreaks(
        columns=tuple(sorted(corners[name][1] for name in _BAND_BLOCKS.get(key, ()))),
        rows=tuple(sorted(corners[name][0] for name in _PAGE_BLOCKS.get(key, ()))),
    )


def title_rows(key: str) -> tuple[int, int] | None:
    """Rows printed on top of every page of sheet ``key``: its tables' titles and headers.

    Examples
    --------
    >>> title_rows("history"), title_rows("budget")
    ((4, 5), None)
    """
    if key not in _FROZEN_HEADER:
        return None
    return _FROZEN_HEADER[key] - 1, _FROZEN_HEADER[key]


def compute_outputs(company: SampleCompany, language: str = "en") -> dict[str, pd.DataFrame]:
    """Every output frame, by the actions' compute functions, from ``company``'s inputs.

    Examples
    --------
    >>> from xl_salesplan.sample_company import load_sample_company
    >>> frames = compute_outputs(load_sample_company())
    >>> sorted(b.frame for b in BLOCKS.values()) == sorted(frames)
    True
    """
    inputs = replace(inputs_from_company(company), language=check_language(language))
    frames: dict[str, pd.DataFrame] = {}
    frames.update(compute_plan(inputs))
    frames.update(compute_market(inputs, frames))
    frames.update(
        compute_replan(
            inputs,
            frames["rep_targets"],
            frames["rep_capacity"],
            float(frames["plan_summary"].loc["target", "value"]),
        )
    )
    frames.update(compute_budget(inputs))
    frames.update(compute_kpis(inputs, language=check_language(language)))
    frames.update(
        compute_incentives(
            inputs, frames["rep_targets"], float(frames["plan_summary"].loc["target", "value"])
        )
    )
    return {b.frame: frames[b.frame] for b in BLOCKS.values() if b.frame in frames}


def written_cells(
    company: SampleCompany, inputs: dict[str, pd.DataFrame], outputs: dict[str, pd.DataFrame]
) -> dict[str, dict[str, list[bool]]]:
    """Cells of input tables an action writes: table -> column key -> flag per data row.

    The targets Build plan sets in ``tblKpiActuals`` (matched as Build plan matches
    them); the template gives them the output look.

    Examples
    --------
    >>> from xl_salesplan.sample_company import load_sample_company
    >>> company = load_sample_company()
    >>> cells = written_cells(company, sample_input_frames(company), compute_outputs(company))
    >>> sum(cells["tblKpiActuals"]["target"])
    36
    """
    targets = plan_kpi_targets(inputs_from_company(company), outputs)
    rows = target_rows(inputs["tblKpiActuals"], targets)
    return {"tblKpiActuals": {"target": (rows >= 0).tolist()}}


def _sizes(inputs: dict[str, pd.DataFrame], outputs: dict[str, pd.DataFrame]) -> dict[str, int]:
    sizes = {name: len(frame) for name, frame in inputs.items()}
    for spec in BLOCKS.values():
        frame = outputs.get(spec.frame)
        sizes[spec.name] = 0 if frame is None else (spec.n_rows if spec.fixed_rows else len(frame))
    return sizes


def _heading(writer: SheetWriter, key: str, styles: TemplateStyles, language: str) -> None:
    writer.write(1, 1, text(f"sheet_title.{key}", language), styles.get("title"))
    writer.write_spanning(2, text(f"sheet_hint.{key}", language), styles.get("hint"))


def _write_sheet(
    workbook: xlsxwriter.Workbook,
    key: str,
    styles: TemplateStyles,
    language: str,
    inputs: dict[str, pd.DataFrame],
    outputs: dict[str, pd.DataFrame],
    company: SampleCompany,
    written: dict[str, dict[str, list[bool]]],
) -> None:
    spec = SHEETS[key]
    worksheet = workbook.add_worksheet(spec.name(language))
    worksheet.set_vba_name(spec.code_name)
    worksheet.set_tab_color(_TAB_COLOURS[key])
    writer = SheetWriter(worksheet)
    if key == "config":
        writer.write(1, 1, "UDF Modules", styles.get("label"))
        writer.write(1, 2, UDF_MODULE, styles.get("input", "text"))
        writer.width(1, 16)
        writer.width(2, 24)
        writer.finish(landscape=False)
        return
    _heading(writer, key, styles, language)
    if key == "instructions":
        write_instructions(writer, styles, language)
        worksheet.hide_gridlines(2)
    write_named_inputs(
        writer, styles, language, sample_named_values(company, language=language), key
    )
    for table_spec in INPUT_TABLES.values():
        if table_spec.sheet == key:
            write_input_table(
                writer,
                table_spec,
                inputs[table_spec.name],
                styles,
                language,
                written=written.get(table_spec.name),
            )
            if table_spec.name == "tblKpiActuals":
                add_kpi_table_unit_formats(writer, table_spec, styles, language, VALIDATED_ROWS)
    sizes = _sizes(inputs, outputs)
    for block_spec in blocks_on(key):
        write_block(writer, block_spec, outputs.get(block_spec.frame), styles, language, sizes)
    if key == "dashboard":
        add_dashboard_charts(workbook, worksheet, language, outputs)
        worksheet.hide_gridlines(2)
        writer.mark(40, 19)
    if key in _FROZEN_HEADER:
        worksheet.freeze_panes(_FROZEN_HEADER[key], 0)
    writer.finish(
        landscape=key not in _PORTRAIT, breaks=page_breaks(key), title_rows=title_rows(key)
    )


def template_bytes(
    *, lang: str = "en", company: SampleCompany | None = None, standalone: bool = False
) -> bytes:
    """The template's bytes (see :func:`build_template`).

    Examples
    --------
    >>> template_bytes(lang="fr")
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: language must be one of en, zh-CN; got 'fr'
    """
    language = check_language(lang)
    company = sample_company_in(language, company)
    inputs = sample_input_frames(company)
    outputs = compute_outputs(company, language)
    written = written_cells(company, inputs, outputs)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, workbook_options(language))
    # No recalculation forced on open (XlsxWriter asks for one by default): where our Python
    # cannot run, every cell keeps the value written here (live formulas fall back to it).
    workbook.calc_on_load = False
    workbook.set_properties(
        {
            "title": text("sheet_title.instructions", language),
            "subject": "xl-salesplan",
            "author": "xl-salesplan",
            "company": "",
            "comments": "Built by python -m xl_salesplan.template.build",
            "created": DOCUMENT_DATE,
        }
    )
    workbook.set_vba_name(WORKBOOK_CODE_NAME)
    styles = TemplateStyles(workbook, language)
    for key in SHEETS:
        _write_sheet(workbook, key, styles, language, inputs, outputs, company, written)
    for name, (sheet_key, ref) in defined_names().items():
        workbook.define_name(name, f"={quote_sheet(SHEETS[sheet_key].name(language))}!{ref}")
    project = template_vba_project(standalone=standalone)
    workbook.add_vba_project(io.BytesIO(project), is_stream=True)
    workbook.close()
    return add_ribbon(buffer.getvalue(), language)


def build_template(
    path: str | os.PathLike[str],
    *,
    lang: str = "en",
    company: SampleCompany | None = None,
    standalone: bool = False,
) -> Path:
    """Write the plan workbook template to ``path`` (atomically) and return the path.

    Parameters
    ----------
    path : path-like
        The ``.xlsm`` file to write; its folder must exist.
    lang : {"en", "zh-CN"}
        Language of sheet names, labels, instructions and ribbon (function names stay
        English).
    company : SampleCompany, optional
        The company whose data fills the inputs (default: the sample company).
    standalone : bool
        Carry xlwings' own VBA modules (from the installed xlwings package) instead
        of a reference to the xlwings add-in (see ``docs/excel_setup.md``).

    Raises
    ------
    PlanningError
        For an unknown language, data the actions cannot compute from, or (standalone)
        an xlwings package without its VBA modules.

    Examples
    --------
    >>> import tempfile
    >>> path = build_template(Path(tempfile.mkdtemp()) / "plan.xlsm")
    >>> path.name, path.stat().st_size > 100_000
    ('plan.xlsm', True)
    """
    target = Path(path)
    atomic_write(target, template_bytes(lang=lang, company=company, standalone=standalone))
    return target


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m xl_salesplan.template.build [--lang en|zh-CN] [-o PATH]``.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "t.xlsm"
    >>> main(["--lang", "zh-CN", "-o", str(target)])  # doctest: +ELLIPSIS
    /.../t.xlsm
    0
    """
    parser = argparse.ArgumentParser(
        prog="python -m xl_salesplan.template.build",
        description="Build the plan workbook template from the sources in this repository.",
    )
    parser.add_argument("--lang", default="en", choices=["en", "zh-CN"])
    parser.add_argument("-o", "--output", default=DEFAULT_OUTPUT, help="the .xlsm to write")
    args = parser.parse_args(argv)
    try:
        path = build_template(args.output, lang=args.lang)
    except (PlanningError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
