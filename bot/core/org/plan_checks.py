"""Doubts about the annual plan: the bot runs with them, ``libbot check`` prints them.

A target is doubtful when it is 0 (met before the year begins), or when it cannot be met
without absurd figures: a count over the days (flow) needing more than the metric's
``daily_max`` — the most one branch can believably report in a day — on every day its
branches are open that year; a level (stock) above ``daily_max`` at every branch. The
branches' allocations of a metric are doubtful when together they exceed the system's
target, which the digest and ``/progress`` then contradict.
"""

from __future__ import annotations

from bot.core.metrics import Metric
from bot.core.org.organisation import Organisation
from bot.core.org_errors import Loc

__all__ = ["plan_warnings"]


def plan_warnings(org: Organisation) -> list[tuple[Loc, str]]:
    """What looks wrong in the file's annual plans, roughly in file order."""
    found: list[tuple[Loc, str]] = []
    catalogue = org.catalogue()
    for year, plan in sorted(org.targets.items()):
        allocations = org.allocations(year)
        scaled = " after prorating" if plan.prorate else ""
        count = len(org.branches)
        days = sum(org.open_days(b.code, year) for b in org.branches)
        every = (
            f"at each of the {count} branches on each day it is open ({days} branch-days in {year})"
            if count > 1
            else f"on each of the branch's {days} open days in {year}"
        )
        for code, target in plan.metrics.items():
            loc: Loc = ("targets", str(year), code)
            if doubt := _doubt(catalogue.get(code), target, days, count, every):
                found.append((loc, f"is {target}: {doubt}"))
            shared = [a[code] for a in allocations.values() if code in a]
            if target and sum(shared) > target:
                to = f"{len(shared)} branch{'es' if len(shared) > 1 else ''}"
                found.append((loc, (
                    f"the allocations of {code} to {to} add up to {sum(shared)}{scaled},"
                    f" more than this target of the whole system ({target}): the branches'"
                    " progress and the system's would disagree"
                )))  # fmt: skip
        for branch, figures in plan.branches.items():
            open_days = org.open_days(branch, year)
            own = f"on each of the branch's {open_days} open days in {year}"
            for code, raw in figures.items():
                value = allocations.get(branch, {}).get(code, raw)
                if raw and not value:
                    continue  # prorated to nothing: the branch is not in service that year
                if doubt := _doubt(catalogue.get(code), value, open_days, 1, own):
                    shown = f"{raw} ({value}{scaled})" if value != raw else f"{raw}"
                    where = ("targets", str(year), "branches", branch, code)
                    found.append((where, f"is {shown}: {doubt}"))
    return found


def _doubt(metric: Metric, target: int, days: int, branches: int, span: str) -> str | None:
    """Why ``target`` is absurd for ``branches`` open ``days`` days in all, if it is."""
    if target == 0:
        return "a target met before the year begins: leave it out for no target"
    most = f"{metric.daily_max} (the most one branch can believably report, daily_max)"
    if metric.kind == "stock":
        if target > metric.daily_max * branches:
            where = f"at each of the {branches} branches" if branches > 1 else "at the branch"
            return f"a level above {most} {where}; is a digit too many?"
        return None
    if not days:
        return "no day of the year is open to reach it"
    if target > metric.daily_max * days:
        return f"more than {most} {span}; is a digit too many?"
    return None
