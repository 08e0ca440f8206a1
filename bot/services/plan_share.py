"""What a branch's share of the annual plan expects on one day, before it has history."""

from __future__ import annotations

import datetime as dt

from bot.core.org import Organisation


class PlanShare:
    """Daily values the plan expects of each branch (its allocation over its open days)."""

    def __init__(self, org: Organisation) -> None:
        self._org = org

    def daily(self, branch: str, metric: str, day: dt.date) -> float | None:
        """A daily value the branch's share of the annual plan expects (flow metrics only).

        The branch's own allocation of the metric, else the organisation's target split
        evenly between its branches, spread over the branch's open days that year.
        """
        plan = self._org.targets_for(day.year)
        catalogue = self._org.catalogue()
        if plan is None or metric not in catalogue or catalogue.get(metric).kind != "flow":
            return None  # a stock metric's target is a year-end level, not a daily figure
        target: float | None = self._org.allocation(branch, day.year).get(metric)
        if target is None and metric in plan.metrics:
            target = plan.metrics[metric] / len(self._org.branches)
        if target is None:
            return None
        open_days = self._org.open_days(branch, day.year)
        return target / open_days if open_days else None
