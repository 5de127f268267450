"""Compare two versions of a table row by row, matching rows by their keys, not their place.

A planner's tables (actuals, KPI actuals, reps...) are identified by key columns
(month, region, product line, rep; month and KPI...). Re-importing the same actuals
in another order moves every row, yet nothing changed: :func:`diff_keyed_rows`
pairs the rows of both versions by their key (the n-th row of a key with the n-th
row of the same key, should a key repeat) and reports the values that differ, the
rows only the newer version has (added) and the rows only the older one has
(removed). :func:`shown_value` writes a value as its cell's number format shows it
(thousands separators, percentages, decimals, dates).

Examples
--------
>>> before = [["2026-01", "East", 100.0], ["2026-01", "West", 50.0]]
>>> after = [["2026-01", "West", 50.0], ["2026-01", "East", 120.0], ["2026-02", "East", 7.0]]
>>> [(c.kind, c.key, c.column, c.before, c.after) for c in diff_keyed_rows(before, after, [0, 1])]
[('changed', ('2026-01', 'East'), 2, 100.0, 120.0), ('added', ('2026-02', 'East'), None, None, \
['2026-02', 'East', 7.0])]
>>> shown_value(1234567.8, "#,##0"), shown_value(0.2500010, "0.0%"), shown_value(3.0, "General")
('1,234,568', '25.0%', '3')
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["RowChange", "diff_keyed_rows", "key_of", "same_value", "shown_value"]


@dataclass(frozen=True)
class RowChange:
    """One difference between two versions of a table.

    ``kind`` is ``"changed"`` (one value of a row both versions have: ``column``,
    ``before``, ``after``), ``"added"`` (a row only the newer version has: ``after``
    is the row) or ``"removed"`` (``before`` is the row). ``before_row`` and
    ``after_row`` are the positions of the row in each version (None where absent).
    """

    kind: str
    key: tuple[object, ...]
    column: int | None
    before: object
    after: object
    before_row: int | None
    after_row: int | None


def key_of(values: Sequence[object], keys: Sequence[int]) -> tuple[object, ...]:
    """The key of a row: its key columns, dates as ISO text, whole numbers as int, text trimmed.

    Examples
    --------
    >>> key_of([dt.datetime(2026, 3, 1), " East ", 12.0, 5], [0, 1, 2])
    ('2026-03-01', 'East', 12)
    """
    out: list[object] = []
    for index in keys:
        value = values[index] if index < len(values) else None
        if isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()[:10]
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, str):
            value = value.strip()
        out.append(value)
    return tuple(out)


def same_value(a: object, b: object, tolerance: float = 1e-9) -> bool:
    """True when two cell values are the same (numbers within a relative ``tolerance``).

    Examples
    --------
    >>> same_value(1.0, 1.0 + 1e-12), same_value(1.0, 2.0), same_value("a", "a"), same_value(1, "1")
    (True, False, True, False)
    """
    if _is_number(a) and _is_number(b):
        return abs(a - b) <= tolerance * max(1.0, abs(a), abs(b))  # type: ignore[operator]
    return type(a) is type(b) and a == b


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def diff_keyed_rows(
    before: Sequence[Sequence[object]],
    after: Sequence[Sequence[object]],
    keys: Sequence[int],
    same: Callable[[object, object], bool] = same_value,
) -> list[RowChange]:
    """The differences between two versions of a table's rows, rows matched by ``keys``.

    Changes come in the newer version's row order, then the removed rows in the older
    version's order.

    Examples
    --------
    >>> changes = diff_keyed_rows([["R01", 1.0], ["R01", 2.0]], [["R01", 1.0]], [0])
    >>> [(c.kind, c.before) for c in changes]
    [('removed', ['R01', 2.0])]
    """
    positions: dict[tuple[object, ...], list[int]] = {}
    for i, row in enumerate(before):
        positions.setdefault(key_of(row, keys), []).append(i)
    matched: set[int] = set()
    changes: list[RowChange] = []
    for j, row in enumerate(after):
        key = key_of(row, keys)
        waiting = positions.get(key)
        if not waiting:
            changes.append(RowChange("added", key, None, None, list(row), None, j))
            continue
        i = waiting.pop(0)
        matched.add(i)
        old = before[i]
        for column in range(max(len(old), len(row))):
            a = old[column] if column < len(old) else None
            b = row[column] if column < len(row) else None
            if not same(a, b):
                changes.append(RowChange("changed", key, column, a, b, i, j))
    for i, row in enumerate(before):
        if i not in matched:
            changes.append(RowChange("removed", key_of(row, keys), None, list(row), None, i, None))
    return changes


_DECIMALS = re.compile(r"0\.(0+)")


def shown_value(value: object, number_format: str = "General") -> str:
    """``value`` as a cell with ``number_format`` shows it (blank: ``(blank)``).

    Understands the formats a plan workbook uses: thousands separators (``#,##0``),
    decimals (``0.00``), percentages (``0.0%``), dates (``yyyy-mm``, ``yyyy-mm-dd``);
    other formats show numbers with up to ten significant digits.

    Examples
    --------
    >>> shown_value(-3270000.4, "#,##0"), shown_value(0.05, "0.00%"), shown_value(2.5, "0.000")
    ('-3,270,000', '5.00%', '2.500')
    >>> shown_value(dt.datetime(2026, 10, 1), "yyyy-mm"), shown_value(None), shown_value("East")
    ('2026-10', '(blank)', "'East'")
    """
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m" if number_format.lower() == "yyyy-mm" else "%Y-%m-%d")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return repr(value)
    number = float(value)
    if not math.isfinite(number):
        return str(number)
    section = number_format.split(";")[0]
    if not re.search(r"[0#]", section):
        return f"{number:,.10g}"
    found = _DECIMALS.search(section)
    decimals = len(found.group(1)) if found else 0
    grouping = "," if "," in section else ""
    if "%" in section:
        return f"{number * 100:{grouping}.{decimals}f}%"
    return f"{number:{grouping}.{decimals}f}"
