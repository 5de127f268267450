"""Texts of the problems reported by
KPI monitoring (pace, status, signals, variance).

Keys are ``<package>.<module>.<problem>``; the engine raises them with
``PlanningError.of(key, ...)`` and each face renders them in the workbook's language.

Examples
--------
>>> MESSAGES['kpi.signals.bad_sigma'][1]
'sigma 必须为正;收到 {s:g}'
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    "kpi.at_positions": (" at position(s) {positions}", ",位置 {positions}"),
    "kpi.at_positions_more": (" at position(s) {positions} and more", ",位置 {positions} 等"),
    "kpi.status.at_risk_rule": (
        "at_risk must be zero or negative (a shortfall such as -0.05)",
        "at_risk 必须为零或负数(一个缺口,例如 -0.05)",
    ),
    "kpi.status.off_track_rule": (
        "off_track must not be above at_risk (it is the more severe shortfall)",
        "off_track 不能高于 at_risk(它是更严重的缺口)",
    ),
    "kpi.pace.plan_by_period_must_be": (
        "plan_by_period must be a row of periods or a table of rows x periods, got shape "
        "{plan_shape}",
        "plan_by_period 必须是一行期间或 行 x 期间 的表;收到形状 {plan_shape}",
    ),
    "kpi.pace.shape_mismatch": (
        "actual_by_period has shape {actual_shape} but plan_by_period has shape {plan_shape};"
        " the actuals must cover the same rows and periods as the plan",
        "actual_by_period 的形状为 {actual_shape},但 plan_by_period 的形状为 {plan_shape};实"
        "际数必须覆盖与计划相同的行和期间",
    ),
    "kpi.pace.bad_option": (
        "projection must be 'pace' or 'plan', got {projection!r}",
        "projection 必须是 'pace' 或 'plan';收到 {projection!r}",
    ),
    "kpi.pace.as_of_out_of_range": (
        "as_of must be a whole number of closed periods from 0 to {n}; got {shown}{where_text}",
        "as_of 必须是 0 到 {n} 之间的已关账期间数(整数);收到 {shown}{where_text}",
    ),
    "kpi.pace.bad_option_2": (
        "give either noise or residuals, not both",
        "noise 和 residuals 只能给一个",
    ),
    "kpi.pace.shape_mismatch_2": (
        "residuals has shape {r_shape}; give one history (1-D) or one history per row ({rows}"
        " rows first)",
        "residuals 的形状为 {r_shape};请给一段历史(一维),或每行一段历史(先 {rows} 行)",
    ),
    "kpi.pace.shape_mismatch_3": (
        "noise has shape {s_shape}; give one value, one per row ({rows}), or one per row and "
        "period ({rows} x {n})",
        "noise 的形状为 {s_shape};请给一个值、每行一个({rows}),或每行每期一个({rows} x {n})",
    ),
    "kpi.rows.shape_mismatch": (
        "{name} has {values_size} value(s) (shape {values_shape}) but there are {rows} KPI "
        "row(s) (shape {shape}); give one value for all rows or one per row",
        "{name} 有 {values_size} 个值(形状 {values_shape}),但有 {rows} 行 KPI(形状 {shape});"
        "请给所有行共用一个值,或每行一个",
    ),
    "kpi.rows.bad_direction": (
        "direction: {shown}{where_text} not understood as a KPI direction; use 'higher' "
        "(higher is better, e.g. revenue) or 'lower' (lower is better, e.g. cost of sale), or"
        " True/False",
        "direction:{shown}{where_text} 不是可识别的 KPI 方向;请用 'higher'(越高越好,如收入)或"
        " 'lower'(越低越好,如销售成本),或 True/False",
    ),
    "kpi.rows.must_not_be_negative_got": (
        "{name} must not be negative; got {shown}{where_text}",
        "{name} 不能为负数;收到 {shown}{where_text}",
    ),
    "kpi.signals.bad_type": (
        "flags must be the table returned by a rules function",
        "flags 必须是规则函数返回的表",
    ),
    "kpi.signals.bad_k": (
        "k (the allowance) must not be negative, got {kk:g}",
        "k(容差)不能为负数;收到 {kk:g}",
    ),
    "kpi.signals.bad_h": (
        "h (the decision interval) must be positive, got {hh:g}",
        "h(决策区间)必须为正;收到 {hh:g}",
    ),
    "kpi.signals.bad_shape": (
        "{name} must be one row or column of numbers, got shape {x_shape}",
        "{name} 必须是一行或一列数字;收到形状 {x_shape}",
    ),
    "kpi.signals.too_short": (
        "{name} needs at least {minimum} point(s), got {x_size}",
        "{name} 至少需要 {minimum} 个点;收到 {x_size} 个",
    ),
    "kpi.signals.bad_sigma": (
        "sigma must be positive, got {s:g}",
        "sigma 必须为正;收到 {s:g}",
    ),
    "kpi.signals.bad_type_2": (
        "flags must hold only True/False values (the table returned by a rules function)",
        "flags 只能包含 True/False(规则函数返回的表)",
    ),
    "kpi.signals.too_short_2": (
        "series needs at least 2 points to estimate sigma from the moving range (or give sigma)",
        "series 至少需要 2 个点才能由移动极差估计 sigma(或给出 sigma)",
    ),
    "kpi.status.bad_option": (
        "language must be one of {sorted_status_labels}, got {language!r}",
        "language 必须是 {sorted_status_labels} 之一;收到 {language!r}",
    ),
    "kpi.status.bad_option_2": (
        "basis must be 'relative' or 'sd', got {basis!r}",
        "basis 必须是 'relative' 或 'sd';收到 {basis!r}",
    ),
    "kpi.status.missing_sd": (
        "sd is needed when basis is sd: give the standard deviation of each row",
        "basis 为 sd 时需要 sd:请给出每行的标准差",
    ),
    "kpi.status.bad_threshold": (
        "{what}; got {shown}{where_text}",
        "{what};收到 {shown}{where_text}",
    ),
    "kpi.variance.shape_mismatch": (
        "actual has shape {ac_shape} but {name} has shape {ot_shape}; give one {name} value "
        "for every actual",
        "actual 的形状为 {ac_shape},但 {name} 的形状为 {ot_shape};请为每个实际数给一个 {name} 值",
    ),
}
