"""The whole organisation: its sections cross-checked, and the questions asked of it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from functools import cached_property

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from bot.core.deadlines.rules import DeadlineDef
from bot.core.metrics import MetricCatalogue
from bot.core.open_days import OpenDays
from bot.core.org.sections import (
    Branch,
    MetricDef,
    OrgInfo,
    OrgModel,
    Schedule,
    StaffMember,
    Year,
    YearTargets,
)
from bot.core.org_errors import Loc, dotted, suggest

__all__ = ["Organisation"]


class Organisation(OrgModel):
    """The whole organisation file, validated and cross-checked."""

    org: OrgInfo
    schedule: Schedule = Schedule()
    branches: tuple[Branch, ...] = Field(min_length=1)
    staff: tuple[StaffMember, ...] = ()
    targets: dict[Year, YearTargets] = Field(default_factory=dict)
    metrics: tuple[MetricDef, ...] = ()
    deadlines: tuple[DeadlineDef, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Organisation:
        for loc, problem in _problems(self):
            raise PydanticCustomError(
                "org_consistency",
                "{where}: {problem}",
                {"where": dotted(loc), "problem": problem, "loc": loc},
            )
        return self

    def catalogue(self) -> MetricCatalogue:
        """The default metric catalogue plus the file's ``[[metrics]]``."""
        return self._catalogue

    def branch(self, code: str) -> Branch:
        """The branch with this code; ``KeyError`` when there is none."""
        return self._branch_index[code]

    def resolve_branch(self, hint: str) -> Branch | None:
        """The branch a person means: code, name, alias, then a unique part of a name."""
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
        partial = [
            b for b in self.branches if any(needle in n.casefold() for n in (b.name, *b.aliases))
        ]
        return partial[0] if len(partial) == 1 else None

    def descendants(self, code: str) -> list[str]:
        """``code`` and the codes of every branch below it, depth first in file order."""
        self.branch(code)
        codes = [code]
        for child in self._children.get(code, ()):
            codes.extend(self.descendants(child))
        return codes

    def staff_member(self, user_id: int) -> StaffMember | None:
        """The rostered staff member with this Telegram user id, if any."""
        return self._staff_index.get(user_id)

    def is_open(self, branch: Branch, day: date) -> bool:
        """Whether ``branch`` opens on ``day``: its closing weekdays and public holidays."""
        return self._open_days.is_open(branch, day)

    def targets_for(self, year: int) -> YearTargets | None:
        """The annual plan for ``year``, if the file has one."""
        return self.targets.get(year)

    @cached_property
    def _catalogue(self) -> MetricCatalogue:
        return MetricCatalogue.default().with_extra(m.to_metric() for m in self.metrics)

    @cached_property
    def _open_days(self) -> OpenDays:
        return OpenDays(self.org.holidays)

    @cached_property
    def _branch_index(self) -> dict[str, Branch]:
        return {b.code: b for b in self.branches}

    @cached_property
    def _staff_index(self) -> dict[int, StaffMember]:
        return {s.id: s for s in self.staff}

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        children: dict[str, list[str]] = {}
        for b in self.branches:
            if b.parent is not None:
                children.setdefault(b.parent, []).append(b.code)
        return children


def _problems(org: Organisation) -> Iterator[tuple[Loc, str]]:
    """Cross-field problems, roughly in file order."""
    first: dict[str, int] = {}
    for i, b in enumerate(org.branches):
        if b.code in first:
            yield (
                ("branches", i, "code"),
                (f'duplicate branch code "{b.code}" (already used by branches[{first[b.code]}])'),
            )
        first.setdefault(b.code, i)
    parents = {b.code: b.parent for b in org.branches}
    for i, b in enumerate(org.branches):
        if b.parent is not None and b.parent not in parents:
            yield ("branches", i, "parent"), _unknown("branch", b.parent, parents)
        chain, current = [b.code], b.parent
        while current in parents and current not in chain:
            chain.append(current)
            current = parents[current]
        if current == b.code:
            yield ("branches", i, "parent"), f"parent chain loops: {' → '.join([*chain, b.code])}"
    seen_ids: dict[int, int] = {}
    for i, s in enumerate(org.staff):
        if s.id in seen_ids:
            yield (
                ("staff", i, "id"),
                f"duplicate id {s.id} (already used by staff[{seen_ids[s.id]}])",
            )
        seen_ids.setdefault(s.id, i)
        for k, code in enumerate(s.branches):
            if code not in parents:
                yield ("staff", i, "branches", k), _unknown("branch", code, parents)
        if s.role == "staff" and not s.branches:
            yield ("staff", i, "branches"), 'a member with role "staff" needs at least one branch'
    builtin = MetricCatalogue.default()
    extra: dict[str, int] = {}
    for i, m in enumerate(org.metrics):
        if m.code in builtin:
            yield ("metrics", i, "code"), f'"{m.code}" is already a built-in metric'
        elif m.code in extra:
            yield ("metrics", i, "code"), f'duplicate metric code "{m.code}"'
        extra.setdefault(m.code, i)
    known = [*builtin.codes, *extra]
    for year, plan in org.targets.items():
        for metric in plan.metrics:
            if metric not in known:
                yield ("targets", str(year), metric), _unknown("metric", metric, known)
        for code, figures in plan.branches.items():
            if code not in parents:
                yield ("targets", str(year), "branches", code), _unknown("branch", code, parents)
            for metric in figures:
                if metric not in known:
                    loc = ("targets", str(year), "branches", code, metric)
                    yield loc, _unknown("metric", metric, known)
    for i, d in enumerate(org.deadlines):
        for k, code in enumerate(d.branches):
            if code not in parents:
                yield ("deadlines", i, "branches", k), _unknown("branch", code, parents)


def _unknown(what: str, name: str, known: Iterable[str]) -> str:
    return f'unknown {what} "{name}"{suggest(name, known)}'
