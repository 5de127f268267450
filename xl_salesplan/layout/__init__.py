"""The plan workbook model: sheets, input tables, named inputs and output blocks.

This module is the single source of truth for where things live in a plan
workbook (``workbook_template.xlsm`` and every workbook built from it); import
the model from here. It is pure declarations (frozen dataclasses, defined in
:mod:`~xl_salesplan.layout.model`, :mod:`~xl_salesplan.layout.inputs`
and :mod:`~xl_salesplan.layout.outputs`) plus lookups; nothing here reads
or writes a file. ``docs/workbook.md`` describes the same model for people.

Code never finds anything by a sheet's display name (it is translated in the
zh-CN workbook). It uses the stable English identifiers declared here:

- **input tables** (Excel tables, ``tblHistory`` ...): columns are mapped by
  *position* through :attr:`InputTable.columns` (headers are translated);
- **named inputs** (one defined name per assumption, ``PlanYear`` ...);
- **output blocks** (``RegionTargets`` ...): a defined name covers the block's
  body (all rows); the template writes the title, the header row above the body
  and, for blocks with fixed rows, the row labels in the column to its left.
  Each block is owned by one action and filled from one frame of that action's
  compute function (:attr:`OutputBlock.frame`).

Examples
--------
>>> SHEETS["targets"].name("zh-CN"), SHEETS["targets"].code_name
('目标分解', 'shTargets')
>>> table("tblReps").column_keys()
('rep_id', 'rep_name', 'rep_name_zh', 'region', 'start_date', 'leave_date')
>>> block("RegionTargets").body_ref()
'$A$33:$N$44'
>>> block("CompanyTarget").row_keys(), block("CompanyTarget").label_cell(1)
(('last_year', 'target'), 'A20')
>>> named_input("GrowthTarget").cell, named_input("GrowthTarget").assumption
('B8', 'growth_target')
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeVar

from xl_salesplan.layout.inputs import (
    CURVE_KINDS,
    INPUT_TABLES,
    LIST_NAMES,
    NAMED_INPUTS,
    TABLE_KEYS,
)
from xl_salesplan.layout.model import (
    KINDS,
    LANGUAGES,
    MONTH_KEYS,
    MONTH_NAMES_EN,
    NUMBER_FORMATS,
    Column,
    InputTable,
    Kind,
    NamedInput,
    OutputBlock,
    RowLabel,
    SheetSpec,
    absolute,
    month_key,
)
from xl_salesplan.layout.outputs import ACTIONS, BLOCKS

__all__ = [
    "ACTIONS",
    "BLOCKS",
    "CONFIG_SHEET",
    "CURVE_KINDS",
    "INPUT_TABLES",
    "KINDS",
    "LANGUAGES",
    "LIST_NAMES",
    "MONTH_KEYS",
    "MONTH_NAMES_EN",
    "NAMED_INPUTS",
    "NUMBER_FORMATS",
    "SHEETS",
    "TABLE_KEYS",
    "UDF_MODULE",
    "WORKBOOK_CODE_NAME",
    "Column",
    "InputTable",
    "Kind",
    "NamedInput",
    "OutputBlock",
    "RowLabel",
    "SheetSpec",
    "absolute",
    "block",
    "block_for_frame",
    "blocks_of",
    "defined_names",
    "month_key",
    "named_input",
    "sheet",
    "table",
]

_T = TypeVar("_T")

#: Name of the configuration sheet xlwings reads (never translated).
CONFIG_SHEET = "xlwings.conf"
#: Value of "UDF Modules" on the configuration sheet: the Excel functions' module.
UDF_MODULE = "xl_salesplan_udfs"
#: VBA code name of the workbook (its document module).
WORKBOOK_CODE_NAME = "ThisWorkbook"

#: The sheets in tab order: key -> display names and VBA code name.
SHEETS: dict[str, SheetSpec] = {
    s.key: s
    for s in (
        SheetSpec("instructions", "Instructions", "使用说明", "shInstructions"),
        SheetSpec("assumptions", "Assumptions", "假设", "shAssumptions"),
        SheetSpec("history", "Sales history", "历史数据", "shHistory"),
        SheetSpec("reps", "Reps", "销售团队", "shReps"),
        SheetSpec("targets", "Targets", "目标分解", "shTargets"),
        SheetSpec("capacity", "Capacity", "人力产能", "shCapacity"),
        SheetSpec("funnel", "Funnel", "销售漏斗", "shFunnel"),
        SheetSpec("budget", "Budget", "预算分配", "shBudget"),
        SheetSpec("actuals", "Actuals", "实际数据", "shActuals"),
        SheetSpec("kpi", "KPI tracker", "KPI跟踪", "shKpi"),
        SheetSpec("dashboard", "Dashboard", "仪表板", "shDashboard"),
        SheetSpec("replan", "Re-plan", "调整计划", "shReplan"),
        SheetSpec("incentives", "Incentives", "激励", "shIncentives"),
        SheetSpec("market", "Market", "市场与客户", "shMarket"),
        SheetSpec("config", CONFIG_SHEET, CONFIG_SHEET, "shConfig"),
    )
}


def _find(kind: str, registry: Mapping[str, _T], name: str) -> _T:
    for key, spec in registry.items():
        if key.lower() == name.lower():
            return spec
    raise KeyError(f"no {kind} named {name!r}; they are {sorted(registry)}")


def sheet(key: str) -> SheetSpec:
    """The sheet with stable key ``key`` (``"targets"`` ...).

    Examples
    --------
    >>> sheet("config").name("zh-CN")
    'xlwings.conf'
    """
    return _find("sheet", SHEETS, key)


def table(name: str) -> InputTable:
    """The input table called ``name`` (case-insensitive, as in Excel).

    Examples
    --------
    >>> table("TBLKPIS").sheet
    'kpi'
    """
    return _find("input table", INPUT_TABLES, name)


def named_input(name: str) -> NamedInput:
    """The named input called ``name`` (case-insensitive).

    Examples
    --------
    >>> named_input("roundingunit").default
    1000
    """
    return _find("named input", NAMED_INPUTS, name)


def block(name: str) -> OutputBlock:
    """The output block called ``name`` (case-insensitive).

    Examples
    --------
    >>> block("kpitracker").action
    'flag_kpis'
    """
    return _find("output block", BLOCKS, name)


def block_for_frame(frame: str) -> OutputBlock:
    """The output block filled from the compute frame called ``frame``.

    Examples
    --------
    >>> block_for_frame("budget_optimal").name
    'BudgetOptimal'
    """
    for spec in BLOCKS.values():
        if spec.frame == frame:
            return spec
    raise KeyError(f"no output block is filled from frame {frame!r}")


def blocks_of(action: str) -> tuple[OutputBlock, ...]:
    """The output blocks ``action`` owns, in declaration order.

    Examples
    --------
    >>> [b.name for b in blocks_of("flag_kpis")]
    ['KpiTracker', 'KpiSignals', 'RevenueByMonth', 'KpiStatusCounts', 'PayoutTiers', 'PayoutRisk',
     'RepScorecard']
    """
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}; actions are {list(ACTIONS)}")
    return tuple(b for b in BLOCKS.values() if b.action == action)


def _iter_names() -> Iterator[tuple[str, str, str]]:
    for spec in NAMED_INPUTS.values():
        yield spec.name, spec.sheet, absolute(spec.cell)
    for out in BLOCKS.values():
        yield out.name, out.sheet, out.body_ref()
        for position, row in enumerate(out.rows):
            if row.name:
                yield row.name, out.sheet, absolute(out.column_cell(out.columns[0].key, position))
    for name, (table_name, column, rows) in LIST_NAMES.items():
        spec = table(table_name)
        first, last = spec.column_cell(column, 0), spec.column_cell(column, rows - 1)
        yield name, spec.sheet, absolute(first) + ":" + absolute(last)


def defined_names() -> dict[str, tuple[str, str]]:
    """Every workbook-level defined name: name -> (sheet key, absolute range).

    Named inputs, output blocks (their bodies), named rows of blocks and the list
    ranges that validate key columns. Print areas are not included.

    Examples
    --------
    >>> names = defined_names()
    >>> names["PlanYear"], names["AnnualTarget"], names["RegionList"]
    (('assumptions', '$B$6'), ('targets', '$B$6'), ('assumptions', '$B$25:$B$36'))
    """
    out: dict[str, tuple[str, str]] = {}
    seen: set[str] = set()
    for name, sheet_key, ref in _iter_names():
        if name.lower() in seen:
            raise ValueError(f"defined name {name!r} is declared twice")
        seen.add(name.lower())
        out[name] = (sheet_key, ref)
    return out
