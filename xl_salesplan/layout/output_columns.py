"""Columns that many output blocks share: months, money, totals, values, rep labels.

Examples
--------
>>> [c.header("zh-CN") for c in month_columns("money")][:2], TOTAL.kind
(['1月', '2月'], 'money')
"""

from __future__ import annotations

from xl_salesplan.layout.model import MONTH_KEYS, MONTH_NAMES_EN, Column, Kind

__all__ = ["MONTH", "REP_LABELS", "TOTAL", "VALUE", "money_column", "month_columns"]


def month_columns(kind: Kind) -> tuple[Column, ...]:
    """Twelve month columns ``m01`` .. ``m12`` of ``kind``.

    Examples
    --------
    >>> month_columns("share")[11].key
    'm12'
    """
    return tuple(
        Column(key, en, f"{i}月", kind, width=11)
        for i, (key, en) in enumerate(zip(MONTH_KEYS, MONTH_NAMES_EN, strict=True), start=1)
    )


def money_column(key: str, en: str, zh: str, width: float = 14) -> Column:
    """A money column.

    Examples
    --------
    >>> money_column("x", "X", "甲").kind
    'money'
    """
    return Column(key, en, zh, "money", width=width)


TOTAL = Column("total", "Total", "合计", "money", width=13)
VALUE = Column("value", "Value", "数值", "money", width=15)
MONTH = Column("month", "Month", "月份", "text", width=11)
REP_LABELS = (
    Column("rep_id", "Rep ID", "销售代表编号", "text", width=13),
    Column("rep_name", "Name", "姓名", "text", width=16),
    Column("region", "Region", "区域", "text", width=10),
)
