"""The digest's 同比 and its two charts, end to end: last year's same weeks and same
period where last year has them (never a made-up 0), the year-to-date chart and the chart
of the last eight weeks posted with the text to the leadership group."""

from __future__ import annotations

import datetime as dt
import io

from PIL import Image

from bot.core.digest import WEEKS_CHARTED
from bot.jobs.digest import DigestPublisher
from bot.offline.sandbox import Sandbox
from tests.e2e.conftest import TZ
from tests.e2e.test_digest import LEADERSHIP, seed_week

MONDAY = dt.datetime(2026, 11, 23, 9, 0, tzinfo=TZ)  # the digest time for week 47
WEEK_47 = dt.date(2026, 11, 16)


async def seed_last_year(box: Sandbox, first: dt.date) -> None:
    """jiaolou's visitors a year back: 50 a day in the same weeks (17–23 Nov 2025), and
    1,000 on ``first`` (early January: records that begin by 7 January)."""
    rows = [("jiaolou", dt.date(2025, 11, 17) + dt.timedelta(days=i), "visitors", 50)
            for i in range(7)]  # fmt: skip
    rows.append(("jiaolou", first, "visitors", 1000))
    await box.services.storage.reports.import_figures(rows, 0, box.clock.now())


def visitors_lines(text: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "到馆人次" in line or "Visitors" in line)
    return lines[start : start + 3]


async def test_the_week_and_the_year_against_the_same_period_last_year(box: Sandbox) -> None:
    await seed_week(box)
    await seed_last_year(box, dt.date(2025, 1, 2))
    box.clock.set(MONDAY)
    assert await DigestPublisher(box.services, box.sender).publish_due() == "posted"
    [text] = [c.params["text"] for c in box.api.sent_messages(LEADERSHIP)
              if c.method == "sendMessage" and "第47周" in c.params["text"]]  # fmt: skip
    # week 47: 2 × (107 + … + 113) = 1,540 against 7 × 50 = 350 a year before: ▲ 340%;
    # the year to 22 Nov: 2 × (100 + … + 113) = 2,982 against 1,000 + 6 × 50: ▲ 129.4%
    assert "   同比：本周▲ 340.0%（去年350）·年累计▲ 129.4%（去年1,300）" in visitors_lines(text)
    digest = await box.services.digest.build(WEEK_47)
    english = box.services.renderers.for_locale("en").digest(digest)
    assert "   vs last year: week ▲ 340.0% (350) · year so far ▲ 129.4% (1,300)" in (
        visitors_lines(english)
    )
    events = next(f for f in digest.figures if f.metric == "events")
    assert (events.week_year_ago, events.year_ago) == (None, None)  # none last year: no 0


async def test_a_year_the_bot_joined_midway_compares_the_week_only(box: Sandbox) -> None:
    await seed_week(box)
    await seed_last_year(box, dt.date(2025, 3, 2))  # records begin in March
    digest = await box.services.digest.build(WEEK_47)
    visitors = next(f for f in digest.figures if f.metric == "visitors")
    assert (visitors.week_year_ago, visitors.year_ago) == (350, None)
    lines = visitors_lines(box.services.renderers.for_locale("zh_CN").digest(digest))
    assert "   同比：本周▲ 340.0%（去年350）" in lines


async def test_no_year_ago_line_without_last_years_figures(box: Sandbox) -> None:
    await seed_week(box)
    digest = await box.services.digest.build(WEEK_47)
    text = box.services.renderers.for_locale("zh_CN").digest(digest)
    assert "同比" not in text
    assert all(f.week_year_ago is None and f.year_ago is None for f in digest.figures)


async def test_both_charts_go_with_the_digest(box: Sandbox) -> None:
    await seed_week(box)
    box.clock.set(MONDAY)
    assert await DigestPublisher(box.services, box.sender).publish_due() == "posted"
    sent = box.api.sent_messages(LEADERSHIP)
    week47 = next(i for i, c in enumerate(sent) if "第47周" in c.params.get("text", ""))
    text, year, weeks = sent[week47 : week47 + 3]
    assert [c.method for c in (text, year, weeks)] == ["sendMessage", "sendPhoto", "sendPhoto"]
    assert year.params["caption"] == "年度完成与应达进度"
    assert weeks.params["caption"] == "近8周主要指标（本周 4 天有分馆未报数）"  # 19–22 Nov
    for call in (year, weeks):
        [png] = call.files.values()
        with Image.open(io.BytesIO(png)) as image:
            assert image.size[0] == 1000  # phone-sized, like the first
    digest = await box.services.digest.build(WEEK_47)
    assert len(digest.weeks) == WEEKS_CHARTED and digest.weeks[-1] == WEEK_47
    assert digest.weeks[0] == WEEK_47 - dt.timedelta(weeks=WEEKS_CHARTED - 1)
    visitors = next(w for w in digest.weekly if w.metric == "visitors")
    # weeks 40–45 empty, week 46: 2 × (100 + … + 106) = 1,442, week 47: 1,540
    assert visitors.totals == (0, 0, 0, 0, 0, 0, 1442, 1540)
    assert "wechat_followers" not in {w.metric for w in digest.weekly}  # a level: no week sum


async def test_a_level_compares_with_its_value_a_year_before(box: Sandbox) -> None:
    """Followers are a level: the week's end against the same weeks' end last year."""
    rows = [
        ("main", dt.date(2024, 12, 30), "wechat_followers", 500),  # the year before: not it
        ("main", dt.date(2025, 11, 20), "wechat_followers", 8000),
        ("main", dt.date(2026, 11, 18), "wechat_followers", 9600),
    ]
    await box.services.storage.reports.import_figures(rows, 0, box.clock.now())
    digest = await box.services.digest.build(WEEK_47)
    followers = next(f for f in digest.figures if f.metric == "wechat_followers")
    assert (followers.week, followers.week_year_ago, followers.year_ago) == (9600, 8000, None)
    lines = box.services.renderers.for_locale("zh_CN").digest(digest).splitlines()
    start = next(i for i, line in enumerate(lines) if "微信公众号关注量" in line)
    assert "   同比：本周▲ 20.0%（去年8,000）" in lines[start : start + 3]
    # January 2026 against January 2025: the value of 30 December 2024 is not 2025's
    january = await box.services.digest.build(dt.date(2026, 1, 12))
    assert next(f for f in january.figures if f.metric == "wechat_followers").week_year_ago is None
