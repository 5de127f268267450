"""Texts of budget allocation: curve kinds, parameters, bound status, best move, summary.

Examples
--------
>>> MESSAGES["choice.curve_kind.hill"]
('hill', '希尔曲线')
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    # fitting a curve to history (FIT_RESPONSE, Optimise budget)
    "budget.fit.out_of_range": (
        "cannot fit a {kind} curve to these points: the spends (from {lowest} to {highest}) "
        "or outcomes (up to {top}) span too many orders of magnitude to compute; check for a "
        "mistyped amount",
        "无法用这些数据点拟合{kind}曲线:投入(从 {lowest} 到 {highest})或产出(最高 {top})"
        "跨越的数量级太多,无法计算;请检查是否有输错的金额",
    ),
    # curve kinds (tblChannels curve_kind): the planner may type either language
    "choice.curve_kind.hill": ("hill", "希尔曲线"),
    "choice.curve_kind.michaelis_menten": ("michaelis_menten", "米氏曲线"),
    "choice.curve_kind.logarithmic": ("logarithmic", "对数曲线"),
    "choice.curve_kind.power": ("power", "幂函数曲线"),
    "choice.curve_kind.linear_cap": ("linear_cap", "线性封顶"),
    # what each parameter means, per curve kind (the p1, p2, p3 columns)
    "budget.parameters.legend": (
        "Parameters by curve kind: hill: top (outcome at saturation), half-saturation spend, "
        "slope; michaelis_menten: top, half-saturation spend; logarithmic: scale, reference "
        "spend; power: scale, exponent; linear_cap: rate (outcome per yuan), saturation spend.",
        "各曲线类型的参数:希尔曲线:饱和产出上限、半饱和投入、陡峭度;米氏曲线:饱和产出上限、"
        "半饱和投入;对数曲线:规模系数、参考投入;幂函数曲线:规模系数、指数;线性封顶:每元产出、"
        "饱和投入。",
    ),
    # status of a channel in the optimal allocation
    "budget.bound.free": ("free", "未触及上下限"),
    "budget.bound.at_floor": ("at floor", "处于下限"),
    "budget.bound.at_cap": ("at cap", "处于上限"),
    "budget.bound.fixed": ("fixed", "固定(上下限相同)"),
    "budget.bound.unfunded": ("unfunded", "未投入"),
    # where a channel's curve comes from
    "budget.source.fitted": ("fitted", "历史拟合"),
    "budget.source.entered": ("entered", "手工填写"),
    # sentences
    "budget.best_move": (
        "Move {amount} from {source} to {target} to gain {gain}.",
        "将 {amount} 从{source}调到{target},可多产出 {gain}。",
    ),
    "budget.best_move.none": (
        "No single move improves the proposal.",
        "没有能改进拟投入方案的单项调整。",
    ),
    "budget.below_floor": ("{channel} is {amount} below its floor", "{channel} 比下限低 {amount}"),
    "budget.above_cap": ("{channel} is {amount} above its cap", "{channel} 比上限高 {amount}"),
    "budget.bounds_unmet": (
        "the floors and caps cannot be met with a budget of {budget}",
        "预算为 {budget} 时无法同时满足各渠道的下限和上限",
    ),
    "budget.summary": (
        "The proposal returns {proposed}; the best allocation of {budget} returns {optimal} "
        "({gain} more).",
        "拟投入方案产出 {proposed};{budget} 的最优分配产出 {optimal}(多 {gain})。",
    ),
    "budget.result": (
        "Budget optimised: the proposal returns {proposed}, the best allocation {optimal} "
        "(gain {gain}, {gain_pct}).",
        "预算已优化:拟投入方案产出 {proposed},最优分配产出 {optimal}(增益 {gain},{gain_pct})。",
    ),
}  # fmt: skip
