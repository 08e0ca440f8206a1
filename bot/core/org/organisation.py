"""The whole organisation: its sections cross-checked, and the questions asked of it."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from pydantic import Field, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from bot.core.deadlines.rules import DeadlineDef
from bot.core.evaluation import Basis
from bot.core.metrics import MetricCatalogue
from bot.core.open_days import OpenDays
from bot.core.org.changes import BranchChange, apply_changes
from bot.core.org.consistency import Sections, problems
from bot.core.org.sections import (
    Branch,
    MetricDef,
    OrgInfo,
    OrgModel,
    Schedule,
    StaffMember,
    Threshold,
    Year,
    YearTargets,
)
from bot.core.org_errors import dotted

__all__ = ["Organisation"]


@dataclass(slots=True)
class _Branches:
    """The branches in force (the file's with the chat's changes) and what follows from them."""

    branches: tuple[Branch, ...]
    index: dict[str, Branch] = field(init=False)
    children: dict[str, list[str]] = field(init=False)
    open_days: dict[tuple[str, int], tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.index = {b.code: b for b in self.branches}
        self.children = {}
        for b in self.branches:
            if b.parent is not None:
                self.children.setdefault(b.parent, []).append(b.code)


class Organisation(OrgModel):
    """The whole organisation file, validated and cross-checked.

    Everything but the branches is as the file says. The branches are the file's
    ``[[branches]]`` (``file_branches``) with the changes made in chat applied over them
    (:meth:`use_branch_changes`); every question about branches is answered from those.
    """

    org: OrgInfo
    schedule: Schedule = Schedule()
    file_branches: tuple[Branch, ...] = Field(alias="branches", min_length=1)
    staff: tuple[StaffMember, ...] = ()
    targets: dict[Year, YearTargets] = Field(default_factory=dict)
    metrics: tuple[MetricDef, ...] = ()
    deadlines: tuple[DeadlineDef, ...] = ()
    evaluation: dict[str, Threshold] = Field(default_factory=dict)  # indicator -> threshold
    _live: _Branches | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _consistent(self) -> Organisation:
        found = list(
            problems(
                Sections.whole(
                    self.file_branches, self.staff, self.metrics, self.targets,
                    self.evaluation, self.deadlines,
                )
            )
        )  # fmt: skip
        if found:
            raise PydanticCustomError(
                "org_consistency",
                "{count} problems across the sections, first {first}",
                {"count": len(found), "first": dotted(found[0][0]), "problems": found},
            )
        return self

    @property
    def branches(self) -> tuple[Branch, ...]:
        """Every branch, closed ones included: the file's, then those added in chat."""
        return self._branches.branches

    def use_branch_changes(self, changes: Sequence[BranchChange]) -> None:
        """Apply the branch changes made in chat (all of them, in order) over the file's."""
        self._live = _Branches(apply_changes(self.file_branches, changes))

    @property
    def _branches(self) -> _Branches:
        if self._live is None:
            self._live = _Branches(self.file_branches)
        return self._live

    def catalogue(self) -> MetricCatalogue:
        """The default metric catalogue plus the file's ``[[metrics]]``."""
        return self._catalogue

    def branch(self, code: str) -> Branch:
        """The branch with this code; ``KeyError`` when there is none."""
        return self._branches.index[code]

    def resolve_branch(self, hint: str) -> Branch | None:
        """The branch a person means: code, name, alias, then a unique part of a name,
        then the one name that holds the hint's characters in order from its first
        (新华路服务点 for 新华路社区服务点, 角楼馆 for 角楼图书馆)."""
        needle = hint.strip().lstrip("#＃").strip().casefold()
        if not needle:
            return None
        for found in (
            [b for b in self.branches if b.code == needle],
            [b for b in self.branches if b.name.casefold() == needle],
            [b for b in self.branches if needle in (a.casefold() for a in b.aliases)],
        ):
            if found:
                return found[0]
        names = [(b, [n.casefold() for n in (b.name, *b.aliases)]) for b in self.branches]
        partial = [b for b, held in names if any(needle in n for n in held)]
        if partial:
            return partial[0] if len(partial) == 1 else None
        if len(needle) < 3:
            return None
        shortened = [b for b, held in names if any(_shortens(n, needle) for n in held)]
        return shortened[0] if len(shortened) == 1 else None

    def descendants(self, code: str) -> list[str]:
        """``code`` and the codes of every branch below it, depth first in file order."""
        self.branch(code)
        codes = [code]
        for child in self._branches.children.get(code, ()):
            codes.extend(self.descendants(child))
        return codes

    def staff_member(self, user_id: int) -> StaffMember | None:
        """The rostered staff member with this Telegram user id, if any."""
        return self._staff_index.get(user_id)

    def in_service(self, branch: Branch, day: date) -> bool:
        """Whether ``day`` lies between the branch's opening and its closing (as changed
        in chat too): outside them it is neither open nor closed, it does not exist."""
        return self._branches.index.get(branch.code, branch).in_service(day)

    def is_open(self, branch: Branch, day: date) -> bool:
        """Whether ``branch`` is expected to report on ``day``: in service, and open by its
        closing weekdays and public holidays. Reminders, /missing, escalations, the digest
        and the plan's daily shares all ask this."""
        return self.in_service(branch, day) and self._open_days.is_open(branch, day)

    def basis(self, code: str | None = None) -> Basis:
        """The evaluation's bases: the organisation's, or one branch's (what it declares)."""
        held = self.org if code is None else self.branch(code)
        return Basis(held.population, held.cardholders, held.holdings)

    def targets_for(self, year: int) -> YearTargets | None:
        """The annual plan for ``year``, if the file has one."""
        return self.targets.get(year)

    def allocation(self, code: str, year: int) -> dict[str, int]:
        """A branch's allocation of ``year``'s plan; with ``prorate = true``, scaled by
        the share of the year's open days it is in service for (:meth:`open_share`)."""
        plan = self.targets_for(year)
        if plan is None:
            return {}
        allocation = plan.for_branch(code)
        share = self.open_share(code, year) if plan.prorate else 1.0
        if share == 1.0:
            return allocation
        return {metric: round(value * share) for metric, value in allocation.items()}

    def allocations(self, year: int) -> dict[str, dict[str, int]]:
        """:meth:`allocation` of every branch ``year``'s plan allocates to, by code: one
        pass over the plan, for a digest that scores thousands of branches."""
        plan = self.targets_for(year)
        if plan is None:
            return {}
        if plan.prorate:
            known = self._branches.index
            return {c: self.allocation(c, year) for c in plan.branches if c in known}
        return {code: dict(targets) for code, targets in plan.branches.items()}

    def prorated(self, year: int) -> list[tuple[Branch, float]]:
        """The branches whose allocation ``year``'s plan prorates, with their share."""
        plan = self.targets_for(year)
        if plan is None or not plan.prorate:
            return []
        shares = [
            (self.branch(c), self.open_share(c, year))
            for c in plan.branches
            if c in self._branches.index
        ]
        return [(b, share) for b, share in shares if share < 1.0]

    def service_window(self, code: str, year: int) -> tuple[date, date] | None:
        """The first and last days of ``year`` the branch is in service, when that is not
        the whole year (None: all year, or not at all)."""
        return _service_window(self.branch(code), year)

    def service_windows(self, year: int) -> dict[str, tuple[date, date] | None]:
        """:meth:`service_window` of every branch, by code: one pass over them."""
        return {b.code: _service_window(b, year) for b in self.branches}

    def open_share(self, code: str, year: int) -> float:
        """The share of the branch's open days in ``year`` that fall while it is in
        service: 1.0 for a branch open all year, about 0.3 for one that opens in September."""
        pattern, serving = self._open_day_counts(code, year)
        return serving / pattern if pattern else 0.0

    def open_days(self, code: str, year: int) -> int:
        """How many days of ``year`` the branch is expected to report (:meth:`is_open`)."""
        return self._open_day_counts(code, year)[1]

    def _open_day_counts(self, code: str, year: int) -> tuple[int, int]:
        """Days of ``year`` open by the branch's weekly pattern and holidays, and those of
        them in service; counted once per year until the branches change."""
        live = self._branches
        if (code, year) not in live.open_days:
            branch = live.index[code]
            first = date(year, 1, 1)
            days = (first + timedelta(days=n) for n in range(366 if calendar.isleap(year) else 365))
            pattern = [d for d in days if self._open_days.is_open(branch, d)]
            live.open_days[code, year] = (len(pattern), sum(branch.in_service(d) for d in pattern))
        return live.open_days[code, year]

    @cached_property
    def _catalogue(self) -> MetricCatalogue:
        return MetricCatalogue.default().with_extra(m.to_metric() for m in self.metrics)

    @cached_property
    def _open_days(self) -> OpenDays:
        return OpenDays(self.org.holidays)

    @cached_property
    def _staff_index(self) -> dict[int, StaffMember]:
        return {s.id: s for s in self.staff}


def _shortens(name: str, hint: str) -> bool:
    """Whether ``hint`` is ``name`` with characters left out: same first character, the
    rest in order (新华路服务点 of 新华路社区服务点)."""
    if not name.startswith(hint[0]):
        return False
    rest = iter(name[1:])
    return all(char in rest for char in hint[1:])


def _service_window(branch: Branch, year: int) -> tuple[date, date] | None:
    first, last = date(year, 1, 1), date(year, 12, 31)
    start = max(first, branch.opened) if branch.opened else first
    end = min(last, branch.closed - timedelta(days=1)) if branch.closed else last
    if (start, end) == (first, last) or start > end:
        return None
    return start, end
