"""The column repair of a controlled rounding: move round-ups within rows until
every column has its count.

:func:`xl_salesplan.targets.rounding.round_matrix` first lets every row round up
its largest remainders, which makes every row total exact but leaves some columns
with too many round-ups (excess) and others with too few (deficit). A row that
rounds up in an excess column ``a`` and could round up in a deficit column ``b``
instead moves its round-up from ``a`` to ``b``; that keeps its row total and brings
both columns one closer.

A matrix of up to :data:`NARROW` columns (months, quarters) is repaired one shortest
chain of columns at a time over the column graph (``a -> b``: some row rounds up in
``a`` and could in ``b``), moving on each link the rows that lose the least remainder:
a few chains per column, each a pass over the rows, so linear in the rows. With more
columns that graph and the number of chains grow with the columns squared, so a wide
matrix is repaired in two other ways:

* **direct moves, in bulk**: one vectorised pass pairs, in every row, its cheapest
  round-ups in excess columns (smallest remainder first) with its best cells in
  deficit columns (largest remainder first), ranks all these moves by the remainder
  they lose, and accepts them in that order as long as the columns still need them.
  A pass costs a few operations per cell; typically a handful of passes repair
  everything.
* **chains**, where no direct move is left: a breadth-first search from the excess
  columns, alternating "a row that rounds up in this column" and "a column that row
  could round up in instead", one layer of all rows and columns at a time, finds
  shortest chains ``a -> ... -> b`` to the deficit columns and moves one round-up
  along each of those that share no row or column. Such a chain always exists while
  some column has an excess (the unrounded matrix is a fractional solution, so an
  integral one exists).

Only cells with a remainder ever move, so whole cells stay as they are.

Examples
--------
>>> chosen = np.array([[False, True], [False, True]])
>>> fractional = np.ones((2, 2), dtype=bool)
>>> repair_columns(chosen, fractional, np.full((2, 2), 0.5), np.array([1, 1]))
>>> chosen.astype(int).tolist()
[[1, 0], [0, 1]]
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from xl_salesplan.errors import PlanningError

__all__ = ["NARROW", "repair_columns", "rounding_failed"]

NARROW = 32
"""Matrices of up to this many columns (months, quarters, a few products) are repaired
one shortest chain of columns at a time, which costs a pass over the rows per chain and
a few chains per column; wider ones in bulk passes."""

_PAIRS_PER_ROW = 16  # fewest moves one row may offer in one bulk pass
_BILLION = 1_000_000_000  # remainders are in billionths of a unit


def repair_columns(
    chosen: NDArray[np.bool_],
    fractional: NDArray[np.bool_],
    frac: NDArray[np.float64],
    col_need: NDArray[np.int64],
) -> None:
    """Move round-ups within rows until every column has ``col_need`` of them (in place).

    Parameters
    ----------
    chosen : ndarray of bool, shape (m, n)
        The cells that round up; every row already has its count. Changed in place.
    fractional : ndarray of bool, shape (m, n)
        The cells that may round up (those with a remainder).
    frac : ndarray of float64, shape (m, n)
        Each cell's remainder as a share of a unit, to 9 decimals (the loss when it
        does not round up).
    col_need : ndarray of int64, shape (n,)
        The round-ups each column must have.

    Raises
    ------
    PlanningError
        ``rounding_failed`` if no chain of moves can repair the columns (the margins
        do not come from a matrix with these remainders).

    Examples
    --------
    >>> chosen = np.array([[True, False], [True, False]])
    >>> frac = np.array([[0.6, 0.4], [0.5, 0.5]])
    >>> repair_columns(chosen, np.ones((2, 2), dtype=bool), frac, np.array([1, 1]))
    >>> chosen.astype(int).tolist()
    [[1, 0], [0, 1]]
    """
    if chosen.shape[1] <= NARROW:
        # Column-major: the chains read and move whole columns.
        by_column = np.asfortranarray(chosen)
        _repair_by_chains(
            by_column, np.asfortranarray(fractional), np.asfortranarray(frac), col_need
        )
        chosen[...] = by_column
        return
    remainder = np.rint(frac * 1e9).astype(np.int64)
    excess = chosen.sum(axis=0).astype(np.int64) - col_need
    while excess.any():
        if _direct_moves(chosen, fractional, remainder, excess):
            continue
        if not _move_along_paths(chosen, fractional, excess):
            raise rounding_failed()


def rounding_failed() -> PlanningError:
    """The error of a controlled rounding that cannot keep both margins.

    Examples
    --------
    >>> rounding_failed().code
    'rounding_failed'
    """
    return PlanningError.of("targets.rounding.rounding_failed", code="rounding_failed")


def _direct_moves(
    chosen: NDArray[np.bool_],
    fractional: NDArray[np.bool_],
    remainder: NDArray[np.int64],
    excess: NDArray[np.int64],
) -> int:
    """One bulk pass of moves from excess to deficit columns within rows; how many moved.

    Every row offers up to ``_PAIRS_PER_ROW`` moves, or twice its share of the total
    excess if that is more (so that a few passes suffice): its t-th smallest remainder among
    round-ups in excess columns with its t-th largest among free cells of deficit
    columns. Moves are taken by the remainder they lose (then row, then t) while the
    excess column still has too many and the deficit column too few.
    """
    over = np.flatnonzero(excess > 0)
    under = np.flatnonzero(excess < 0)
    drops = chosen[:, over]
    raises = fractional[:, under] & ~chosen[:, under]
    rows = np.flatnonzero(drops.any(axis=1) & raises.any(axis=1))
    if not rows.size:
        return 0
    drops, raises = drops[rows], raises[rows]
    share = -(-2 * int(excess[over].sum()) // rows.size)
    count = min(max(_PAIRS_PER_ROW, share), over.size, under.size)
    # Unique keys (remainder, then column) so that the chosen cells are well defined.
    big = np.iinfo(np.int64).max
    drop_key = np.where(
        drops, remainder[np.ix_(rows, over)] * over.size + np.arange(over.size), big
    )
    raise_key = np.where(
        raises,
        -remainder[np.ix_(rows, under)] * under.size + np.arange(under.size),
        big,
    )
    drop_at = _smallest(drop_key, count)
    raise_at = _smallest(raise_key, count)
    offered = np.flatnonzero(
        (np.arange(count) < np.minimum(drops.sum(axis=1), raises.sum(axis=1))[:, None]).ravel()
    )
    row_of = rows[offered // count]
    a = over[drop_at.ravel()[offered]]
    b = under[raise_at.ravel()[offered]]
    # One unique key per move: the remainder it loses, then row, then t (offered is in
    # that order already). At most ``excess.sum()`` moves can be taken, so only a few
    # times as many of the cheapest are ranked.
    key = (remainder[row_of, a] - remainder[row_of, b] + _BILLION) * offered.size + np.arange(
        offered.size
    )
    wanted = 4 * int(excess[excess > 0].sum())
    if offered.size > wanted:
        key_at = np.argpartition(key, wanted - 1)[:wanted]
        order = key_at[np.argsort(key[key_at])]
    else:
        order = np.argsort(key)
    row_of, a, b = row_of[order], a[order], b[order]
    take = _rank_in_group(a) < excess[a]
    row_of, a, b = row_of[take], a[take], b[take]
    take = _rank_in_group(b) < -excess[b]
    row_of, a, b = row_of[take], a[take], b[take]
    chosen[row_of, a] = False
    chosen[row_of, b] = True
    n = excess.size
    excess -= np.bincount(a, minlength=n) - np.bincount(b, minlength=n)
    return int(row_of.size)


def _smallest(keys: NDArray[np.int64], count: int) -> NDArray[np.intp]:
    """Per row, the positions of the ``count`` smallest keys, smallest first."""
    if count < keys.shape[1]:
        part = np.argpartition(keys, count - 1, axis=1)[:, :count]
    else:
        part = np.broadcast_to(np.arange(keys.shape[1]), keys.shape)
    order = np.argsort(np.take_along_axis(keys, part, axis=1), axis=1)
    return np.take_along_axis(part, order, axis=1)


def _rank_in_group(groups: NDArray[np.intp]) -> NDArray[np.int64]:
    """0, 1, 2 ... within each group value, in the given order."""
    if not groups.size:
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(groups, kind="stable")
    sorted_groups = groups[order]
    starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
    first = np.repeat(starts, np.diff(np.r_[starts, groups.size]))
    rank = np.empty(groups.size, dtype=np.int64)
    rank[order] = np.arange(groups.size) - first
    return rank


def _move_along_paths(
    chosen: NDArray[np.bool_], fractional: NDArray[np.bool_], excess: NDArray[np.int64]
) -> int:
    """Move round-ups along shortest chains from excess to deficit columns; how many moved.

    Breadth-first from every excess column at once, one layer at a time: every row not
    yet reached that rounds up in a column of the layer (the first such column is its
    parent), then every column not yet reached that one of those rows could round up in
    (the first such row is its parent); deficit columns end chains and are not passed
    through. Then each deficit column reached, in the order reached, takes its chain
    back to its excess column unless the chain meets a row or column of a chain already
    taken (or an excess column with nothing left to give): chains taken together touch
    different rows and columns, so one search can repair many columns.
    """
    m, n = chosen.shape
    col_seen = excess > 0
    row_seen = np.zeros(m, dtype=bool)
    row_from = np.full(m, -1, dtype=np.int64)  # the column a row drops its round-up in
    col_from = np.full(n, -1, dtype=np.int64)  # the row that rounds up in a column instead
    frontier = np.flatnonzero(col_seen)
    reached = []
    while frontier.size:
        up = chosen[:, frontier] & ~row_seen[:, None]
        rows = np.flatnonzero(up.any(axis=1))
        if not rows.size:
            break
        row_from[rows] = frontier[np.argmax(up[rows], axis=1)]
        row_seen[rows] = True
        could = fractional[rows] & ~chosen[rows] & ~col_seen
        cols = np.flatnonzero(could.any(axis=0))
        if not cols.size:
            break
        col_from[cols] = rows[np.argmax(could[:, cols], axis=0)]
        col_seen[cols] = True
        short = excess[cols] < 0
        reached.extend(int(c) for c in cols[short])
        frontier = cols[~short]
    used_row = np.zeros(m, dtype=bool)
    blocked = np.zeros(n, dtype=bool)  # columns of chains taken, or whose chain is blocked
    moved = 0
    for end in reached:
        chain: list[tuple[int, int, int]] = []
        b, free = end, True
        while True:
            row = int(col_from[b])
            a = int(row_from[row])
            if blocked[b] or used_row[row]:
                free = False
                break
            chain.append((row, a, b))
            if col_from[a] < 0:  # a is the excess column the chain starts from
                free = excess[a] > 0
                break
            b = a
        blocked[[b for _, _, b in chain]] = True
        if not free:
            continue
        for row, a, b in chain:
            chosen[row, a] = False
            chosen[row, b] = True
            used_row[row] = True
        excess[chain[-1][1]] -= 1
        excess[end] += 1
        moved += 1
    return moved


# ---------------------------------------------------------------- narrow matrices


def _repair_by_chains(
    chosen: NDArray[np.bool_],
    fractional: NDArray[np.bool_],
    frac: NDArray[np.float64],
    col_need: NDArray[np.int64],
) -> None:
    """Move round-ups one shortest chain of columns at a time (in place): narrow matrices.

    An excess column ``j`` gives a round-up to a short column ``j'`` along a
    shortest path ``j -> ... -> j'`` in the column graph, where ``a -> b``
    means some row rounds up in ``a`` and could round up in ``b`` instead.
    Each step moves ``k`` rows at once and lowers the total excess by ``k``.
    """
    excess = chosen.sum(axis=0) - col_need
    if not excess.any():
        return
    # movable[a, b]: rows that round up in a and could round up in b instead. One matrix
    # product to start; then only the rows that move are taken out and put back.
    movable = chosen.T.astype(np.float64) @ (fractional & ~chosen).astype(np.float64)
    for _ in range(int(np.abs(excess).sum()) // 2 + 1):
        if not excess.any():
            return
        path = _shortest_path(movable, excess > 0, excess < 0)
        if path is None:
            break
        k = int(min(excess[path[0]], -excess[path[-1]]))
        k = min(k, *(int(movable[a, b]) for a, b in pairwise(path)))
        for a, b in pairwise(path):
            rows = np.flatnonzero(chosen[:, a] & fractional[:, b] & ~chosen[:, b])
            loss = frac[rows, a] - frac[rows, b]
            pick = rows[np.argsort(loss, kind="stable")[:k]]
            before = chosen[pick]
            chosen[pick, a] = False
            chosen[pick, b] = True
            _count_pairs(movable, before, chosen[pick], fractional[pick], [a, b])
        excess[path[0]] -= k
        excess[path[-1]] += k
    if excess.any():
        raise rounding_failed()


def _count_pairs(
    movable: NDArray[np.float64],
    before: NDArray[np.bool_],
    after: NDArray[np.bool_],
    fractional: NDArray[np.bool_],
    columns: list[int],
) -> None:
    """Take these rows' pairs as they were (``before``) out of ``movable`` and put them in
    as they are (``after``), in place.

    Only pairs that involve one of ``columns`` (where the rows change) are touched,
    so the update costs rows x columns, not columns squared. The rows before (counted
    negatively) and after are stacked, so each product is taken once (counts are whole
    numbers: the sums are exact in any order).
    """
    up = np.concatenate([-before.astype(np.float64), after.astype(np.float64)])
    could = np.concatenate([fractional & ~before, fractional & ~after]).astype(np.float64)
    movable[columns, :] += up[:, columns].T @ could
    movable[:, columns] += up.T @ could[:, columns]
    movable[np.ix_(columns, columns)] -= up[:, columns].T @ could[:, columns]


def _shortest_path(
    edges: NDArray[np.float64], sources: NDArray[np.bool_], targets: NDArray[np.bool_]
) -> list[int] | None:
    """Breadth-first search on a graph given as a matrix of counts (an edge: count > 0.5).

    One layer at a time: a node's parent is the first node of the layer before (in
    visiting order) with an edge to it; nodes are visited by parent, then by number;
    the first target visited ends the search.
    """
    n = edges.shape[0]
    parent = np.full(n, -1, dtype=np.int64)
    seen = sources.copy()
    frontier = np.flatnonzero(sources)
    while frontier.size:
        reach = edges[frontier] > 0.5
        reach[:, seen] = False
        new = np.flatnonzero(reach.any(axis=0))
        if not new.size:
            return None
        by = np.argmax(reach[:, new], axis=0)  # position of the parent in the frontier
        order = np.lexsort((new, by))
        new, by = new[order], by[order]
        parent[new] = frontier[by]
        seen[new] = True
        hits = np.flatnonzero(targets[new])
        if hits.size:
            path = [int(new[hits[0]])]
            while parent[path[-1]] >= 0:
                path.append(int(parent[path[-1]]))
            return path[::-1]
        frontier = new
    return None
