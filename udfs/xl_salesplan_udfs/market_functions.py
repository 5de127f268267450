"""Excel functions for targets from the market and customers (市场分析 -> 目标):
TARGET_FROM_MARKET, CUSTOMER_BRIDGE, CUSTOMERS_NEEDED, TARGET_CHECK.

Thin adapters over :mod:`xl_salesplan.targets.market`, :mod:`xl_salesplan.targets.customers`,
:mod:`xl_salesplan.targets.realism` and, for the probability line of TARGET_CHECK,
:mod:`xl_salesplan.people.quota_risk`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from xl_salesplan.messages import Text
from xl_salesplan.people.quota_risk import quota_risk
from xl_salesplan.targets.customers import customer_bridge, customers_needed, retention_needed
from xl_salesplan.targets.market import market_target
from xl_salesplan.targets.realism import target_check
from xl_salesplan_udfs.cells import (
    MAX_CELLS,
    CellError,
    Cells,
    Spill,
    as_grid,
    check_size,
    given,
    is_omitted,
    needed_number,
    number_or_text,
    single_number,
    split_header,
    vector,
    whole_number,
)
from xl_salesplan_udfs.registration import excel_function
from xl_salesplan_udfs.spills import measure_table, table

__all__ = ["CUSTOMERS_NEEDED", "CUSTOMER_BRIDGE", "TARGET_CHECK", "TARGET_FROM_MARKET"]

#: Most simulations x reps TARGET_CHECK's probability line may draw.
MAX_DRAWS = 20_000_000


def _values(value: Cells, argument: str) -> NDArray[np.float64]:
    """A single number or a row/column of numbers (a title on top is set aside)."""
    return vector(value, argument, blanks=False, header=True)[0]


def _optional_values(value: Cells, argument: str) -> NDArray[np.float64] | None:
    if is_omitted(value):
        return None
    numbers_only, _ = vector(value, argument, header=True)
    return numbers_only[~np.isnan(numbers_only)]


# ---------------------------------------------------------------------------- TARGET_FROM_MARKET


@excel_function(
    docs={
        "market_size": "Size of each market (region or product) this year: one cell or a row "
        "or column, one per market.",
        "growth": "Market growth per year, e.g. 8%: one for all markets or one per market.",
        "share_goal": "Share of the market to hold in the last plan year, from 0 to 100%: one "
        "for all or one per market.",
        "current_share": "Optional. Today's share: the share moves in a straight line to the "
        "goal (default: the goal from the first year).",
        "years": "Optional. Plan years (default 1, at most 20).",
        "names": "Optional. Market names for the result (a row or column of text).",
    },
)
def TARGET_FROM_MARKET(
    market_size: Cells,
    growth: Cells,
    share_goal: Cells,
    current_share: Cells = None,
    years: Cells = None,
    names: Cells = None,
) -> Spill:
    """Targets from the market: market size x (1 + growth) ^ year x share, with the share path
    to the goal. A table: year, market, market_size, share, target."""
    size = _values(market_size, "market_size")
    labels = None
    if not is_omitted(names):
        items, _ = number_or_text(names, "names")
        labels = ["" if item is None else str(item) for item in items]
        if len(labels) != size.size:
            raise CellError.of(
                "names",
                "function.market_functions.has_names_but_there_are",
                len_labels=len(labels),
                size_size=size.size,
            )
    count = whole_number(years, "years", 1)
    assert count is not None
    check_size(
        "market_size",
        size.size * max(count, 1) * 5,
        MAX_CELLS,
        Text("function.counted.result_cells"),
    )
    path = market_target(
        size,
        _values(growth, "growth"),
        _values(share_goal, "share_goal"),
        current_share=_optional_values(current_share, "current_share"),
        years=count,
    )
    frame = path.table(labels)
    return table(
        ["year", "market", "market_size", "share", "target"],
        [frame[c].to_numpy() for c in ("year", "market_name", "market_size", "share", "target")],
    )


# ---------------------------------------------------------------------------- CUSTOMER_BRIDGE


_BRIDGE_DOCS = {
    "existing_revenue": "Last year's revenue of today's customers: the year's total, or 12 "
    "monthly amounts (a row or column).",
    "retention": "Gross revenue retention, from 0 to 100%: the share of last year's revenue "
    "that stays.",
    "expansion": "Growth of the retained customers' revenue (upsell, price), e.g. 10%.",
    "new_customers": "New customers won: the year's number (spread evenly) or 12 monthly numbers.",
    "first_year_revenue": "Revenue of one new customer in its first 12 months; it bills a "
    "twelfth a month from the month it is won.",
    "profile": "Optional. 12 monthly weights of existing_revenue when it is a total (default "
    "even), e.g. SEASONALITY's shares.",
}


@excel_function(docs=_BRIDGE_DOCS)
def CUSTOMER_BRIDGE(
    existing_revenue: Cells,
    retention: Cells,
    expansion: Cells,
    new_customers: Cells,
    first_year_revenue: Cells,
    profile: Cells = None,
) -> Spill:
    """Revenue bridge by month: existing revenue - churn + expansion + new customers = total.
    A table: part, months 1 to 12, year."""
    bridge = customer_bridge(
        _values(existing_revenue, "existing_revenue"),
        needed_number(retention, "retention"),
        needed_number(expansion, "expansion"),
        _values(new_customers, "new_customers"),
        needed_number(first_year_revenue, "first_year_revenue"),
        profile=_optional_values(profile, "profile"),
    )
    frame = bridge.table()
    header = ["part", *[f"M{m}" for m in range(1, 13)], "year"]
    return [
        header,
        *([part, *row] for part, row in zip(frame.index, frame.to_numpy().tolist(), strict=True)),
    ]


# ---------------------------------------------------------------------------- CUSTOMERS_NEEDED


@excel_function(
    docs={
        "target": "The annual revenue target.",
        "existing_revenue": "Last year's revenue of today's customers (the year's total).",
        "retention": "Gross revenue retention, from 0 to 100%.",
        "expansion": "Growth of the retained customers' revenue, e.g. 10%.",
        "first_year_revenue": "Revenue of one new customer in its first 12 months.",
        "acquisition_profile": "Optional. 12 monthly weights of when new customers are won "
        "(default even).",
        "lead_to_customer": "Optional. Share of leads that become customers, e.g. 4%, for the "
        "leads line (FUNNEL_NEEDED gives the stages).",
        "planned_new_customers": "Optional. New customers planned (the year's number or 12 "
        "monthly numbers): adds the retention the target then assumes.",
    },
    aliases={"rate": "lead_to_customer"},
)
def CUSTOMERS_NEEDED(
    target: Cells,
    existing_revenue: Cells,
    retention: Cells,
    expansion: Cells,
    first_year_revenue: Cells,
    acquisition_profile: Cells = None,
    lead_to_customer: Cells = None,
    planned_new_customers: Cells = None,
) -> Spill:
    """New customers (and leads) a target needs after retention and expansion of today's
    customers, and the retention it assumes. A two-column table: measure, value."""
    goal = needed_number(target, "target")
    base = needed_number(existing_revenue, "existing_revenue")
    grow = needed_number(expansion, "expansion")
    revenue = needed_number(first_year_revenue, "first_year_revenue")
    need = customers_needed(
        goal,
        base,
        needed_number(retention, "retention"),
        grow,
        revenue,
        **given(
            acquisition_profile=_optional_values(acquisition_profile, "acquisition_profile"),
            lead_to_customer=single_number(lead_to_customer, "lead_to_customer"),
        ),  # type: ignore[arg-type]
    )
    rows: list[tuple[str, object]] = [
        ("new_customers", need.new_customers),
        ("leads", need.leads),
        ("from_existing", need.from_existing),
        ("gap", need.gap),
        ("revenue_per_new_customer", need.revenue_per_new_customer),
    ]
    if not is_omitted(planned_new_customers):
        planned = _values(planned_new_customers, "planned_new_customers")
        rows.append(("retention_needed", retention_needed(goal, base, grow, planned, revenue)))
    return measure_table(rows)


# ---------------------------------------------------------------------------- TARGET_CHECK


@excel_function(
    docs={
        "target": "The annual target to check.",
        "history_totals": "Optional. Annual totals of past years, oldest first (2 or more for "
        "the growth check).",
        "market_growth": "Optional. Market growth expected in the plan year, e.g. 6% (share "
        "check; needs history_totals for last year).",
        "reps": "Optional. Reps carrying the target (productivity check).",
        "revenue_per_rep": "Optional. Revenue per rep in past years (productivity check).",
        "quotas": "Optional. Quota of each rep (probability check, with attainment_sample).",
        "attainment_sample": "Optional. Historical attainment ratios (1 = 100%) for the "
        "probability check, as in QUOTA_RISK.",
        "n_sims": "Optional. Simulated years of the probability check (default 10,000).",
        "seed": "Optional. Random seed of the probability check (default 0).",
    },
    aliases={"history_revenue_per_rep": "revenue_per_rep"},
    call_in_wizard=False,
)
def TARGET_CHECK(
    target: Cells,
    history_totals: Cells = None,
    market_growth: Cells = None,
    reps: Cells = None,
    revenue_per_rep: Cells = None,
    quotas: Cells = None,
    attainment_sample: Cells = None,
    n_sims: Cells = None,
    seed: Cells = None,
) -> Spill:
    """Is the target achievable? One line per check (growth vs history, share gain vs market,
    revenue per rep vs history, probability from the quota risk): check, figure, reference,
    verdict; then the overall verdict."""
    goal = needed_number(target, "target")
    probability = None
    if not is_omitted(quotas):
        if is_omitted(attainment_sample):
            raise CellError.of(
                "attainment_sample", "function.market_functions.is_needed_with_quotas_for"
            )
        quota = _values(quotas, "quotas")
        sims = whole_number(n_sims, "n_sims", 10_000)
        assert sims is not None
        if sims * quota.size > MAX_DRAWS:
            raise CellError.of(
                "n_sims",
                "function.market_functions.simulations_x_reps_is_too",
                sims=sims,
                quota_size=quota.size,
            )
        probability = quota_risk(
            quota,
            goal,
            attainment_sample=_sample(attainment_sample),
            n_sims=sims,
            seed=whole_number(seed, "seed", 0) or 0,
        ).probability
    check = target_check(
        goal,
        **given(
            history_totals=_optional_values(history_totals, "history_totals"),
            market_growth=single_number(market_growth, "market_growth"),
            reps=single_number(reps, "reps"),
            history_revenue_per_rep=_optional_values(revenue_per_rep, "revenue_per_rep"),
            probability=probability,
        ),  # type: ignore[arg-type]
    )
    frame = check.table()
    out = table(["check", "figure", "reference", "verdict"], [frame[c] for c in frame.columns])
    out.append(["overall", None, None, check.verdict])
    return out


def _sample(value: Cells) -> NDArray[np.float64]:
    grid = as_grid(value, "attainment_sample")
    _, _, body = split_header(grid, "attainment_sample")
    values = vector(body.reshape(1, -1), "attainment_sample")[0]
    return values[~np.isnan(values)]
