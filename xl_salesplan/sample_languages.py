"""The sample company in the language of a workbook: names in English or Chinese.

Examples
--------
>>> sample_company_in("zh-CN").kpis[["kpi_id", "kpi_name"]].iloc[0].tolist()
['revenue', '销售额']
"""

from __future__ import annotations

from dataclasses import replace

from xl_salesplan.messages import language_code
from xl_salesplan.sample_company import SampleCompany, load_sample_company

__all__ = ["sample_company_in"]

#: The provinces of the sample's regions in Chinese (the company's table holds English).
_PROVINCES_ZH = {
    "East": "上海、江苏、浙江、安徽",
    "North": "北京、天津、河北、山东",
    "South": "广东、福建、广西",
    "West": "四川、重庆、陕西、云南",
}
# master table -> (name column, other-language name column); data tables that name them
_BILINGUAL = {
    "regions": ("region", "region_zh"),
    "product_lines": ("product_line", "product_line_zh"),
    "reps": ("rep_name", "rep_name_zh"),
    "channels": ("channel_name", "channel_zh"),
    "kpis": ("kpi_name", "kpi_zh"),
}
_MASTERS = {
    "region": ("regions", "region_zh"),
    "product_line": ("product_lines", "product_line_zh"),
}
_NAMED_BY = {
    "region": ("history", "ytd_actuals", "reps", "rep_quota_history"),
    "product_line": ("history", "ytd_actuals"),
}


def sample_company_in(language: str, company: SampleCompany | None = None) -> SampleCompany:
    """The sample company as a workbook in ``language`` holds it.

    In Chinese the names of regions, product lines, reps, channels and KPIs are the
    Chinese ones (the name columns swap with the other-language columns), every
    table that names a region or product line names it in Chinese, and the regions'
    provinces are in Chinese. Identifiers (rep, channel and KPI ids) stay as they are.

    Examples
    --------
    >>> zh = sample_company_in("zh-CN")
    >>> zh.regions.iloc[0].tolist(), zh.history["product_line"].iloc[0]
    (['华东', 'East', '上海、江苏、浙江、安徽'], '传感器')
    >>> zh.reps[["rep_id", "rep_name", "rep_name_zh"]].iloc[0].tolist()
    ['R01', '张伟', 'Zhang Wei']
    >>> sample_company_in("en").regions.iloc[0, 0]
    'East'
    """
    company = company if company is not None else load_sample_company()
    if language_code(language) != "zh-CN":
        return company
    tables = {name: getattr(company, name).copy() for name in company.__dataclass_fields__}
    regions = tables["regions"]
    pairs = zip(regions["region"], regions["provinces"], strict=True)
    regions["provinces"] = [_PROVINCES_ZH.get(region, shown) for region, shown in pairs]
    for key, (master, zh_column) in _MASTERS.items():
        names = dict(zip(tables[master][key], tables[master][zh_column], strict=True))
        for name in _NAMED_BY[key]:
            tables[name][key] = tables[name][key].map(lambda v, n=names: n.get(v, v))
    for master, (name_column, other) in _BILINGUAL.items():
        frame = tables[master]
        frame[name_column], frame[other] = frame[other].copy(), frame[name_column].copy()
    return replace(company, **tables)
