"""A branch's opening and closing dates, chat changes over the file, prorated allocations."""

import datetime as dt

import pytest

from bot.core.org import BranchChange, Organisation, OrgError, parse_org
from bot.core.progress import metric_progress, over_service

FILE = """\
[org]
name = "测试图书馆"
holidays = ""

[[branches]]
code = "main"
name = "总馆"
kind = "central"

[[branches]]
code = "nanshan"
name = "南山分馆"
parent = "main"
closed_weekdays = ["mon"]
opened = 2026-07-01
closed = 2026-12-01

[[branches]]
code = "jiaolou"
name = "角楼图书馆"
parent = "main"
aliases = ["角楼"]

[targets.2026]
visitors = 100000
prorate = true

[targets.2026.branches.nanshan]
visitors = 12000

[targets.2026.branches.jiaolou]
visitors = 30000
"""


@pytest.fixture
def org() -> Organisation:
    return parse_org(FILE)


def test_a_branch_is_open_only_from_its_opening_until_the_day_before_its_closing(
    org: Organisation,
) -> None:
    nanshan = org.branch("nanshan")
    assert nanshan.opened == dt.date(2026, 7, 1) and nanshan.closed == dt.date(2026, 12, 1)
    assert not org.is_open(nanshan, dt.date(2026, 6, 30))
    assert org.is_open(nanshan, dt.date(2026, 7, 1))  # a Wednesday
    assert not org.is_open(nanshan, dt.date(2026, 7, 6))  # a Monday: its closing day
    assert org.is_open(nanshan, dt.date(2026, 11, 30 - 1))  # Sunday 29 Nov
    assert not org.is_open(nanshan, dt.date(2026, 12, 1))
    assert not org.in_service(nanshan, dt.date(2026, 6, 30))
    assert org.in_service(nanshan, dt.date(2026, 7, 6))  # closed that day, but it exists


def test_chat_changes_apply_over_the_file_in_order(org: Organisation) -> None:
    org.use_branch_changes(
        [
            BranchChange("add", "xinhualu", "新华路社区服务点", "service_point", "nanshan",
                         dt.date(2026, 11, 16)),
            BranchChange("rename", "jiaolou", name="角楼社区图书馆"),
            BranchChange("close", "jiaolou", day=dt.date(2026, 12, 20)),
            BranchChange("rename", "gone", name="文件里已删除的馆"),  # skipped
        ]
    )  # fmt: skip
    assert [b.code for b in org.branches] == ["main", "nanshan", "jiaolou", "xinhualu"]
    added = org.branch("xinhualu")
    assert (added.kind, added.parent, added.opened) == (
        "service_point",
        "nanshan",
        dt.date(2026, 11, 16),
    )
    assert not org.is_open(added, dt.date(2026, 11, 15))
    assert org.is_open(added, dt.date(2026, 11, 16))
    assert org.descendants("nanshan") == ["nanshan", "xinhualu"]
    jiaolou = org.branch("jiaolou")
    assert jiaolou.name == "角楼社区图书馆"
    assert org.resolve_branch("角楼图书馆") == jiaolou  # the old name still finds it
    assert org.is_open(jiaolou, dt.date(2026, 12, 19))
    assert not org.is_open(jiaolou, dt.date(2026, 12, 20))
    # a Branch object taken before the change is judged by the change too
    stale = org.file_branches[2]
    assert stale.closed is None and not org.is_open(stale, dt.date(2026, 12, 20))


def test_applying_the_changes_again_gives_the_same_branches(org: Organisation) -> None:
    changes = [BranchChange("add", "xinhualu", "新华路服务点", "service_point", "main",
                            dt.date(2026, 11, 16))]  # fmt: skip
    org.use_branch_changes(changes)
    once = org.branches
    org.use_branch_changes(changes)
    assert org.branches == once
    assert org.file_branches == parse_org(FILE).file_branches


def test_prorate_scales_an_allocation_by_the_open_days_in_service(org: Organisation) -> None:
    # nanshan: closed on Mondays, in service 1 Jul - 30 Nov; its open days in 2026 are the
    # year's non-Mondays (313), of which 131 fall from 1 Jul to 30 Nov.
    year = [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(365)]
    open_days = [d for d in year if d.weekday() != 0]
    serving = [d for d in open_days if dt.date(2026, 7, 1) <= d < dt.date(2026, 12, 1)]
    assert (len(open_days), len(serving)) == (313, 131)
    assert org.open_share("nanshan", 2026) == pytest.approx(131 / 313)
    assert org.allocation("nanshan", 2026) == {"visitors": round(12000 * 131 / 313)}
    assert org.allocation("jiaolou", 2026) == {"visitors": 30000}
    assert [(b.code, round(share, 3)) for b, share in org.prorated(2026)] == [
        ("nanshan", round(131 / 313, 3))
    ]
    assert org.allocations(2026) == {  # every branch's at once, as the digest reads them
        "nanshan": {"visitors": round(12000 * 131 / 313)},
        "jiaolou": {"visitors": 30000},
    }


def test_without_prorate_the_allocation_is_as_written() -> None:
    org = parse_org(FILE.replace("prorate = true\n", ""))
    assert org.allocation("nanshan", 2026) == {"visitors": 12000}
    assert org.prorated(2026) == []
    assert org.allocation("nanshan", 2027) == {}
    assert org.allocations(2026) == {"nanshan": {"visitors": 12000}, "jiaolou": {"visitors": 30000}}
    assert org.allocations(2027) == {}


def test_a_branch_added_in_chat_mid_year_is_prorated_too(org: Organisation) -> None:
    text = FILE + "\n[targets.2026.branches.xinhualu]\nvisitors = 3650\n"
    with pytest.raises(OrgError, match='unknown branch "xinhualu"'):
        parse_org(text)  # the file cannot allocate to a branch it does not declare
    org.use_branch_changes([BranchChange("close", "jiaolou", day=dt.date(2026, 4, 1))])
    assert org.allocation("jiaolou", 2026) == {"visitors": round(30000 * 90 / 365)}


def test_a_part_year_branch_is_due_its_part_of_the_pace() -> None:
    day, first, last = dt.date(2026, 11, 19), dt.date(2026, 7, 1), dt.date(2026, 12, 31)
    whole_year = metric_progress("visitors", 3000, 5000, day)
    assert whole_year.expected_share == pytest.approx(323 / 365)
    part = over_service(whole_year, None, day, first, last)
    assert part.expected_share == pytest.approx(142 / 184)  # 1 Jul – 19 Nov of 1 Jul – 31 Dec
    assert part.days_left == 42
    closing = over_service(whole_year, None, day, dt.date(2026, 1, 1), dt.date(2026, 11, 18))
    assert (closing.expected_share, closing.days_left) == (1.0, 0)  # its year is over
    early = over_service(whole_year, None, dt.date(2026, 6, 30), first, last)
    assert (early.expected_share, early.expected) == (0.0, 0.0)


def test_the_service_window_is_the_part_of_the_year_in_service(org: Organisation) -> None:
    assert org.service_window("nanshan", 2026) == (dt.date(2026, 7, 1), dt.date(2026, 11, 30))
    assert org.service_window("jiaolou", 2026) is None  # all year
    assert org.service_window("nanshan", 2027) is None  # not at all
