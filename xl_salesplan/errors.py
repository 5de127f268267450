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

An error raised with a key of the message catalogue carries its parameters, so
each face renders it in the workbook's language (:func:`xl_salesplan.messages.localized`):

>>> err = PlanningError.of("error.language", choices="en, zh-CN", got="'fr'")
>>> str(err), err.key, err.params["got"]
("language must be one of en, zh-CN; got 'fr'", 'error.language', "'fr'")
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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
    key : str, optional
        The message's key in :data:`xl_salesplan.messages.CATALOGUE`, if it has one.
    params : mapping, optional
        The values the catalogue's text of ``key`` fills in.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "invalid_input",
        positions: Sequence[object] = (),
        amount: float | None = None,
        key: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.positions = tuple(positions)
        self.amount = amount
        self.key = key
        self.params: Mapping[str, object] = dict(params or {})

    @classmethod
    def of(
        cls,
        key: str,
        *,
        code: str | None = None,
        positions: Sequence[object] = (),
        amount: float | None = None,
        **params: object,
    ) -> PlanningError:
        """The error whose text is the catalogue's ``key`` (English until a face renders it).

        ``code`` defaults to the key's last part.

        Examples
        --------
        >>> PlanningError.of("cli.file_exists", path="a.xlsm").code
        'file_exists'
        """
        from xl_salesplan.messages import message

        return cls(
            message(key, "en", **params),
            code=code or key.rsplit(".", 1)[-1],
            positions=positions,
            amount=amount,
            key=key,
            params=params,
        )
