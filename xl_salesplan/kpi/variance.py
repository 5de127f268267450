"""KPI variance: actual versus plan in the IBCS convention (监测与评估, step 1).

``ΔPL = AC − PL`` and ``ΔPL% = (AC − PL) / |PL|``, plus a *favourable*
variance whose sign follows the KPI's direction (higher is better for revenue
and new customers, lower is better for cost of sale and churn). The
planner-facing description is in ``docs/kpi.md``.

Examples
--------
>>> v = kpi_variance([110.0, 90.0], [100.0, 100.0], ["higher", "lower"])
>>> v.delta_pct, v.good
(array([ 0.1, -0.1]), array([1., 1.]))
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.kpi.rows import direction_sign, per_row, safe_divide
from xl_salesplan.validation import as_float_array

__all__ = ["KpiVariance", "actual_against", "kpi_variance"]


class KpiVariance(NamedTuple):
    """Variance of actual against plan; every field has the shape of ``actual``."""

    delta: NDArray[np.float64]  #: ``AC − PL`` (IBCS ΔPL); NaN where either is blank
    delta_pct: NDArray[np.float64]  #: ``(AC − PL) / |PL|`` (ΔPL%); NaN where the plan is 0/blank
    favourable: NDArray[np.float64]  #: ``delta`` × direction sign: positive is good for any KPI
    favourable_pct: NDArray[np.float64]  #: ``delta_pct`` × direction sign
    good: NDArray[np.float64]  #: +1 favourable, -1 unfavourable, 0 on plan, NaN when blank

    def to_frame(self) -> pd.DataFrame:
        """Return the fields as columns of a DataFrame (cells in row-major order).

        Examples
        --------
        >>> kpi_variance([12.0], [10.0]).to_frame().columns.tolist()
        ['delta', 'delta_pct', 'favourable', 'favourable_pct', 'good']
        """
        return pd.DataFrame({name: np.atleast_1d(v).ravel() for name, v in self._asdict().items()})


def kpi_variance(
    actual: ArrayLike, plan: ArrayLike, direction: ArrayLike = "higher"
) -> KpiVariance:
    """Variance of actual against plan, IBCS convention, direction-aware.

    Parameters
    ----------
    actual, plan : array_like
        Same shape; each cell is one KPI row (or one row x period cell).
        Blanks (None/NaN) give NaN results for that cell.
    direction : str, bool or array_like
        One direction for all cells, one per row (``actual.shape[0]`` values)
        or one per cell; see :func:`direction_sign`.

    Returns
    -------
    KpiVariance
        ``delta = AC − PL``; ``delta_pct = (AC − PL) / |PL|`` (NaN where the plan
        is zero: a relative variance against nothing is undefined); the
        ``favourable`` variants multiply by the direction sign so that positive
        is always good; ``good`` is the sign of ``favourable``.

    Examples
    --------
    Revenue 90 against 100 is bad; cost 90 against 100 is good:

    >>> v = kpi_variance([90.0, 90.0], [100.0, 100.0], ["higher", "lower"])
    >>> v.delta, v.delta_pct, v.favourable, v.good
    (array([-10., -10.]), array([-0.1, -0.1]), array([-10.,  10.]), array([-1.,  1.]))

    A negative plan (e.g. a planned loss) keeps the sign of ΔPL% equal to the sign of ΔPL:

    >>> kpi_variance([-5.0], [-10.0]).delta_pct
    array([0.5])
    """
    ac, pl = actual_against(actual, plan, "plan")
    sign = per_row(direction_sign(direction), "direction", ac.shape)
    delta = ac - pl
    pct = safe_divide(delta, np.abs(pl))
    favourable = sign * delta + 0.0
    favourable_pct = sign * pct + 0.0
    return KpiVariance(delta, pct, favourable, favourable_pct, np.sign(favourable) + 0.0)


def actual_against(
    actual: ArrayLike, other: ArrayLike, name: str
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``actual`` and what it is compared with (``name``), as arrays of the same shape."""
    ac = as_float_array(actual, "actual")
    ot = as_float_array(other, name)
    if ac.shape != ot.shape:
        raise PlanningError.of(
            "kpi.variance.shape_mismatch",
            code="shape_mismatch",
            ac_shape=ac.shape,
            name=name,
            ot_shape=ot.shape,
        )
    return ac, ot
