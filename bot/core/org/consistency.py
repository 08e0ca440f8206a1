"""Cross-checks of the organisation file: what no single table can tell on its own.

They run over :class:`Sections`, the entries that validated with their place in the file,
so that ``libbot check`` can name a duplicate alias or an unknown branch in the same run
as a typo in another entry.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from bot.core.deadlines.rules import DeadlineDef
from bot.core.evaluation import INDICATOR_CODES, INDICATORS
from bot.core.metrics import MetricCatalogue
from bot.core.org.sections import Branch, MetricDef, StaffMember, YearTargets
from bot.core.org_errors import Loc, suggest

__all__ = ["Sections", "problems"]


@dataclass(frozen=True, slots=True)
class Sections:
    """The entries of the file that validated, each with its index in its list.

    ``codes`` and ``metric_codes`` are every branch and metric code the file declares,
    in entries that validated or not, so that a reference to an entry with a typo
    elsewhere in it is not called unknown as well.
    """

    branches: Sequence[tuple[int, Branch]]
    staff: Sequence[tuple[int, StaffMember]]
    metrics: Sequence[tuple[int, MetricDef]]
    targets: Mapping[int, YearTargets]
    evaluation: Mapping[str, float]
    deadlines: Sequence[tuple[int, DeadlineDef]]
    codes: Collection[str]
    metric_codes: Collection[str]

    @classmethod
    def whole(
        cls,
        branches: Sequence[Branch],
        staff: Sequence[StaffMember],
        metrics: Sequence[MetricDef],
        targets: Mapping[int, YearTargets],
        evaluation: Mapping[str, float],
        deadlines: Sequence[DeadlineDef],
    ) -> Sections:
        """The sections of a file every entry of which validated."""
        return cls(
            branches=list(enumerate(branches)),
            staff=list(enumerate(staff)),
            metrics=list(enumerate(metrics)),
            targets=targets,
            evaluation=evaluation,
            deadlines=list(enumerate(deadlines)),
            codes=frozenset(b.code for b in branches),
            metric_codes=frozenset(m.code for m in metrics),
        )


def problems(sections: Sections) -> Iterator[tuple[Loc, str]]:
    """Cross-field problems, roughly in file order."""
    yield from _branch_problems(sections.branches)
    known = _BranchNames(sections)
    parents = {b.code: b.parent for _, b in sections.branches}
    loops: set[frozenset[str]] = set()
    for i, b in sections.branches:
        if b.parent is not None and b.parent not in known.codes:
            yield ("branches", i, "parent"), known.unknown(b.parent)
        chain, current = [b.code], b.parent
        while current in parents and current not in chain:
            chain.append(current)
            current = parents[current]
        if current == b.code and frozenset(chain) not in loops:
            loops.add(frozenset(chain))  # named once, at its first branch
            yield ("branches", i, "parent"), f"parent chain loops: {' → '.join([*chain, b.code])}"
    seen_ids: dict[int, int] = {}
    for i, s in sections.staff:
        if s.id in seen_ids:
            yield (
                ("staff", i, "id"),
                f"duplicate id {s.id} (already used by staff[{seen_ids[s.id]}])",
            )
        seen_ids.setdefault(s.id, i)
        for k, code in enumerate(s.branches):
            if code not in known.codes:
                yield ("staff", i, "branches", k), known.unknown(code)
        if s.role == "staff" and not s.branches:
            yield ("staff", i, "branches"), 'a member with role "staff" needs at least one branch'
    builtin = MetricCatalogue.default()
    extra: dict[str, int] = {}
    for i, m in sections.metrics:
        if m.code in builtin:
            yield ("metrics", i, "code"), f'"{m.code}" is already a built-in metric'
        elif m.code in extra:
            yield ("metrics", i, "code"), f'duplicate metric code "{m.code}"'
        extra.setdefault(m.code, i)
    metrics = [*builtin.codes, *sorted(set(sections.metric_codes) - set(builtin.codes))]
    for year, plan in sections.targets.items():
        for metric in plan.metrics:
            if metric not in metrics:
                yield ("targets", str(year), metric), _unknown("metric", metric, metrics)
        for code, figures in plan.branches.items():
            if code not in known.codes:
                yield ("targets", str(year), "branches", code), known.unknown(code)
            for metric in figures:
                if metric not in metrics:
                    loc = ("targets", str(year), "branches", code, metric)
                    yield loc, _unknown("metric", metric, metrics)
    rates = {i.code for i in INDICATORS if i.percent}
    for code, threshold in sections.evaluation.items():
        if code in rates and threshold > 1:
            yield ("evaluation", code), f"is a rate: write 0.3 for 30% (got {threshold:g})"
        if code not in INDICATOR_CODES:
            yield (
                ("evaluation", code),
                (
                    f'unknown indicator "{code}"{suggest(code, INDICATOR_CODES)};'
                    f" the indicators are {', '.join(INDICATOR_CODES)}"
                ),
            )
    for i, d in sections.deadlines:
        for k, code in enumerate(d.branches):
            if code not in known.codes:
                yield ("deadlines", i, "branches", k), known.unknown(code)


def _branch_problems(branches: Sequence[tuple[int, Branch]]) -> Iterator[tuple[Loc, str]]:
    """Codes and names used twice, aliases that could mean two branches, closing dates."""
    codes: dict[str, int] = {}
    names: dict[str, int] = {}
    for i, b in branches:
        if b.code in codes:
            yield (
                ("branches", i, "code"),
                f'duplicate branch code "{b.code}" (already used by branches[{codes[b.code]}])',
            )
        codes.setdefault(b.code, i)
        name = b.name.casefold()
        if name in names:
            yield (
                ("branches", i, "name"),
                f'duplicate branch name "{b.name}" (already used by branches[{names[name]}]):'
                " staff could not tell them apart",
            )
        names.setdefault(name, i)
        if b.opened is not None and b.closed is not None and b.closed <= b.opened:
            yield (
                ("branches", i, "closed"),
                f"must come after opened ({b.opened.isoformat()}), got {b.closed.isoformat()}",
            )
    aliases: dict[str, tuple[int, str]] = {}
    for i, b in branches:
        for k, alias in enumerate(b.aliases):
            word, where = alias.casefold(), ("branches", i, "aliases", k)
            if word in codes and word != b.code:
                yield (
                    where,
                    f'alias "{alias}" is the code of another branch, branches[{codes[word]}]',
                )
            elif word in names and word != b.name.casefold():
                yield (
                    where,
                    f'alias "{alias}" is the name of another branch, branches[{names[word]}]',
                )
            elif word in aliases and aliases[word][1] != b.code:
                j, code = aliases[word]
                yield (
                    where,
                    f'alias "{alias}" is also an alias of branch "{code}" (branches[{j}]):'
                    " a report naming it could be either's",
                )
            aliases.setdefault(word, (i, b.code))


class _BranchNames:
    """The branch codes the file declares, and what a reference that is none of them is."""

    def __init__(self, sections: Sections) -> None:
        self.codes = sections.codes
        self._branches = [b for _, b in sections.branches]

    def unknown(self, word: str) -> str:
        """``unknown branch "X"``, with the code to write when X is a branch's alias or
        name, else the code it is closest to."""
        needle = word.strip().lstrip("#＃").strip().casefold()
        for b in self._branches:
            if needle in (a.casefold() for a in b.aliases):
                return (
                    f'unknown branch "{word}" — "{word}" is an alias of branch "{b.code}":'
                    f' write its code "{b.code}"'
                )
        for b in self._branches:
            if needle == b.name.casefold():
                return (
                    f'unknown branch "{word}" — "{word}" is the name of branch "{b.code}":'
                    f' write its code "{b.code}"'
                )
        return _unknown("branch", word, sorted(self.codes))


def _unknown(what: str, name: str, known: Iterable[str]) -> str:
    return f'unknown {what} "{name}"{suggest(name, known)}'
