"""The sample company as the input side of a plan workbook: one frame per input table.

The template is filled from :func:`xl_salesplan.sample_company.load_sample_company`:
every input table of :mod:`~xl_salesplan.layout` gets the sample table named
by its ``source``, with the columns in the table's order. What the company does not
hold is added the way the actions add it
(:func:`xl_salesplan.actions.company_inputs.inputs_from_company`): the channels' proposed
spend (last year's split of the budget), a Hill curve to be fitted from history
(``curve_kind="hill"``, blank parameters), and the rounding unit and language of
the named inputs. The KPI actuals table (``tblKpiActuals``) is the one of
:func:`~xl_salesplan.actions.company_inputs.inputs_from_company`: the targets of the KPIs
the plan determines are the plan's (as Build plan sets them), so running every
action on the template changes nothing.

Examples
--------
>>> frames = sample_input_frames()
>>> list(frames["tblChannels"].columns)[5:]
['proposed_spend', 'curve_kind', 'p1', 'p2', 'p3']
>>> int(frames["tblChannels"]["proposed_spend"].sum())
10000000
>>> sample_named_values()["GrowthTarget"], sample_named_values(language="zh-CN")["Language"]
(0.2, 'zh-CN')
>>> kpi = frames["tblKpiActuals"]
>>> float(kpi.loc[kpi["kpi_id"] == "revenue", "target"].sum())
78480000.0
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_salesplan.actions.company_inputs import inputs_from_company, sample_markets
from xl_salesplan.actions.inputs import SAMPLE_PAYOUT_TIERS, proposed_from_last_year
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import INPUT_TABLES, NAMED_INPUTS
from xl_salesplan.layout.labels import check_language
from xl_salesplan.sample_company import SampleCompany, load_sample_company

__all__ = ["sample_input_frames", "sample_named_values"]


def sample_named_values(
    company: SampleCompany | None = None, *, language: str = "en"
) -> dict[str, float | str]:
    """Value of every named input: the company's assumptions, then the defaults.

    Examples
    --------
    >>> sample_named_values()["RoundingUnit"], sample_named_values()["PlanYear"]
    (1000, 2026.0)
    """
    company = company if company is not None else load_sample_company()
    out: dict[str, float | str] = {}
    for spec in NAMED_INPUTS.values():
        if spec.name == "Language":
            out[spec.name] = check_language(language)
        elif spec.assumption is not None:
            out[spec.name] = company.assumption(spec.assumption)
        elif spec.default is not None:
            out[spec.name] = spec.default
    return out


def _channels(company: SampleCompany, named: dict[str, float | str]) -> pd.DataFrame:
    channels = company.channels.copy()
    channels["proposed_spend"] = proposed_from_last_year(
        channels,
        company.channel_history,
        float(named["MarketingBudget"]),
        float(named["RoundingUnit"]),
    )
    channels["curve_kind"] = "hill"
    for column in ("p1", "p2", "p3"):
        channels[column] = np.nan
    return channels


def sample_input_frames(company: SampleCompany | None = None) -> dict[str, pd.DataFrame]:
    """One frame per input table (layout order of columns), from the sample company.

    Raises
    ------
    PlanningError
        If the company lacks a column an input table needs.

    Examples
    --------
    >>> frames = sample_input_frames()
    >>> len(frames["tblHistory"]), list(frames["tblRamp"].columns)
    (1917, ['month_in_seat', 'ramp'])
    """
    company = company if company is not None else load_sample_company()
    named = sample_named_values(company)
    out: dict[str, pd.DataFrame] = {}
    for spec in INPUT_TABLES.values():
        source = str(spec.source)
        if spec.name == "tblChannels":
            frame = _channels(company, named)
        elif spec.name == "tblMarkets":
            frame = sample_markets(company.regions)
        elif spec.name == "tblPayoutTiers":
            frame = pd.DataFrame(SAMPLE_PAYOUT_TIERS, columns=list(spec.column_keys()))
        elif spec.name == "tblKpiActuals":
            frame = inputs_from_company(company).kpi_actuals  # targets linked to the plan
        else:
            frame = getattr(company, source)
        missing = [k for k in spec.column_keys() if k not in frame.columns]
        if missing:
            raise PlanningError(
                f"{spec.name}: the company table {source!r} has no column(s) {', '.join(missing)}",
                code="shape_mismatch",
                positions=tuple(missing),
            )
        out[spec.name] = frame.loc[:, list(spec.column_keys())].reset_index(drop=True)
    return out
