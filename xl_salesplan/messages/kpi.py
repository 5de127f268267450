"""Texts of KPI tracking: statuses, the coded words of KPI definitions, signals, notes.

Examples
--------
>>> MESSAGES["kpi.status.at_risk"]
('At risk', '预警')
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    # statuses, in the order of the engine's codes 0-3
    "kpi.status.on_track": ("On track", "正常"),
    "kpi.status.at_risk": ("At risk", "预警"),
    "kpi.status.off_track": ("Off track", "落后"),
    "kpi.status.no_data": ("No data", "无数据"),
    # coded words of the KPI definitions (tblKpis): the planner may type either language
    "choice.direction.higher": ("higher", "越高越好"),
    "choice.direction.lower": ("lower", "越低越好"),
    "choice.unit.yuan": ("yuan", "元"),
    "choice.unit.count": ("count", "个数"),
    "choice.unit.ratio": ("ratio", "比率"),
    "choice.unit.days": ("days", "天"),
    "choice.aggregation.sum": ("sum", "合计"),
    "choice.aggregation.mean": ("mean", "平均"),
    # signals (Nelson rules on the XmR chart, CUSUM drift)
    "kpi.signal.up": ("up", "上升"),
    "kpi.signal.down": ("down", "下降"),
    "kpi.signal.drift": ("drift {direction} since {since}", "自{since}起持续{direction}"),
    "kpi.signal.rules": (
        "Nelson rule {rules} (latest {latest})",
        "触发Nelson规则{rules}(最近{latest})",
    ),
    "kpi.signal.join": ("{first}; {second}", "{first};{second}"),
    # what the tracker's figures measure (one line each under the tracker)
    "kpi.note.status": (
        "Status: the variance to date (actual vs expected to date) against the KPI's warn "
        "and off-track thresholds.",
        "状态:至今偏差(实际与应完成之比)对照该KPI的预警和落后阈值判定。",
    ),
    "kpi.note.probability": (
        "Probability of year target: of ending the year at or above target (at or below for "
        "lower-is-better "
        "KPIs) if the months left vary as much as the months so far; a small variance can "
        "still give a low probability when the months vary little.",
        "全年达标概率:若剩余月份的波动与已过月份相同,年末达到目标(越低越好的KPI为不高于目标)"
        "的概率;月度波动小时,即使偏差不大,概率也可能很低。",
    ),
    "kpi.note.capacity_probability": (
        "Probability of reaching the target: the team's quota capacity against the company "
        "target, simulated from past attainment; the KPI tracker's probability of year target is "
        "about the actuals to date.",
        "达成目标概率:按历史达成率模拟团队配额产能能否覆盖公司目标;KPI跟踪中的“全年达标概率”"
        "则基于本年至今的实际数据。",
    ),
}  # fmt: skip
