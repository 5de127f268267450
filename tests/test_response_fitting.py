"""Curve fitting: exact recovery from noiseless points, least squares against scipy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import least_squares

from xl_salesplan.budget.curves import ResponseCurve
from xl_salesplan.budget.fitting import fit_response
from xl_salesplan.errors import PlanningError

SPENDS = np.array([5.0, 12, 25, 50, 90, 160])


@given(
    kind_params=st.one_of(
        st.tuples(st.just("michaelis_menten"), st.tuples(st.floats(10, 1e4), st.floats(5, 200))),
        st.tuples(st.just("logarithmic"), st.tuples(st.floats(1, 1e3), st.floats(2, 200))),
        st.tuples(st.just("power"), st.tuples(st.floats(0.1, 100), st.floats(0.1, 1.0))),
        st.tuples(st.just("linear_cap"), st.tuples(st.floats(0.1, 10), st.floats(8, 150))),
        st.tuples(
            st.just("hill"),
            st.tuples(st.floats(10, 1e4), st.floats(10, 100), st.floats(0.5, 4.0)),
        ),
    )
)
@settings(max_examples=60)
def test_recovers_parameters_from_noiseless_points(kind_params):
    kind, params = kind_params
    truth = ResponseCurve(kind, params)
    fit = fit_response(SPENDS, truth.value(SPENDS), kind=kind)
    assert fit.exact and fit.r_squared == pytest.approx(1.0, abs=1e-12)
    assert fit.curve.params == pytest.approx(truth.params, rel=1e-6)
    assert fit.n_points == 6


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("michaelis_menten", (300.0, 40.0)),
        ("logarithmic", (50.0, 12.0)),
        ("power", (4.0, 0.35)),
        ("linear_cap", (2.5, 60.0)),
    ],
)
def test_two_points_solve_two_parameter_families_exactly(kind, params):
    truth = ResponseCurve(kind, params)
    x = np.array([30.0, 100.0])
    fit = fit_response(x, truth.value(x), kind=kind)
    assert fit.exact
    assert fit.curve.params == pytest.approx(params, rel=1e-8)


def test_two_points_with_a_fixed_hill_slope():
    truth = ResponseCurve("hill", (1000.0, 80.0, 2.5))
    x = np.array([40.0, 150.0])
    fit = fit_response(x, truth.value(x), kind="hill", slope=2.5)
    assert fit.curve.params == pytest.approx((1000.0, 80.0, 2.5), rel=1e-8)


def test_hand_worked_two_point_fit():
    # top*100/(k+100) = 50 and top*300/(k+300) = 75  =>  k = 100, top = 100.
    fit = fit_response([100, 300], [50, 75], kind="mm")
    assert fit.curve.params == pytest.approx((100.0, 100.0))


@pytest.mark.parametrize("kind", ["michaelis_menten", "logarithmic", "power", "hill"])
def test_noisy_fit_is_at_least_as_good_as_scipy(kind):
    rng = np.random.default_rng(7)
    truth = {
        "michaelis_menten": ResponseCurve("michaelis_menten", (500.0, 60.0)),
        "logarithmic": ResponseCurve("logarithmic", (80.0, 20.0)),
        "power": ResponseCurve("power", (6.0, 0.45)),
        "hill": ResponseCurve("hill", (900.0, 70.0, 2.2)),
    }[kind]
    x = np.linspace(10, 200, 12)
    y = truth.value(x) * (1 + 0.08 * rng.standard_normal(x.size))
    fit = fit_response(x, y, kind=kind)
    ours = float(((fit.curve.value(x) - y) ** 2).sum())

    def resid(p):
        return ResponseCurve(kind, tuple(p)).value(x) - y

    ref = least_squares(
        resid,
        np.array(truth.params),
        method="trf",
        bounds=(
            1e-9,
            [np.inf, np.inf, 20.0][: len(truth.params)] if kind != "power" else [np.inf, 1.0],
        ),
    )
    assert ours <= 2 * ref.cost * (1 + 1e-6) + 1e-9
    assert 0.0 < fit.r_squared < 1.0 and fit.rmse == pytest.approx(np.sqrt(ours / x.size))


def test_linear_data_without_saturation_gets_a_note():
    fit = fit_response([10, 20, 40], [20, 40, 80], kind="linear_cap")
    assert fit.curve.params[0] == pytest.approx(2.0)
    assert np.isinf(fit.curve.params[1]) and "no saturation" in fit.note


def test_blank_rows_are_skipped():
    fit = fit_response([100, None, 300], [50, None, 75], kind="mm")
    assert fit.n_points == 2 and fit.exact


@pytest.mark.parametrize(
    ("args", "kwargs", "words"),
    [
        (([10], [5]), {"kind": "log"}, "need at least 2 points"),
        (([10, 20], [5, 8]), {"kind": "hill"}, "need at least 3 points .* got 2 .or give slope"),
        (([10, -20], [5, 8]), {"kind": "log"}, "spend at point 1 is negative"),
        # positions count the rows as given, blank rows included
        (([None, 10, -20], [None, 5, 8]), {"kind": "log"}, "spend at point 2 is negative"),
        (([10, 20], [5]), {"kind": "log"}, "spend has 2 values but outcome has 1"),
        (([10, 20], [5, None]), {"kind": "log"}, "point 1 has a spend or an outcome but not both"),
        (([10, 20], [0, 0]), {"kind": "log"}, "every outcome is zero"),
        (([10, 20], [1, 2]), {"kind": "cubic"}, "unknown curve kind"),
        (([10, 20], [1, 2]), {"kind": "log", "slope": 2}, "slope only applies to hill"),
        (([10, "x"], [1, 2]), {"kind": "log"}, "not a number"),
    ],
)
def test_bad_input_is_refused(args, kwargs, words):
    with pytest.raises(PlanningError, match=words):
        fit_response(*args, **kwargs)


@pytest.mark.parametrize(
    "kind, params", [("hill", (100.0, 30.0, 2.0)), ("michaelis_menten", (80.0, 40.0))]
)
def test_many_points_recover_the_curve(kind, params):
    # Above GRID_POINTS the grid start looks at a spread-out subset; the refinement uses all.
    spends = np.linspace(1.0, 200.0, 5_000)
    truth = ResponseCurve(kind, params)
    fit = fit_response(spends, truth.value(spends), kind=kind)
    assert fit.n_points == 5_000
    assert fit.curve.params == pytest.approx(params, rel=1e-6)
    assert fit.exact


@pytest.mark.parametrize("kind", ["hill", "michaelis_menten", "logarithmic", "power", "linear_cap"])
@pytest.mark.parametrize(
    "spend, outcome",
    [
        ([1e-308, 10, 100], [1, 2, 3]),
        ([1, 10, 100], [1, 2, 1e308]),
        ([1e-308, 2e-308, 5e-308], [1e308, 1.5e308, 1.7e308]),
        ([1e300, 2e300, 5e300], [1e-300, 2e-300, 3e-300]),
    ],
)
def test_extreme_amounts_fit_or_are_refused_in_words(kind, spend, outcome):
    try:
        fit = fit_response(spend, outcome, kind=kind)
    except PlanningError as err:
        assert err.code == "cannot_fit"
        assert "orders of magnitude" in err.message
        assert "e+308" in err.message or "e-308" in err.message or "e+300" in err.message
    else:
        finite = np.isfinite(fit.curve.params)
        assert finite.all() or (kind == "linear_cap" and finite[0]), fit.curve.params
        assert np.isfinite(fit.rmse) and fit.r_squared <= 1.0


@pytest.mark.parametrize("kind", ["hill", "michaelis_menten", "logarithmic", "power"])
def test_a_last_bit_change_in_the_data_changes_the_fit_only_in_its_last_digits(kind):
    # Noisy points: the sum of squares is flat at the optimum, so a fit that stops when
    # it no longer falls knows the shape to about 8 digits only (a last-bit change in the
    # outcomes moved the partners' Hill fit of the sample company by 2.6e-7).
    from xl_salesplan.sample_company import load_sample_company

    history = load_sample_company().channel_history
    for _, points in history.groupby("channel"):
        spend = points["spend"].to_numpy(float)
        outcome = points["attributed_revenue"].to_numpy(float)
        fit = fit_response(spend, outcome, kind=kind).curve.params
        nudged = fit_response(spend, outcome * (1 + 2**-52), kind=kind).curve.params
        assert nudged == pytest.approx(fit, rel=1e-10, abs=0)
