"""Response curves: values by hand, derivatives by finite differences, inverses by round trip."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_salesplan.budget.curves import (
    CurveSet,
    ResponseCurve,
    as_curve_set,
    hill,
    linear_cap,
    logarithmic,
    michaelis_menten,
    normalise_kind,
    power,
)
from xl_salesplan.errors import PlanningError

positive = st.floats(0.5, 500.0)
spend = st.floats(0.01, 2000.0)


def smooth_curve():
    return st.one_of(
        st.builds(hill, positive, positive, st.floats(0.3, 5.0)),
        st.builds(michaelis_menten, positive, positive),
        st.builds(logarithmic, positive, positive),
        st.builds(power, positive, st.floats(0.1, 0.99)),
    )


# -- values worked by hand ------------------------------------------------------------


@pytest.mark.parametrize("slope", [0.5, 1.0, 2.0, 4.0])
def test_hill_is_half_of_top_at_half_saturation(slope):
    assert float(hill(800, 40, slope).value(40)) == pytest.approx(400)


def test_hand_values():
    assert float(michaelis_menten(100, 10).value(30)) == pytest.approx(75)
    assert float(logarithmic(10, 5).value(5)) == pytest.approx(10 * math.log(2))
    assert float(power(3, 0.5).value(16)) == pytest.approx(12)
    assert linear_cap(2, 100).value([50, 100, 150]).tolist() == [100, 200, 200]
    assert float(hill(100, 10, 2).value(0)) == 0.0


def test_marginals_at_zero():
    m = CurveSet(
        ["hill", "hill", "hill", "power", "log"],
        [1, 1, 1, 1, 6],
        [2, 2, 2, 0.5, 3],
        [0.5, 1, 3, None, None],
    ).marginal(np.zeros(5))
    assert np.isinf(m[0]) and m[1] == pytest.approx(0.5) and m[2] == 0.0
    assert np.isinf(m[3]) and m[4] == pytest.approx(2.0)


def test_linear_cap_marginal_is_rate_then_zero():
    c = linear_cap(3, 10)
    assert c.marginal([0, 9.99, 10, 20]).tolist() == [3, 3, 0, 0]
    assert c.inverse_marginal([0, 2.9, 3, 5]).tolist() == [10, 10, 0, 0]


# -- properties -----------------------------------------------------------------------


@given(curve=smooth_curve(), x=spend)
def test_marginal_matches_finite_difference(curve, x):
    h = 1e-6 * max(x, 1.0)
    numeric = (float(curve.value(x + h)) - float(curve.value(x - h))) / (2 * h)
    assert float(curve.marginal(x)) == pytest.approx(numeric, rel=1e-4, abs=1e-9)


@given(curve=smooth_curve(), x=spend)
def test_inverse_marginal_round_trip(curve, x):
    lam = float(curve.marginal(x))
    if curve.kind == "hill" and curve.params[2] > 1:
        infl = float(as_curve_set(curve).inflection()[0])
        if x <= infl * 1.001:
            return  # the inverse answers on the diminishing branch only
    if not (0 < lam < 1e300):
        return
    back = float(curve.inverse_marginal(lam))
    assert float(curve.marginal(back)) == pytest.approx(lam, rel=1e-9)
    assert back == pytest.approx(x, rel=1e-6)


@given(curve=smooth_curve(), lam=st.floats(1e-6, 1e3), factor=st.floats(1.01, 10.0))
def test_inverse_marginal_decreases(curve, lam, factor):
    assert float(curve.inverse_marginal(lam * factor)) <= float(curve.inverse_marginal(lam))


@given(curve=smooth_curve(), a=spend, b=spend)
def test_values_increase_with_spend(curve, a, b):
    lo, hi = sorted((a, b))
    assert float(curve.value(lo)) <= float(curve.value(hi)) + 1e-12


@given(top=positive, k=positive, s=st.floats(1.2, 6.0))
@settings(max_examples=50)
def test_inflection_is_where_the_marginal_peaks(top, k, s):
    curves = as_curve_set(hill(top, k, s))
    xs = np.linspace(1e-6, 3 * k, 200_001)
    m = curves.marginal(xs[:, None])[:, 0]
    assert curves.inflection()[0] == pytest.approx(xs[np.argmax(m)], rel=1e-3)


@given(top=positive, k=positive, s=st.floats(1.2, 6.0), frac=st.floats(0.0, 0.9))
@settings(max_examples=50)
def test_tangent_line_touches_and_lies_above(top, k, s, frac):
    curves = as_curve_set(hill(top, k, s))
    floor = frac * curves.inflection()[0]
    t = curves.tangent_from([floor])[0]
    f_lo = float(curves.value([floor])[0])
    slope = float(curves.marginal([t])[0])
    assert float(curves.value([t])[0]) - f_lo == pytest.approx(slope * (t - floor), rel=1e-9)
    xs = np.linspace(floor, t, 2001)
    assert np.all(curves.value(xs[:, None])[:, 0] <= f_lo + slope * (xs - floor) + 1e-9 * top)


def test_vectorised_set_matches_single_curves():
    singles = [
        hill(90, 20, 2.5),
        hill(50, 5, 0.7),
        michaelis_menten(30, 8),
        logarithmic(12, 4),
        power(2, 0.6),
        power(1.5, 1.0),
        linear_cap(4, 12),
    ]
    curves = CurveSet.from_curves(singles)
    x = np.array([3.0, 7.0, 11.0, 0.5, 9.0, 4.0, 20.0])
    lam = np.array([0.2, 0.5, 1.5, 0.3, 0.9, 1.0, 5.0])
    for i, c in enumerate(singles):
        assert curves.value(x)[i] == pytest.approx(float(c.value(x[i])))
        assert curves.marginal(x)[i] == pytest.approx(float(c.marginal(x[i])))
        assert curves.inverse_marginal(lam)[i] == pytest.approx(float(c.inverse_marginal(lam[i])))


def test_table_entry_with_blanks_and_aliases():
    curves = CurveSet(
        ["Hill", "MM", "linear cap"],
        [10, 20, 3],
        [5, 5, None],
        [None, None, None],
        names=["Search", "Events", "Partners"],
    )
    assert curves.p3[0] == 1.0  # blank slope: Michaelis-Menten shaped
    assert np.isinf(curves.p2[2])  # blank saturation: no saturation
    assert curves[1] == ResponseCurve("michaelis_menten", (20.0, 5.0), "Events")
    assert curves.label(2) == "Partners (position 2)"
    assert normalise_kind(" Logarithmic ") == "logarithmic"


def test_take_keeps_parameters_and_names():
    curves = CurveSet(
        ["log", "power", "hill"], [1, 2, 3], [1, 0.5, 2], [None, None, 3], names=list("ABC")
    )
    sub = curves.take([2, 0])
    assert sub.names == ("C", "A")
    assert sub.value([1.0, 1.0]).tolist() == pytest.approx(curves.value([1.0, 1, 1])[[2, 0]])


# -- refusals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: hill(-1, 10, 2), "top must be a number that is not negative, got -1"),
        (lambda: hill(1, 0, 2), "half_saturation must be a positive number, got 0"),
        (lambda: hill(1, 10, -2), "slope must be a positive number, got -2"),
        (lambda: power(1, 1.5), "exponent must be at most 1"),
        (lambda: logarithmic(1, float("nan")), "reference_spend must be a positive number"),
        (lambda: michaelis_menten(float("inf"), 2), "top must be a number"),
        (lambda: ResponseCurve("cubic", (1.0,)), "unknown curve kind 'cubic'"),
    ],
)
def test_bad_parameters_are_refused(make, words):
    with pytest.raises(PlanningError, match=words):
        make()


def test_message_names_the_channel_and_position():
    with pytest.raises(PlanningError) as err:
        CurveSet(["log", "hill"], [1, 2], [1, -3], [None, 2], names=["Search", "Events"])
    assert "Events (position 1)" in str(err.value)
    assert err.value.positions == (1,) and err.value.amount == -3


def test_shape_and_spend_errors():
    curves = CurveSet(["log", "log"], [1, 1], [1, 1])
    with pytest.raises(PlanningError, match="expected 2 values"):
        curves.value([1.0, 2.0, 3.0])
    with pytest.raises(PlanningError, match="must not be negative"):
        curves.value([1.0, -2.0])
    with pytest.raises(PlanningError, match="names has 1 entries"):
        CurveSet(["log", "log"], [1, 1], [1, 1], names=["A"])
    with pytest.raises(PlanningError, match="not a response curve"):
        CurveSet.from_curves([hill(1, 1), "hill"])
    with pytest.raises(PlanningError, match="no channels"):
        CurveSet([], [], [])
