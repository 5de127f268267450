"""KPI status: On track / At risk / Off track (正常 / 预警 / 落后) per KPI row (step 3).

Thresholds are set per KPI row, relative or in standard deviations, with a
documented "No data" status where the comparison is undefined. The
planner-facing description of every rule is in ``docs/kpi.md``.

Examples
--------
>>> kpi_status([100.0, 89.0], [100.0, 100.0]).tolist()
['On track', 'Off track']
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.kpi.rows import (
    bad_positions,
    check_non_negative,
    direction_sign,
    per_row,
    public_positions,
    safe_divide,
)
from xl_salesplan.kpi.variance import actual_against
from xl_salesplan.messages import Text, message
from xl_salesplan.validation import as_float_array

__all__ = ["STATUS_LABELS", "STATUS_ZH", "kpi_status"]

#: Status labels by language, in the order of the internal status codes
#: 0 = On track, 1 = At risk, 2 = Off track, 3 = No data.
#: The words are the message catalogue's (``kpi.status.*``).
STATUS_LABELS: dict[str, tuple[str, str, str, str]] = {
    short: tuple(  # type: ignore[misc]
        message(f"kpi.status.{code}", language)
        for code in ("on_track", "at_risk", "off_track", "no_data")
    )
    for short, language in (("en", "en"), ("zh", "zh-CN"))
}

#: English status label -> Simplified Chinese label.
STATUS_ZH: dict[str, str] = dict(zip(STATUS_LABELS["en"], STATUS_LABELS["zh"], strict=True))

_ON_TRACK, _AT_RISK, _OFF_TRACK, _NO_DATA = 0, 1, 2, 3


def kpi_status(
    actual: ArrayLike,
    expected: ArrayLike,
    direction: ArrayLike = "higher",
    *,
    at_risk: ArrayLike = -0.05,
    off_track: ArrayLike = -0.10,
    basis: str = "relative",
    sd: ArrayLike | None = None,
    language: str = "en",
) -> NDArray[np.object_]:
    """Status per KPI row: On track / At risk / Off track, or No data.

    The score is the favourable variance of ``actual`` against ``expected``:
    ``s × (AC − PL) / |PL|`` for ``basis="relative"`` and ``s × (AC − PL) / sd``
    for ``basis="sd"``, where ``s`` is +1 for higher-is-better and -1 for
    lower-is-better KPIs. Then, with thresholds ``off_track <= at_risk <= 0``::

        score >= at_risk               -> On track   (正常)
        off_track <= score < at_risk   -> At risk    (预警)
        score < off_track              -> Off track  (落后)

    A score exactly at a threshold keeps the better status: only a shortfall
    strictly worse than the threshold is flagged. "No data" (无数据) is given
    where the score is undefined: blank actual or expected, zero expected
    (relative basis) or blank/zero ``sd`` (sd basis).

    Parameters
    ----------
    actual, expected : array_like
        Same shape, one cell per KPI row (e.g. ``actual_to_date`` and
        ``expected_to_date`` from :func:`kpi_pace`).
    direction : str, bool or array_like
        One for all rows or one per row; see :func:`direction_sign`.
    at_risk, off_track : float or array_like
        Thresholds (zero or negative), one for all rows or one per row:
        fractions of expected for the relative basis (-0.05 = 5 % short),
        numbers of standard deviations for the sd basis (e.g. -1 and -2).
    basis : {"relative", "sd"}
    sd : float or array_like, optional
        Standard deviation of ``actual`` per row (required for ``basis="sd"``),
        e.g. ``sd_to_date`` from :func:`kpi_pace`.
    language : {"en", "zh"}
        Label language; see :data:`STATUS_LABELS`.

    Returns
    -------
    ndarray of str (object dtype) with the shape of ``actual`` (a str for a scalar).

    Examples
    --------
    >>> kpi_status([100.0, 95.0, 94.0, 89.0, 5.0], [100.0, 100.0, 100.0, 100.0, 0.0])
    array(['On track', 'On track', 'At risk', 'Off track', 'No data'], dtype=object)
    >>> kpi_status([106.0, 106.0], [100.0, 100.0], ["higher", "lower"], language="zh")
    array(['正常', '预警'], dtype=object)
    >>> kpi_status([80.0], [100.0], basis="sd", sd=[10.0], at_risk=-1, off_track=-2)
    array(['At risk'], dtype=object)
    """
    if not isinstance(language, str) or language not in STATUS_LABELS:
        raise PlanningError.of(
            "kpi.status.bad_option",
            code="bad_option",
            sorted_status_labels=sorted(STATUS_LABELS),
            language=language,
        )
    if not isinstance(basis, str) or basis not in ("relative", "sd"):
        raise PlanningError.of("kpi.status.bad_option_2", code="bad_option", basis=basis)
    ac, ex = actual_against(actual, expected, "expected")
    sign = per_row(direction_sign(direction), "direction", ac.shape)
    risk_given = as_float_array(at_risk, "at_risk", allow_nan=False)
    off_given = as_float_array(off_track, "off_track", allow_nan=False)
    risk = per_row(risk_given, "at_risk", ac.shape)
    off = per_row(off_given, "off_track", ac.shape)
    if risk_given.ndim == 0 and off_given.ndim == 0:
        _check_thresholds(risk_given, off_given)  # one pair for all rows: report it once
    else:
        _check_thresholds(risk, off)
    if basis == "relative":
        scale = np.abs(ex)
    else:
        if sd is None:
            raise PlanningError.of("kpi.status.missing_sd", code="missing_sd")
        sd_given = as_float_array(sd, "sd")
        check_non_negative(sd_given, "sd")
        scale = per_row(sd_given, "sd", ac.shape)
    score = sign * safe_divide(ac - ex, scale)
    codes = np.where(score < off, _OFF_TRACK, np.where(score < risk, _AT_RISK, _ON_TRACK))
    codes = np.where(np.isnan(score), _NO_DATA, codes)
    return np.asarray(STATUS_LABELS[language], dtype=object)[codes]


def _check_thresholds(risk: NDArray, off: NDArray) -> None:
    for bad, what in (
        (risk > 0, Text("kpi.status.at_risk_rule")),
        (off > risk, Text("kpi.status.off_track_rule")),
    ):
        if bad.any():
            positions, where = bad_positions(bad)
            shown = ", ".join(f"at_risk={risk[p]:g} off_track={off[p]:g}" for p in positions)
            raise PlanningError.of(
                "kpi.status.bad_threshold",
                code="bad_threshold",
                positions=public_positions(positions),
                what=what,
                shown=shown,
                where_text=where,
            )
