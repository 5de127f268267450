"""Open spreadsheet files in LibreOffice (headless, via UNO) and report what it shows.

Run with a Python that has the ``uno`` module (the system ``python3`` with the
``python3-uno`` package), not the project's interpreter::

    python3 lo_probe.py FILE [FILE ...]

Prints one JSON object: ``{"files": {path: report}}`` where a report has
``sheets`` (name, non-empty cells with value/formula/text, chart and shape
counts), ``vba_modules`` ({library.module: source}) and ``error`` if the file
could not be loaded. The macro code of a document is never executed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

NEVER_EXECUTE = 0  # com.sun.star.document.MacroExecMode.NEVER_EXECUTE
CONNECT_TIMEOUT_S = 90.0
_CELL_EMPTY, _CELL_VALUE, _CELL_FORMULA = "EMPTY", "VALUE", "FORMULA"
_RESULT_VALUE = 1  # com.sun.star.sheet.FormulaResult.VALUE


def _prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def _column_letters(index):
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _start_office(profile_dir, pipe_name):
    cmd = [
        "soffice",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nodefault",
        "--nolockcheck",
        f"-env:UserInstallation=file://{profile_dir}",
        f"--accept=pipe,name={pipe_name};urp;StarOffice.ComponentContext",
    ]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _connect(pipe_name, proc):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + CONNECT_TIMEOUT_S
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe_name};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("LibreOffice did not start") from None
            time.sleep(0.25)


def _cell_report(cell):
    kind = cell.getType().value
    if kind == _CELL_EMPTY:
        return None
    out = {"text": cell.getString()}
    if kind == _CELL_FORMULA:
        out["formula"] = cell.getFormula()
        # A formula cell shows a number or a text result.
        result_type = cell.FormulaResultType2  # com.sun.star.sheet.FormulaResult
        out["value"] = cell.getValue() if result_type == _RESULT_VALUE else cell.getString()
        if cell.getError():
            out["error"] = cell.getError()
    elif kind == _CELL_VALUE:
        out["value"] = cell.getValue()
    else:
        out["value"] = cell.getString()
    return out


def _sheet_report(sheet):
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    last_col = cursor.getRangeAddress().EndColumn
    last_row = cursor.getRangeAddress().EndRow
    cells = {}
    for row in range(last_row + 1):
        for col in range(last_col + 1):
            info = _cell_report(sheet.getCellByPosition(col, row))
            if info is not None:
                cells[f"{_column_letters(col)}{row + 1}"] = info
    draw_page = sheet.getDrawPage()
    shapes = [draw_page.getByIndex(i).getShapeType() for i in range(draw_page.getCount())]
    return {
        "name": sheet.getName(),
        "cells": cells,
        "charts": sheet.getCharts().getCount(),
        "shapes": shapes,
    }


def _vba_modules(doc):
    modules = {}
    libraries = doc.BasicLibraries
    for lib_name in libraries.getElementNames():
        libraries.loadLibrary(lib_name)
        lib = libraries.getByName(lib_name)
        for module_name in lib.getElementNames():
            modules[f"{lib_name}.{module_name}"] = lib.getByName(module_name)
    return modules


def _inspect(desktop, path):
    url = uno.systemPathToFileUrl(os.path.abspath(path))
    doc = desktop.loadComponentFromURL(
        url,
        "_blank",
        0,
        (
            _prop("Hidden", True),
            _prop("MacroExecutionMode", NEVER_EXECUTE),
            _prop("ReadOnly", True),
        ),
    )
    if doc is None:
        return {"error": "LibreOffice could not load the file"}
    try:
        sheets = doc.getSheets()
        report = {
            "sheets": [sheets.getByIndex(i) for i in range(sheets.getCount())],
            "named_ranges": list(doc.NamedRanges.getElementNames()),
        }
        report["sheets"] = [_sheet_report(s) for s in report["sheets"]]
        report["vba_modules"] = _vba_modules(doc)
        return report
    finally:
        doc.close(True)


def main(paths):
    profile_dir = tempfile.mkdtemp(prefix="xlsp-lo-profile-")
    pipe_name = f"xlsp_{uuid.uuid4().hex}"
    proc = _start_office(profile_dir, pipe_name)
    try:
        desktop = _connect(pipe_name, proc)
        results = {}
        for path in paths:
            try:
                results[path] = _inspect(desktop, path)
            except Exception as exc:  # report, do not crash: the test decides
                results[path] = {"error": f"{type(exc).__name__}: {exc}"}
        with contextlib.suppress(Exception):
            desktop.terminate()
    finally:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile_dir, ignore_errors=True)
    json.dump({"files": results}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
