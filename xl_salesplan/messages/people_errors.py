"""Texts of the problems reported by
people planning (capacity, hiring, funnel, quota risk, incentives).

Keys are ``<package>.<module>.<problem>``; the engine raises them with
``PlanningError.of(key, ...)`` and each face renders them in the workbook's language.

Examples
--------
>>> MESSAGES['people.quota_risk.empty'][1]
'quotas 为空;请每位代表给一个配额'
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    "people.capacity.bad_attrition_basis": (
        "attrition_basis must be 'annual' or 'per_period', got {basis!r}",
        "attrition_basis 必须是 'annual' 或 'per_period';收到 {basis!r}",
    ),
    "people.capacity.empty": (
        "start: no reps given (the list of start dates is empty)",
        "start:没有销售代表(入职日期列表为空)",
    ),
    "people.capacity.empty_2": (
        "ramp_profile is empty; give the share of full quota by month in seat, e.g. [0, 0.25,"
        " 0.5, 0.75, 1.0]",
        "ramp_profile 为空;请给出按在岗月数的满额配额占比,例如 [0, 0.25, 0.5, 0.75, 1.0]",
    ),
    "people.capacity.blank": (
        "ramp_profile: blank value at positions {pos}",
        "ramp_profile:位置 {pos} 的值为空",
    ),
    "people.capacity.ramp_not_full": (
        "ramp_profile must end at 100% (1.0) so that a ramped rep carries the full quota; it "
        "ends at {ramp_1:g} (position {last})",
        "ramp_profile 必须以 100%(1.0)结尾,爬坡完成的代表才能承担全额配额;现在以 {ramp_1:g} "
        "结尾(位置 {last})",
    ),
    "people.capacity.ramp_decreasing": (
        "ramp_profile must not decrease; position {i} ({ramp_i:g}) is below position {i_1} ("
        "{ramp_i_1:g})",
        "ramp_profile 不能下降;位置 {i}({ramp_i:g})低于位置 {i_1}({ramp_i_1:g})",
    ),
    "people.capacity.empty_3": (
        "{name} is empty; give one value per plan period",
        "{name} 为空;请每个计划期间给一个值",
    ),
    "people.capacity.shape_mismatch": (
        "{name} has {arr_size} values but the target has {n} periods",
        "{name} 有 {arr_size} 个值,但目标有 {n} 个期间",
    ),
    "people.capacity.attrition_out_of_range": (
        "attrition must be a rate from 0 up to (not including) 1, e.g. 0.2 for 20%; got {rate:g}",
        "attrition 必须是 0 到 1(不含 1)之间的比率,例如 0.2 表示 20%;收到 {rate:g}",
    ),
    "people.capacity.shape_mismatch_2": (
        "leave has {leaves_size} entries but start has {n_reps} (one per rep)",
        "leave 有 {leaves_size} 项,但 start 有 {n_reps} 项(每位代表一项)",
    ),
    "people.capacity.leave_before_start": (
        "leave: rep at position {i} leaves ({shown_leave_i}) before starting ({shown_start_i}"
        "); reps at positions {early_tolist} leave before they start",
        "leave:位置 {i} 的代表在入职({shown_start_i})之前离职({shown_leave_i});位置 "
        "{early_tolist} 的代表都在入职前离职",
    ),
    "people.capacity.shape_mismatch_3": (
        "{name} has shape {arr_shape} but there are {n_reps} reps and {n} periods; give one "
        "number, one per rep ({n_reps},), or a reps x periods table ({n_reps}, {n}) (one row "
        "(1, {n}) applies to every rep)",
        "{name} 的形状为 {arr_shape},但有 {n_reps} 位代表和 {n} 个期间;请给一个数、每位代表一"
        "个 ({n_reps},),或 代表 x 期间 的表 ({n_reps}, {n})(一行 (1, {n}) 适用于每位代表)",
    ),
    "people.funnel.empty": (
        "revenue_target is empty; give the revenue to close in each plan period",
        "revenue_target 为空;请给出每个计划期间要成交的收入",
    ),
    "people.funnel.overflow": (
        "funnel volumes are too large to compute; check the units of revenue_target and "
        "avg_deal_size",
        "漏斗数量太大,无法计算;请检查 revenue_target 和 avg_deal_size 的单位",
    ),
    "people.funnel.shape_mismatch": (
        "avg_deal_size has {arr_size} values but revenue_target has {n} periods; give one "
        "number or one per period",
        "avg_deal_size 有 {arr_size} 个值,但 revenue_target 有 {n} 个期间;请给一个数或每个期"
        "间一个数",
    ),
    "people.funnel.empty_2": (
        "conversion_rates is empty; give at least one stage rate, e.g. [0.2, 0.25]",
        "conversion_rates 为空;请至少给一个阶段转化率,例如 [0.2, 0.25]",
    ),
    "people.funnel.shape_mismatch_2": (
        "lags has {arr_size} values but there are {k} conversion rates; give one lag per rate"
        " or one number for all",
        "lags 有 {arr_size} 个值,但转化率有 {k} 个;请每个转化率一个周期差,或全部共用一个数",
    ),
    "people.funnel.bad_stage_names": (
        "stage_names must be {k_1} different names (one more than the conversion rates), got "
        "{list_out}",
        "stage_names 必须是 {k_1} 个不同的名称(比转化率多一个);收到 {list_out}",
    ),
    "people.funnel.unknown_stage": (
        "no funnel stage named {name!r}; stages are {list_self_stage_names}",
        "没有名为 {name!r} 的漏斗阶段;阶段有 {list_self_stage_names}",
    ),
    "people.hiring.period_short": ("period {period} is short by {gap}", "第 {period} 期短缺 {gap}"),
    "people.hiring.year_to_date_short": (
        "by the end of period {period} the year to date is short by {gap}",
        "截至第 {period} 期末,年初至今短缺 {gap}",
    ),
    "people.hiring.in": ("in", "在"),
    "people.hiring.up_to": ("up to", "截至"),
    "people.hiring.at_period": ("period {period}", "第 {period} 期"),
    "people.hiring.year_to_date_at": (
        "the year to date at period {period}",
        "截至第 {period} 期的年初至今",
    ),
    "people.hiring.infeasible": (
        "target: {shortfall} of quota capacity and no hire can help (a rep starting in period"
        " {begin}, the earliest allowed or useful start, carries 0 quota {by} period {period}"
        "); allow earlier starts, raise quota_per_rep there or lower the target",
        "target:{shortfall}的配额产能,任何招聘都无济于事(在第 {begin} 期入职的代表,即最早允许或"
        "有用的入职期,{by}第 {period} 期的配额为 0);请允许更早入职、提高该期的 quota_per_rep 或降"
        "低目标",
    ),
    "people.hiring.attainment_not_positive": (
        "expected_attainment must be above 0 (e.g. 0.85 for 85% of quota), got {attain:g}",
        "expected_attainment 必须大于 0(例如 0.85 表示完成配额的 85%);收到 {attain:g}",
    ),
    "people.hiring.negative_over_assignment": (
        "over_assignment must be 0 or more (e.g. 0.15 for a 15% cushion), got {cushion:g}",
        "over_assignment 必须大于等于 0(例如 0.15 表示 15% 的缓冲);收到 {cushion:g}",
    ),
    "people.hiring.bad_coverage": (
        "coverage must be 'period' or 'cumulative', got {coverage!r}",
        "coverage 必须是 'period' 或 'cumulative';收到 {coverage!r}",
    ),
    "people.hiring.earliest_start_after_plan": (
        "earliest_start {lowest} is after the last plan period {n_1}",
        "earliest_start {lowest} 晚于最后一个计划期间 {n_1}",
    ),
    "people.hiring.too_many_hires": (
        "target: {where_text} would need {needed:.3g} new reps (more than {_MAX_HIRES:,}); "
        "check the units of target and quota_per_rep",
        "target:{where_text}需要 {needed:.3g} 名新代表(超过 {_MAX_HIRES:,});请检查 target 和 "
        "quota_per_rep 的单位",
    ),
    "people.hiring.shape_mismatch": (
        "existing_capacity has shape {arr_shape}; expected ({n},) or (reps, {n}) to match the"
        " {n} target periods",
        "existing_capacity 的形状为 {arr_shape};应为 ({n},) 或 (代表, {n}),与 {n} 个目标期间对应",
    ),
    "people.incentives.empty": (
        "the tier table is empty; give at least a threshold and its rate",
        "阶梯表为空;请至少给出一个门槛及其提成率",
    ),
    "people.incentives.too_many_tiers": (
        "the tier table has {start_size} tiers; a payout curve takes at most {MAX_TIERS}",
        "阶梯表有 {start_size} 档;一条提成曲线最多 {MAX_TIERS} 档",
    ),
    "people.incentives.shape_mismatch": (
        "the tier table has {start_size} tier starts but {rate_size} rates",
        "阶梯表有 {start_size} 个起点,但有 {rate_size} 个提成率",
    ),
    "people.incentives.cap_not_positive": (
        "cap must be above 0, got {top:g}",
        "cap 必须大于 0;收到 {top:g}",
    ),
    "people.incentives.shape_mismatch_2": (
        "attainment must be one column per measurement period",
        "attainment 必须每个考核期间一列",
    ),
    "people.incentives.shape_mismatch_3": (
        "target_incentive has {incentive_size} values but there are {a_shape_0} reps",
        "target_incentive 有 {incentive_size} 个值,但有 {a_shape_0} 位代表",
    ),
    "people.incentives.zero_quotas": (
        "quotas are all 0 or empty; at least one rep needs a quota",
        "配额全为 0 或为空;至少需要一位代表有配额",
    ),
    "people.incentives.shape_mismatch_4": (
        "target_incentive has {incentive_size} values but there are {quota_size} reps",
        "target_incentive 有 {incentive_size} 个值,但有 {quota_size} 位代表",
    ),
    "people.incentives.negative": (
        "bonus_per_customer must be 0 or more",
        "bonus_per_customer 必须大于等于 0",
    ),
    "people.incentives.shape_mismatch_5": (
        "new_customers has {won_size} values but there are {a_shape_0} reps",
        "new_customers 有 {won_size} 个值,但有 {a_shape_0} 位代表",
    ),
    "people.quota_risk.target_not_positive": (
        "company_target must be above 0, got {target:g}",
        "company_target 必须大于 0;收到 {target:g}",
    ),
    "people.quota_risk.overflow": (
        "team bookings are too large to compute; check the units of quotas",
        "团队业绩太大,无法计算;请检查配额的单位",
    ),
    "people.quota_risk.empty": (
        "quotas is empty; give one quota per rep",
        "quotas 为空;请每位代表给一个配额",
    ),
    "people.quota_risk.overflow_2": (
        "quotas are too large to add up; check their units",
        "配额太大,无法相加;请检查其单位",
    ),
    "people.quota_risk.zero_quotas": (
        "quotas are all 0; at least one rep needs a quota",
        "配额全为 0;至少需要一位代表有配额",
    ),
    "people.quota_risk.at_most": (" and at most {maximum:,}", ",且不超过 {maximum:,}"),
    "people.quota_risk.out_of_range": (
        "{name} must be at least {minimum}{limit}, got {number}",
        "{name} 至少为 {minimum}{limit};收到 {number}",
    ),
    "people.quota_risk.attainment_source": (
        "give either attainment_sample (historical attainment ratios) or distribution "
        "('normal', 'lognormal' or 'beta' with mean and sd), not both or neither",
        "请给出 attainment_sample(历史达成率)或 distribution('normal'、'lognormal' 或 'beta',"
        "附 mean 和 sd)二者之一,不能都给或都不给",
    ),
    "people.quota_risk.unknown_distribution": (
        "distribution must be {join_distributions_1} or {distributions_1}, got {distribution!r}",
        "distribution 必须是 {join_distributions_1} 或 {distributions_1};收到 {distribution!r}",
    ),
    "people.quota_risk.missing_parameters": (
        "distribution {distribution!r} needs mean and sd of the attainment ratio (e.g. mean "
        "0.9 and sd 0.25)",
        "distribution {distribution!r} 需要达成率的 mean 和 sd(例如 mean 0.9,sd 0.25)",
    ),
    "people.quota_risk.mean_not_positive": (
        "mean attainment must be above 0, got {mu:g}",
        "平均达成率必须大于 0;收到 {mu:g}",
    ),
    "people.quota_risk.negative_sd": (
        "sd must be 0 or more, got {sigma:g}",
        "sd 必须大于等于 0;收到 {sigma:g}",
    ),
    "people.quota_risk.empty_2": (
        "attainment_sample is empty; give historical attainment ratios (1.0 = 100%)",
        "attainment_sample 为空;请给出历史达成率(1.0 = 100%)",
    ),
    "people.quota_risk.beta_infeasible": (
        "mean {mu:g} must be below upper {top:g} for the beta distribution",
        "beta 分布的 mean {mu:g} 必须低于上限 {top:g}",
    ),
    "people.quota_risk.beta_infeasible_2": (
        "sd {sigma:g} is too large for mean {mu:g} on [0, {top:g}] (beta distribution); it "
        "must be below {most:.4g} (or use lognormal)",
        "对 [0, {top:g}] 上的 mean {mu:g} 来说 sd {sigma:g} 太大(beta 分布);必须低于 "
        "{most:.4g}(或改用 lognormal)",
    ),
    "people.quota_risk.not_whole": (
        "{name} must be a whole number, got {value!r}",
        "{name} 必须是整数;收到 {value!r}",
    ),
    "people.scorecard.shape_mismatch": (
        "names has {len_labels} entries but there are {q_size} reps",
        "names 有 {len_labels} 项,但有 {q_size} 位代表",
    ),
    "people.scorecard.shape_mismatch_2": (
        "{name} has {arr_size} values but there are {size} reps",
        "{name} 有 {arr_size} 个值,但有 {size} 位代表",
    ),
    "people.scorecard.empty": (
        "{name} is empty; give one value per rep",
        "{name} 为空;请每位代表给一个值",
    ),
}
