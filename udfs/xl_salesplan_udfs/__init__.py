"""xl-salesplan's Excel functions (classic xlwings UDFs).

This package is the workbook's xlwings "UDF Modules" entry: ``xl_salesplan_udfs``. Each
function takes whole ranges and spills its result (dynamic arrays); bad input gives one line
of text starting with ``#`` that names the function, the argument and the problem. The
functions are thin adapters over the engine in ``xl_salesplan``; ``docs/functions.md`` is
the reference for planners.

The workbook ships pre-generated VBA wrappers (``xl_salesplan/vba/modules/xlwings_udfs.bas``)
equivalent to what xlwings' "Import Functions" writes; :func:`write_udf_wrappers` regenerates
them with xlwings' own generator.
"""

from __future__ import annotations

from pathlib import Path

from xl_salesplan_udfs.adjustment_functions import HOLIDAY_SEASONALITY, REPLAN
from xl_salesplan_udfs.budget_functions import (
    BUDGET_FRONTIER,
    FIT_RESPONSE,
    OPTIMAL_ALLOCATION,
    RESPONSE,
    SCORE_ALLOCATION,
)
from xl_salesplan_udfs.history_functions import BASELINE, SEASONALITY
from xl_salesplan_udfs.incentive_functions import PAYOUT, PAYOUT_RISK, REP_SCORECARD
from xl_salesplan_udfs.kpi_functions import KPI_PACE, KPI_SIGNALS, KPI_STATUS, KPI_VARIANCE
from xl_salesplan_udfs.market_functions import (
    CUSTOMER_BRIDGE,
    CUSTOMERS_NEEDED,
    TARGET_CHECK,
    TARGET_FROM_MARKET,
)
from xl_salesplan_udfs.people_functions import (
    FUNNEL_NEEDED,
    HEADCOUNT_PLAN,
    QUOTA_RISK,
    REP_CAPACITY,
)
from xl_salesplan_udfs.targets_functions import SPLIT_MATRIX, SPLIT_TARGET

__all__ = [
    "BASELINE",
    "BUDGET_FRONTIER",
    "CUSTOMERS_NEEDED",
    "CUSTOMER_BRIDGE",
    "FIT_RESPONSE",
    "FUNNEL_NEEDED",
    "HEADCOUNT_PLAN",
    "HOLIDAY_SEASONALITY",
    "KPI_PACE",
    "KPI_SIGNALS",
    "KPI_STATUS",
    "KPI_VARIANCE",
    "OPTIMAL_ALLOCATION",
    "PAYOUT",
    "PAYOUT_RISK",
    "QUOTA_RISK",
    "REPLAN",
    "REP_CAPACITY",
    "REP_SCORECARD",
    "RESPONSE",
    "SCORE_ALLOCATION",
    "SEASONALITY",
    "SPLIT_MATRIX",
    "SPLIT_TARGET",
    "TARGET_CHECK",
    "TARGET_FROM_MARKET",
    "write_udf_wrappers",
]


def write_udf_wrappers(path: str | Path | None = None) -> Path:
    """Regenerate the VBA wrapper module the workbook template ships; return its path.

    See :mod:`xl_salesplan_udfs.vba_wrappers`.
    """
    from xl_salesplan_udfs.vba_wrappers import write_udf_wrappers as write

    return write(path)
