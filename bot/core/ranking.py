"""One metric's branches in order, and the few of a long ranking that fit in one message.

Branches with a target of their own rank by attainment, best first; those without one
follow by value. A ranking of more than :data:`FULL_LIST_MAX` branches is answered with
an excerpt — the top and the bottom few, the reader's own branches with their places,
the median branch — and the whole list goes out as a workbook.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.core.outcomes import BranchStanding, Placed, RankingExcerpt

FULL_LIST_MAX = 20  # up to this many branches, the message lists them all
ENDS = 5  # branches shown at the top and at the bottom of a long ranking
OWN_MAX = 10  # the reader's own branches listed with their places; the rest are counted


def rank_key(row: BranchStanding) -> tuple[int, float, str]:
    """Branches with a target by attainment, then the others by value."""
    attainment = row.progress.attainment
    if attainment is not None:
        return (0, -attainment, row.code)
    return (1, -float(row.progress.value), row.code)


def excerpt(rows: Sequence[BranchStanding], own: Mapping[str, str]) -> RankingExcerpt:
    """The top and bottom :data:`ENDS`, the reader's ``own`` branches (code -> name) and
    the median of ``rows`` (already in ranking order).

    The ends and the median are taken from the branches judged by attainment; only when
    no branch has a target are they taken by value. Branches without a target, ranked
    after the others, are counted (``by_value``) and the first :data:`ENDS` of them shown.
    """
    placed = [Placed(place, row) for place, row in enumerate(rows, 1)]
    judged = [p for p in placed if p.row.progress.attainment is not None] or placed
    rest = placed[len(judged) :]
    bottom_from = max(ENDS, len(judged) - ENDS)
    mine = [p for p in placed if p.row.code in own]
    ranked = {p.row.code for p in placed}
    unranked = [name for code, name in own.items() if code not in ranked]
    listed = mine[:OWN_MAX]
    named = unranked[: OWN_MAX - len(listed)]  # at most OWN_MAX of the reader's, in all
    return RankingExcerpt(
        count=len(rows),
        top=tuple(judged[:ENDS]),
        bottom=tuple(judged[bottom_from:]),
        median=judged[(len(judged) - 1) // 2] if judged else None,
        own=tuple(listed),
        more_own=len(mine) + len(unranked) - len(listed) - len(named),
        own_unranked=tuple(named),
        by_value=len(rest),
        by_value_top=tuple(rest[:ENDS]),
    )
