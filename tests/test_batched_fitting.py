"""Many channels' curves fitted at once, as arrays: the same fits as one channel at a time."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from per_channel_fit import per_channel_params

from xl_salesplan.actions.budget import fit_channel_curves
from xl_salesplan.actions.company_inputs import inputs_from_company
from xl_salesplan.budget.curves import ResponseCurve
from xl_salesplan.budget.fitting import fit_response, fit_responses
from xl_salesplan.errors import PlanningError

KINDS = ["hill", "michaelis_menten", "logarithmic", "power", "linear_cap"]

# The sample company's Hill curves as the per-channel fit found them (annual spend and
# revenue) before the channels were fitted together.
SAMPLE_FITS = {
    "field_sales": (40139051.95884011, 4781980.957515655, 0.9642943328487238),
    "paid_search": (35939312.98474303, 9564936.253091345, 0.7852490641827633),
    "events": (7209534.087719432, 896214.9720219743, 1.2496329286015904),
    "partners": (15578212.668391244, 1742741.6562314958, 1.0742551161143206),
    "social_content": (4722097.775613926, 390716.6336610574, 1.5224568872661575),
    "trade_shows": (11286860.568346197, 1084960.2188426598, 2.3822437737370983),
}


def test_the_sample_company_gets_the_curves_the_per_channel_fit_found():
    _, table = fit_channel_curves(inputs_from_company())
    assert set(table["channel"]) == set(SAMPLE_FITS)
    for row in table.itertuples():
        assert (row.p1, row.p2, row.p3) == pytest.approx(SAMPLE_FITS[row.channel], rel=1e-9)


def test_the_sample_company_matches_the_per_channel_fit_for_every_kind():
    history = inputs_from_company().channel_history
    groups = list(history.groupby("channel"))
    for kind in KINDS:
        spends = [4 * g["spend"].to_numpy(float) for _, g in groups]
        outcomes = [4 * g["attributed_revenue"].to_numpy(float) for _, g in groups]
        fits = fit_responses(spends, outcomes, [kind] * len(groups))
        for x, y, fit in zip(spends, outcomes, fits, strict=True):
            assert fit.curve.params == pytest.approx(per_channel_params(x, y, kind), rel=1e-9)


@st.composite
def channel(draw, kind=None):
    """A channel's history: spends over a range, outcomes on a curve of its kind, noise.

    Returns spends, outcomes, the kind and whether the data pin one curve down.
    """
    kind = draw(st.sampled_from(KINDS)) if kind is None else kind
    n = draw(st.integers(3, 16))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    level = 10.0 ** draw(st.floats(-2, 7))
    x = level * rng.uniform(0.2, 5.0, n)
    half = level * draw(st.floats(0.3, 3.0))
    truth = {
        "hill": (1e3, half, draw(st.floats(0.5, 4.0))),
        "michaelis_menten": (1e3, half),
        "logarithmic": (1e3, half),
        "power": (2.0, draw(st.floats(0.2, 0.9))),
        "linear_cap": (2.0, half),
    }[kind]
    noise = draw(st.sampled_from([0.0, 0.01, 0.05, 0.2]))
    y = ResponseCurve(kind, truth).value(x) * np.abs(1 + noise * rng.standard_normal(n))
    # little noise and the curve's bend within the spends: one best curve, well apart
    identifiable = noise <= 0.01 and (kind == "power" or x.min() < half < x.max())
    return x, y, kind, identifiable


def _sse(curve, x, y):
    return float(((curve.value(x) - y) ** 2).sum())


@given(st.lists(channel(), min_size=1, max_size=12))
@settings(max_examples=40, deadline=None)
def test_channels_fitted_together_get_the_fit_each_gets_alone(channels):
    fits = fit_responses(
        [c[0] for c in channels], [c[1] for c in channels], [c[2] for c in channels]
    )
    for (x, y, kind, _), fit in zip(channels, fits, strict=True):
        try:
            alone = fit_response(x, y, kind=kind)
        except PlanningError as err:
            assert isinstance(fit, PlanningError) and fit.code == err.code
            continue
        assert fit.curve.params == alone.curve.params  # bit for bit: no channel sees another
        assert (fit.r_squared, fit.rmse, fit.exact) == (alone.r_squared, alone.rmse, alone.exact)


@given(st.lists(channel(), min_size=1, max_size=8))
@settings(max_examples=60, deadline=None)
def test_the_batched_fit_finds_the_per_channel_fit_or_a_better_one(channels):
    fits = fit_responses(
        [c[0] for c in channels], [c[1] for c in channels], [c[2] for c in channels]
    )
    for (x, y, kind, identifiable), fit in zip(channels, fits, strict=True):
        if isinstance(fit, PlanningError):
            continue
        reference = ResponseCurve(kind, per_channel_params(x, y, kind))
        ours, theirs = _sse(fit.curve, x, y), _sse(reference, x, y)
        floor = 1e-20 * float((y**2).sum())  # exact fits: both residuals are rounding
        # the residual is never worse than the per-channel fit's beyond rounding ...
        assert ours <= theirs * (1 + 1e-9) + floor
        # ... and where the data pin one curve down, the parameters are the same, unless
        # the per-channel fit stopped early (at a bound) and the batched fit found a
        # strictly better one (elsewhere several curves fit equally: any of them will do)
        same = np.allclose(fit.curve.params, reference.params, rtol=1e-6, atol=0)
        assert same or not identifiable or ours < theirs * (1 - 1e-9)


@given(st.lists(channel(kind="hill"), min_size=2, max_size=6))
@settings(max_examples=20, deadline=None)
def test_a_fixed_slope_is_kept_for_each_channel(channels):
    slopes = [1.0 + i / 2 for i in range(len(channels))]
    fits = fit_responses(
        [c[0] for c in channels], [c[1] for c in channels], ["hill"] * len(channels), slopes=slopes
    )
    for (x, y, _, _), slope, fit in zip(channels, slopes, fits, strict=True):
        assert fit.curve.params[2] == slope
        assert fit.curve.params == fit_response(x, y, kind="hill", slope=slope).curve.params


def test_a_channel_that_cannot_be_fitted_is_refused_alone():
    x = np.array([10.0, 20, 40, 80])
    fits = fit_responses([x, [5.0], x], [x / (30 + x), [1.0], 2 * x / (9 + x)], ["mm"] * 3)
    assert fits[0].curve.params == pytest.approx((1.0, 30.0))
    assert isinstance(fits[1], PlanningError) and fits[1].code == "too_few_points"
    assert fits[2].curve.params == pytest.approx((2.0, 9.0))
