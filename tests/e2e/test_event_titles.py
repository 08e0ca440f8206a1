"""Event titles named in reports, end to end: stored with the report, kept through a tap."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.offline.sandbox import Sandbox
from storage.models import EventTitle
from tests.e2e.conftest import CHEN, EMMA, THURSDAY, WANG, figures

WEEK = (THURSDAY - dt.timedelta(days=3), THURSDAY + dt.timedelta(days=3))


async def titles(box: Sandbox) -> list[EventTitle]:
    return await box.services.storage.figures.event_titles(*WEEK)


async def test_titles_in_a_report_are_listed_for_the_week(box: Sandbox, db_path: Path) -> None:
    await box.feed(
        box.updates.message(WANG, "活动2场 《冬日童话》绘本共读、“非遗剪纸”体验课 参与86人")
    )
    calls = await box.feed(
        box.updates.message(EMMA, 'events 1 "Lunar New Year crafts" 40 participants')
    )
    question = calls[-1]  # 王芳 reported 角楼's events already: add Emma's to hers
    add = question.params["reply_markup"]["inline_keyboard"][0][1]["callback_data"]
    assert add.endswith(":add")
    await box.feed(box.updates.callback_query(EMMA, question, add))

    assert figures(db_path, "jiaolou")["events"] == 3
    assert await titles(box) == [
        EventTitle("jiaolou", THURSDAY, "冬日童话"),
        EventTitle("jiaolou", THURSDAY, "非遗剪纸"),
        EventTitle("jiaolou", THURSDAY, "Lunar New Year crafts"),
    ]


async def test_quotes_in_a_report_without_events_are_not_titles(box: Sandbox) -> None:
    await box.feed(box.updates.message(WANG, "到馆 900 读者说“暖气太热了”"))
    assert await titles(box) == []


async def test_an_edit_replaces_the_titles_and_undo_hides_them(box: Sandbox) -> None:
    original = box.updates.message(WANG, "活动1场《冬日童化》参与20人")
    await box.feed(original)
    box.clock.advance(minutes=2)
    await box.feed(box.updates.edited_message(original, "活动1场《冬日童话》参与20人"))
    assert await titles(box) == [EventTitle("jiaolou", THURSDAY, "冬日童话")]

    await box.feed(box.updates.command(WANG, "/undo"))
    assert await titles(box) == []


async def test_titles_survive_the_branch_question(box: Sandbox, db_path: Path) -> None:
    calls = await box.feed(box.updates.message(CHEN, "讲座1场「城市记忆：老北京的胡同」听众45人"))
    question = [c for c in calls if c.method == "sendMessage"][-1]
    assert await titles(box) == []

    pick = next(
        b["callback_data"]
        for row in question.params["reply_markup"]["inline_keyboard"]
        for b in row
        if b["callback_data"].endswith(":longfusi")
    )
    await box.feed(box.updates.callback_query(CHEN, question, pick))

    assert figures(db_path, "longfusi") == {"events": 1, "event_participants": 45}
    assert await titles(box) == [EventTitle("longfusi", THURSDAY, "城市记忆：老北京的胡同")]


async def test_titles_survive_the_unusual_value_question(box: Sandbox, db_path: Path) -> None:
    history = [
        ("jiaolou", THURSDAY - dt.timedelta(days=d), "event_participants", 30) for d in range(1, 15)
    ]
    await box.services.storage.reports.import_figures(history, 0, box.clock.now())

    calls = await box.feed(box.updates.message(WANG, "活动1场 “寒假阅读营”开营 参与150人"))
    question = calls[-1]
    assert figures(db_path, "jiaolou") == {} and await titles(box) == []
    yes = question.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await box.feed(box.updates.callback_query(WANG, question, yes))

    assert figures(db_path, "jiaolou") == {"events": 1, "event_participants": 150}
    assert await titles(box) == [EventTitle("jiaolou", THURSDAY, "寒假阅读营")]
