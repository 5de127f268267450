"""The demo: a complete plan workbook from the sample company, every action run on it.

:func:`run_demo` builds the workbook from the template (sample company data), then
runs what a planner would click through: Validate inputs, Build plan, Optimise
budget, Import actuals (from a CRM-style CSV export of the sample actuals, with a
column mapping), Flag KPIs, Re-plan, Share copy and Snapshot version. It returns a short
summary: targets by region, the budget's score and gain, the KPI status counts, and the
planning loop (:func:`plan_loop_lines`): the target from the market and its realism
verdict, the customers needed, the holiday-adjusted phasing, the re-plan's shortfall and
the incentive plan's cost.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from xl_salesplan.actions.actuals import import_actuals
from xl_salesplan.actions.budget import optimise_budget
from xl_salesplan.actions.kpi import flag_kpis
from xl_salesplan.actions.plan import build_plan
from xl_salesplan.actions.replan import replan_plan
from xl_salesplan.actions.result import ActionResult, Progress, no_progress
from xl_salesplan.actions.share import share_copy
from xl_salesplan.actions.validate import validate_inputs
from xl_salesplan.actions.versions import default_snapshot_path, snapshot_version
from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import Listing, Text, message
from xl_salesplan.sample_languages import sample_company_in
from xl_salesplan.workbook.book import FileBook

__all__ = ["CRM_HEADERS", "plan_loop_lines", "run_demo", "sample_plan", "write_crm_export"]

#: Column names of the demo's CRM export and the mapping to the actuals columns.
CRM_HEADERS = {
    "month": "Close Date",
    "region": "Sales Territory",
    "product_line": "Product Family",
    "rep_id": "Opportunity Owner",
    "revenue": "Amount (CNY)",
    "deals": "Won Deals",
}


@lru_cache(maxsize=2)
def _template(language: str) -> bytes:
    from xl_salesplan.template.build import template_bytes

    return template_bytes(lang=language)


def sample_plan(path: str | os.PathLike[str], language: str = "en") -> Path:
    """Write the sample plan workbook (the template: the sample company) to ``path``.

    The workbook is built once per process and copied after that.

    Examples
    --------
    >>> import tempfile
    >>> path = sample_plan(Path(tempfile.mkdtemp()) / "plan.xlsm")
    >>> FileBook.open(path).read_value("Assumptions", "B8")
    0.2
    """
    target = Path(path)
    target.write_bytes(_template(language))
    return target


def write_crm_export(path: Path, language: str = "en") -> Path:
    """The sample company's plan-year actuals as a CSV export with CRM column names.

    The names of regions and product lines are those of a workbook in ``language``.

    Examples
    --------
    >>> import tempfile
    >>> export = write_crm_export(Path(tempfile.mkdtemp()) / "crm.csv")
    >>> export.read_text().splitlines()[0]
    'Close Date,Sales Territory,Product Family,Opportunity Owner,Amount (CNY),Won Deals'
    """
    actuals = sample_company_in(language).ytd_actuals
    export = actuals[list(CRM_HEADERS)].rename(columns=CRM_HEADERS)
    export[CRM_HEADERS["month"]] = actuals["month"].dt.strftime("%Y-%m-%d")
    export.to_csv(path, index=False, lineterminator="\n")
    return path


def plan_loop_lines(steps: dict[str, ActionResult], language: str = "en") -> list[str]:
    """The demo's lines on the planning loop, from the results of Build plan, Flag KPIs and
    Re-plan: market target and verdict, customers needed, phasing, re-plan, incentive cost.

    Examples
    --------
    >>> plan = ActionResult("build_plan", "", {"target": 100.0, "phasing": "Calendar months",
    ...     "market": {"target_from_market": 90.0, "verdict": "Stretch", "from_existing": 60.0,
    ...                "new_customers": 12.4, "leads": 248.0}})
    >>> kpis = ActionResult("flag_kpis", "", {"incentive_cost": {"expected_cost": 8.0,
    ...     "p90_cost": 11.0, "cost_share": 0.08}})
    >>> replan = ActionResult("replan", "", {"closed_months": 9, "landing": 95.0,
    ...     "annual_total": 100.0, "shortfall": 2.0})
    >>> for line in plan_loop_lines({"build_plan": plan, "flag_kpis": kpis, "replan": replan}):
    ...     print(line)
    From the market: target 90 against the plan's 100; realism check: Stretch
    Customers: 60 from today's customers, 13 new customers needed (248 leads)
    Phasing: Calendar months
    Re-plan after 9 month(s): landing on the pace to date 95; keeping 100 is short of capacity by 2
    Incentive cost: expected 8, P90 11 (8.0% of revenue)
    """
    plan = steps["build_plan"].details
    market = plan["market"]
    lines = [
        message("action.demo.market", language, market=f"{market['target_from_market']:,.0f}",
                target=f"{plan['target']:,.0f}", verdict=market["verdict"]),
        message("action.demo.customers", language, existing=f"{market['from_existing']:,.0f}",
                new=f"{math.ceil(market['new_customers'] - 1e-9):,}",
                leads=f"{math.ceil(market['leads'] - 1e-9):,}"),
        message("action.demo.phasing", language, line=plan["phasing"]),
    ]  # fmt: skip
    replan = steps["replan"].details
    short = float(replan["shortfall"])
    lines.append(
        message("action.demo.replan" if short > 0 else "action.demo.replan_met", language,
                closed=replan["closed_months"], landing=f"{replan['landing']:,.0f}",
                total=f"{replan['annual_total']:,.0f}", short=f"{short:,.0f}")
    )  # fmt: skip
    cost = steps["flag_kpis"].details["incentive_cost"]
    lines.append(
        message("action.demo.incentives", language, expected=f"{cost['expected_cost']:,.0f}",
                p90=f"{cost['p90_cost']:,.0f}", share=f"{cost['cost_share']:.1%}")
    )  # fmt: skip
    return lines


def run_demo(path: Path, *, language: str = "en", progress: Progress = no_progress) -> ActionResult:
    """Build the demo workbook at ``path`` and run every action on it.

    Returns
    -------
    ActionResult
        Details: ``path``, ``share_copy``, ``snapshot``, ``seconds``, ``targets``
        (region -> target), ``budget`` (proposed and optimal outcome, gain),
        ``kpi_status`` (label -> count) and ``steps`` (each action's message).

    Examples
    --------
    >>> import tempfile
    >>> result = run_demo(Path(tempfile.mkdtemp()) / "demo.xlsm")
    >>> result.details["targets"]["East"], result.details["kpi_status"]["On track"]
    (23612000.0, 3)
    """
    from xl_salesplan.template.build import build_template

    start = time.perf_counter()
    path = Path(path)
    progress(0.02, Text("progress.demo_template"))
    build_template(path, lang=language)
    steps: dict[str, ActionResult] = {}
    with tempfile.TemporaryDirectory(prefix="xlsp-demo-") as folder:
        export = write_crm_export(Path(folder) / "crm_export.csv", language)
        book = FileBook.open(path)
        try:
            progress(0.3, Text("progress.validating"))
            steps["validate_inputs"] = validate_inputs(book)
            checked = steps["validate_inputs"]
            if not checked.ok:  # the problems, said in the language they are shown in
                found = Listing((Text(checked.key or "", checked.params), *checked.lines), "\n")
                raise PlanningError.of("action.validate.found", code="invalid_input", found=found)
            progress(0.4, Text("progress.demo_plan"))
            steps["build_plan"] = build_plan(book, save=False)
            progress(0.55, Text("progress.demo_budget"))
            steps["optimise_budget"] = optimise_budget(book, save=False)
            progress(0.65, Text("progress.demo_actuals"))
            mapping = [f"{column}={header}" for column, header in CRM_HEADERS.items()]
            steps["import_actuals"] = import_actuals(book, export, mapping, save=False)
            progress(0.75, Text("progress.demo_kpis"))
            steps["flag_kpis"] = flag_kpis(book, save=False)
            progress(0.8, Text("progress.replanning"))
            steps["replan"] = replan_plan(book, save=False)
            progress(0.85, Text("progress.saving"))
            book.save()
        finally:
            book.close()
    progress(0.9, Text("progress.demo_share"))
    steps["share_copy"] = share_copy(path)
    snapshot_path = default_snapshot_path(path, dt.datetime.now())
    with FileBook.open(path) as book:
        steps["snapshot_version"] = snapshot_version(
            book, snapshot_path, label="demo", source=path.name, workbook_path=path
        )
    seconds = time.perf_counter() - start
    progress(1.0, Text("progress.done"))
    plan = steps["build_plan"].details
    budget = steps["optimise_budget"].details
    counts = steps["flag_kpis"].details["status_counts"]
    lines = [message("action.demo.targets", language)]
    lines += [f"  {region:<12} {value:>14,.0f}" for region, value in plan["regions"].items()]
    lines.append(f"  {message('action.demo.total', language):<12} {plan['target']:>14,.0f}")
    lines.append(
        message("action.demo.budget", language, proposed=f"{budget['proposed_outcome']:,.0f}",
                optimal=f"{budget['optimal_outcome']:,.0f}", gain=f"{budget['gain']:,.0f}",
                pct=f"{budget['gain_pct']:+.1%}")
    )  # fmt: skip
    listed = ", ".join(f"{label} {n}" for label, n in counts.items())
    lines.append(message("action.demo.kpi", language, counts=listed))
    lines += plan_loop_lines(steps, language)
    lines.append(message("action.demo.share", language, path=steps["share_copy"].details["path"]))
    lines.append(message("action.demo.snapshot", language, path=snapshot_path))
    return ActionResult.of(
        "demo",
        "action.demo.done",
        {"path": str(path), "seconds": f"{seconds:.1f}"},
        {
            "path": str(path),
            "share_copy": steps["share_copy"].details["path"],
            "snapshot": str(snapshot_path),
            "seconds": seconds,
            "targets": plan["regions"],
            "annual_target": plan["target"],
            "budget": {
                k: budget[k]
                for k in ("proposed_outcome", "optimal_outcome", "gain", "gain_pct", "multiplier")
            },
            "kpi_status": counts,
            "market": plan["market"],
            "phasing": plan["phasing"],
            "replan": {
                k: steps["replan"].details[k]
                for k in ("annual_total", "landing", "shortfall", "closed_months")
            },
            "incentive_cost": steps["flag_kpis"].details["incentive_cost"],
            "steps": {name: result.message for name, result in steps.items()},
        },
        lines=lines,
    )
