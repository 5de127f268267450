"""The one line a cell shows when a function cannot give a result.

Every message starts with ``#``, names the function, then the argument and its position
in the formula, then the problem::

    #SPLIT_TARGET: holds (arg 4) add up to 1,100 but the total is 1,000: ...

The engine counts positions from 0 (position 0 is January); a cell counts from 1. The
engine's message is kept word for word except that cell positions, rows and columns are
renumbered from 1 (:func:`cell_positions`), so ``position 0`` reads ``position 1`` and a
table cell ``(0, 2)`` reads ``(row 1, column 3)``.

Examples
--------
>>> cell_positions("weights must be zero or more: positions 1, 3 (-2, -4)")
'weights must be zero or more: positions 2, 4 (-2, -4)'
>>> formatted("SPLIT_TARGET", "weights", 2, "sum to zero")
'#SPLIT_TARGET: weights (arg 2) sum to zero'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import language_code, localized, message

__all__ = ["cell_positions", "engine_message", "formatted", "unexpected_message"]


_MAX_LENGTH = 255  # Excel shows a cell's text in full up to here; longer is cut with "..."

_INT = r"\d+"
_PAIR = r"\(\d+, \d+\)"
_ITEM = rf"(?:{_PAIR}|{_INT})"
_LIST = rf"{_ITEM}(?:, {_ITEM})*"
_POSITIONS = re.compile(
    # "position 3", "positions 0, 2", "positions (0, 1), (2, 3)", "row 2", "rows 1, 2", "column 0"
    rf"\b(?P<word>positions?|position\(s\)|rows?|columns?|points?|curves?) (?P<list>{_LIST})"
    # "positions [0, 2]", "at [1]": bracketed lists of positions
    rf"|\b(?P<bword>positions?|at) \[(?P<blist>{_LIST})\]"
    # "the hold at 0 is", "(-3 at (0, 1))": one cell after "at"
    rf"|\b(?P<aword>hold at|at) (?P<cell>{_PAIR}|{_INT})(?= is|\))"
)


def _shift_item(item: str, transposed: bool) -> str:
    if item.startswith("("):
        first, second = (int(x) + 1 for x in re.findall(_INT, item))
        if transposed:
            first, second = second, first
        return f"(row {first}, column {second})"
    return str(int(item) + 1)


def _shift_list(text: str, transposed: bool) -> str:
    return re.sub(_ITEM, lambda m: _shift_item(m.group(0), transposed), text)


def cell_positions(message: str, *, transposed: bool = False, language: str = "en") -> str:
    """Renumber the engine's 0-based positions, rows and columns from 1.

    With ``transposed=True`` (the engine worked on the transposed range, e.g. one spread
    per column) rows and columns swap their names.

    Examples
    --------
    >>> cell_positions("row 3: holds add up to 50 (held positions (3, 0), (3, 2))")
    'row 4: holds add up to 50 (held positions (row 4, column 1), (row 4, column 3))'
    >>> cell_positions("row 0: caps of the free cells ...", transposed=True)
    'column 1: caps of the free cells ...'
    >>> cell_positions("blank value at positions [0, 4]; negative at [2]")
    'blank value at positions [1, 5]; negative at [3]'
    >>> cell_positions("holds 超出:位置 (0, 2), (1, 0)", language="zh-CN")
    'holds 超出:位置 (第 1 行, 第 3 列), (第 2 行, 第 1 列)'
    """
    if language_code(language) == "zh-CN":
        return _zh_cell_positions(message, transposed)

    def renumber(match: re.Match[str]) -> str:
        if match.group("word") is not None:
            word = match.group("word")
            if transposed:
                word = word.replace("row", "\0").replace("column", "row").replace("\0", "column")
            return f"{word} {_shift_list(match.group('list'), transposed)}"
        if match.group("bword") is not None:
            return f"{match.group('bword')} [{_shift_list(match.group('blist'), transposed)}]"
        return f"{match.group('aword')} {_shift_item(match.group('cell'), transposed)}"

    return _POSITIONS.sub(renumber, message)


def _zh_pair(item: str, transposed: bool) -> str:
    first, second = (int(x) + 1 for x in re.findall(_INT, item))
    if transposed:
        first, second = second, first
    return message("function.position_pair", "zh-CN", row=first, column=second)


def _zh_cell_positions(text: str, transposed: bool) -> str:
    """Renumber the positions of a Chinese message from 1 (``位置 0`` -> ``位置 1``)."""

    def shift(items: str) -> str:
        return re.sub(
            _ITEM,
            lambda m: (
                _zh_pair(m.group(0), transposed)
                if m.group(0).startswith("(")
                else str(int(m.group(0)) + 1)
            ),
            items,
        )

    def renumber(match: re.Match[str]) -> str:
        if match.group("word") is not None:
            return f"{match.group('word')} {shift(match.group('list'))}"
        if match.group("rword") is not None:  # "行 0:" starts the problem of one row
            word = match.group("rword")
            if transposed:
                word = "列" if word == "行" else "行"
            return f"{word} {shift(match.group('rlist'))}"
        return f"{match.group('bword')} [{shift(match.group('blist'))}]"

    return _ZH_PATTERN.sub(renumber, text)


_ZH_PATTERN = re.compile(
    rf"(?P<word>位置|点) (?P<list>{_LIST})|(?P<bword>位置|位于) \[(?P<blist>{_LIST})\]"
    rf"|(?P<rword>行|列) (?P<rlist>{_LIST})(?=:)"
)


def formatted(
    function: str,
    argument: str | None,
    position: int | None,
    problem: str,
    language: str = "en",
) -> str:
    """``#FUNCTION: argument (arg k) problem`` in ``language``, at most 255 characters.

    Examples
    --------
    >>> formatted("KPI_STATUS", None, None, "nothing to compare")
    '#KPI_STATUS: nothing to compare'
    >>> formatted("SPLIT_TARGET", "weights", 2, "为空", "zh-CN")
    '#SPLIT_TARGET:weights(第 2 个参数)为空'
    """
    problem = " ".join(problem.split())
    if argument is None:
        text = message("function.line", language, function=function, problem=problem)
    else:
        text = message("function.line_argument", language, function=function,
                       argument=argument, position=position, problem=problem)  # fmt: skip
    return text if len(text) <= _MAX_LENGTH else text[: _MAX_LENGTH - 3] + "..."


def _mentions(name: str) -> re.Pattern[str]:
    spelled = re.escape(name).replace("_", "[_ ]")
    return re.compile(rf"(?<![\w]){spelled}(?![\w])", re.IGNORECASE)


def engine_message(
    function: str,
    error: PlanningError,
    arguments: Sequence[str],
    *,
    aliases: Mapping[str, str] | None = None,
    codes: Mapping[str, str] | None = None,
    transposed: bool = False,
    language: str = "en",
) -> str:
    """The cell text for an engine error: which argument, then the engine's explanation.

    The argument is the one the error's ``code`` maps to in ``codes``, else the first
    argument the message names, by its Excel name or by an engine name listed in
    ``aliases`` (engine word -> Excel argument). When the explanation starts with that
    word, it is not repeated.

    Examples
    --------
    >>> err = PlanningError("unit must be a positive number (1, 100, 1000 ...), got 0")
    >>> engine_message("SPLIT_TARGET", err, ["total", "weights", "method", "unit"])
    '#SPLIT_TARGET: unit (arg 4) must be a positive number (1, 100, 1000 ...), got 0'
    >>> err = PlanningError("values must be zero or more: position 2 (-5)")
    >>> engine_message("SPLIT_TARGET", err, ["total", "weights"], aliases={"values": "weights"})
    '#SPLIT_TARGET: weights (arg 2) must be zero or more: position 3 (-5)'
    """
    text = cell_positions(error.message, transposed=transposed)
    names = {name: name for name in arguments}
    names.update(aliases or {})
    argument = (codes or {}).get(error.code)
    lead = None
    if argument is None:
        first = None
        for word, target in names.items():
            found = _mentions(word).search(text)
            if found and (first is None or found.start() < first[0]):
                first = (found.start(), found.end(), target)
        if first is not None:
            argument = first[2]
            if first[0] == 0:
                lead = first[1]
    elif (found := _mentions(argument).match(text)) is not None:
        lead = found.end()
    if lead is not None and text[lead : lead + 1] not in ("", " ", ":"):
        lead = None  # e.g. "sd, the ...": the name is part of the sentence, not a label
    if lead is not None:
        rest = text[lead:].lstrip()
        text = rest[1:].lstrip() if rest.startswith(":") else rest
        again = _mentions(argument).match(text) if argument is not None else None
        if again is not None and text[again.end() : again.end() + 1] == " ":
            text = text[again.end() :].lstrip()  # "spend: spend must ..." names it twice
    if language_code(language) == "zh-CN":
        text = _zh_problem(error, argument, transposed)
    if argument is None or argument not in arguments:
        return formatted(function, None, None, text, language)
    return formatted(function, argument, list(arguments).index(argument) + 1, text, language)


def _zh_problem(error: PlanningError, argument: str | None, transposed: bool) -> str:
    """The engine's explanation in Chinese, without the argument's name in front."""
    text = cell_positions(localized(error, "zh-CN"), transposed=transposed, language="zh-CN")
    if argument is not None and (found := _mentions(argument).match(text)) is not None:
        rest = text[found.end() :]
        if rest[:1] in (" ", ":", ":"):
            text = rest[1:].lstrip()
    return text


def unexpected_message(function: str, error: BaseException, language: str = "en") -> str:
    """The cell text for a failure the function did not foresee (a defect to report).

    Examples
    --------
    >>> unexpected_message("KPI_PACE", ZeroDivisionError("division by zero"))
    '#KPI_PACE: could not compute a result (ZeroDivisionError: division by zero); please report'
    """
    detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    problem = message("function.unexpected", language, detail=detail)
    return formatted(function, None, None, problem, language)
