"""KPI (监测与评估): variance, seasonal pace, status and statistical signals.

The public engine API of this package; each name is documented in its module:

- :mod:`~xl_salesplan.kpi.rows`: DIRECTION_ALIASES, direction_sign
- :mod:`~xl_salesplan.kpi.variance`: KpiVariance, kpi_variance
- :mod:`~xl_salesplan.kpi.pace`: KpiPace, kpi_pace
- :mod:`~xl_salesplan.kpi.status`: STATUS_LABELS, STATUS_ZH, kpi_status
- :mod:`~xl_salesplan.kpi.signals`: NELSON_RULES, WESTERN_ELECTRIC_RULES, XMR_D4, XMR_E2,
  XmrLimits, cusum, firing_points, nelson_rules, western_electric_rules, xmr_limits
"""

from xl_salesplan.kpi.pace import (
    KpiPace,
    kpi_pace,
)
from xl_salesplan.kpi.rows import (
    DIRECTION_ALIASES,
    direction_sign,
)
from xl_salesplan.kpi.signals import (
    NELSON_RULES,
    WESTERN_ELECTRIC_RULES,
    XMR_D4,
    XMR_E2,
    XmrLimits,
    cusum,
    firing_points,
    nelson_rules,
    western_electric_rules,
    xmr_limits,
)
from xl_salesplan.kpi.status import (
    STATUS_LABELS,
    STATUS_ZH,
    kpi_status,
)
from xl_salesplan.kpi.variance import (
    KpiVariance,
    kpi_variance,
)

__all__ = [
    "DIRECTION_ALIASES",
    "NELSON_RULES",
    "STATUS_LABELS",
    "STATUS_ZH",
    "WESTERN_ELECTRIC_RULES",
    "XMR_D4",
    "XMR_E2",
    "KpiPace",
    "KpiVariance",
    "XmrLimits",
    "cusum",
    "direction_sign",
    "firing_points",
    "kpi_pace",
    "kpi_status",
    "kpi_variance",
    "nelson_rules",
    "western_electric_rules",
    "xmr_limits",
]
