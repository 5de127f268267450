"""Plan workbooks of a larger company, written through the workbook layer.

:func:`write_scaled_plan` starts from the workbook ``xl-salesplan new`` writes (the
template with the sample company) and replaces its input tables with a company of
the size asked for, through ``FileBook.write_table`` and ``write_range`` (the
project's own writing path: the package is patched, never re-saved by another
library). The numbers are plausible rather than realistic: every rep sells every
product line every month, with a seasonal shape, a trend and noise; channels have
diminishing returns. The test of large plans and ``benchmarks/bench_scale.py`` use it.

Examples
--------
>>> tables = scaled_tables(reps=30, regions=5, channels=8, products=4, history_rows=3_000)
>>> tables["tblHistory"].shape
(3240, 6)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from xl_salesplan.layout import table
from xl_salesplan.sample_company import load_sample_company
from xl_salesplan.template.build import template_bytes
from xl_salesplan.workbook.book import FileBook

__all__ = ["scaled_tables", "write_actuals_csv", "write_scaled_plan"]

PLAN_YEAR = 2026
_HISTORY_YEARS = 3
_SEASON = np.array([0.85, 0.8, 1.0, 0.95, 1.0, 1.05, 0.95, 0.9, 1.05, 1.05, 1.1, 1.3])


def _history_months(plan_year: int) -> pd.DatetimeIndex:
    return pd.date_range(f"{plan_year - _HISTORY_YEARS}-01-01", periods=12 * _HISTORY_YEARS,
                         freq="MS")  # fmt: skip


def scaled_tables(
    *, reps: int, regions: int, channels: int, products: int, history_rows: int, seed: int = 7
) -> dict[str, pd.DataFrame]:
    """The input tables of a company of this size (table name -> frame).

    ``history_rows`` is a target: every rep gets every product line in every month of
    three years when that is close to it, else fewer product lines per rep.
    """
    rng = np.random.default_rng(seed)
    company = load_sample_company()
    region_names = [f"Region {i + 1:02d}" for i in range(regions)]
    region_frame = pd.DataFrame({
        "region": region_names,
        "region_zh": [f"区域{i + 1:02d}" for i in range(regions)],
        "provinces": [f"Province {i + 1}" for i in range(regions)],
    })  # fmt: skip
    base = company.product_lines
    product_frame = pd.DataFrame({
        "product_line": [f"Line {i + 1:02d}" for i in range(products)],
        "product_line_zh": [f"产品{i + 1:02d}" for i in range(products)],
        "avg_deal_size": np.resize(base["avg_deal_size"].to_numpy(float), products),
        "sales_cycle_months": np.resize(base["sales_cycle_months"].to_numpy(float), products),
        "lead_to_opportunity": np.resize(base["lead_to_opportunity"].to_numpy(float), products),
        "opportunity_to_win": np.resize(base["opportunity_to_win"].to_numpy(float), products),
    })  # fmt: skip
    rep_ids = [f"R{i + 1:05d}" for i in range(reps)]
    rep_region = np.array(region_names)[np.arange(reps) % regions]
    start_days = rng.integers(0, 365 * 8, size=reps)
    starts = pd.Timestamp(f"{PLAN_YEAR - 9}-01-01") + pd.to_timedelta(start_days, unit="D")
    leaves = pd.Series(pd.NaT, index=range(reps), dtype="datetime64[ns]")
    leaving = rng.random(reps) < 0.05
    leaves[leaving] = pd.Timestamp(f"{PLAN_YEAR}-06-30")
    rep_frame = pd.DataFrame({
        "rep_id": rep_ids, "rep_name": [f"Rep {i + 1}" for i in range(reps)],
        "rep_name_zh": [f"代表{i + 1}" for i in range(reps)], "region": rep_region,
        "start_date": starts, "leave_date": leaves,
    })  # fmt: skip
    months = _history_months(PLAN_YEAR)
    per_rep = max(1, min(products, round(history_rows / max(reps * len(months), 1))))
    rep_idx = np.repeat(np.arange(reps), len(months) * per_rep)
    month_idx = np.tile(np.repeat(np.arange(len(months)), per_rep), reps)
    product_idx = (np.tile(np.arange(per_rep), reps * len(months)) + rep_idx) % products
    trend = 1.0 + 0.08 * (month_idx // 12)
    revenue = np.round(90_000 * _SEASON[month_idx % 12] * trend
                       * rng.lognormal(0.0, 0.25, rep_idx.size) / per_rep, 0)  # fmt: skip
    history = pd.DataFrame({
        "month": months[month_idx], "region": rep_region[rep_idx],
        "product_line": product_frame["product_line"].to_numpy()[product_idx],
        "rep_id": np.array(rep_ids)[rep_idx], "revenue": revenue,
        "deals": np.maximum(1, np.round(revenue / 40_000)),
    })  # fmt: skip
    years = np.arange(PLAN_YEAR - _HISTORY_YEARS, PLAN_YEAR)
    quota_rep = np.tile(np.arange(reps), len(years))
    quota_year = np.repeat(years, reps)
    quota = np.full(quota_rep.size, 3_000_000.0)
    attained = np.round(quota * rng.normal(1.0, 0.15, quota.size), 0)
    attainment = pd.DataFrame({
        "year": quota_year, "rep_id": np.array(rep_ids)[quota_rep],
        "region": rep_region[quota_rep], "months_in_seat": 12, "quota": quota,
        "revenue": attained, "attainment": np.round(attained / quota, 4),
    })  # fmt: skip
    budget = float(company.assumption("marketing_budget_total"))
    share = budget / channels
    channel_ids = [f"ch{i + 1:04d}" for i in range(channels)]
    channel_frame = pd.DataFrame({
        "channel": channel_ids, "channel_name": [f"Channel {i + 1}" for i in range(channels)],
        "channel_zh": [f"渠道{i + 1}" for i in range(channels)],
        "budget_floor": np.round(share * 0.2, 0), "budget_cap": np.round(share * 3.0, 0),
        "proposed_spend": np.round(share, 0), "curve_kind": None, "p1": np.nan, "p2": np.nan,
        "p3": np.nan,
    })  # fmt: skip
    quarters = np.arange(_HISTORY_YEARS * 4)
    ch_idx = np.repeat(np.arange(channels), quarters.size)
    q_idx = np.tile(quarters, channels)
    spend = np.round(share / 4 * rng.uniform(0.5, 1.5, ch_idx.size), 0)
    scale = rng.uniform(2.0, 6.0, channels)[ch_idx] * share / 4
    outcome = np.round(scale * np.log1p(spend / (share / 4)) * rng.normal(1, 0.05, spend.size), 0)
    channel_history = pd.DataFrame({
        "year": PLAN_YEAR - _HISTORY_YEARS + q_idx // 4, "quarter": q_idx % 4 + 1,
        "channel": np.array(channel_ids)[ch_idx], "spend": spend,
        "leads": np.round(spend / 500), "attributed_revenue": np.maximum(outcome, 0.0),
    })  # fmt: skip
    # Markets by product line (the sample's markets are its regions, unknown here).
    lines = product_frame["product_line"].to_numpy()[:12]
    year_revenue = float(history["revenue"].sum()) / _HISTORY_YEARS
    market_frame = pd.DataFrame({
        "market": lines, "market_size": np.round(20 * year_revenue / len(lines), -3),
        "market_growth": 0.06, "current_share": 0.05, "share_goal": 0.06,
        "source": "Scaled test data",
    })  # fmt: skip
    return {
        "tblMarkets": market_frame,
        "tblRegions": region_frame,
        "tblProducts": product_frame,
        "tblReps": rep_frame,
        "tblHistory": history,
        "tblAttainment": attainment,
        "tblChannels": channel_frame,
        "tblChannelHistory": channel_history,
    }


def _actuals(tables: dict[str, pd.DataFrame], rows: int, seed: int) -> pd.DataFrame:
    """``rows`` CRM rows of the plan year's first six months (several per rep and month)."""
    rng = np.random.default_rng(seed)
    reps = tables["tblReps"]
    products = tables["tblProducts"]["product_line"].to_numpy()
    pick = rng.integers(0, len(reps), rows)
    month = pd.to_datetime([dt.date(PLAN_YEAR, m, 1) for m in range(1, 7)])
    return pd.DataFrame({
        "month": month[rng.integers(0, 6, rows)],
        "region": reps["region"].to_numpy()[pick],
        "product_line": products[rng.integers(0, len(products), rows)],
        "rep_id": reps["rep_id"].to_numpy()[pick],
        "revenue": np.round(rng.lognormal(10.5, 0.5, rows), 0),
        "deals": rng.integers(0, 3, rows).astype(float),
    })  # fmt: skip


def write_actuals_csv(path: str | Path, tables: dict[str, pd.DataFrame], rows: int,
                      seed: int = 11) -> Path:  # fmt: skip
    """A CRM export of ``rows`` rows (the actuals table's own column names) at ``path``."""
    frame = _actuals(tables, rows, seed)
    frame["month"] = frame["month"].dt.strftime("%Y-%m-%d")
    frame.to_csv(path, index=False)
    return Path(path)


def write_scaled_plan(
    path: str | Path,
    *,
    reps: int,
    regions: int,
    channels: int,
    products: int = 5,
    history_rows: int = 0,
    actuals_rows: int | None = None,
    on_step: Callable[[str], None] | None = None,
) -> dict[str, pd.DataFrame]:
    """Write a plan workbook of this size at ``path``; returns its input tables.

    ``history_rows`` 0: every rep, product line and month of three years.
    ``actuals_rows``: rows of ``tblActuals`` (default: one per rep, product and month
    of the first six months of the plan year, at most 20,000).
    """
    step = on_step or (lambda _label: None)
    target = Path(path)
    target.write_bytes(template_bytes(lang="en"))
    tables = scaled_tables(reps=reps, regions=regions, channels=channels, products=products,
                           history_rows=history_rows or reps * products * 36)  # fmt: skip
    n_actuals = actuals_rows if actuals_rows is not None else min(reps * products * 6, 20_000)
    tables["tblActuals"] = _actuals(tables, n_actuals, seed=5)
    with FileBook.open(target) as book:
        for name, frame in tables.items():
            step(f"writing {name} ({len(frame):,} rows)")
            spec = table(name)
            headers = [c.header("en") for c in spec.columns]
            book.write_table(name, frame[list(spec.column_keys())].set_axis(headers, axis=1))
        book.write_value(*book.name_range("ActualsThroughMonth"), 6)
        step("saving")
        book.save()
    return tables
