"""The contract with classic xlwings, checked with xlwings' own code.

``xlwings.udfs`` (the module behind ``xw.func`` on Windows and behind "Import Functions")
imports three Windows-only modules; the tests stand in for exactly those and import it
on any system. The package is then imported with xlwings' Windows decorators in place, so
every function carries the metadata Excel sees (``__xlfunc__``): arguments, wizard texts,
conversion options. xlwings' ``generate_vba_wrapper`` then writes the VBA wrappers, which
must equal the module the workbook template ships.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import io
import re
import sys
import tomllib
import types
from pathlib import Path
from typing import Any

import pytest
import setuptools
import xlwings

from xl_salesplan.vba.module_sources import excel_document_modules, read_bas_module
from xl_salesplan.vba.vba_project import build_vba_project

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "udfs"))
vba_wrappers = importlib.import_module("xl_salesplan_udfs.vba_wrappers")

PACKAGE = "xl_salesplan_udfs"
BAS_PATH = ROOT / "xl_salesplan" / "vba" / "modules" / "xlwings_udfs.bas"
CATALOGUE = {
    "SPLIT_TARGET", "SPLIT_MATRIX", "SEASONALITY", "BASELINE", "REP_CAPACITY", "HEADCOUNT_PLAN",
    "FUNNEL_NEEDED", "QUOTA_RISK", "RESPONSE", "FIT_RESPONSE", "SCORE_ALLOCATION",
    "OPTIMAL_ALLOCATION", "BUDGET_FRONTIER", "KPI_VARIANCE", "KPI_PACE", "KPI_STATUS",
    "KPI_SIGNALS", "TARGET_FROM_MARKET", "CUSTOMER_BRIDGE", "CUSTOMERS_NEEDED", "TARGET_CHECK",
    "REPLAN", "HOLIDAY_SEASONALITY", "PAYOUT", "PAYOUT_RISK", "REP_SCORECARD",
}  # fmt: skip
WINDOWS_ONLY = ("pythoncom", "pywintypes", "win32com", "win32com.client")
MISSING = -2147352572  # what VBA hands over for a left-out Optional argument


def _installed(name: str) -> bool:
    """True when the module can be imported (on Windows with pywin32)."""
    try:
        return importlib.util.find_spec(name.split(".")[0]) is not None
    except ValueError:  # already in sys.modules without a spec
        return True


def _stub(name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    if name == "pythoncom":
        module.CoInitialize = lambda: None
    elif name == "pywintypes":
        module.com_error = type("com_error", (Exception,), {})
    elif name == "win32com":
        module.__path__ = []
    elif name == "win32com.client":
        module.Dispatch = lambda *a, **k: None
    return module


@pytest.fixture
def xlwings_udfs(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """xlwings' own ``xlwings.udfs``, imported with stand-ins for its Windows-only imports."""
    for name in [name for name in WINDOWS_ONLY if not _installed(name)]:
        monkeypatch.setitem(sys.modules, name, _stub(name))
    monkeypatch.delitem(sys.modules, "xlwings.udfs", raising=False)
    module = importlib.import_module("xlwings.udfs")
    yield module
    sys.modules.pop("xlwings.udfs", None)
    if "udfs" in vars(xlwings):
        delattr(xlwings, "udfs")


@pytest.fixture
def declared(xlwings_udfs: types.ModuleType, monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """The package imported afresh while ``xw.func``/``xw.arg``/``xw.ret`` are xlwings'
    Windows decorators (as they are in Excel on Windows)."""
    monkeypatch.setattr(xlwings, "func", xlwings_udfs.xlfunc)
    monkeypatch.setattr(xlwings, "arg", xlwings_udfs.xlarg)
    monkeypatch.setattr(xlwings, "ret", xlwings_udfs.xlret)
    ours = [k for k in sys.modules if k == PACKAGE or k.startswith(PACKAGE + ".")]
    saved = {k: sys.modules.pop(k) for k in ours}
    try:
        package = importlib.import_module(PACKAGE)
    finally:
        for k in [k for k in sys.modules if k == PACKAGE or k.startswith(PACKAGE + ".")]:
            del sys.modules[k]
        sys.modules.update(saved)
    return package


def _functions(package: types.ModuleType) -> dict[str, Any]:
    return {
        name: getattr(package, name)
        for name in dir(package)
        if hasattr(getattr(package, name), "__xlfunc__")
    }


def _expected_names() -> set[str]:
    return CATALOGUE


def test_xlwings_udfs_needs_only_the_windows_modules_stood_in(xlwings_udfs) -> None:
    assert callable(xlwings_udfs.xlfunc) and callable(xlwings_udfs.generate_vba_wrapper)
    assert xlwings_udfs.generate_vba_wrapper.__module__ == "xlwings.udfs"  # xlwings' own code


def test_the_package_uses_classic_xlwings_only() -> None:
    for path in sorted((ROOT / "udfs" / PACKAGE).glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or "", *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            assert not any(n.startswith("xlwings.pro") for n in names), (path.name, names)
            assert not any(n.startswith(("xlwings.server", "xlwings.ext")) for n in names)


def test_the_module_exposes_exactly_the_catalogue(declared) -> None:
    functions = _functions(declared)
    assert set(functions) == _expected_names()
    for name, fn in functions.items():
        assert fn.__xlfunc__["name"] == name  # VBA calls CallUDF(module, name): same attribute


def test_metadata_of_every_function(declared) -> None:
    for name, fn in _functions(declared).items():
        meta = fn.__xlfunc__
        spec = fn.__salesplan__
        params = inspect.signature(fn).parameters
        assert [a["name"] for a in meta["args"]] == list(params), name
        *arguments, caller = meta["args"]
        # xlwings' reserved last argument: the calling range (the VBA wrapper passes Nothing
        # there and xlwings fills it in), through which a function reads its book's language
        assert caller["name"] == "caller" and caller["optional"] is None, name
        for arg, (arg_name, doc, default) in zip(arguments, spec.arguments, strict=True):
            assert arg["name"] == arg_name
            assert arg["doc"] == doc and 0 < len(doc) <= 255 and not doc.startswith("Positional")
            assert arg["options"] == {"convert": Any, "ndim": 2, "err_to_str": True}, arg
            assert arg["vba"] is None and not arg["vararg"]
            if default is inspect.Parameter.empty:
                assert "optional" not in arg
            else:
                assert arg["optional"] is None  # a left-out argument arrives as None
        assert meta["ret"]["doc"] == spec.summary and "\n" not in spec.summary
        assert 0 < len(spec.summary) <= 255
        assert meta["ret"]["options"] == {"convert": list}  # a list of rows; no legacy "expand"
        assert meta["category"] == "Sales Plan"
        assert meta["volatile"] is False and meta["async_mode"] is None and meta["sub"] is False
        slow = {"QUOTA_RISK", "BUDGET_FRONTIER", "TARGET_CHECK", "PAYOUT_RISK"}
        assert meta["call_in_wizard"] is (name not in slow)


class _Workbook:
    Name = "workbook_template.xlsm"


def _committed() -> str:
    return BAS_PATH.read_bytes().decode("ascii").replace("\r\n", "\n")


def test_committed_wrappers_are_what_xlwings_generates(xlwings_udfs, declared) -> None:
    buffer = io.StringIO()
    xlwings_udfs.generate_vba_wrapper(PACKAGE, declared, buffer, _Workbook())
    generated = buffer.getvalue()
    committed = _committed()
    assert committed.endswith(generated)
    header = committed[: len(committed) - len(generated)].splitlines()
    assert header[0] == 'Attribute VB_Name = "xlwings_udfs"'
    assert all(line.startswith(("'", "#Const App")) for line in header[1:])
    for name in _expected_names():
        assert f'XLPy.CallUDF("{PACKAGE}", "{name}", ' in generated
    assert generated.count("\nEnd Function\n") == len(_expected_names())


def test_the_vba_project_writer_takes_the_module() -> None:
    module = read_bas_module(BAS_PATH)
    assert module.name == "xlwings_udfs" and module.kind == "standard"
    project = build_vba_project([*excel_document_modules(["Sheet1"]), module])
    assert project[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # a compound file
    assert max(len(line) for line in _committed().splitlines()) <= 1023


def test_write_udf_wrappers_is_up_to_date_and_leaves_xlwings_as_it_was(tmp_path: Path) -> None:
    pass_through = xlwings.func
    assert vba_wrappers.wrapper_source() == _committed()
    written = vba_wrappers.write_udf_wrappers(tmp_path / "xlwings_udfs.bas")
    assert written.read_bytes() == BAS_PATH.read_bytes()
    assert xlwings.func is pass_through and "xlwings.udfs" not in sys.modules
    assert not any(name in sys.modules for name in WINDOWS_ONLY if not _installed(name))
    assert not hasattr(importlib.import_module(PACKAGE).SPLIT_TARGET, "__xlfunc__") or (
        sys.platform == "win32"
    )


VBA_RESERVED = {
    "and", "as", "boolean", "byref", "byte", "byval", "call", "case", "const", "currency", "date",
    "decimal", "declare", "dim", "do", "double", "each", "else", "elseif", "empty", "end", "enum",
    "eqv", "erase", "error", "event", "exit", "false", "for", "friend", "function", "get",
    "global", "gosub", "goto", "if", "imp", "implements", "in", "integer", "is", "let", "like",
    "long", "longlong", "loop", "lset", "me", "mod", "new", "next", "not", "nothing", "null",
    "on", "option", "optional", "or", "paramarray", "preserve", "private", "property", "public",
    "raiseevent", "redim", "rem", "resume", "return", "rset", "select", "set", "single",
    "static", "step", "stop", "string", "sub", "then", "to", "true", "type", "typeof", "until",
    "variant", "wend", "while", "with", "xor", "open", "close", "input", "output", "print",
    "line", "name", "write", "put", "seek", "lock", "unlock", "width", "array", "object",
    # built-in functions a parameter would hide inside the wrapper
    "rate", "year", "month", "day", "time", "val", "str", "len", "left", "right", "mid",
    "format", "round", "abs", "sgn", "sqr", "log", "exp", "int", "fix", "filter", "split",
    "join", "replace", "choose", "switch", "iif", "now", "timer", "space", "trim", "hex",
    "chr", "asc", "shell", "environ", "dir", "kill", "pv", "fv", "npv", "irr", "pmt", "nper",
    "err", "application", "thisworkbook", "activeworkbook", "range", "xlpy",
}  # fmt: skip


def test_argument_names_are_safe_vba_parameter_names(declared) -> None:
    for name, fn in _functions(declared).items():
        assert re.fullmatch(r"[A-Z][A-Z0-9_]{0,30}", name)
        for arg in fn.__xlfunc__["args"]:
            assert re.fullmatch(r"[a-z][a-z0-9_]{0,30}", arg["name"]), (name, arg["name"])
            assert arg["name"] not in VBA_RESERVED, (name, arg["name"])
            assert arg["name"] != name.lower()


class _TestEngine:
    """A stand-in for the Windows engine's cleaning (values here are already clean)."""

    name = "excel"
    type = "desktop"

    @staticmethod
    def clean_value_data(data, datetime_builder, empty_as, number_builder, err_to_str):
        return [[empty_as if c in ("", None) else c for c in r] for r in data]

    @staticmethod
    def prepare_xl_data_element(x, options):
        return x


def _call_as_xlwings(fn, args):
    """What ``xlwings.udfs.call_udf`` does with a call's arguments and result."""
    info = fn.__xlfunc__
    values = []
    for i, arg in enumerate(args):
        arg_info = info["args"][min(i, len(info["args"]) - 1)]
        if isinstance(arg, int) and arg == MISSING:
            values.append(arg_info.get("optional", None))
        else:
            values.append(xlwings.conversion.read(None, arg, arg_info["options"]))
    return xlwings.conversion.write(fn(*values), None, info["ret"]["options"])


def test_a_call_through_xlwings_conversion(declared, monkeypatch) -> None:
    engine = xlwings.main.Engine(impl=_TestEngine())
    monkeypatch.setitem(xlwings.engines.engines_by_name, "excel", engine)
    fn = declared.SPLIT_TARGET
    # a range arrives from COM as a tuple of rows; a constant as a scalar; left out as MISSING
    weights = ((1.0, 3.0, None),)
    out = _call_as_xlwings(fn, (1000.0, weights, MISSING, MISSING, MISSING, MISSING, 100.0))
    # 1,000 as 1:3 is 250 and 750; to hundreds both remainders tie at 50, and the larger
    # value takes the extra hundred (docs/spreading.md)
    assert out == [[200.0, 800.0, 0.0]]
    column = ((1.0,), (3.0,))
    assert _call_as_xlwings(fn, (1000.0, column, "even")) == [[500.0], [500.0]]
    text = _call_as_xlwings(fn, (1000.0, weights, "nope"))
    assert text == [["#SPLIT_TARGET: method (arg 3) 'nope' is not one of even, growth, "
                     "percent_change, proportional, straight_line"]]  # fmt: skip
    table = _call_as_xlwings(declared.KPI_PACE, (((10.0, 10.0),), ((9.0, None),)))
    assert table[0][:3] == ["target", "periods_closed", "expected_to_date"]


# ---------------------------------------------------------------------------- documents


def test_the_reference_page_documents_every_function_and_argument() -> None:
    page = (ROOT / "docs" / "functions.md").read_text(encoding="utf-8")
    package = importlib.import_module(PACKAGE)
    for name in _expected_names():
        assert f"\n## {name}\n" in page, name
        section = page.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]
        assert f"={name}(" in section, name  # an example formula
        for arg_name, _, _ in getattr(package, name).__salesplan__.arguments:
            assert f"`{arg_name}`" in section, (name, arg_name)


def test_the_package_installs_as_xl_salesplan_udfs_and_not_as_udfs() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    find = config["tool"]["setuptools"]["packages"]["find"]
    found = set()
    for where in find["where"]:
        found |= set(
            setuptools.find_namespace_packages(where=str(ROOT / where), include=find["include"])
        )
    assert PACKAGE in found and "xl_salesplan" in found
    assert not any(p == "udfs" or p.startswith("udfs.") for p in found)
    assert (ROOT / "udfs" / PACKAGE / "__init__.py").is_file()
    assert vba_wrappers.UDF_MODULE == PACKAGE  # the xlwings.conf "UDF Modules" setting
