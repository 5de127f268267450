"""Budget (资源: 钱): response curves, fitting, the exact optimiser, scoring and whole-unit levers.

The public engine API of this package; each name is documented in its module:

- :mod:`~xl_salesplan.budget.curves`: CurveSet, KINDS, PARAMETER_NAMES, ResponseCurve,
  as_curve_set, evaluate, hill, linear_cap, logarithmic, michaelis_menten, normalise_kind, power,
  tangent_points
- :mod:`~xl_salesplan.budget.fitting`: CurveFit, fit_response, fit_responses
- :mod:`~xl_salesplan.budget.allocation`: Allocation, AllocationProblem, Frontier,
  allocation_problem, budget_frontier, format_amount, next_unit_value, optimise_budget,
  solve_problem
- :mod:`~xl_salesplan.budget.scoring`: AllocationScore, BestMove, best_single_move,
  score_allocation
- :mod:`~xl_salesplan.budget.whole_units`: MAX_WORK, UnitAllocation, optimise_whole_units
"""

from xl_salesplan.budget.allocation import (
    Allocation,
    AllocationProblem,
    Frontier,
    allocation_problem,
    budget_frontier,
    format_amount,
    next_unit_value,
    optimise_budget,
    solve_problem,
)
from xl_salesplan.budget.curves import (
    KINDS,
    PARAMETER_NAMES,
    CurveSet,
    ResponseCurve,
    as_curve_set,
    evaluate,
    hill,
    linear_cap,
    logarithmic,
    michaelis_menten,
    normalise_kind,
    power,
    tangent_points,
)
from xl_salesplan.budget.fitting import (
    CurveFit,
    fit_response,
    fit_responses,
)
from xl_salesplan.budget.scoring import (
    AllocationScore,
    BestMove,
    best_single_move,
    score_allocation,
)
from xl_salesplan.budget.whole_units import (
    MAX_WORK,
    UnitAllocation,
    optimise_whole_units,
)

__all__ = [
    "KINDS",
    "MAX_WORK",
    "PARAMETER_NAMES",
    "Allocation",
    "AllocationProblem",
    "AllocationScore",
    "BestMove",
    "CurveFit",
    "CurveSet",
    "Frontier",
    "ResponseCurve",
    "UnitAllocation",
    "allocation_problem",
    "as_curve_set",
    "best_single_move",
    "budget_frontier",
    "evaluate",
    "fit_response",
    "fit_responses",
    "format_amount",
    "hill",
    "linear_cap",
    "logarithmic",
    "michaelis_menten",
    "next_unit_value",
    "normalise_kind",
    "optimise_budget",
    "optimise_whole_units",
    "power",
    "score_allocation",
    "solve_problem",
    "tangent_points",
]
