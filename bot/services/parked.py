"""A report as it waits for a tap: the parse parked as JSON, and the answer built from a
write's outcome."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.core.outcomes import (
    Confirmation,
    ContestChoice,
    OtherFigure,
    Rejection,
    ReportReply,
    Silent,
)
from bot.core.parsing import ParseIssue, ParseResult
from bot.core.parsing.event_titles import report_event_titles
from storage.models import ReportOutcome


def parked_payload(result: ParseResult, text: str) -> dict[str, Any]:
    """The parts of a parse worth parking in the database (JSON-safe)."""
    until = result.closed_until
    return {
        "date": result.date.isoformat(),
        "closed": result.closed,
        "closed_until": None if until is None else until.isoformat(),
        "figures": dict(result.figures),
        "event_titles": list(report_event_titles(text, result.figures)),
        "text": text,  # the sender's words, kept as the reason if a value is asked about
    }


def others_to_json(others: tuple[OtherFigure, ...]) -> list[dict[str, Any]]:
    return [
        {"metric": o.metric, "theirs": o.theirs, "mine": o.mine, "by": o.by,
         "at": o.at.isoformat()}
        for o in others
    ]  # fmt: skip


def others_from_json(rows: list[dict[str, Any]]) -> tuple[OtherFigure, ...]:
    return tuple(
        OtherFigure(r["metric"], int(r["theirs"]), int(r["mine"]), str(r["by"]),
                    dt.datetime.fromisoformat(r["at"]))
        for r in rows
    )  # fmt: skip


def confirmation(
    outcome: ReportOutcome,
    branch_name: str,
    edited: bool,
    warnings: tuple[ParseIssue, ...],
    others: tuple[OtherFigure, ...] = (),
    choice: ContestChoice | None = None,
) -> ReportReply:
    """What a stored report's sender is told: each figure held now and what it replaced."""
    if outcome.status == "stale" or outcome.report_id is None:
        return Silent()
    if outcome.status == "undone":
        return Rejection("was_undone")
    assert outcome.branch is not None and outcome.day is not None
    on_day = [c for c in outcome.changes if (c.branch, c.day) == (outcome.branch, outcome.day)]
    corrected = {c.metric: c.old for c in on_day if c.old is not None}
    removed = tuple(
        (c.day, c.metric, c.old)
        for c in outcome.changes
        if c.new is None and c.old is not None and c.metric not in outcome.figures
    )
    return Confirmation(
        report_id=outcome.report_id,
        branch_name=branch_name,
        day=outcome.day,
        figures=outcome.figures,
        corrected={m: v for m, v in corrected.items() if m in outcome.figures},
        closed=outcome.closed,
        edited=edited,
        warnings=warnings,
        kept_later=outcome.kept,
        others=others,
        choice=choice,
        removed=removed,
        lifted=outcome.lifted,
    )
