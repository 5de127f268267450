"""Two-dimensional spreads: a matrix that matches row totals AND column totals.

Typical use: region x month or rep x month targets, where the regions' yearly
targets (row totals) and the company's monthly phasing (column totals) are both
given, and a seed matrix (e.g. last year) gives the shape inside. The matrix is
found by iterative proportional fitting (alternately scaling rows and
columns), which keeps the seed's zeros at zero (a rep who does not sell a
product stays at zero) and keeps the seed's cross ratios. Totals that the
seed's zeros make impossible are explained with a maximum flow (which rows
cannot be placed in which columns); totals that force some non-zero seed
cells to zero are detected the same way and fitted without those cells. With
``unit`` the result is rounded so that both margins stay exact
(:func:`xl_salesplan.targets.rounding.round_matrix`).

Examples
--------
>>> spread_matrix([60, 40], [50, 50])
array([[30., 30.],
       [20., 20.]])
"""

from __future__ import annotations

import operator

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import Text
from xl_salesplan.targets.rounding import check_unit, round_matrix
from xl_salesplan.validation import amount_text, as_float_array, positions_text

__all__ = ["spread_matrix"]

_CHECK_AT = 50  # passes after which a slow fit is checked for impossible or tight margins


def spread_matrix(
    row_totals: ArrayLike,
    col_totals: ArrayLike,
    seed: ArrayLike | None = None,
    *,
    unit: float | None = None,
    tol: float = 1e-10,
    max_iter: int = 1000,
    blanks: str = "zero",
) -> NDArray[np.float64]:
    """Spread row and column totals over a matrix shaped like ``seed``.

    Parameters
    ----------
    row_totals : array_like, shape (m,)
        Non-negative total of each row.
    col_totals : array_like, shape (n,)
        Non-negative total of each column; must add up to the same grand total.
    seed : array_like, shape (m, n), optional
        Non-negative starting shape (e.g. last year); zeros stay zero. Default:
        all ones (the result is then ``row_total * col_total / grand_total``).
    unit : float, optional
        Round to multiples of ``unit`` keeping every row and column total exact
        (the totals must then be multiples of ``unit``).
    tol : float, default 1e-10
        Largest relative error allowed on any row total (column totals are
        met exactly after each pass).
    max_iter : int, default 1000
        Largest number of passes (row scaling then column scaling).
    blanks : {"zero", "error"}
        Blank (NaN/None) seed cells count as zero, or raise ``blank``.

    Returns
    -------
    ndarray of float64, shape (m, n)

    Raises
    ------
    PlanningError
        ``totals_mismatch`` (grand totals differ), ``infeasible_margins`` (the
        seed's zeros make the totals impossible; names the rows and columns,
        its ``positions`` are ``("row", i)`` and ``("column", j)`` pairs),
        ``not_converged`` (names the largest margin error), ``negative_totals``,
        ``negative_weights``, ``margins_not_multiple``, ``shape_mismatch``,
        ``empty``, ``blank``, ``invalid_option``, ``invalid_unit``.

    Examples
    --------
    >>> spread_matrix([30, 70], [40, 60], [[1, 0], [1, 1]])
    array([[30.,  0.],
           [10., 60.]])
    >>> np.round(spread_matrix([100, 200], [150, 150], [[1, 2], [3, 1]]), 1)
    array([[ 22.6,  77.4],
           [127.4,  72.6]])
    >>> spread_matrix([100, 200], [150, 150], [[1, 2], [3, 1]], unit=10)
    array([[ 20.,  80.],
           [130.,  70.]])
    """
    rows = _totals(row_totals, "row_totals")
    cols = _totals(col_totals, "col_totals")
    m, n = rows.size, cols.size
    if blanks not in ("zero", "error"):
        raise PlanningError.of(
            "targets.matrix_spread.invalid_option", code="invalid_option", blanks=blanks
        )
    if seed is None:
        start = np.ones((m, n))
    else:
        start = as_float_array(seed, "seed", allow_nan=blanks == "zero")
        if start.shape != (m, n):
            raise PlanningError.of(
                "targets.matrix_spread.shape_mismatch_2",
                code="shape_mismatch",
                start_shape=start.shape,
                m=m,
                n=n,
            )
        start = np.where(np.isnan(start), 0.0, start)
        if (start < 0).any():
            bad = [tuple(int(i) for i in p) for p in np.argwhere(start < 0)]
            raise PlanningError.of(
                "targets.matrix_spread.negative_weights",
                code="negative_weights",
                positions=bad,
                amount=float(start[bad[0]]),
                positions_text_bad=positions_text(bad),
                start_bad_0=amount_text(start[bad[0]]),
                bad_0=bad[0],
            )
    tolerance = _positive(tol, "tol")
    passes = _iterations(max_iter)
    step = None if unit is None else check_unit(unit)

    with np.errstate(over="ignore"):
        grand_r, grand_c = rows.sum(), cols.sum()
    if not (np.isfinite(grand_r) and np.isfinite(grand_c)):
        raise PlanningError.of("targets.matrix_spread.too_large", code="too_large")
    if abs(grand_r - grand_c) > 1e-9 * max(1.0, grand_r, grand_c):
        raise PlanningError.of(
            "targets.matrix_spread.totals_mismatch",
            code="totals_mismatch",
            amount=float(grand_r - grand_c),
            grand_r=amount_text(grand_r),
            grand_c=amount_text(grand_c),
            grand_r_grand_c=amount_text(grand_r - grand_c),
        )
    support = (start > 0) & (rows > 0)[:, None] & (cols > 0)[None, :]
    _check_empty_lines(support, rows, "row", "column")
    _check_empty_lines(support.T, cols, "column", "row")

    x, errors = _fit(np.where(support, start, 0.0), rows, cols, tolerance, min(passes, _CHECK_AT))
    if errors.max() > tolerance:
        # Slow progress: either the totals are impossible with the seed's zeros, or some
        # non-zero seed cells must be zero in every solution (tight margins). Find out with a
        # maximum flow; drop the forced-zero cells and fit again.
        flow = _MaxFlow(support, rows, cols)
        flow.raise_if_short()
        forced = flow.forced_zeros()
        if forced.any():
            support &= ~forced
            x, errors = _fit(np.where(support, start, 0.0), rows, cols, tolerance, passes)
        elif passes > _CHECK_AT:
            x, errors = _fit(x, rows, cols, tolerance, passes - _CHECK_AT)
        if errors.max() > tolerance:
            _raise_not_converged(x, rows, errors, passes)
    if step is not None:
        x = round_matrix(x, step, row_totals=rows, col_totals=cols)
    return x


def _fit(
    x: NDArray[np.float64],
    rows: NDArray[np.float64],
    cols: NDArray[np.float64],
    tol: float,
    passes: int,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Alternate row and column scaling until the row errors are within ``tol``."""
    positive = rows > 0
    errors = np.zeros(rows.size)
    top = x.max()
    if top > 0:
        x = x / top  # the seed's scale does not matter; keep it away from overflow
    for _ in range(passes):
        sums = x.sum(axis=1)
        x *= np.where(sums > 0, rows / np.where(sums > 0, sums, 1.0), 0.0)[:, None]
        sums = x.sum(axis=0)
        x *= np.where(sums > 0, cols / np.where(sums > 0, sums, 1.0), 0.0)[None, :]
        errors = np.where(positive, np.abs(x.sum(axis=1) - rows) / np.where(positive, rows, 1), 0)
        if errors.max() <= tol:
            break
    return x, errors


def _totals(values: ArrayLike, name: str) -> NDArray[np.float64]:
    arr = as_float_array(values, name, allow_nan=False)
    if arr.ndim != 1:
        raise PlanningError.of(
            "targets.matrix_spread.shape_mismatch",
            code="shape_mismatch",
            name=name,
            arr_shape=arr.shape,
        )
    if arr.size == 0:
        raise PlanningError.of("targets.matrix_spread.empty", code="empty", name=name)
    if (arr < 0).any():
        bad = [int(i) for i in np.flatnonzero(arr < 0)]
        raise PlanningError.of(
            "targets.matrix_spread.negative_totals",
            code="negative_totals",
            positions=bad,
            amount=float(arr[bad[0]]),
            name=name,
            positions_text_bad=positions_text(bad),
            join_amount_text_arr_i_for_i_i=", ".join(amount_text(arr[i]) for i in bad[:8]),
        )
    return arr


def _positive(value: object, name: str) -> float:
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        out = float("nan")
    if not (np.isfinite(out) and out > 0):
        raise PlanningError.of(
            "targets.matrix_spread.invalid_option_2", code="invalid_option", name=name, value=value
        )
    return out


def _iterations(value: object) -> int:
    try:
        out = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        out = 0
    if out < 1:
        raise PlanningError.of(
            "targets.matrix_spread.invalid_option_3", code="invalid_option", value=value
        )
    return out


def _check_empty_lines(
    support: NDArray[np.bool_], totals: NDArray[np.float64], line: str, other: str
) -> None:
    """Rows (or columns) with a positive total but nowhere to put it."""
    bad = (totals > 0) & ~support.any(axis=1)
    if not bad.any():
        return
    idx = [int(i) for i in np.flatnonzero(bad)]
    shown = ", ".join(amount_text(totals[i]) for i in idx[:8])
    raise PlanningError.of(
        "targets.matrix_spread.infeasible_margins",
        code="infeasible_margins",
        positions=[(line, i) for i in idx],
        amount=float(totals[bad].sum()),
        lines=_lines(line, idx),
        have=Text("targets.lines.have_totals" if len(idx) > 1 else "targets.lines.has_total"),
        shown=shown,
        other=Text(f"targets.lines.every_{other}"),
    )


def _lines(word: str, idx: list[int], limit: int = 12) -> Text:
    """'row 3' or 'rows 0, 1, 2 ... (40 in all)'."""
    items = ", ".join(map(str, idx[:limit]))
    if len(idx) > limit:
        return Text(f"targets.lines.{word}s_more", {"items": items, "count": len(idx)})
    return Text(f"targets.lines.{word}{'s' if len(idx) > 1 else ''}", {"items": items})


def _raise_not_converged(
    x: NDArray[np.float64], rows: NDArray[np.float64], errors: NDArray[np.float64], passes: int
) -> None:
    worst = int(np.argmax(errors))
    reached = x[worst].sum()
    raise PlanningError.of(
        "targets.matrix_spread.not_converged",
        code="not_converged",
        positions=[worst],
        amount=float(abs(reached - rows[worst])),
        passes=passes,
        reached_rows_worst=amount_text(abs(reached - rows[worst])),
        worst=worst,
        rows_worst=amount_text(rows[worst]),
        reached=amount_text(reached),
    )


class _MaxFlow:
    """Maximum flow from rows to columns over the seed's non-zero cells.

    Rows with the same zero pattern are merged. The flow is built from zero with
    shortest augmenting paths found one layer at a time.
    """

    def __init__(
        self,
        support: NDArray[np.bool_],
        rows: NDArray[np.float64],
        cols: NDArray[np.float64],
    ) -> None:
        patterns, inverse = np.unique(support, axis=0, return_inverse=True)
        self.patterns = patterns
        self.inverse = inverse.reshape(-1)
        self.support, self.rows, self.cols = support, rows, cols
        n_pat = patterns.shape[0]
        # Start from no flow: a flow seeded with the fitted matrix would keep its tiny
        # not-quite-zero cells and hide cells that must be zero (a triangular seed with
        # unit totals, whose only solution is the identity).
        self.flow = np.zeros((n_pat, cols.size))
        self.eps = 1e-9 * max(1.0, rows.sum())
        self.supply_left = np.bincount(self.inverse, weights=rows, minlength=n_pat)
        self.demand_left = cols.copy()
        self.reached = np.zeros(n_pat, dtype=bool)
        self._augment(4 * (n_pat + cols.size) * (int(patterns.sum()) + 1))

    def _augment(self, limit: int) -> None:
        flow = self.flow
        for _ in range(limit):
            path, self.reached = _augmenting_path(
                self.patterns, flow, self.supply_left, self.demand_left, self.eps
            )
            if path is None:
                return
            start, steps, end = path
            amount = min(self.supply_left[start], self.demand_left[end])
            for p, j, forward in steps:
                if not forward:
                    amount = min(amount, flow[p, j])
            for p, j, forward in steps:
                flow[p, j] += amount if forward else -amount
            self.supply_left[start] -= amount
            self.demand_left[end] -= amount

    def raise_if_short(self) -> None:
        """Raise ``infeasible_margins`` with a minimum cut if the flow cannot carry everything.

        The rows reachable from the source in the residual network need more than
        the columns they touch can hold (Hall's condition fails for them).
        """
        row_idx = [int(i) for i in np.flatnonzero(self.reached[self.inverse] & (self.rows > 0))]
        if not row_idx:
            return
        col_idx = [int(j) for j in np.flatnonzero(self.support[row_idx].any(axis=0))]
        need, room = self.rows[row_idx].sum(), self.cols[col_idx].sum()
        if need - room <= 1e-7 * max(1.0, self.rows.sum()):
            return
        col_text = _lines("column", col_idx) if col_idx else "no column"
        raise PlanningError.of(
            "targets.matrix_spread.infeasible_margins_2",
            code="infeasible_margins",
            positions=[("row", i) for i in row_idx] + [("column", j) for j in col_idx],
            amount=float(need - room),
            lines_row_row_idx=_lines("row", row_idx),
            need=amount_text(need),
            col_text=col_text,
            room=amount_text(room),
            need_room=amount_text(need - room),
        )

    def forced_zeros(self) -> NDArray[np.bool_]:
        """Seed cells that are zero in every matrix meeting the totals (tight margins).

        With every total met, another solution differs by a circulation, so cell
        ``(p, j)`` can carry an amount only if it already does or column ``j``
        leads back to pattern ``p`` in the residual network: ``j`` reaches the
        columns in which ``p`` has flow, moving through patterns with flow in
        one column and a seed cell in another.
        """
        carries = self.flow > self.eps
        step = (carries.T.astype(np.float64) @ self.patterns.astype(np.float64)) > 0
        reach = step | np.eye(step.shape[0], dtype=bool)
        for _ in range(max(1, int(np.ceil(np.log2(step.shape[0] + 1))))):
            reach = (reach.astype(np.float64) @ reach.astype(np.float64)) > 0
        back = (reach.astype(np.float64) @ carries.T.astype(np.float64)).T > 0
        forced = self.patterns & ~carries & ~back
        return forced[self.inverse]


def _augmenting_path(
    patterns: NDArray[np.bool_],
    flow: NDArray[np.float64],
    supply_left: NDArray[np.float64],
    demand_left: NDArray[np.float64],
    eps: float,
) -> tuple[tuple[int, list[tuple[int, int, bool]], int] | None, NDArray[np.bool_]]:
    """Breadth-first search, one layer of patterns and columns at a time."""
    n_pat, n_col = patterns.shape
    seen_pat = supply_left > eps
    seen_col = np.zeros(n_col, dtype=bool)
    pat_from = np.full(n_pat, -1)  # column through which a pattern was reached (-1: source)
    col_from = np.full(n_col, -1)
    frontier = np.flatnonzero(seen_pat)
    while frontier.size:
        reach = patterns[frontier]
        new_cols = reach.any(axis=0) & ~seen_col
        if not new_cols.any():
            break
        new_idx = np.flatnonzero(new_cols)
        col_from[new_idx] = frontier[np.argmax(reach[:, new_idx], axis=0)]
        seen_col |= new_cols
        sinks = new_idx[demand_left[new_idx] > eps]
        if sinks.size:
            end = int(sinks[0])
            steps: list[tuple[int, int, bool]] = []
            j = end
            while True:
                p = int(col_from[j])
                steps.append((p, j, True))
                if pat_from[p] < 0:
                    return (p, steps, end), seen_pat
                j = int(pat_from[p])
                steps.append((p, j, False))
        back = (flow[:, new_idx] > eps) & ~seen_pat[:, None]
        new_pat = np.flatnonzero(back.any(axis=1))
        pat_from[new_pat] = new_idx[np.argmax(back[new_pat], axis=1)]
        seen_pat[new_pat] = True
        frontier = new_pat
    return None, seen_pat
