"""Report buttons' callback data: every action written and read back; anything else,
including crafted data, is not an action."""

from __future__ import annotations

import pytest

from bot.render.base import (
    CorrectReport,
    KeepReport,
    KeepUnusual,
    PickBranch,
    ResolveClosure,
    ResolveContest,
    UndoReport,
)
from handlers.reporting import ReportAction, action, payload

ACTIONS: list[ReportAction] = [
    PickBranch(7, "jiaolou"),
    KeepUnusual(7, keep=True),
    KeepUnusual(7, keep=False),
    UndoReport(12),
    CorrectReport(12),
    KeepReport(12),
    ResolveContest(7, "replace"),
    ResolveContest(7, "add"),
    ResolveContest(7, "keep"),
    ResolveClosure(7, remove=True),
    ResolveClosure(7, remove=False),
]


@pytest.mark.parametrize("written", ACTIONS, ids=repr)
def test_each_action_reads_back_as_itself(written: ReportAction) -> None:
    data = payload(written)
    assert len(data.encode()) <= 64  # Telegram's limit for callback data
    assert action(data) == written


@pytest.mark.parametrize(
    "data",
    ["undo:abc", "undo:", "undo:1:2", "pick:1", "yes:1:x", "other:1:merge", "shut:1",
     "shut:x:keep", "undo:99999999999999999999", "lang:zh_CN", "", "keep:-1"],
)  # fmt: skip
def test_crafted_data_is_no_action(data: str) -> None:
    assert action(data) is None
