"""Declaring an Excel function: xlwings metadata, wizard texts and readable failures.

:func:`excel_function` turns an adapter (a Python function whose name is the Excel name,
e.g. ``SPLIT_TARGET``) into an Excel function:

* it wraps it so that a failure becomes one line of text in the cell that starts with
  ``#`` and names the function, the argument and its position
  (:mod:`xl_salesplan_udfs.messages`), never a traceback;
* it refuses, with such a line, a result of more than
  :data:`~xl_salesplan_udfs.result_size.MAX_RESULT_CELLS` cells (the spill helpers check the
  size before building the rows, this wrapper checks every function's result);
* it declares every argument to xlwings with ``ndim=2`` (a range is always a list of
  rows, so a row and a column can be told apart) and ``err_to_str=True`` (an Excel error
  value arrives as its text, ``"#N/A"``, instead of looking like a blank cell), with the
  argument's text for Excel's function wizard;
* it declares the function to xlwings with its category and wizard description.

Classic xlwings (``import xlwings as xw``; ``xw.func``, ``xw.arg``) records all this on the
function as ``__xlfunc__`` on Windows; elsewhere its decorators leave the function as it is,
and :attr:`ExcelFunction` (``__salesplan__``) keeps the same texts for the documentation
checks.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import xlwings as xw

from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import in_language, language_code
from xl_salesplan_udfs.cells import CellError, Spill
from xl_salesplan_udfs.messages import engine_message, formatted, unexpected_message
from xl_salesplan_udfs.result_size import ResultTooLarge, check_result_size

__all__ = [
    "CALLER",
    "CATEGORY",
    "LANGUAGE_NAME",
    "ExcelFunction",
    "excel_function",
    "transposed_cells",
    "workbook_language",
]

#: The category of the functions in Excel's Insert Function dialog.
CATEGORY = "Sales Plan"
#: Excel cuts function and argument descriptions after this many characters.
MAX_DOC = 255
#: Options of every argument: a list of rows, Excel errors as text.
ARG_OPTIONS: Mapping[str, object] = {"ndim": 2, "err_to_str": True}

F = TypeVar("F", bound=Callable[..., Spill])
#: xlwings' reserved argument: the range whose formula calls the function.
CALLER = "caller"
#: The defined name that holds a plan workbook's language (``en`` or ``zh-CN``).
LANGUAGE_NAME = "Language"
_KEYWORD = inspect.Parameter.POSITIONAL_OR_KEYWORD


@dataclass(frozen=True)
class ExcelFunction:
    """The Excel-facing description of one function (for documentation and tests).

    Attributes
    ----------
    name : str
        The name used in formulas (upper case).
    summary : str
        The function wizard's description.
    arguments : tuple of (name, doc, default)
        In formula order; ``default`` is ``inspect.Parameter.empty`` for required ones.
    """

    name: str
    summary: str
    arguments: tuple[tuple[str, str, object], ...]

    @property
    def required(self) -> tuple[str, ...]:
        """Names of the arguments a formula must give."""
        return tuple(n for n, _, d in self.arguments if d is inspect.Parameter.empty)


@contextlib.contextmanager
def transposed_cells() -> Iterator[None]:
    """Mark engine errors raised inside as being about the transposed range.

    An adapter that hands the engine the transposed range (one spread per column) wraps the
    call in this, so that the engine's rows are reported as the sheet's columns.
    """
    try:
        yield
    except PlanningError as error:
        error.cells_transposed = True  # type: ignore[attr-defined]
        raise


def excel_function(
    *,
    docs: Mapping[str, str],
    aliases: Mapping[str, str] | None = None,
    codes: Mapping[str, str] | None = None,
    call_in_wizard: bool = True,
) -> Callable[[F], F]:
    """Declare an adapter as an Excel function (see the module docstring).

    Parameters
    ----------
    docs : mapping
        Function-wizard text of every argument, by argument name.
    aliases : mapping, optional
        Engine words that name an argument in the engine's messages (``"values"`` ->
        ``"weights"``).
    codes : mapping, optional
        Engine error codes that always concern one argument.
    call_in_wizard : bool, default True
        False for slow functions: the function wizard then does not run them while the
        arguments are typed.
    """

    def declare(adapter: F) -> F:
        name = adapter.__name__
        params = list(inspect.signature(adapter).parameters.values())
        names = [p.name for p in params]
        summary = " ".join((adapter.__doc__ or "").split())
        _check_texts(name, summary, names, docs)

        @functools.wraps(adapter)
        def run(*args: Any, **kwargs: Any) -> Spill:
            caller = kwargs.pop(CALLER, None)
            if len(args) > len(params):  # xlwings passes the calling range last
                args, caller = args[: len(params)], args[len(params)]
            try:
                result = adapter(*args, **kwargs)
                check_result_size(len(result), max(map(len, result), default=0))
                return result
            except ResultTooLarge as error:
                language = workbook_language(caller)
                text = ResultTooLarge.text(language, error.rows, error.columns)
                return [[formatted(name, None, None, text, language)]]
            except CellError as error:
                language = workbook_language(caller)
                position = names.index(error.argument) + 1 if error.argument in names else None
                argument = error.argument if position is not None else None
                problem = in_language(error.text, language)
                return [[formatted(name, argument, position, problem, language)]]
            except PlanningError as error:
                transposed = getattr(error, "cells_transposed", False)
                text = engine_message(name, error, names, aliases=aliases, codes=codes,
                                      transposed=transposed,
                                      language=workbook_language(caller))  # fmt: skip
                return [[text]]
            except Exception as error:  # a defect: still one readable line, never a traceback
                return [[unexpected_message(name, error, workbook_language(caller))]]

        run.__doc__ = summary
        # Excel's view of the function: its arguments, then xlwings' reserved ``caller``
        # (the calling range, passed by the VBA wrapper), through which the function finds
        # its workbook's language.
        run.__signature__ = inspect.signature(adapter).replace(  # type: ignore[attr-defined]
            parameters=[*params, inspect.Parameter(CALLER, _KEYWORD, default=None)]
        )
        run.__salesplan__ = ExcelFunction(  # type: ignore[attr-defined]
            name, summary, tuple((p.name, docs[p.name], p.default) for p in params)
        )
        declared: Any = run
        for argument in names:
            declared = xw.arg(argument, doc=docs[argument], **ARG_OPTIONS)(declared)
        declared = xw.func(category=CATEGORY, call_in_wizard=call_in_wizard)(declared)
        return declared

    return declare


def workbook_language(caller: object) -> str:
    """The language of the calling workbook (its ``Language`` name), English if unknown.

    ``caller`` is the xlwings range of the calling formula; it is read only when a cell
    has a problem to show, so a function that succeeds never pays for it.

    Examples
    --------
    >>> workbook_language(None)
    'en'
    """
    if caller is None:
        return "en"
    try:
        value = caller.sheet.book.names[LANGUAGE_NAME].refers_to_range.value  # type: ignore[attr-defined]
    except Exception:  # no such name, a closed book, no COM: the English default
        return "en"
    return language_code(value) or "en"


def _check_texts(name: str, summary: str, names: list[str], docs: Mapping[str, str]) -> None:
    """Refuse (when the module is imported) a function whose wizard texts are incomplete."""
    if name != name.upper():
        raise ValueError(f"{name}: Excel function names are upper case")
    if not summary or len(summary) > MAX_DOC:
        raise ValueError(f"{name}: the description must have 1 to {MAX_DOC} characters")
    if set(docs) != set(names):
        raise ValueError(f"{name}: argument texts for {sorted(docs)} but arguments {names}")
    for argument, text in docs.items():
        if not text or len(text) > MAX_DOC:
            raise ValueError(f"{name}: the text of {argument} must have 1 to {MAX_DOC} characters")
