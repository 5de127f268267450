"""Calling the Excel functions the way xlwings calls them, for the tests of the udfs package.

The package ``xl_salesplan_udfs`` is imported from ``udfs/`` as the workbook finds it (it is
not installed). xlwings hands every argument over as a list of rows (``ndim=2``):
:func:`row`, :func:`column` and :func:`cell` build such arguments.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

UDFS_FOLDER = Path(__file__).resolve().parents[1] / "udfs"
if str(UDFS_FOLDER) not in sys.path:
    sys.path.insert(0, str(UDFS_FOLDER))


def udf_module(name: str | None = None) -> ModuleType:
    """The package ``xl_salesplan_udfs``, or its module ``name`` (e.g. ``"cells"``)."""
    return importlib.import_module("xl_salesplan_udfs" + ("" if name is None else f".{name}"))


udfs = udf_module()


def row(values):
    """A row of cells, as xlwings passes a one-row range."""
    return [list(values)]


def column(values):
    """A column of cells, as xlwings passes a one-column range."""
    return [[v] for v in values]


def cell(value):
    """One cell, as xlwings passes it with ``ndim=2``."""
    return [[value]]
