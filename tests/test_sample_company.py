"""Tests for xl_salesplan.sample_company: shipped files, schema, internal consistency, story."""

from __future__ import annotations

import re
from dataclasses import fields
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from xl_salesplan.errors import PlanningError
from xl_salesplan.sample_company import (
    CHANNEL_TRUE_CURVES,
    DEFAULT_SEED,
    PROMOTION_MONTH,
    PROMOTION_PRODUCT_LINE,
    TABLE_NAMES,
    SampleCompany,
    generate_sample_company,
    load_sample_company,
    sample_company_csv_bytes,
)

DOC = Path(__file__).resolve().parent.parent / "docs" / "sample_company.md"

# the documented schema (docs/sample_company.md), written out independently of the module
SCHEMA = {
    "regions": {"region": "str", "region_zh": "str", "provinces": "str"},
    "product_lines": {
        "product_line": "str",
        "product_line_zh": "str",
        "avg_deal_size": "int64",
        "sales_cycle_months": "int64",
        "lead_to_opportunity": "float64",
        "opportunity_to_win": "float64",
    },
    "reps": {
        "rep_id": "str",
        "rep_name": "str",
        "rep_name_zh": "str",
        "region": "str",
        "start_date": "datetime64[ns]",
        "leave_date": "datetime64[ns]",
    },
    "ramp_profile": {"month_in_seat": "int64", "ramp": "float64"},
    "history": {
        "month": "datetime64[ns]",
        "region": "str",
        "product_line": "str",
        "rep_id": "str",
        "revenue": "int64",
        "deals": "int64",
    },
    "rep_quota_history": {
        "year": "int64",
        "rep_id": "str",
        "region": "str",
        "months_in_seat": "int64",
        "quota": "int64",
        "revenue": "int64",
        "attainment": "float64",
    },
    "channels": {
        "channel": "str",
        "channel_name": "str",
        "channel_zh": "str",
        "budget_floor": "int64",
        "budget_cap": "int64",
    },
    "channel_history": {
        "year": "int64",
        "quarter": "int64",
        "channel": "str",
        "spend": "int64",
        "leads": "int64",
        "attributed_revenue": "int64",
    },
    "kpis": {
        "kpi_id": "str",
        "kpi_name": "str",
        "kpi_zh": "str",
        "direction": "str",
        "unit": "str",
        "aggregation": "str",
        "warn_threshold": "float64",
        "off_track_threshold": "float64",
    },
    "kpi_actuals": {
        "month": "datetime64[ns]",
        "kpi_id": "str",
        "target": "float64",
        "actual": "float64",
    },
    "assumptions": {"name": "str", "value": "float64", "unit": "str", "description": "str"},
}
SCHEMA["ytd_actuals"] = SCHEMA["history"]


@pytest.fixture(scope="module")
def company() -> SampleCompany:
    return load_sample_company()


def _shipped_bytes(name: str) -> bytes:
    return (resources.files("xl_salesplan") / "data" / f"{name}.csv").read_bytes()


def test_shipped_csvs_equal_a_fresh_generation_byte_for_byte():
    fresh = sample_company_csv_bytes(generate_sample_company(DEFAULT_SEED))
    assert set(fresh) == set(TABLE_NAMES)
    for name, data in fresh.items():
        assert _shipped_bytes(name) == data, f"{name}.csv is stale: run make_sample_company.py"


def test_load_equals_generate(company):
    fresh = generate_sample_company()
    for table in fields(SampleCompany):
        loaded, made = getattr(company, table.name), getattr(fresh, table.name)
        pd.testing.assert_frame_equal(loaded, made, check_exact=True)


def test_schema_matches_the_documentation(company):
    assert list(TABLE_NAMES) == [f.name for f in fields(SampleCompany)]
    assert set(SCHEMA) == set(TABLE_NAMES)
    for name, columns in SCHEMA.items():
        df = getattr(company, name)
        assert list(df.columns) == list(columns), name
        for column, kind in columns.items():
            dtype = df[column].dtype
            if kind == "str":
                assert pd.api.types.is_string_dtype(dtype), (name, column, dtype)
                assert df[column].map(type).eq(str).all(), (name, column)
            else:
                assert str(dtype) == kind, (name, column, dtype)


def test_every_table_and_column_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for name, columns in SCHEMA.items():
        assert re.search(rf"^### `{name}`", text, flags=re.MULTILINE), name
        for column in columns:
            assert f"`{column}`" in text, (name, column)


def test_generation_is_deterministic_and_seeded():
    a, b = generate_sample_company(3), generate_sample_company(3)
    c = generate_sample_company(4)
    pd.testing.assert_frame_equal(a.history, b.history)
    assert not a.history["revenue"].equals(c.history["revenue"])
    pd.testing.assert_frame_equal(a.reps, c.reps)  # master data do not depend on the seed
    for bad in (-1, 1.5, "7", True):
        with pytest.raises(PlanningError, match="seed"):
            generate_sample_company(bad)


def test_data_is_small():
    total = sum(len(b) for b in sample_company_csv_bytes(generate_sample_company()).values())
    assert total < 300_000


def test_master_data(company):
    assert company.regions["region"].tolist() == ["East", "North", "South", "West"]
    assert company.regions["region_zh"].tolist() == ["华东", "华北", "华南", "西部"]
    assert len(company.product_lines) == 3
    reps = company.reps
    assert len(reps) == 24 and reps["rep_id"].is_unique
    assert set(reps["region"]) == set(company.regions["region"])
    assert (reps["start_date"].dt.year == 2026).sum() == 3  # hired in the plan year
    hired_in_history = reps["start_date"].between("2023-01-01", "2025-12-31")
    assert hired_in_history.sum() >= 3
    left = reps["leave_date"].notna()
    assert 3 <= left.sum() <= 5
    assert (reps.loc[left, "leave_date"] > reps.loc[left, "start_date"]).all()
    ramp = company.ramp_profile["ramp"].to_numpy()
    np.testing.assert_array_equal(ramp, [0.0, 0.25, 0.5, 0.75, 1.0])


def test_history_rows_follow_seats_and_ramp(company):
    history = pd.concat([company.history, company.ytd_actuals], ignore_index=True)
    assert history["month"].min() == pd.Timestamp("2023-01-01")
    assert company.history["month"].max() == pd.Timestamp("2025-12-01")
    assert company.ytd_actuals["month"].min() == pd.Timestamp("2026-01-01")
    assert company.ytd_actuals["month"].max() == pd.Timestamp("2026-09-01")
    reps = company.reps
    merged = history.merge(reps, on="rep_id", suffixes=("", "_rep"))
    assert (merged["region"] == merged["region_rep"]).all()
    start_month = merged["start_date"].dt.to_period("M").dt.to_timestamp()
    leave_month = merged["leave_date"].dt.to_period("M").dt.to_timestamp()
    assert (merged["month"] >= start_month).all()
    assert ((merged["month"] <= leave_month) | merged["leave_date"].isna()).all()
    first = merged["month"] == start_month
    assert (merged.loc[first, "revenue"] == 0).all()  # ramp 0 % in the first month
    assert (merged.loc[~first, "revenue"] > 0).all()
    assert ((history["deals"] == 0) == (history["revenue"] == 0)).all()
    assert (history.groupby(["month", "rep_id"]).size() == 3).all()
    # a rep hired in the plan year has no history; one who left in 2023 has no plan-year rows
    assert "R07" not in set(company.history["rep_id"]) and "R07" in set(
        company.ytd_actuals["rep_id"]
    )
    assert "R21" not in set(company.ytd_actuals["rep_id"])


def test_quota_history_is_consistent_with_history(company):
    q = company.rep_quota_history
    sums = company.history.groupby([company.history["month"].dt.year, "rep_id"])["revenue"].sum()
    for row in q.itertuples():
        assert row.revenue == sums.loc[(row.year, row.rep_id)]
        assert row.attainment == round(row.revenue / row.quota, 4)
    full_year = q[q["months_in_seat"] == 12]
    # a full year in seat after ramp earns the full annual quota
    ramped = full_year.merge(company.reps, on="rep_id")
    ramped = ramped[ramped["start_date"].dt.year < ramped["year"] - 1]
    assert set(ramped["quota"]) == {3_100_000, 3_400_000, 3_700_000}
    assert 0.9 < q["attainment"].mean() < 1.1


def test_channels_and_curves(company):
    ch = company.channel_history
    assert len(ch) == 72
    assert set(ch["channel"]) == set(company.channels["channel"]) == set(CHANNEL_TRUE_CURVES)
    assert (ch["spend"] % 1000 == 0).all() and (ch["spend"] > 0).all()
    curve = ch["channel"].map(CHANNEL_TRUE_CURVES)
    k = curve.map(lambda c: c["half_saturation"])
    vmax = curve.map(lambda c: c["maximum"])
    n = curve.map(lambda c: c["hill"])
    expected = vmax * ch["spend"] ** n / (k**n + ch["spend"] ** n)
    log_ratio = np.log(ch["attributed_revenue"] / expected)
    # 8 % log-normal noise around the true curve: centred, sd about 0.08, nothing beyond 4 sd
    assert abs(log_ratio.mean()) < 0.03
    assert 0.05 < log_ratio.std() < 0.11
    assert (log_ratio.abs() < 4 * 0.08).all()
    spread = ch.groupby("channel")["spend"].agg(lambda s: s.max() / s.min())
    assert (spread > 1.5).all()  # enough spread in spend to fit a curve
    budget = company.assumption("marketing_budget_total")
    assert company.channels["budget_floor"].sum() < budget < company.channels["budget_cap"].sum()
    assert (company.channels["budget_floor"] < company.channels["budget_cap"]).all()


def test_kpis(company):
    kpis = company.kpis
    assert kpis["kpi_id"].is_unique
    assert set(kpis["direction"]) == {"higher", "lower"}
    assert set(kpis["unit"]) <= {"yuan", "count", "ratio", "days"}
    assert set(kpis["aggregation"]) <= {"sum", "mean"}
    assert (kpis["warn_threshold"] < kpis["off_track_threshold"]).all()
    act = company.kpi_actuals
    assert len(act) == 12 * len(kpis)
    assert set(act["kpi_id"]) == set(kpis["kpi_id"])
    late = act["month"].dt.month > 9
    assert act.loc[late, "actual"].isna().all() and act.loc[~late, "actual"].notna().all()
    assert act["target"].notna().all()
    rev = act[act["kpi_id"] == "revenue"].set_index("month")["actual"].dropna()
    ytd = company.ytd_actuals.groupby("month")["revenue"].sum()
    np.testing.assert_array_equal(rev.to_numpy(), ytd.to_numpy())


def test_assumptions(company):
    assert company.assumption("plan_year") == 2026
    assert company.assumption("growth_target") == 0.2
    assert 0 < company.assumption("over_assignment") < 0.3
    assert company.assumptions["name"].is_unique
    with pytest.raises(PlanningError, match="growth_rate"):
        company.assumption("growth_rate")


def test_story_seasonality_growth_and_promotion(company):
    h = company.history
    monthly = h.groupby("month")["revenue"].sum().to_numpy().reshape(3, 12)
    yearly = monthly.sum(axis=1)
    assert np.all(np.diff(yearly) > 0)  # growing
    shares = monthly / yearly[:, None]
    # December is the biggest month, except in the promotion year (September 2024)
    np.testing.assert_array_equal(np.argmax(shares, axis=1), [11, 8, 11])
    assert np.all(shares[:, 9:].sum(axis=1) > 0.25)  # strong Q4
    assert np.all(shares[:, :2].sum(axis=1) < 2 / 12)  # Chinese New Year in January/February
    promo = h[h["product_line"] == PROMOTION_PRODUCT_LINE]
    by_month = promo.groupby(promo["month"].dt.strftime("%Y-%m"))["revenue"].sum()
    year = int(PROMOTION_MONTH[:4])
    month = PROMOTION_MONTH[5:]
    neighbours = by_month[[f"{year - 1}-{month}", f"{year + 1}-{month}"]].mean()
    assert by_month[PROMOTION_MONTH] > 1.4 * neighbours
