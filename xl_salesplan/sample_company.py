"""Deterministic sample company: Lanshan Instruments (岚山仪器).

A fictional mid-sized Chinese maker of industrial sensors, control systems and
services, used by the demo, the workbook template and the tests. Everything is
generated from a seed by :func:`generate_sample_company` (pure: numpy/pandas
only) and shipped as CSV files in ``xl_salesplan/data/``, which
:func:`load_sample_company` reads. ``docs/sample_company.md`` documents every
table and column; ``scripts/make_sample_company.py`` regenerates the files.

Examples
--------
>>> company = load_sample_company()
>>> company.reps.shape[0], sorted(company.regions["region"])
(24, ['East', 'North', 'South', 'West'])
>>> company.history["month"].dt.year.unique().tolist()
[2023, 2024, 2025]
"""

from __future__ import annotations

import io
from dataclasses import dataclass, fields
from importlib import resources

import numpy as np
import pandas as pd

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.portable_math import matmul

__all__ = [
    "ACTUALS_THROUGH_MONTH",
    "CHANNEL_TRUE_CURVES",
    "DEFAULT_SEED",
    "HISTORY_YEARS",
    "PLAN_YEAR",
    "PROMOTION_MONTH",
    "PROMOTION_PRODUCT_LINE",
    "TABLE_NAMES",
    "SampleCompany",
    "generate_sample_company",
    "load_sample_company",
    "sample_company_csv_bytes",
]

DEFAULT_SEED = 20260101
HISTORY_YEARS = (2023, 2024, 2025)
PLAN_YEAR = 2026
ACTUALS_THROUGH_MONTH = 9  # year-to-date actuals of the plan year cover January to September
PROMOTION_MONTH = "2024-09"  # one-off anniversary promotion (not a seasonal pattern)
PROMOTION_PRODUCT_LINE = "Sensors"

# --- fixed facts of the company (the seed only drives the noise) -------------------------------

# region, Chinese label, provinces, productivity factor, product mix (Sensors, Control, Services)
_REGIONS = (
    ("East", "华东", "Shanghai, Jiangsu, Zhejiang, Anhui", 1.05, (0.50, 0.30, 0.20)),
    ("North", "华北", "Beijing, Tianjin, Hebei, Shandong", 1.00, (0.40, 0.40, 0.20)),
    ("South", "华南", "Guangdong, Fujian, Guangxi", 1.00, (0.50, 0.28, 0.22)),
    ("West", "西部", "Sichuan, Chongqing, Shaanxi, Yunnan", 0.90, (0.35, 0.45, 0.20)),
)
# product line, Chinese label, plan deal size (yuan), sales cycle (months), lead->opportunity,
# opportunity->won, seasonal amplitude (1 = company pattern, >1 stronger, <1 flatter)
_PRODUCT_LINES = (
    ("Sensors", "传感器", 26_000, 2, 0.35, 0.33, 1.0),
    ("Control Systems", "控制系统", 95_000, 4, 0.25, 0.22, 1.4),
    ("Services", "服务与软件", 16_000, 1, 0.40, 0.40, 0.4),
)
# rep id, name, Chinese name, region, start date, leave date ("" = still employed)
_REPS = (
    ("R01", "Zhang Wei", "张伟", "East", "2016-03-01", ""),
    ("R02", "Wang Fang", "王芳", "East", "2017-07-17", ""),
    ("R03", "Li Na", "李娜", "East", "2019-02-25", ""),
    ("R04", "Liu Yang", "刘洋", "East", "2020-05-11", "2024-06-28"),
    ("R05", "Chen Jing", "陈静", "East", "2021-09-01", ""),
    ("R06", "Zhao Min", "赵敏", "East", "2023-04-10", ""),
    ("R07", "Huang Tao", "黄涛", "East", "2026-02-23", ""),
    ("R08", "Zhou Jie", "周杰", "North", "2015-10-12", ""),
    ("R09", "Wu Xia", "吴霞", "North", "2018-06-04", ""),
    ("R10", "Xu Qiang", "徐强", "North", "2019-11-18", "2025-03-14"),
    ("R11", "Sun Li", "孙丽", "North", "2021-03-01", ""),
    ("R12", "Ma Jun", "马骏", "North", "2024-03-04", ""),
    ("R13", "Zhu Hui", "朱慧", "North", "2026-04-01", ""),
    ("R14", "Hu Bin", "胡斌", "South", "2017-01-09", ""),
    ("R15", "Guo Ting", "郭婷", "South", "2018-08-20", "2026-05-29"),
    ("R16", "He Peng", "何鹏", "South", "2020-07-01", ""),
    ("R17", "Lin Xue", "林雪", "South", "2021-12-06", ""),
    ("R18", "Liang Yan", "梁燕", "South", "2022-11-01", ""),
    ("R19", "Luo Kai", "罗凯", "South", "2024-09-16", ""),
    ("R20", "Yang Lei", "杨磊", "West", "2022-04-06", ""),
    ("R21", "Song Hao", "宋浩", "West", "2018-04-16", "2023-11-30"),
    ("R22", "Tang Yun", "唐芸", "West", "2019-05-06", ""),
    ("R23", "Han Bo", "韩博", "West", "2025-05-06", ""),
    ("R24", "Feng Yu", "冯宇", "West", "2026-07-01", ""),
)
_RAMP = (0.0, 0.25, 0.5, 0.75, 1.0)  # share of full quota in the 1st, 2nd, ... month in seat
_BASE_SEASON = np.array([1.00, 1.00, 1.05, 0.98, 0.97, 1.08, 0.90, 0.88, 1.04, 0.90, 1.10, 1.35])
# Chinese New Year's day; activity drops by _CNY_DEPTH from 7 days before to 14 days after it
_CNY = {2023: "2023-01-22", 2024: "2024-02-10", 2025: "2025-01-29", 2026: "2026-02-17"}
_CNY_DEPTH = 0.55
_PRODUCTIVITY_JAN_2023 = 240_000.0  # revenue of an average fully ramped rep in an average month
_PRODUCTIVITY_GROWTH = 0.10  # per year
_PROMOTION_LIFT = 1.8
_ANNUAL_QUOTA = {2023: 3_100_000, 2024: 3_400_000, 2025: 3_700_000}
_DEAL_SIZE_GROWTH = 0.03  # per year, historical deal sizes are below the plan-year ones
# 2026 surprises that the plan did not know about: West loses a key account from March
_PLAN_YEAR_REGION_SHIFT = {"East": 1.04, "North": 1.0, "South": 1.0, "West": 0.88}

# channel id, name, Chinese name, plan-year budget floor and cap (annual, yuan)
_CHANNELS = (
    ("field_sales", "Field sales", "直销拜访", 2_000_000, 4_000_000),
    ("paid_search", "Paid search", "搜索广告", 400_000, 2_000_000),
    ("events", "Events & seminars", "行业研讨会", 300_000, 1_500_000),
    ("partners", "Partners", "渠道合作伙伴", 800_000, 2_500_000),
    ("social_content", "Social & content", "社交媒体与内容", 200_000, 1_200_000),
    ("trade_shows", "Trade shows", "展会", 500_000, 2_000_000),
)
# per channel: base quarterly spend in 2023 (yuan), true response curve
# (half-saturation K, maximum Vmax, Hill exponent n), attributed revenue per lead (yuan)
_CHANNEL_GENERATION = (
    (700_000, (900_000, 9.0e6, 1.0), 6_000),
    (250_000, (300_000, 3.0e6, 1.0), 1_200),
    (220_000, (400_000, 2.5e6, 1.0), 2_500),
    (400_000, (700_000, 5.0e6, 1.0), 4_000),
    (150_000, (150_000, 1.5e6, 1.0), 800),
    (300_000, (350_000, 3.5e6, 2.0), 2_000),
)
CHANNEL_TRUE_CURVES = {
    c[0]: {"half_saturation": g[1][0], "maximum": g[1][1], "hill": g[1][2]}
    for c, g in zip(_CHANNELS, _CHANNEL_GENERATION, strict=True)
}
"""The response curves the channel history was generated from (quarterly spend -> quarterly
attributed revenue, ``maximum * s**hill / (half_saturation**hill + s**hill)``), for tests that
check a curve fit recovers them. A real company would not know these."""

_KPIS = (
    # Thresholds are adverse variances to date, as fractions of the expected value: tight on
    # revenue, win rate and discount (small moves there cost the most), looser on volumes.
    ("revenue", "Revenue", "销售额", "higher", "yuan", "sum", 0.02, 0.05),
    ("deals_won", "Deals won", "成交单数", "higher", "count", "sum", 0.03, 0.08),
    ("new_leads", "New leads", "新增线索", "higher", "count", "sum", 0.05, 0.10),
    ("win_rate", "Win rate", "赢单率", "higher", "ratio", "mean", 0.03, 0.08),
    ("avg_deal_size", "Average deal size", "平均客单价", "higher", "yuan", "mean", 0.03, 0.08),
    ("sales_cycle_days", "Sales cycle", "销售周期", "lower", "days", "mean", 0.05, 0.10),
    ("cost_per_lead", "Cost per lead", "单条线索成本", "lower", "yuan", "mean", 0.05, 0.15),
    ("discount_rate", "Average discount", "平均折扣率", "lower", "ratio", "mean", 0.02, 0.04),
)
_MARKETING_BUDGET = 10_000_000
_ASSUMPTIONS = (
    ("plan_year", PLAN_YEAR, "year", "Year being planned"),
    ("actuals_through_month", ACTUALS_THROUGH_MONTH, "month", "Last month with actuals (1-12)"),
    ("growth_target", 0.20, "ratio", "Revenue growth target over last year's actual revenue"),
    ("quota_per_rep_annual", 4_200_000, "yuan", "Full annual quota of a fully ramped rep"),
    ("expected_attainment", 0.90, "ratio", "Average share of quota a ramped rep attains"),
    ("over_assignment", 0.15, "ratio", "Quota cushion: rep quotas add up to target x (1 + this)"),
    ("attrition_annual", 0.12, "ratio", "Share of reps expected to leave during a year"),
    ("hiring_lead_time_months", 2, "months", "Months from opening a position to the rep's start"),
    ("avg_deal_size", 29_000, "yuan", "Average revenue per won deal, all product lines"),
    ("lead_to_opportunity", 0.33, "ratio", "Share of leads that become opportunities"),
    ("opportunity_to_win", 0.30, "ratio", "Share of opportunities that are won"),
    ("sales_cycle_months", 3, "months", "Months from opportunity to closed deal"),
    (
        "marketing_budget_total",
        _MARKETING_BUDGET,
        "yuan",
        "Marketing and sales budget, all channels",
    ),
)

# --- table schemas: the single source of column order and types -------------------------------

_SCHEMA: dict[str, tuple[tuple[str, str], ...]] = {
    "regions": (("region", "str"), ("region_zh", "str"), ("provinces", "str")),
    "product_lines": (
        ("product_line", "str"), ("product_line_zh", "str"), ("avg_deal_size", "int"),
        ("sales_cycle_months", "int"), ("lead_to_opportunity", "float"),
        ("opportunity_to_win", "float"),
    ),
    "reps": (
        ("rep_id", "str"), ("rep_name", "str"), ("rep_name_zh", "str"), ("region", "str"),
        ("start_date", "date"), ("leave_date", "date"),
    ),
    "ramp_profile": (("month_in_seat", "int"), ("ramp", "float")),
    "history": (
        ("month", "date"), ("region", "str"), ("product_line", "str"), ("rep_id", "str"),
        ("revenue", "int"), ("deals", "int"),
    ),
    "ytd_actuals": (
        ("month", "date"), ("region", "str"), ("product_line", "str"), ("rep_id", "str"),
        ("revenue", "int"), ("deals", "int"),
    ),
    "rep_quota_history": (
        ("year", "int"), ("rep_id", "str"), ("region", "str"), ("months_in_seat", "int"),
        ("quota", "int"), ("revenue", "int"), ("attainment", "float"),
    ),
    "channels": (
        ("channel", "str"), ("channel_name", "str"), ("channel_zh", "str"),
        ("budget_floor", "int"), ("budget_cap", "int"),
    ),
    "channel_history": (
        ("year", "int"), ("quarter", "int"), ("channel", "str"), ("spend", "int"),
        ("leads", "int"), ("attributed_revenue", "int"),
    ),
    "kpis": (
        ("kpi_id", "str"), ("kpi_name", "str"), ("kpi_zh", "str"), ("direction", "str"),
        ("unit", "str"), ("aggregation", "str"), ("warn_threshold", "float"),
        ("off_track_threshold", "float"),
    ),
    "kpi_actuals": (("month", "date"), ("kpi_id", "str"), ("target", "float"), ("actual", "float")),
    "assumptions": (("name", "str"), ("value", "float"), ("unit", "str"), ("description", "str")),
}  # fmt: skip
TABLE_NAMES: tuple[str, ...] = tuple(_SCHEMA)


@dataclass(frozen=True)
class SampleCompany:
    """The sample company's tables (tidy pandas DataFrames, documented in docs/sample_company.md).

    Attributes
    ----------
    regions, product_lines, reps, ramp_profile : DataFrame
        Master data.
    history : DataFrame
        Monthly revenue and deals by rep and product line, 2023-01 to 2025-12.
    ytd_actuals : DataFrame
        The same for the plan year, 2026-01 to 2026-09.
    rep_quota_history : DataFrame
        Yearly quota, revenue and attainment per rep, 2023-2025.
    channels, channel_history : DataFrame
        Marketing/sales channels with plan-year budget bounds; quarterly spend and outcomes.
    kpis, kpi_actuals : DataFrame
        KPI definitions; plan-year monthly KPI targets and actuals.
    assumptions : DataFrame
        Plan-year assumptions as name/value/unit rows.

    Examples
    --------
    >>> company = load_sample_company()
    >>> company.channels["channel"].tolist()[:3]
    ['field_sales', 'paid_search', 'events']
    """

    regions: pd.DataFrame
    product_lines: pd.DataFrame
    reps: pd.DataFrame
    ramp_profile: pd.DataFrame
    history: pd.DataFrame
    ytd_actuals: pd.DataFrame
    rep_quota_history: pd.DataFrame
    channels: pd.DataFrame
    channel_history: pd.DataFrame
    kpis: pd.DataFrame
    kpi_actuals: pd.DataFrame
    assumptions: pd.DataFrame

    def assumption(self, name: str) -> float:
        """Return the plan-year assumption ``name`` as a number.

        Examples
        --------
        >>> load_sample_company().assumption("growth_target")
        0.2
        """
        match = self.assumptions.loc[self.assumptions["name"] == name, "value"]
        if match.empty:
            known = ", ".join(self.assumptions["name"])
            raise PlanningError(
                f"assumption {name!r} is not in the sample company (known: {known})",
                code="unknown_assumption",
            )
        return float(match.iloc[0])


# --- public functions ---------------------------------------------------------------------------


def generate_sample_company(seed: int = DEFAULT_SEED) -> SampleCompany:
    """Generate the sample company in memory (pure and deterministic for a seed).

    Parameters
    ----------
    seed : int, default DEFAULT_SEED
        Seed of the numpy random generator that draws all the noise. The default
        reproduces the shipped CSV files.

    Returns
    -------
    SampleCompany
        Frozen dataclass of DataFrames; see docs/sample_company.md.

    Examples
    --------
    >>> a = generate_sample_company(7)
    >>> b = generate_sample_company(7)
    >>> a.history.equals(b.history), int(a.history["revenue"].min()) >= 0
    (True, True)
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise PlanningError(
            f"seed: expected a non-negative whole number, got {seed!r}", code="bad_seed"
        )
    rng = np.random.default_rng(int(seed))
    months = pd.date_range(f"{HISTORY_YEARS[0]}-01-01", periods=45, freq="MS")
    sales, quota_history = _sales_tables(rng, months)
    n_hist = 12 * len(HISTORY_YEARS)
    history = sales[sales["month"] < months[n_hist]]
    ytd = sales[sales["month"] >= months[n_hist]]
    channel_history = _channel_history(rng)
    tables = {
        "regions": pd.DataFrame([r[:3] for r in _REGIONS], columns=_names("regions")),
        "product_lines": pd.DataFrame(
            [p[:6] for p in _PRODUCT_LINES], columns=_names("product_lines")
        ),
        "reps": _reps_table(),
        "ramp_profile": pd.DataFrame({"month_in_seat": np.arange(1, 6), "ramp": _RAMP}),
        "history": history,
        "ytd_actuals": ytd,
        "rep_quota_history": quota_history,
        "channels": pd.DataFrame(list(_CHANNELS), columns=_names("channels")),
        "channel_history": channel_history,
        "kpis": pd.DataFrame(list(_KPIS), columns=_names("kpis")),
        "kpi_actuals": _kpi_actuals(rng, history, ytd, channel_history),
        "assumptions": pd.DataFrame(list(_ASSUMPTIONS), columns=_names("assumptions")),
    }
    return SampleCompany(**{name: _apply_schema(df, name) for name, df in tables.items()})


def load_sample_company() -> SampleCompany:
    """Load the sample company shipped with the package (``xl_salesplan/data/*.csv``).

    Returns
    -------
    SampleCompany
        The same tables as ``generate_sample_company(DEFAULT_SEED)``.

    Examples
    --------
    >>> company = load_sample_company()
    >>> company.assumption("plan_year"), company.ytd_actuals["month"].max().strftime("%Y-%m")
    (2026.0, '2026-09')
    """
    texts = _read_shipped_csv_texts()
    tables = {}
    for name in TABLE_NAMES:
        try:
            raw = pd.read_csv(io.StringIO(texts[name]))
        except (ValueError, pd.errors.ParserError) as exc:
            raise PlanningError(
                f"the shipped sample table {name}.csv cannot be read ({exc})",
                code="bad_sample_data",
            ) from None
        tables[name] = _apply_schema(raw, name)
    return SampleCompany(**tables)


def sample_company_csv_bytes(company: SampleCompany) -> dict[str, bytes]:
    """Return each table as the UTF-8 CSV bytes that are shipped (the one CSV writer).

    Examples
    --------
    >>> files = sample_company_csv_bytes(load_sample_company())
    >>> files["regions"].decode("utf-8").splitlines()[0]
    'region,region_zh,provinces'
    """
    out = {}
    for table in fields(company):
        df = getattr(company, table.name)
        text = df.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")
        out[table.name] = text.encode("utf-8")
    return out


# --- the one file read of this module -----------------------------------------------------------


def _read_shipped_csv_texts() -> dict[str, str]:
    base = resources.files("xl_salesplan") / "data"
    texts = {}
    for name in TABLE_NAMES:
        try:
            texts[name] = (base / f"{name}.csv").read_text(encoding="utf-8")
        except OSError:
            raise PlanningError(
                f"the sample table {name}.csv is missing from the installed package; "
                "regenerate it with scripts/make_sample_company.py",
                code="missing_sample_data",
            ) from None
    return texts


# --- generation (pure) --------------------------------------------------------------------------


def _names(table: str) -> list[str]:
    return [column for column, _ in _SCHEMA[table]]


def _apply_schema(df: pd.DataFrame, table: str) -> pd.DataFrame:
    out = {}
    for column, kind in _SCHEMA[table]:
        values = df[column]
        if kind == "str":
            out[column] = values.astype(str)
        elif kind == "int":
            out[column] = values.astype("int64")
        elif kind == "float":
            out[column] = values.astype("float64")
        else:
            out[column] = pd.to_datetime(values, format="%Y-%m-%d").astype("datetime64[ns]")
    return pd.DataFrame(out).reset_index(drop=True)


def _reps_table() -> pd.DataFrame:
    reps = pd.DataFrame(list(_REPS), columns=_names("reps"))
    reps["leave_date"] = reps["leave_date"].replace({"": None})
    return reps


def _season_by_month(months: pd.DatetimeIndex) -> np.ndarray:
    """Company seasonal factor per calendar month, with the moving Chinese New Year dip."""
    base = _BASE_SEASON[months.month.to_numpy() - 1]
    start = months.to_numpy().astype("datetime64[D]")
    end = (months + pd.offsets.MonthBegin(1)).to_numpy().astype("datetime64[D]")
    cny = np.array([_CNY[y] for y in months.year], dtype="datetime64[D]")
    lo = np.maximum(start, cny - np.timedelta64(7, "D"))
    hi = np.minimum(end, cny + np.timedelta64(14, "D"))
    holiday_days = np.clip((hi - lo).astype(np.int64), 0, None)
    month_days = (end - start).astype(np.int64)
    return base * (1.0 - _CNY_DEPTH * holiday_days / month_days)


def _seat_matrix(months: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
    """Per rep and month: fraction of the month in seat and ramp factor."""
    start = pd.to_datetime([r[4] for r in _REPS]).to_numpy().astype("datetime64[D]")
    leave = pd.to_datetime([r[5] or "2100-01-01" for r in _REPS]).to_numpy()
    leave_excl = leave.astype("datetime64[D]") + np.timedelta64(1, "D")
    m_start = months.to_numpy().astype("datetime64[D]")
    m_end = (months + pd.offsets.MonthBegin(1)).to_numpy().astype("datetime64[D]")
    lo = np.maximum(start[:, None], m_start[None, :])
    hi = np.minimum(leave_excl[:, None], m_end[None, :])
    days = np.clip((hi - lo).astype(np.int64), 0, None)
    fraction = days / (m_end - m_start).astype(np.int64)[None, :]
    start_idx = pd.DatetimeIndex(start).year * 12 + pd.DatetimeIndex(start).month
    month_idx = months.year * 12 + months.month
    k = np.asarray(month_idx)[None, :] - np.asarray(start_idx)[:, None] + 1
    ramp = np.asarray(_RAMP)[np.clip(k, 1, len(_RAMP)) - 1]
    return fraction, ramp


def _sales_tables(
    rng: np.random.Generator, months: pd.DatetimeIndex
) -> tuple[pd.DataFrame, pd.DataFrame]:
    n_rep, n_month, n_prod = len(_REPS), len(months), len(_PRODUCT_LINES)
    region_names = [r[0] for r in _REGIONS]
    rep_region = np.array([region_names.index(r[3]) for r in _REPS])
    skill = rng.lognormal(0.0, 0.15, n_rep)
    company_shock = rng.lognormal(0.0, 0.03, n_month)
    region_shock = rng.lognormal(0.0, 0.04, (len(_REGIONS), n_month))
    idio = rng.lognormal(0.0, 0.18, (n_rep, n_month, n_prod))
    deal_noise = rng.lognormal(0.0, 0.15, (n_rep, n_month, n_prod))

    fraction, ramp = _seat_matrix(months)
    in_seat = fraction > 0
    years = months.year.to_numpy()
    t = np.arange(n_month) / 12.0
    growth = (1.0 + _PRODUCTIVITY_GROWTH) ** t
    season = _season_by_month(months)
    amplitude = np.array([p[6] for p in _PRODUCT_LINES])
    season_p = 1.0 + amplitude[None, :] * (season[:, None] - 1.0)  # (month, product)
    mix = np.array([r[4] for r in _REGIONS])[rep_region]  # (rep, product)
    region_factor = np.array([r[3] for r in _REGIONS])[rep_region]
    shift = np.array([_PLAN_YEAR_REGION_SHIFT[r] for r in region_names])
    late = (years == PLAN_YEAR) & (months.month.to_numpy() >= 3)
    plan_shift = np.where(late[None, :], shift[:, None], 1.0)[rep_region]  # (rep, month)
    promo = np.ones((n_month, n_prod))
    promo_month = months.strftime("%Y-%m") == PROMOTION_MONTH
    promo_prod = [p[0] for p in _PRODUCT_LINES].index(PROMOTION_PRODUCT_LINE)
    promo[promo_month, promo_prod] = _PROMOTION_LIFT

    expected = (
        _PRODUCTIVITY_JAN_2023
        * (skill * region_factor)[:, None, None]
        * (growth * company_shock)[None, :, None]
        * (region_shock[rep_region] * plan_shift * ramp * fraction)[:, :, None]
        * season_p[None, :, :]
        * mix[:, None, :]
        * promo[None, :, :]
    )
    revenue = np.rint(expected * idio)
    deal_size = np.array([p[2] for p in _PRODUCT_LINES], dtype=float)
    deal_size_then = deal_size[None, :] * (1.0 + _DEAL_SIZE_GROWTH) ** (years - PLAN_YEAR)[:, None]
    deals = np.rint(revenue / deal_size_then[None, :, :] * deal_noise)
    deals = np.where(revenue > 0, np.maximum(deals, 1.0), 0.0)

    r_idx, m_idx, p_idx = np.nonzero(np.broadcast_to(in_seat[:, :, None], revenue.shape))
    order = np.lexsort((p_idx, r_idx, m_idx))
    r_idx, m_idx, p_idx = r_idx[order], m_idx[order], p_idx[order]
    sales = pd.DataFrame(
        {
            "month": months[m_idx],
            "region": np.array(region_names)[rep_region[r_idx]],
            "product_line": np.array([p[0] for p in _PRODUCT_LINES])[p_idx],
            "rep_id": np.array([r[0] for r in _REPS])[r_idx],
            "revenue": revenue[r_idx, m_idx, p_idx].astype(np.int64),
            "deals": deals[r_idx, m_idx, p_idx].astype(np.int64),
        }
    )
    return sales, _quota_history(months, fraction, ramp, revenue.sum(axis=2), rep_region)


def _quota_history(
    months: pd.DatetimeIndex,
    fraction: np.ndarray,
    ramp: np.ndarray,
    rep_revenue: np.ndarray,
    rep_region: np.ndarray,
) -> pd.DataFrame:
    years = np.array(HISTORY_YEARS)
    month_year = months.year.to_numpy()
    in_year = month_year[None, :] == years[:, None]  # (year, month)
    seat_share = matmul(ramp * fraction, in_year.T)  # (rep, year): quota-months
    quota = np.rint(seat_share * np.array([_ANNUAL_QUOTA[y] for y in years])[None, :] / 12.0)
    revenue = matmul(rep_revenue, in_year.T)
    months_in_seat = (fraction > 0).astype(int) @ in_year.T
    r_idx, y_idx = np.nonzero(quota > 0)
    order = np.lexsort((r_idx, y_idx))
    r_idx, y_idx = r_idx[order], y_idx[order]
    return pd.DataFrame(
        {
            "year": years[y_idx],
            "rep_id": np.array([r[0] for r in _REPS])[r_idx],
            "region": np.array([r[0] for r in _REGIONS])[rep_region[r_idx]],
            "months_in_seat": months_in_seat[r_idx, y_idx],
            "quota": quota[r_idx, y_idx].astype(np.int64),
            "revenue": revenue[r_idx, y_idx].astype(np.int64),
            "attainment": np.round(revenue[r_idx, y_idx] / quota[r_idx, y_idx], 4),
        }
    )


def _channel_history(rng: np.random.Generator) -> pd.DataFrame:
    n_q = 4 * len(HISTORY_YEARS)
    n_c = len(_CHANNELS)
    base = np.array([g[0] for g in _CHANNEL_GENERATION], dtype=float)
    half, vmax, hill = np.array([g[1] for g in _CHANNEL_GENERATION]).T
    per_lead = np.array([g[2] for g in _CHANNEL_GENERATION], dtype=float)
    year_idx = np.repeat(np.arange(len(HISTORY_YEARS)), 4)
    spend = base[None, :] * 1.08 ** year_idx[:, None] * rng.uniform(0.5, 1.5, (n_q, n_c))
    spend = np.round(spend, -3)
    response = vmax * spend**hill / (half**hill + spend**hill)
    outcome = np.rint(response * rng.lognormal(0.0, 0.08, (n_q, n_c)))
    leads = np.rint(outcome / per_lead * rng.lognormal(0.0, 0.05, (n_q, n_c)))
    return pd.DataFrame(
        {
            "year": np.repeat(np.array(HISTORY_YEARS), 4 * n_c),
            "quarter": np.tile(np.repeat(np.arange(1, 5), n_c), len(HISTORY_YEARS)),
            "channel": np.tile([c[0] for c in _CHANNELS], n_q),
            "spend": spend.ravel().astype(np.int64),
            "leads": leads.ravel().astype(np.int64),
            "attributed_revenue": outcome.ravel().astype(np.int64),
        }
    )


def _kpi_actuals(
    rng: np.random.Generator,
    history: pd.DataFrame,
    ytd: pd.DataFrame,
    channel_history: pd.DataFrame,
) -> pd.DataFrame:
    growth = dict((a[0], a[1]) for a in _ASSUMPTIONS)["growth_target"]
    last = history[history["month"].dt.year == HISTORY_YEARS[-1]]
    by_month = last.groupby(last["month"].dt.month)[["revenue", "deals"]].sum()
    rev_target = np.round(by_month["revenue"].to_numpy() * (1.0 + growth), -3)
    deals_target = np.rint(by_month["deals"].to_numpy() * 1.15)
    actual = ytd.groupby(ytd["month"].dt.month)[["revenue", "deals"]].sum()
    n_act = ACTUALS_THROUGH_MONTH
    pad = np.full(12 - n_act, np.nan)
    rev_actual = np.concatenate([actual["revenue"].to_numpy(float), pad])
    deals_actual = np.concatenate([actual["deals"].to_numpy(float), pad])

    last_leads = channel_history.loc[channel_history["year"] == HISTORY_YEARS[-1], "leads"].sum()
    leads_target = np.full(12, np.rint(last_leads * 1.15 / 12.0))
    act = np.arange(12) < n_act
    leads_actual = np.where(act, np.rint(leads_target * rng.lognormal(0.0, 0.07, 12)), np.nan)
    win_target = np.full(12, 0.30)
    win_actual = 0.30 + rng.normal(0.0, 0.012, 12) - 0.035 * (np.arange(12) >= 6)
    deal_size_target = np.full(12, np.rint(rev_target.sum() / deals_target.sum()))
    cycle_target = np.full(12, 90.0)
    cycle_actual = 88.0 + rng.normal(0.0, 3.0, 12) + 1.5 * np.arange(12)
    spend_monthly = _MARKETING_BUDGET / 12.0 * rng.lognormal(0.0, 0.05, 12)
    cpl_target = np.full(12, np.rint(_MARKETING_BUDGET / 12.0 / leads_target[0]))
    discount_target = np.full(12, 0.08)
    discount_actual = 0.08 + rng.normal(0.0, 0.006, 12)
    with np.errstate(invalid="ignore", divide="ignore"):
        rows = {
            "revenue": (rev_target, rev_actual),
            "deals_won": (deals_target, deals_actual),
            "new_leads": (leads_target, leads_actual),
            "win_rate": (win_target, np.round(win_actual, 4)),
            "avg_deal_size": (deal_size_target, np.rint(rev_actual / deals_actual)),
            "sales_cycle_days": (cycle_target, np.round(cycle_actual, 1)),
            "cost_per_lead": (cpl_target, np.rint(spend_monthly / leads_actual)),
            "discount_rate": (discount_target, np.round(discount_actual, 4)),
        }
    months = pd.date_range(f"{PLAN_YEAR}-01-01", periods=12, freq="MS")
    kpi_ids = [k[0] for k in _KPIS]
    target = np.stack([rows[k][0] for k in kpi_ids], axis=1)  # (month, kpi)
    actual_all = np.stack([np.where(act, rows[k][1], np.nan) for k in kpi_ids], axis=1)
    return pd.DataFrame(
        {
            "month": np.repeat(months, len(kpi_ids)),
            "kpi_id": np.tile(kpi_ids, 12),
            "target": target.ravel(),
            "actual": actual_all.ravel(),
        }
    )
