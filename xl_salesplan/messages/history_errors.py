"""Texts of the problems reported by
history analysis (calendars, plan periods, seasonality, forecast, holidays).

Keys are ``<package>.<module>.<problem>``; the engine raises them with
``PlanningError.of(key, ...)`` and each face renders them in the workbook's language.

Examples
--------
>>> MESSAGES['history.seasonality.empty'][1]
'history 为空:季节曲线需要数据'
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    "history.calendars.unknown_calendar": (
        "calendar: expected 12, 4, 52, 'monthly', 'quarterly', 'weekly' or a fiscal pattern "
        "like '4-4-5', got {spec!r}",
        "calendar:应为 12、4、52、'monthly'、'quarterly'、'weekly' 或 '4-4-5' 这样的财务周期"
        "模式;收到 {spec!r}",
    ),
    "history.calendars.unsupported_aggregation": (
        "cannot aggregate {src_name} periods into {tgt_name} periods: only from a finer "
        "calendar to a coarser one (monthly -> quarterly, weekly -> 4-4-5 or quarterly, 4-4-5"
        " -> quarterly)",
        "无法把 {src_name} 期间汇总为 {tgt_name} 期间:只能从细的日历汇总到粗的日历(月 -> 季,"
        "周 -> 4-4-5 或季,4-4-5 -> 季)",
    ),
    "history.calendars.bad_pattern": (
        "pattern: expected three week counts such as '4-4-5', got {pattern!r}",
        "pattern:应为 '4-4-5' 这样的三个周数;收到 {pattern!r}",
    ),
    "history.calendars.bad_pattern_2": (
        "pattern: the weeks of a fiscal quarter must add up to 13, got {shown} = {sum_weeks}",
        "pattern:一个财务季度的周数合计必须为 13;收到 {shown} = {sum_weeks}",
    ),
    "history.calendars.shape_mismatch": (
        "values: expected whole years of {src_name} periods (a multiple of "
        "{src_periods_per_year}) along the last axis, got {n}",
        "values:最后一维应为整年的 {src_name} 期间({src_periods_per_year} 的整数倍);收到 {n}",
    ),
    "history.calendars.shape_mismatch_2": (
        "history: expected a 1-D series, got shape {arr_shape}",
        "history:应为一维序列;收到形状 {arr_shape}",
    ),
    "history.calendars.bad_start_period": (
        "start_period: expected a period from 0 to {p_1}, got {start_period!r}",
        "start_period:应为 0 到 {p_1} 之间的期间;收到 {start_period!r}",
    ),
    "history.calendars.bad_date": (
        "year_start: the date is blank",
        "year_start:日期为空",
    ),
    "history.calendars.bad_date_2": (
        "year_start: expected a date like '2026-01-04', got {year_start!r}",
        "year_start:应为 '2026-01-04' 这样的日期;收到 {year_start!r}",
    ),
    "history.forecast.invalid_value": (
        "{name}: {value:g} at position {positions_0} {what}",
        "{name}:位置 {positions_0} 的值 {value:g} {what}",
    ),
    "history.forecast.invalid_option": (
        "trend: expected 'compound', 'linear' or 'flat', got {trend!r}",
        "trend:应为 'compound'、'linear' 或 'flat';收到 {trend!r}",
    ),
    "history.forecast.nonpositive_history": (
        "history has a year with a total of 0: compound growth needs positive years; set "
        "trend to linear",
        "history 中有一年合计为 0:复合增长需要各年为正;请把 trend 设为 linear",
    ),
    "history.forecast.empty": (
        "profile: expected one weight per period, got none",
        "profile:应每个期间一个权重;一个也没有",
    ),
    "history.forecast.invalid_unit": (
        "unit: expected a positive number, got {unit!r}",
        "unit:应为正数;收到 {unit!r}",
    ),
    "history.forecast.not_finite": (
        "{name_a} and {name_b} give a result too large to represent",
        "{name_a} 和 {name_b} 的结果太大,无法表示",
    ),
    "history.forecast.shape_mismatch": (
        "total has shape {amount_arr_shape} but the profile has rows of shape {weights_shape_1}",
        "total 的形状为 {amount_arr_shape},但季节曲线每行的形状为 {weights_shape_1}",
    ),
    "history.forecast.shape_mismatch_2": (
        "{name_a} has shape {np_shape_a} and {name_b} has shape {np_shape_b}: they cannot be "
        "combined",
        "{name_a} 的形状为 {np_shape_a},{name_b} 的形状为 {np_shape_b}:两者无法组合",
    ),
    "history.moving_holidays.shape_mismatch": (
        "history must be a table of years x 12 months, got shape {data_shape}",
        "history 必须是 年 x 12 个月 的表;收到形状 {data_shape}",
    ),
    "history.moving_holidays.too_short": (
        "history needs at least 2 years to tell a holiday from the season",
        "history 至少需要 2 年,才能把节假日和季节性区分开",
    ),
    "history.moving_holidays.not_positive": (
        "history: the holiday adjustment works on values above 0; a month is 0 or less",
        "history:节假日调整只适用于大于 0 的值;有一个月为 0 或更小",
    ),
    "history.moving_holidays.shape_mismatch_2": (
        "shares must be 12 monthly shares",
        "shares 必须是 12 个月度占比",
    ),
    "history.moving_holidays.shape_mismatch_3": (
        "effects has {beta_size} values but {x_shape_0} holidays are used",
        "effects 有 {beta_size} 个值,但用到了 {x_shape_0} 个节假日",
    ),
    "history.moving_holidays.unknown_holiday": (
        "unknown holiday {name!r}; use {join_holidays}",
        "未知的节假日 {name!r};请用 {join_holidays}",
    ),
    "history.moving_holidays.out_of_range": (
        "year must be a whole year from {_FIRST_YEAR} to {_LAST_YEAR}, got {value!r}",
        "year 必须是 {_FIRST_YEAR} 到 {_LAST_YEAR} 之间的整年;收到 {value!r}",
    ),
    "history.moving_holidays.no_date": (
        "the holiday calendar has no date of {holiday} in {year} (it has one from {first}): "
        "phase only a history that starts in {first} or later by it, or phase by Chinese New "
        "Year alone",
        "节假日日历中没有 {year} 年的 {holiday} 日期(从 {first} 年起才有):只用 {first} 年及以后的"
        "历史按它分摊,或只按春节分摊",
    ),
    "history.moving_holidays.out_of_range_2": (
        "{name} must be a whole number of days from 0 to 60, got {value!r}",
        "{name} 必须是 0 到 60 之间的整天数;收到 {value!r}",
    ),
    "history.plan_periods.periods_per_year_unknown": (
        "periods: cannot tell how many periods of this length ({code_word}) make a year; use "
        "monthly, quarterly, weekly, daily or yearly periods, or give periods_per_year",
        "periods:无法判断一年有多少个这种长度({code_word})的期间;请用月、季、周、日或年期间,"
        "或给出 periods_per_year",
    ),
    "history.plan_periods.too_many_periods": (
        "periods: {n} plan periods is more than the {_MAX_PERIODS} supported",
        "periods:{n} 个计划期间超过支持的上限 {_MAX_PERIODS}",
    ),
    "history.plan_periods.shape_mismatch": (
        "{name} must be a single row or column, got shape {arr_shape}",
        "{name} 必须是单行或单列;收到形状 {arr_shape}",
    ),
    "history.plan_periods.not_whole": (
        "{name}: position {i} is {out_i:g}; period numbers must be whole numbers within "
        "{_MAX_INDEX:,} of the plan start (or give dates, with the plan periods as dates too)",
        "{name}:位置 {i} 为 {out_i:g};期间编号必须是整数,且与计划起点相差不超过 "
        "{_MAX_INDEX:,}(或给出日期,同时计划期间也用日期)",
    ),
    "history.plan_periods.blank": (
        "{name}: blank value at positions {blank_tolist}",
        "{name}:位置 {blank_tolist} 的值为空",
    ),
    "history.plan_periods.bad_periods": (
        "periods must be the plan periods (at least one) to label the rows",
        "periods 必须是计划期间(至少一个),用来标注各行",
    ),
    "history.plan_periods.not_a_number": (
        "{name} must be a whole number, got {value!r}",
        "{name} 必须是整数;收到 {value!r}",
    ),
    "history.plan_periods.out_of_range": (
        "{name} must be at least {minimum}, got {number}",
        "{name} 至少为 {minimum};收到 {number}",
    ),
    "history.plan_periods.dates_without_calendar": (
        "periods is a number of periods, but {name} has a date at position {position}: give "
        "the plan periods' dates instead (e.g. the first day of each month)",
        "periods 是期间个数,但 {name} 在位置 {position} 是日期:请改为给出计划期间的日期(例如"
        "每月第一天)",
    ),
    "history.plan_periods.empty": (
        "periods is empty; the plan needs at least one period",
        "periods 为空;计划至少需要一个期间",
    ),
    "history.plan_periods.bad_periods_2": (
        "periods contains a blank period",
        "periods 中有空白期间",
    ),
    "history.plan_periods.bad_periods_3": (
        "periods must be consecutive; position {i} ({periods_i}) does not follow position "
        "{i_1} ({periods_i_1})",
        "periods 必须连续;位置 {i}({periods_i})没有接在位置 {i_1}({periods_i_1})之后",
    ),
    "history.plan_periods.not_a_date": (
        "{name}: position {i} is neither a period number nor a date ({item!r})",
        "{name}:位置 {i} 既不是期间编号也不是日期({item!r})",
    ),
    "history.plan_periods.bad_periods_4": (
        "periods: cannot tell the period length of these dates; give the first day of each "
        "plan period, one month, quarter, week, day or year apart",
        "periods:无法判断这些日期的期间长度;请给出每个计划期间的第一天,间隔一个月、季、周、日或年",
    ),
    "history.plan_periods.not_a_date_2": (
        "{name}: a date is outside the supported calendar range",
        "{name}:有日期超出支持的日历范围",
    ),
    "history.seasonality.invalid_option": (
        "detrend: expected 'smooth' or 'yearly', got {detrend!r}",
        "detrend:应为 'smooth' 或 'yearly';收到 {detrend!r}",
    ),
    "history.seasonality.bad_max_iter": (
        "max_iter: expected a whole number of at least 1, got {max_iter!r}",
        "max_iter:应为至少为 1 的整数;收到 {max_iter!r}",
    ),
    "history.seasonality.no_pattern": (
        "the history gives no usable seasonal pattern (every period would be blank); check "
        "that the history holds the revenue of whole years",
        "历史数据得不出可用的季节模式(每个期间都会是空白);请检查历史数据是否包含整年的收入",
    ),
    "history.seasonality.bad_threshold": (
        "outlier_threshold: expected a positive number (or inf to switch damping off), got "
        "{value!r}",
        "outlier_threshold:应为正数(或 inf 关闭削峰);收到 {value!r}",
    ),
    "history.seasonality.empty": (
        "history is empty: a seasonal profile needs data",
        "history 为空:季节曲线需要数据",
    ),
    "history.seasonality.shape_mismatch": (
        "history: expected a 1-D series or a (years, periods) table, got shape {arr_shape}",
        "history:应为一维序列或 (年, 期间) 表;收到形状 {arr_shape}",
    ),
    "history.seasonality.negative_values": (
        "history has negative values at positions {shown} (lowest {np_nanmin_arr:g}); "
        "seasonal shares need values of 0 or more",
        "history 在位置 {shown} 有负数(最低 {np_nanmin_arr:g});季节占比需要大于等于 0 的值",
    ),
    "history.seasonality.all_blank": (
        "history is all blank: a seasonal profile needs data",
        "history 全为空白:季节曲线需要数据",
    ),
    "history.seasonality.shape_mismatch_2": (
        "history has {arr_shape_1} columns but a year has {p} periods in the {src_name} "
        "calendar: give one column per period (one row per year), or one long row or column "
        "of consecutive periods",
        "history 有 {arr_shape_1} 列,但 {src_name} 日历的一年有 {p} 个期间:请每个期间一列(每"
        "年一行),或给出一长行/一长列连续期间",
    ),
    "history.seasonality.too_short": (
        "history has no value for {empty_size} of the {cal_periods_per_year} {cal_name} "
        "periods ({labels}; positions {join_str_int_i_for_i_in_empty}){without}: a seasonal "
        "profile needs at least one full cycle",
        "history 在 {cal_periods_per_year} 个 {cal_name} 期间中有 {empty_size} 个没有值("
        "{labels};位置 {join_str_int_i_for_i_in_empty}){without}:季节曲线至少需要一个完整周期",
    ),
    "history.seasonality.all_zero": (
        "history is all zero: there is no seasonal pattern to estimate",
        "history 全为零:没有可估计的季节模式",
    ),
    "history.seasonality.too_short_2": (
        "history has {arr_size} {src_name} periods; a seasonal profile needs at least one "
        "full cycle of {p}",
        "history 只有 {arr_size} 个 {src_name} 期间;季节曲线至少需要一个完整周期,即 {p} 个",
    ),
}
