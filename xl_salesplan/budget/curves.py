"""Budget response curves: the outcome a channel returns for what is spent on it.

Five families, each with diminishing returns (the S-shaped Hill curve after its
inflection point):

============================  ====================================  =============================
kind                          outcome for spend ``x``               parameters
============================  ====================================  =============================
``"hill"``                    ``top * x^s / (k^s + x^s)``           top, half_saturation k, slope s
``"michaelis_menten"``        ``top * x / (k + x)``                 top, half_saturation k
``"logarithmic"``             ``scale * log(1 + x / b)``            scale, reference_spend b
``"power"``                   ``scale * x^p`` with ``0 < p <= 1``   scale, exponent p
``"linear_cap"``              ``rate * min(x, saturation)``         rate, saturation
============================  ====================================  =============================

A Hill curve with ``slope <= 1`` is concave (``slope == 1`` is Michaelis-Menten);
with ``slope > 1`` it is S-shaped: a flat start, an inflection point, then
diminishing returns.

A :class:`CurveSet` holds the curves of many channels as parameter arrays, so the
outcome, the marginal return and the inverse marginal of 10,000 channels are a few
numpy operations. :class:`ResponseCurve` is the friendly single-curve front.

The marginal return at ``x`` is the return of the next unit of spend (the right
derivative). The inverse marginal at ``lam`` is the spend up to which the marginal
return stays above ``lam``: ``sup {x >= 0 : marginal(x) > lam}`` (0 when there is
none); for a strictly diminishing curve it solves ``marginal(x) == lam``.

Examples
--------
>>> search = hill(top=500_000, half_saturation=200_000, slope=1)
>>> round(float(search.value(200_000)))
250000
>>> round(float(search.marginal(0)), 3)
2.5
>>> round(float(search.inverse_marginal(search.marginal(300_000))))
300000
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.budget.curve_formulas import evaluate, make_groups, tangent_points
from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import Text
from xl_salesplan.validation import as_float_array

__all__ = [
    "KINDS",
    "PARAMETER_NAMES",
    "CurveSet",
    "ResponseCurve",
    "as_curve_set",
    "evaluate",
    "hill",
    "linear_cap",
    "logarithmic",
    "michaelis_menten",
    "normalise_kind",
    "power",
    "tangent_points",
]

KINDS: tuple[str, ...] = ("hill", "michaelis_menten", "logarithmic", "power", "linear_cap")
PARAMETER_NAMES: dict[str, tuple[str, ...]] = {
    "hill": ("top", "half_saturation", "slope"),
    "michaelis_menten": ("top", "half_saturation"),
    "logarithmic": ("scale", "reference_spend"),
    "power": ("scale", "exponent"),
    "linear_cap": ("rate", "saturation"),
}
_ALIASES = {"mm": "michaelis_menten", "log": "logarithmic", "linear": "linear_cap"}


def normalise_kind(kind: object) -> str:
    """The canonical name of a curve kind (case, spaces, hyphens and short forms accepted).

    Examples
    --------
    >>> normalise_kind("Linear-Cap"), normalise_kind("MM")
    ('linear_cap', 'michaelis_menten')
    >>> normalise_kind("cubic")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: unknown curve kind 'cubic'; expected one of hill, ...
    """
    return KINDS[_kind_code(kind, None)]


def _kind_code(kind: object, position: int | None) -> int:
    text = str(kind).strip().lower().replace("-", "_").replace(" ", "_")
    text = _ALIASES.get(text, text)
    if text not in KINDS:
        where = "" if position is None else Text("budget.curve_prefix", {"position": position})
        raise PlanningError.of(
            "budget.curves.unknown_curve_kind",
            code="unknown_curve_kind",
            positions=() if position is None else (position,),
            where_text=where,
            kind=kind,
            join_kinds=", ".join(KINDS),
        )
    return KINDS.index(text)


@dataclass(frozen=True, eq=False)
class CurveSet:
    """Response curves of ``n`` channels held as parameter arrays.

    Parameters
    ----------
    kinds : sequence of str
        One kind per channel (see :data:`KINDS`; ``"mm"``, ``"log"`` accepted).
    p1, p2, p3 : array_like
        The parameters in the order of :data:`PARAMETER_NAMES`; ``p3`` is the Hill
        slope (blank or omitted = 1). A blank linear-cap saturation means no cap.
    names : sequence of str, optional
        Channel names used in messages and reports.

    Methods ``value``, ``marginal`` and ``inverse_marginal`` broadcast along the
    last axis (one column per channel).

    Examples
    --------
    >>> curves = CurveSet(["hill", "log", "linear_cap"], [100, 50, 2], [10, 5, 30], [2, None, None])
    >>> curves.value([10, 5, 40]).round(2)
    array([50.  , 34.66, 60.  ])
    >>> curves.marginal([10, 5, 40]).round(3)
    array([5., 5., 0.])
    >>> len(curves), curves.is_concave.tolist()
    (3, [False, True, True])
    """

    kinds: NDArray[np.int8]
    p1: NDArray[np.float64]
    p2: NDArray[np.float64]
    p3: NDArray[np.float64]
    names: tuple[str, ...] | None = None
    _groups: tuple[tuple[int, NDArray[np.intp]], ...] = field(default=(), repr=False)

    def __init__(
        self,
        kinds: Sequence[object] | ArrayLike,
        p1: ArrayLike,
        p2: ArrayLike,
        p3: ArrayLike | None = None,
        names: Sequence[str] | None = None,
    ) -> None:
        kind_list = list(np.atleast_1d(np.asarray(kinds, dtype=object)).ravel())
        n = len(kind_list)
        if n == 0:
            raise PlanningError.of("budget.curves.empty", code="empty")
        codes = np.array([_kind_code(k, i) for i, k in enumerate(kind_list)], dtype=np.int8)
        a = _parameter_column(p1, "p1", n)
        b = _parameter_column(p2, "p2", n)
        c = np.ones(n) if p3 is None else _parameter_column(p3, "p3", n)
        c = np.where(np.isnan(c) & (codes == 0), 1.0, c)
        b = np.where(np.isnan(b) & (codes == 4), np.inf, b)
        label = tuple(str(x) for x in names) if names is not None else None
        if label is not None and len(label) != n:
            raise PlanningError.of(
                "budget.curves.shape_mismatch_2", code="shape_mismatch", len_label=len(label), n=n
            )
        _check_parameters(codes, a, b, c, label)
        object.__setattr__(self, "kinds", codes)
        object.__setattr__(self, "p1", a)
        object.__setattr__(self, "p2", b)
        object.__setattr__(self, "p3", c)
        object.__setattr__(self, "names", label)
        object.__setattr__(self, "_groups", make_groups(codes, c, b))

    @classmethod
    def from_curves(
        cls, curves: Sequence[ResponseCurve], names: Sequence[str] | None = None
    ) -> CurveSet:
        """Stack single curves into a :class:`CurveSet`.

        Examples
        --------
        >>> s = CurveSet.from_curves([power(3, 0.5, name="Events"), linear_cap(2, 100)])
        >>> s.names, s.value([4, 4]).tolist()
        (('Events', 'channel 1'), [6.0, 8.0])
        """
        curves = list(curves)
        if not curves:
            raise PlanningError.of("budget.curves.empty", code="empty")
        for i, cv in enumerate(curves):
            if not isinstance(cv, ResponseCurve):
                raise PlanningError.of(
                    "budget.curves.not_a_curve_2", code="not_a_curve", positions=(i,), i=i, cv=cv
                )
        if names is None and any(cv.name for cv in curves):
            names = [cv.name or f"channel {i}" for i, cv in enumerate(curves)]
        pad = [tuple(cv.params) + (1.0,) * (3 - len(cv.params)) for cv in curves]
        cols = np.array(pad, dtype=np.float64).T
        return cls([cv.kind for cv in curves], cols[0], cols[1], cols[2], names=names)

    def take(self, indices: ArrayLike) -> CurveSet:
        """The curves at ``indices`` (repeats allowed), as a new set.

        Examples
        --------
        >>> CurveSet(["log", "power"], [1, 2], [1, 0.5], names=["A", "B"]).take([1, 1]).names
        ('B', 'B')
        """
        idx = np.asarray(indices, dtype=np.intp).ravel()
        out = CurveSet.__new__(CurveSet)
        object.__setattr__(out, "kinds", self.kinds[idx])
        object.__setattr__(out, "p1", self.p1[idx])
        object.__setattr__(out, "p2", self.p2[idx])
        object.__setattr__(out, "p3", self.p3[idx])
        names = tuple(self.names[i] for i in idx) if self.names else None
        object.__setattr__(out, "names", names)
        object.__setattr__(out, "_groups", make_groups(out.kinds, out.p3, out.p2))
        return out

    def __len__(self) -> int:
        return int(self.kinds.size)

    def __getitem__(self, i: int) -> ResponseCurve:
        kind = KINDS[int(self.kinds[i])]
        params = (float(self.p1[i]), float(self.p2[i]), float(self.p3[i]))
        name = self.names[i] if self.names else None
        return ResponseCurve(kind, params[: len(PARAMETER_NAMES[kind])], name)

    def label(self, i: int) -> Text:
        """The channel's name with its position, for messages.

        Examples
        --------
        >>> str(CurveSet(["log"], [1], [1], names=["Events"]).label(0))
        'Events (position 0)'
        >>> str(CurveSet(["log"], [1], [1]).label(0))
        'channel 0'
        """
        if self.names:
            return Text("budget.channel_at", {"name": self.names[i], "position": i})
        return Text("budget.channel_number", {"position": i})

    @property
    def display_names(self) -> tuple[str, ...]:
        """The channel names for reports: the given names, or ``"channel i"`` when unnamed.

        Examples
        --------
        >>> CurveSet(["log", "log"], [1, 1], [1, 1]).display_names
        ('channel 0', 'channel 1')
        >>> CurveSet(["log"], [1], [1], names=["Events"]).display_names
        ('Events',)
        """
        return self.names or tuple(str(self.label(i)) for i in range(len(self)))

    def with_names(self, names: Sequence[str] | None) -> CurveSet:
        """The same curves under new channel names (``None`` keeps the current ones).

        Examples
        --------
        >>> CurveSet(["log"], [1], [1]).with_names(["Events"]).names
        ('Events',)
        """
        if names is None:
            return self
        return CurveSet(
            [KINDS[k] for k in self.kinds], self.p1, self.p2, self.p3, names=list(names)
        )

    @property
    def is_concave(self) -> NDArray[np.bool_]:
        """True for channels whose curve has diminishing returns from the first unit.

        Examples
        --------
        >>> CurveSet(["hill", "hill", "log"], [1, 1, 1], [1, 1, 1], [0.5, 3, None]).is_concave
        array([ True, False,  True])
        """
        return ~((self.kinds == 0) & (self.p3 > 1.0))

    @property
    def saturation_outcome(self) -> NDArray[np.float64]:
        """The outcome each curve approaches as spend grows (inf for log, power).

        Examples
        --------
        >>> CurveSet(["hill", "log", "linear_cap"], [9, 1, 2], [1, 1, 5]).saturation_outcome
        array([ 9., inf, 10.])
        """
        out = np.full(len(self), np.inf)
        bounded = (self.kinds == 0) | (self.kinds == 1)
        out[bounded] = self.p1[bounded]
        cap = self.kinds == 4
        out[cap] = self.p1[cap] * self.p2[cap]
        return out

    def inflection(self) -> NDArray[np.float64]:
        """Spend at which the marginal return peaks (0 for concave curves).

        For an S-shaped Hill curve this is ``k * ((s - 1) / (s + 1)) ** (1 / s)``.

        Examples
        --------
        >>> CurveSet(["hill", "hill"], [1, 1], [1, 1], [2, 0.5]).inflection().round(4)
        array([0.5774, 0.    ])
        """
        s = self.p3
        out = np.zeros(len(self))
        m = ~self.is_concave
        out[m] = self.p2[m] * ((s[m] - 1.0) / (s[m] + 1.0)) ** (1.0 / s[m])
        return out

    def value(self, spend: ArrayLike) -> NDArray[np.float64]:
        """Outcome for ``spend`` (shape ``(..., n)``); negative spend is refused.

        Examples
        --------
        >>> CurveSet(["power"], [2], [0.5]).value([[4], [9]]).ravel().tolist()
        [4.0, 6.0]
        """
        return self._apply(0, _spend_argument(spend, "spend"))

    def marginal(self, spend: ArrayLike) -> NDArray[np.float64]:
        """Marginal return (outcome per extra unit of spend) at ``spend``.

        Examples
        --------
        >>> CurveSet(["logarithmic"], [10], [5]).marginal([[0], [5]]).ravel().tolist()
        [2.0, 1.0]
        """
        return self._apply(1, _spend_argument(spend, "spend"))

    def inverse_marginal(self, marginal_return: ArrayLike) -> NDArray[np.float64]:
        """Spend up to which the marginal return stays above ``marginal_return``.

        For an S-shaped Hill curve the answer lies beyond the inflection point, and
        is 0 when the curve never returns that much per unit.

        Examples
        --------
        >>> CurveSet(["michaelis_menten", "linear_cap"], [4, 3], [1, 10]).inverse_marginal(1.0)
        array([ 1., 10.])
        """
        lam = as_float_array(marginal_return, "marginal_return", allow_nan=False)
        if (lam < 0).any():
            raise PlanningError.of(
                "budget.curves.negative_value", code="negative_value", amount=None
            )
        return self._apply(2, lam)

    def tangent_from(self, floors: ArrayLike) -> NDArray[np.float64]:
        """Spend where the straight line from ``(floor, value(floor))`` touches the curve.

        This is where the concave envelope of an S-shaped curve, seen from the
        floor, rejoins the curve: below it, money is better spent all-or-nothing.
        Equal to the floor for concave curves and floors beyond the inflection.

        Examples
        --------
        >>> CurveSet(["hill"], [1], [1], [2]).tangent_from([0.0]).round(6)
        array([1.])
        """
        lo = np.broadcast_to(_spend_argument(floors, "floors"), (len(self),))
        return tangent_points(self, lo)

    # -- internal -----------------------------------------------------------------

    def _apply(self, what: int, x: NDArray[np.float64]) -> NDArray[np.float64]:
        if x.ndim and x.shape[-1] not in (1, len(self)):
            raise PlanningError.of(
                "budget.curves.shape_mismatch_3",
                code="shape_mismatch",
                len_self=len(self),
                x_shape=x.shape,
            )
        return evaluate(self, what, x)


def _parameter_column(values: ArrayLike | None, name: str, n: int) -> NDArray[np.float64]:
    try:
        out = np.atleast_1d(np.asarray(values, dtype=np.float64))
    except (TypeError, ValueError):
        out = np.atleast_1d(as_float_array(values, name))
    if out.size == 1:
        out = np.full(n, out.ravel()[0])
    if out.shape != (n,):
        raise PlanningError.of(
            "budget.curves.shape_mismatch", code="shape_mismatch", name=name, out_size=out.size, n=n
        )
    return out.astype(np.float64)


def _check_parameters(codes, a, b, c, names) -> None:
    """Refuse blank, negative or out-of-range parameters, naming the curve."""
    is_hill, is_power, is_cap = codes == 0, codes == 3, codes == 4
    rules = (
        (0, a, ~(a >= 0) | ~np.isfinite(a), Text("budget.rule.not_negative")),
        (1, b, ~(b > 0) | (~np.isfinite(b) & ~is_cap), Text("budget.rule.positive")),
        (1, b, is_power & (b > 1), Text("budget.rule.at_most_one")),
        (2, c, is_hill & (~(c > 0) | ~np.isfinite(c)), Text("budget.rule.positive")),
    )
    for col, vals, bad, what in rules:
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            kind = KINDS[int(codes[i])]
            pname = PARAMETER_NAMES[kind][col]
            who = (
                Text("budget.channel_at", {"name": names[i], "position": i})
                if names
                else Text("budget.curve_number", {"position": i})
            )
            value = float(vals[i])
            raise PlanningError.of(
                "budget.curves.bad_curve_parameter",
                code="bad_curve_parameter",
                positions=(i,),
                amount=None if np.isnan(value) else value,
                who=who,
                kind=kind,
                pname=pname,
                what=what,
                value=value,
            )


def _spend_argument(values: ArrayLike, name: str) -> NDArray[np.float64]:
    arr = as_float_array(values, name, allow_nan=False)
    if (arr < 0).any():
        pos = int(np.flatnonzero((arr < 0).ravel())[0])
        raise PlanningError.of(
            "budget.curves.negative_spend",
            code="negative_spend",
            positions=(pos,),
            name=name,
            pos=pos,
        )
    return arr


@dataclass(frozen=True)
class ResponseCurve:
    """One channel's response curve (see the module table for kinds and parameters).

    Examples
    --------
    >>> events = ResponseCurve("hill", (1000.0, 50.0, 2.0), "Events")
    >>> round(float(events.value(50)), 6), events.is_concave
    (500.0, False)
    """

    kind: str
    params: tuple[float, ...]
    name: str | None = None
    _set: CurveSet = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        curves = _single(self)
        object.__setattr__(self, "kind", KINDS[int(curves.kinds[0])])
        n_params = len(PARAMETER_NAMES[self.kind])
        values = (*curves.p1, *curves.p2, *curves.p3)
        object.__setattr__(self, "params", tuple(float(p) for p in values)[:n_params])
        object.__setattr__(self, "_set", curves)

    @property
    def curves(self) -> CurveSet:
        """This curve as a one-channel :class:`CurveSet`.

        Examples
        --------
        >>> len(power(2, 0.5).curves)
        1
        """
        return self._set

    @property
    def is_concave(self) -> bool:
        """True unless the curve is an S-shaped Hill curve.

        Examples
        --------
        >>> hill(1, 1, 0.8).is_concave, hill(1, 1, 3).is_concave
        (True, False)
        """
        return bool(self.curves.is_concave[0])

    def value(self, spend: ArrayLike) -> NDArray[np.float64]:
        """Outcome for ``spend`` (scalar or array).

        Examples
        --------
        >>> power(2, 0.5).value([1, 4]).tolist()
        [2.0, 4.0]
        """
        return self._one(self.curves.value, spend)

    def marginal(self, spend: ArrayLike) -> NDArray[np.float64]:
        """Marginal return at ``spend``.

        Examples
        --------
        >>> float(logarithmic(10, 5).marginal(5))
        1.0
        """
        return self._one(self.curves.marginal, spend)

    def inverse_marginal(self, marginal_return: ArrayLike) -> NDArray[np.float64]:
        """Spend up to which the marginal return stays above ``marginal_return``.

        Examples
        --------
        >>> float(logarithmic(10, 5).inverse_marginal(1.0))
        5.0
        """
        return self._one(self.curves.inverse_marginal, marginal_return)

    @staticmethod
    def _one(fn, values: ArrayLike) -> NDArray[np.float64]:
        arr = np.asarray(values, dtype=object)
        return fn(np.expand_dims(arr, -1))[..., 0]


def _single(curve: ResponseCurve) -> CurveSet:
    params = list(curve.params) + [None] * (3 - len(curve.params))
    return CurveSet(
        [curve.kind],
        [params[0]],
        [params[1]],
        [params[2]],
        names=None if curve.name is None else [curve.name],
    )


def hill(
    top: float, half_saturation: float, slope: float = 1.0, *, name: str | None = None
) -> ResponseCurve:
    """Hill curve ``top * x^slope / (half_saturation^slope + x^slope)``.

    ``slope <= 1`` is concave; ``slope > 1`` is S-shaped. At ``half_saturation`` the
    outcome is half of ``top``.

    Examples
    --------
    >>> round(float(hill(100, 10, 3).value(10)), 6)
    50.0
    """
    return ResponseCurve("hill", (top, half_saturation, slope), name)


def michaelis_menten(
    top: float, half_saturation: float, *, name: str | None = None
) -> ResponseCurve:
    """Michaelis-Menten curve ``top * x / (half_saturation + x)``.

    Examples
    --------
    >>> float(michaelis_menten(100, 10).value(30))
    75.0
    """
    return ResponseCurve("michaelis_menten", (top, half_saturation), name)


def logarithmic(scale: float, reference_spend: float, *, name: str | None = None) -> ResponseCurve:
    """Logarithmic curve ``scale * log(1 + x / reference_spend)``.

    Examples
    --------
    >>> round(float(logarithmic(10, 5).value(5)), 4)
    6.9315
    """
    return ResponseCurve("logarithmic", (scale, reference_spend), name)


def power(scale: float, exponent: float, *, name: str | None = None) -> ResponseCurve:
    """Power curve ``scale * x^exponent`` with ``0 < exponent <= 1``.

    Examples
    --------
    >>> float(power(3, 0.5).value(16))
    12.0
    """
    return ResponseCurve("power", (scale, exponent), name)


def linear_cap(rate: float, saturation: float, *, name: str | None = None) -> ResponseCurve:
    """Linear curve ``rate * min(x, saturation)``: a constant return until saturation.

    Examples
    --------
    >>> linear_cap(2, 100).value([50, 150]).tolist()
    [100.0, 200.0]
    """
    return ResponseCurve("linear_cap", (rate, saturation), name)


def as_curve_set(
    curves: CurveSet | ResponseCurve | Sequence[ResponseCurve], names: Sequence[str] | None = None
) -> CurveSet:
    """Accept a :class:`CurveSet`, one curve or a list of curves; apply ``names``.

    Examples
    --------
    >>> as_curve_set([power(1, 0.5), power(2, 0.5)], names=["A", "B"]).names
    ('A', 'B')
    """
    if isinstance(curves, CurveSet):
        return curves.with_names(names)
    if isinstance(curves, ResponseCurve):
        return CurveSet.from_curves([curves], names)
    if isinstance(curves, (str, bytes)) or not isinstance(curves, Sequence):
        raise PlanningError.of(
            "budget.curves.not_a_curve", code="not_a_curve", __name__=type(curves).__name__
        )
    return CurveSet.from_curves(list(curves), names)
