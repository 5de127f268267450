"""Targets (目标分解): spread a total over cells with holds, floors and caps; rounding that keeps
totals; 2-D spreads.

The public engine API of this package; each name is documented in its module:

- :mod:`~xl_salesplan.targets.spreading`: spread_even, spread_growth, spread_percent_change,
  spread_proportional, spread_straight_line
- :mod:`~xl_salesplan.targets.bounded_spread`: spread_weighted, water_fill
- :mod:`~xl_salesplan.targets.rounding`: round_matrix, round_to_unit
- :mod:`~xl_salesplan.targets.matrix_spread`: spread_matrix
"""

from xl_salesplan.targets.bounded_spread import (
    spread_weighted,
    water_fill,
)
from xl_salesplan.targets.matrix_spread import (
    spread_matrix,
)
from xl_salesplan.targets.rounding import (
    round_matrix,
    round_to_unit,
)
from xl_salesplan.targets.spreading import (
    spread_even,
    spread_growth,
    spread_percent_change,
    spread_proportional,
    spread_straight_line,
)

__all__ = [
    "round_matrix",
    "round_to_unit",
    "spread_even",
    "spread_growth",
    "spread_matrix",
    "spread_percent_change",
    "spread_proportional",
    "spread_straight_line",
    "spread_weighted",
    "water_fill",
]
