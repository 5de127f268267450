"""Quota risk: how likely the team is to reach the company target (Monte Carlo).

Each simulated year draws one attainment ratio per rep (1.0 = 100% of quota), independently,
from either the historical attainment ratios (resampled with replacement) or a parametric
distribution with a given mean and standard deviation. Team bookings are
``sum(quota_i x attainment_i)``.

- ``probability``: share of simulated years with team bookings >= ``company_target``.
- ``P50``: the median. ``P90``: the value reached or beaten with 90% probability, i.e. the
  10th percentile (a conservative, "nine years in ten" figure). Percentiles use numpy's default
  linear interpolation.
- Team attainment = team bookings / sum of quotas.

Draws come from ``numpy.random.default_rng(seed)`` in chunks of at most about a million numbers,
so memory stays bounded; the result depends on the seed only, not on the chunk size.
Independent draws ignore shocks common to the whole team (a weak market hits every rep), so
with many reps the probability is optimistic when attainment is correlated.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.portable_math import dot
from xl_salesplan.messages import Text
from xl_salesplan.validation import (
    as_finite_scalar,
    as_float_array,
    as_vector,
    reject_negative,
)

__all__ = ["QuotaRisk", "quota_risk", "simulated_attainment"]

_MAX_SIMS = 10_000_000
_CHUNK_NUMBERS = 1 << 20
_DISTRIBUTIONS = ("normal", "lognormal", "beta")

Sampler = Callable[[np.random.Generator, tuple[int, int]], NDArray[np.float64]]


@dataclass(frozen=True)
class QuotaRisk:
    """Result of :func:`quota_risk`.

    Attributes
    ----------
    probability : float
        Probability that team bookings reach ``company_target``.
    standard_error : float
        Monte Carlo standard error of ``probability``: ``sqrt(p (1 - p) / n_sims)``.
    p50_bookings, p90_bookings, mean_bookings : float
        Median, 10th percentile (reached with 90% probability) and mean of team bookings.
    p50_attainment, p90_attainment : float
        The same percentiles of team attainment (team bookings / sum of quotas).
    quota_total, company_target : float
    n_sims, seed : int
    team_bookings : ndarray, shape (n_sims,)
        Every simulated team total, in simulation order.
    """

    probability: float
    standard_error: float
    p50_bookings: float
    p90_bookings: float
    mean_bookings: float
    p50_attainment: float
    p90_attainment: float
    quota_total: float
    company_target: float
    n_sims: int
    seed: int
    team_bookings: NDArray[np.float64]


def quota_risk(
    quotas: ArrayLike,
    company_target: float,
    *,
    attainment_sample: ArrayLike | None = None,
    distribution: str | None = None,
    mean: float | None = None,
    sd: float | None = None,
    upper: float = 2.0,
    n_sims: int = 10_000,
    seed: int = 0,
    chunk_size: int | None = None,
) -> QuotaRisk:
    """Probability of reaching the company target, and P50/P90 of the team's result.

    Parameters
    ----------
    quotas : array_like, shape (n_reps,)
        Quota of each rep for the period being judged (>= 0, not all 0).
    company_target : float
        The company target (> 0) in the same money as the quotas.
    attainment_sample : array_like, optional
        Historical attainment ratios (1.0 = 100% of quota), >= 0; resampled with replacement.
    distribution : {"normal", "lognormal", "beta"}, optional
        Parametric attainment instead of a sample, with ``mean`` and ``sd`` of the ratio.
        ``"normal"`` can draw negative ratios when ``sd`` is large against ``mean``;
        ``"lognormal"`` is positive and right-skewed; ``"beta"`` is bounded to ``[0, upper]``.
    mean, sd : float
        Mean (> 0) and standard deviation (>= 0) of the attainment ratio.
    upper : float, default 2.0
        Highest attainment of the ``"beta"`` distribution (2.0 = 200% of quota).
    n_sims : int, default 10000
        Number of simulated years (1 to 10 million).
    seed : int, default 0
        Seed of ``numpy.random.default_rng``; the same seed gives the same result.
    chunk_size : int, optional
        Simulations per chunk; default keeps each chunk near a million draws.

    Returns
    -------
    QuotaRisk

    Examples
    --------
    >>> risk = quota_risk([100, 100, 100, 100], 380, distribution="normal", mean=1.0, sd=0.2,
    ...                   n_sims=20_000, seed=1)
    >>> round(risk.probability, 2)
    0.69
    >>> risk.p50_bookings > risk.p90_bookings
    True
    """
    quota = _quotas(quotas)
    target = as_finite_scalar(company_target, "company_target")
    if target <= 0:
        raise PlanningError.of(
            "people.quota_risk.target_not_positive",
            code="target_not_positive",
            amount=target,
            target=target,
        )
    sims = _count(n_sims, "n_sims", _MAX_SIMS)
    seed_value = _count(seed, "seed", None, minimum=0)
    draws = simulated_attainment(
        quota.size,
        attainment_sample=attainment_sample,
        distribution=distribution,
        mean=mean,
        sd=sd,
        upper=upper,
        n_sims=sims,
        seed=seed_value,
        chunk_size=chunk_size,
    )
    bookings = np.empty(sims)
    with np.errstate(all="ignore"):
        for begin, attainment in draws:
            bookings[begin : begin + attainment.shape[0]] = dot(attainment, quota)

    if not np.isfinite(bookings).all():
        raise PlanningError.of("people.quota_risk.overflow", code="overflow")
    p = float(np.mean(bookings >= target))
    p50, p90 = (float(v) for v in np.quantile(bookings, [0.5, 0.1]))
    total = float(quota.sum())
    return QuotaRisk(
        probability=p,
        standard_error=math.sqrt(p * (1.0 - p) / sims),
        p50_bookings=p50,
        p90_bookings=p90,
        mean_bookings=float(np.mean(bookings / total)) * total,
        p50_attainment=p50 / total,
        p90_attainment=p90 / total,
        quota_total=total,
        company_target=target,
        n_sims=sims,
        seed=seed_value,
        team_bookings=bookings,
    )


def simulated_attainment(
    n_reps: int,
    *,
    attainment_sample: ArrayLike | None = None,
    distribution: str | None = None,
    mean: float | None = None,
    sd: float | None = None,
    upper: float = 2.0,
    n_sims: int = 10_000,
    seed: int = 0,
    chunk_size: int | None = None,
) -> Iterator[tuple[int, NDArray[np.float64]]]:
    """The simulated attainment ratios of :func:`quota_risk`, chunk by chunk.

    Yields ``(first simulation, attainment)`` with ``attainment`` of shape
    ``(simulations in the chunk, n_reps)``. The arguments mean what they mean in
    :func:`quota_risk`, and the draws are the same: any figure computed from them (an
    incentive plan's cost, :mod:`xl_salesplan.people.incentives`) comes from the very simulation
    that gives the quota risk.

    Examples
    --------
    >>> chunks = list(simulated_attainment(3, distribution="normal", mean=1.0, sd=0.0,
    ...                                    n_sims=5, seed=0))
    >>> [(start, a.shape) for start, a in chunks]
    [(0, (5, 3))]
    """
    reps = _count(n_reps, "n_reps", None)
    sims = _count(n_sims, "n_sims", _MAX_SIMS)
    seed_value = _count(seed, "seed", None, minimum=0)
    sampler = _sampler(attainment_sample, distribution, mean, sd, upper)
    rows = (
        max(1, _CHUNK_NUMBERS // reps)
        if chunk_size is None
        else _count(chunk_size, "chunk_size", None)
    )
    rng = np.random.default_rng(seed_value)
    for begin in range(0, sims, rows):  # bounded: ceil(sims / rows) chunks
        yield begin, sampler(rng, (min(rows, sims - begin), reps))


def _quotas(values: ArrayLike) -> NDArray[np.float64]:
    arr = as_float_array(values, "quotas", allow_nan=False)
    arr = as_vector(arr.reshape(1) if arr.ndim == 0 else arr, "quotas")
    if arr.size == 0:
        raise PlanningError.of("people.quota_risk.empty", code="empty")
    reject_negative(arr, "quotas", what=Text("input.what.quota"))
    with np.errstate(all="ignore"):
        total = float(arr.sum())
    if not math.isfinite(total):
        raise PlanningError.of("people.quota_risk.overflow_2", code="overflow")
    if total <= 0:
        raise PlanningError.of("people.quota_risk.zero_quotas", code="zero_quotas")
    return arr


def _count(value: object, name: str, maximum: int | None, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        if isinstance(value, numbers.Real) and float(value).is_integer():
            value = int(value)
        else:
            raise PlanningError.of(
                "people.quota_risk.not_whole", code="not_whole", name=name, value=value
            )
    number = int(value)
    if number < minimum or (maximum is not None and number > maximum):
        limit = "" if maximum is None else Text("people.quota_risk.at_most", {"maximum": maximum})
        raise PlanningError.of(
            "people.quota_risk.out_of_range",
            code="out_of_range",
            amount=float(number),
            name=name,
            minimum=minimum,
            limit=limit,
            number=number,
        )
    return number


def _sampler(
    sample: ArrayLike | None,
    distribution: str | None,
    mean: float | None,
    sd: float | None,
    upper: float,
) -> Sampler:
    if (sample is None) == (distribution is None):
        raise PlanningError.of("people.quota_risk.attainment_source", code="attainment_source")
    if sample is not None:
        return _empirical(sample)
    if distribution not in _DISTRIBUTIONS:
        raise PlanningError.of(
            "people.quota_risk.unknown_distribution",
            code="unknown_distribution",
            join_distributions_1=", ".join(_DISTRIBUTIONS[:-1]),
            distributions_1=_DISTRIBUTIONS[-1],
            distribution=distribution,
        )
    if mean is None or sd is None:
        raise PlanningError.of(
            "people.quota_risk.missing_parameters",
            code="missing_parameters",
            distribution=distribution,
        )
    mu = as_finite_scalar(mean, "mean")
    sigma = as_finite_scalar(sd, "sd")
    if mu <= 0:
        raise PlanningError.of(
            "people.quota_risk.mean_not_positive", code="mean_not_positive", amount=mu, mu=mu
        )
    if sigma < 0:
        raise PlanningError.of(
            "people.quota_risk.negative_sd", code="negative_sd", amount=sigma, sigma=sigma
        )
    if sigma == 0:
        return lambda rng, shape: np.full(shape, mu)
    if distribution == "normal":
        return lambda rng, shape: rng.normal(mu, sigma, shape)
    if distribution == "lognormal":
        ratio = sigma / mu
        if ratio < 1e150:
            log_sd = math.sqrt(math.log1p(ratio**2))
        else:  # too large to square: log1p(ratio ** 2) is 2 log(ratio) to double precision
            log_sd = math.sqrt(2.0 * (math.log(sigma) - math.log(mu)))
        log_mean = math.log(mu) - log_sd**2 / 2
        return lambda rng, shape: rng.lognormal(log_mean, log_sd, shape)
    return _scaled_beta(mu, sigma, upper)


def _empirical(sample: ArrayLike) -> Sampler:
    arr = as_float_array(sample, "attainment_sample", allow_nan=False).reshape(-1)
    if arr.size == 0:
        raise PlanningError.of("people.quota_risk.empty_2", code="empty")
    reject_negative(
        arr,
        "attainment_sample",
        what=Text("input.what.attainment"),
        why=Text("input.why.attainment"),
    )
    values = arr.copy()
    return lambda rng, shape: values[rng.integers(0, values.size, size=shape)]


def _scaled_beta(mu: float, sigma: float, upper: float) -> Sampler:
    top = as_finite_scalar(upper, "upper")
    if not mu < top:
        raise PlanningError.of(
            "people.quota_risk.beta_infeasible", code="beta_infeasible", amount=mu, mu=mu, top=top
        )
    m, v = mu / top, (sigma / top) ** 2
    if v >= m * (1.0 - m):
        most = top * math.sqrt(m * (1.0 - m))
        raise PlanningError.of(
            "people.quota_risk.beta_infeasible_2",
            code="beta_infeasible",
            amount=sigma,
            sigma=sigma,
            mu=mu,
            top=top,
            most=most,
        )
    k = m * (1.0 - m) / v - 1.0
    a, b = m * k, (1.0 - m) * k
    return lambda rng, shape: top * rng.beta(a, b, shape)
