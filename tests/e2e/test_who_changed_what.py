"""Who changed what, end to end: a second reporter is asked, an edit of an old message
leaves a later message's figure, an edit that empties a message asks, a closure for a day
with figures asks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.offline.sandbox import Sandbox
from bot.offline.standin import RecordedCall
from tests.e2e.conftest import EMMA, THURSDAY, WANG, buttons, figures, rows, text_of


def said(calls: list[RecordedCall]) -> str:
    return "\n".join(text_of(c) for c in calls if "text" in c.params)


def choice(question: RecordedCall, ending: str) -> str:
    [data] = [data for _, data in buttons(question) if data.endswith(ending)]
    return data


# --- a second reporter of the same branch and day -----------------------------------------


async def second_report(box: Sandbox) -> RecordedCall:
    """王芳 reports 角楼's day at 10:05; then Emma sends other figures for it."""
    box.clock.set(dt.datetime.combine(THURSDAY, dt.time(10, 5), box.clock.now().tzinfo))
    await box.feed(box.updates.message(WANG, "到馆 1200 外借 300"))
    box.clock.advance(minutes=30)
    return (await box.feed(box.updates.message(EMMA, "visitors 1300 loans 300 new cards 4")))[-1]


async def test_a_second_reporter_is_named_and_asked_before_anything_changes(
    box: Sandbox, db_path: Path
) -> None:
    question = await second_report(box)

    text = text_of(question)
    assert "王芳" in text and "10:05" in text and "1,200" in text and "1,300" in text
    assert "Loans" not in text  # the same value is no question
    assert [label for label, _ in buttons(question)] == [
        "🔁 Replace with mine",
        "➕ Add mine to theirs",
        "✋ Keep theirs",
    ]
    assert figures(db_path, "jiaolou") == {"visitors": 1200, "loans": 300}


async def test_replace_stores_the_second_reporters_figures(box: Sandbox, db_path: Path) -> None:
    question = await second_report(box)
    calls = await box.feed(box.updates.callback_query(EMMA, question, choice(question, ":replace")))

    assert figures(db_path, "jiaolou") == {"visitors": 1300, "loans": 300, "new_cards": 4}
    assert "replaces 王芳's 1,200" in said(calls)
    # The audit log keeps both: 王芳's 1,200 and Emma's change of it.
    assert rows(
        db_path,
        "SELECT old_value, new_value, changed_by FROM figure_history"
        " WHERE metric = 'visitors' ORDER BY id",
    ) == [(None, 1200, 1001), (1200, 1300, 1009)]


async def test_add_counts_two_desks_together(box: Sandbox, db_path: Path) -> None:
    question = await second_report(box)
    calls = await box.feed(box.updates.callback_query(EMMA, question, choice(question, ":add")))

    assert figures(db_path, "jiaolou") == {"visitors": 2500, "loans": 300, "new_cards": 4}
    assert "王芳's 1,200 + your 1,300" in said(calls)
    # Undo takes Emma's part back out: 王芳's figure stands again.
    await box.feed(box.updates.message(EMMA, "/undo"))
    assert figures(db_path, "jiaolou") == {"visitors": 1200, "loans": 300}


async def test_keep_leaves_theirs_and_records_what_was_sent(box: Sandbox, db_path: Path) -> None:
    question = await second_report(box)
    calls = await box.feed(box.updates.callback_query(EMMA, question, choice(question, ":keep")))

    assert figures(db_path, "jiaolou") == {"visitors": 1200, "loans": 300, "new_cards": 4}
    assert "王芳's figure kept (you sent 1,300)" in said(calls)
    assert rows(
        db_path,
        "SELECT s.metric, s.value FROM report_figures s JOIN reports r ON r.id = s.report_id"
        " WHERE r.user_id = 1009 ORDER BY s.metric",
    ) == [("loans", 300), ("new_cards", 4), ("visitors", 1300)]


async def test_a_choice_is_refused_when_the_figure_changed_since(
    box: Sandbox, db_path: Path
) -> None:
    question = await second_report(box)
    await box.feed(box.updates.message(WANG, "到馆 1250"))  # 王芳 corrects hers meanwhile

    calls = await box.feed(box.updates.callback_query(EMMA, question, choice(question, ":replace")))

    assert figures(db_path, "jiaolou") == {"visitors": 1250, "loans": 300}
    assert "out of date" in said(calls)


async def test_the_same_person_sending_again_replaces_without_a_question(
    box: Sandbox, db_path: Path
) -> None:
    await box.feed(box.updates.message(WANG, "到馆 1200"))
    calls = await box.feed(box.updates.message(WANG, "到馆 1250"))
    assert figures(db_path, "jiaolou") == {"visitors": 1250}
    assert "1,200 → 1,250" in said(calls)


# --- edits of an old message ---------------------------------------------------------------


async def test_editing_an_old_message_leaves_what_a_later_one_changed(
    box: Sandbox, db_path: Path
) -> None:
    first = box.updates.message(WANG, "到馆 120 外借 80")
    await box.feed(first)
    box.clock.advance(minutes=5)
    await box.feed(box.updates.message(WANG, "到馆 135"))
    box.clock.advance(minutes=5)

    calls = await box.feed(box.updates.edited_message(first, "到馆 120 外借 85"))

    assert figures(db_path, "jiaolou") == {"visitors": 135, "loans": 85}
    text = said(calls)
    assert "80 → 85" in text
    assert "135" in text and "没有动它" in text


async def test_an_edit_removing_every_figure_asks_before_taking_them_back(
    box: Sandbox, db_path: Path
) -> None:
    first = box.updates.message(WANG, "到馆 120 外借 80")
    await box.feed(first)
    box.clock.advance(minutes=5)

    question = (await box.feed(box.updates.edited_message(first, "发错了")))[-1]

    assert "没有数字了" in text_of(question) and "120" in text_of(question)
    assert figures(db_path, "jiaolou") == {"visitors": 120, "loans": 80}
    [(_, take_back), (_, keep)] = buttons(question)

    kept = await box.feed(box.updates.callback_query(WANG, question, keep))
    assert "保持不变" in said(kept)
    assert figures(db_path, "jiaolou") == {"visitors": 120, "loans": 80}

    second = (await box.feed(box.updates.edited_message(first, "算了", edit_date=None)))[-1]
    [(_, take_back), _] = buttons(second)
    await box.feed(box.updates.callback_query(WANG, second, take_back))
    assert figures(db_path, "jiaolou") == {}


# --- a closure for a day that has figures ---------------------------------------------------


async def test_a_closure_after_the_days_figures_asks(box: Sandbox, db_path: Path) -> None:
    await box.feed(box.updates.message(WANG, "到馆 120 外借 80"))

    question = (await box.feed(box.updates.message(WANG, "今天闭馆")))[-1]

    assert "已有数字" in text_of(question) and "120" in text_of(question)
    assert figures(db_path, "jiaolou") == {"visitors": 120, "loans": 80}
    assert rows(db_path, "SELECT COUNT(*) FROM closures") == [(0,)]
    [(_, keep), (_, remove)] = buttons(question)
    assert keep.endswith(":keep") and remove.endswith(":remove")


async def test_closed_removes_the_figures_and_undo_brings_them_back(
    box: Sandbox, db_path: Path
) -> None:
    await box.feed(box.updates.message(WANG, "到馆 120 外借 80"))
    question = (await box.feed(box.updates.message(WANG, "今天闭馆")))[-1]

    calls = await box.feed(box.updates.callback_query(WANG, question, choice(question, "remove")))

    assert figures(db_path, "jiaolou") == {}
    assert rows(db_path, "SELECT branch, day FROM closures") == [("jiaolou", THURSDAY.isoformat())]
    assert "已删除" in said(calls) and "闭馆" in said(calls)
    today = said(await box.feed(box.updates.message(WANG, "/today")))
    assert "闭馆" in today and "120" not in today

    await box.feed(box.updates.message(WANG, "/undo"))
    assert figures(db_path, "jiaolou") == {"visitors": 120, "loans": 80}
    assert rows(db_path, "SELECT COUNT(*) FROM closures") == [(0,)]


async def test_keeping_the_figures_records_no_closure(box: Sandbox, db_path: Path) -> None:
    await box.feed(box.updates.message(WANG, "到馆 120"))
    question = (await box.feed(box.updates.message(WANG, "今天闭馆")))[-1]

    calls = await box.feed(box.updates.callback_query(WANG, question, choice(question, "keep")))

    assert figures(db_path, "jiaolou") == {"visitors": 120}
    assert rows(db_path, "SELECT COUNT(*) FROM closures") == [(0,)]
    assert "未记为闭馆" in said(calls)


async def test_figures_for_a_day_marked_closed_lift_the_closure_and_undo_restores_it(
    box: Sandbox, db_path: Path
) -> None:
    await box.feed(box.updates.message(WANG, "今天闭馆"))
    calls = await box.feed(box.updates.message(EMMA, "visitors 40"))

    assert figures(db_path, "jiaolou") == {"visitors": 40}
    assert rows(db_path, "SELECT COUNT(*) FROM closures") == [(0,)]
    assert "marked closed" in said(calls)
    assert "闭馆" not in said(await box.feed(box.updates.message(WANG, "/today")))

    undone = await box.feed(box.updates.message(EMMA, "/undo"))
    assert "closed again" in said(undone)
    assert figures(db_path, "jiaolou") == {}
    assert rows(db_path, "SELECT branch, day FROM closures") == [("jiaolou", THURSDAY.isoformat())]


async def test_an_edit_that_cannot_be_read_says_the_earlier_figures_stand(
    box: Sandbox, db_path: Path
) -> None:
    first = box.updates.message(WANG, "到馆 120")
    await box.feed(first)
    calls = await box.feed(box.updates.edited_message(first, "到馆 12o4"))
    assert "修改前报的数字保持不变" in said(calls) and "未保存" not in said(calls)
    assert figures(db_path, "jiaolou") == {"visitors": 120}
