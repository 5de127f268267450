"""The one exception type the engine raises for requests it cannot meet.

Every face of the product (Excel functions, ribbon macros, the command line)
turns a :class:`PlanningError` into one readable line for the planner, so the
message must make sense without a traceback: it names the positions and the
amounts that conflict.

Examples
--------
>>> err = PlanningError("holds exceed the total by 30", code="holds_exceed_total", positions=(0, 2))
>>> str(err)
'holds exceed the total by 30'
>>> err.code, err.positions
('holds_exceed_total', (0, 2))
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["PlanningError"]


class PlanningError(ValueError):
    """A planning request that cannot be met, explained for a planner.

    Parameters
    ----------
    message : str
        One or two sentences a planner understands, naming positions and amounts.
    code : str, optional
        A short stable identifier of the kind of problem (``"holds_exceed_total"``,
        ``"shape_mismatch"``...), for adapters and tests.
    positions : sequence, optional
        The offending positions (0-based indices or index tuples), if any.
    amount : float, optional
        The amount by which the request is impossible, if there is one.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "invalid_input",
        positions: Sequence[object] = (),
        amount: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.positions = tuple(positions)
        self.amount = amount
