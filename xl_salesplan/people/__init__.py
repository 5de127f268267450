"""People (资源: 人): rep capacity, headcount and hiring, the funnel back-solve, quota risk,
whole counts of what comes whole.

The public engine API of this package; each name is documented in its module:

- :mod:`~xl_salesplan.people.capacity`: check_ramp_profile, per_period_attrition, plan_vector,
  ramped_capacity, rep_capacity
- :mod:`~xl_salesplan.people.hiring`: COVERAGE_BASES, HeadcountPlan, capacity_factor,
  coverage_ratio, headcount_plan
- :mod:`~xl_salesplan.people.funnel`: FunnelPlan, funnel_needed
- :mod:`~xl_salesplan.people.quota_risk`: QuotaRisk, quota_risk
- :mod:`~xl_salesplan.people.whole_counts`: whole_needed
"""

from xl_salesplan.people.capacity import (
    check_ramp_profile,
    per_period_attrition,
    plan_vector,
    ramped_capacity,
    rep_capacity,
)
from xl_salesplan.people.funnel import (
    FunnelPlan,
    funnel_needed,
)
from xl_salesplan.people.hiring import (
    COVERAGE_BASES,
    HeadcountPlan,
    capacity_factor,
    coverage_ratio,
    headcount_plan,
)
from xl_salesplan.people.quota_risk import (
    QuotaRisk,
    quota_risk,
)
from xl_salesplan.people.whole_counts import (
    whole_needed,
)

__all__ = [
    "COVERAGE_BASES",
    "FunnelPlan",
    "HeadcountPlan",
    "QuotaRisk",
    "capacity_factor",
    "check_ramp_profile",
    "coverage_ratio",
    "funnel_needed",
    "headcount_plan",
    "per_period_attrition",
    "plan_vector",
    "quota_risk",
    "ramped_capacity",
    "rep_capacity",
    "whole_needed",
]
