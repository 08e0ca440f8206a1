"""The words after /deadline, /done, /mute, /invite, /export and /year, read into commands."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.commands import (
    CancelDeadline,
    DoneCommand,
    InviteCommand,
    MuteCommand,
    NotAYear,
    SetDeadline,
    YearCommand,
    parse_deadline,
    parse_done,
    parse_invite,
    parse_mute,
    parse_year,
)
from bot.core.deadlines.outcomes import CancelResult, DeadlineRefused, DoneResult
from bot.core.outcomes import InviteRefused, MuteResult

TODAY = dt.date(2026, 11, 20)


def test_a_new_deadline_splits_date_branches_and_title() -> None:
    command = parse_deadline(["12-01", "#角楼", "交", "年报", "＃总馆"], TODAY)
    assert command == SetDeadline(dt.date(2026, 12, 1), ("#角楼", "＃总馆"), "交 年报")


def test_a_date_without_a_year_is_the_next_one() -> None:
    command = parse_deadline(["1月5日", "盘点"], TODAY)
    assert command == SetDeadline(dt.date(2027, 1, 5), (), "盘点")


def test_a_lone_hash_is_part_of_the_title() -> None:
    assert parse_deadline(["12-01", "#", "1"], TODAY) == SetDeadline(
        dt.date(2026, 12, 1), (), "# 1"
    )


@pytest.mark.parametrize(
    ("words", "refusal"),
    [
        ([], DeadlineRefused("usage")),
        (["  "], DeadlineRefused("usage")),
        (["someday", "盘点"], DeadlineRefused("bad_date", "someday")),
        (["2026-02-30", "盘点"], DeadlineRefused("bad_date", "2026-02-30")),
        (["2026-11-19", "盘点"], DeadlineRefused("past_date", "2026-11-19", dt.date(2026, 11, 19))),
        (["0001-01-01", "盘点"], DeadlineRefused("past_date", "0001-01-01", dt.date(1, 1, 1))),
        (["9999-12-31", "盘点"], DeadlineRefused("far_date", "9999-12-31", dt.date(9999, 12, 31))),
        (["2101-01-01", "盘点"], DeadlineRefused("far_date", "2101-01-01", dt.date(2101, 1, 1))),
    ],
)
def test_a_deadline_that_cannot_be_read(words: list[str], refusal: DeadlineRefused) -> None:
    assert parse_deadline(words, TODAY) == refusal


def test_a_title_is_checked_by_the_service_not_here() -> None:
    assert parse_deadline(["12-01", "#角楼"], TODAY) == SetDeadline(
        dt.date(2026, 12, 1), ("#角楼",), ""
    )


@pytest.mark.parametrize(
    ("words", "command"),
    [
        (["cancel", "12"], CancelDeadline(12)),
        (["Cancel", "#12"], CancelDeadline(12)),
        (["取消", "＃7"], CancelDeadline(7)),
        (["cancel"], CancelResult("usage")),
        (["cancel", "12", "13"], CancelResult("usage")),
        (["cancel", "twelve"], CancelResult("usage")),
        (["cancel", "1" * 19], CancelResult("usage")),
    ],
)
def test_cancel(words: list[str], command: CancelDeadline | CancelResult) -> None:
    assert parse_deadline(words, TODAY) == command


@pytest.mark.parametrize(
    ("words", "command"),
    [
        (["12"], DoneCommand(12)),
        (["#12", "all"], DoneCommand(12, all_branches=True)),
        (["12", "全部"], DoneCommand(12, all_branches=True)),
        (["12", "ALL"], DoneCommand(12, all_branches=True)),
        (["12", "角楼"], DoneCommand(12, "角楼")),
        (["12", "Jiao", "Lou"], DoneCommand(12, "Jiao Lou")),
        ([], DoneResult("usage")),
        (["x12"], DoneResult("usage")),
        (["１２"], DoneResult("usage")),
    ],
)
def test_done(words: list[str], command: DoneCommand | DoneResult) -> None:
    assert parse_done(words) == command


@pytest.mark.parametrize(
    ("words", "command"),
    [
        ([], MuteCommand()),
        (["3"], MuteCommand(3)),
        (["366"], MuteCommand(366)),
        (["0"], MuteResult("usage")),
        (["367"], MuteResult("usage")),
        (["-1"], MuteResult("usage")),
        (["three"], MuteResult("usage")),
        (["3", "4"], MuteResult("usage")),
    ],
)
def test_mute(words: list[str], command: MuteCommand | MuteResult) -> None:
    assert parse_mute(words) == command


@pytest.mark.parametrize(
    ("words", "command"),
    [
        (["jiaolou"], InviteCommand("jiaolou", "staff")),
        (["角楼", "manager"], InviteCommand("角楼", "manager")),
        (["角楼", "boss"], InviteCommand("角楼", "boss")),  # the service refuses the role
        ([], InviteRefused("usage")),
        (["a", "b", "c"], InviteRefused("usage")),
    ],
)
def test_invite(words: list[str], command: InviteCommand | InviteRefused) -> None:
    assert parse_invite(words) == command


@pytest.mark.parametrize(
    ("words", "year"),
    [
        ((), 2026),
        (("2025",), 2025),
        (("２０２５",), 2025),
        (("2025年",), 2025),
        (("abc",), None),
        (("20256",), None),
        (("1999",), None),
        (("-2025",), None),
        (("2025", "2026"), None),
    ],
)
def test_the_year_of_export_and_year(words: tuple[str, ...], year: int | None) -> None:
    expected = YearCommand(year) if year else NotAYear(" ".join(words), 2026)
    assert parse_year(words, this_year=2026) == expected
