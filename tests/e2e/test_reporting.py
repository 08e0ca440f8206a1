"""Report → store → confirm, corrections, duplicates, restarts — end to end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.core.clock import ManualClock
from bot.core.org import Organisation
from bot.offline.sandbox import Sandbox
from bot.offline.standin import BotAPIStandin, render_html
from tests.e2e.conftest import CHEN, EMMA, LIU, THURSDAY, WANG, figures, rows


def text_of(call) -> str:  # type: ignore[no-untyped-def]
    return render_html(call.params["text"])


async def test_report_is_stored_then_confirmed(box: Sandbox, db_path: Path) -> None:
    calls = await box.feed(box.updates.message(WANG, "今天到馆1234人次，外借560册，办证12张"))

    assert figures(db_path, "jiaolou") == {"visitors": 1234, "loans": 560, "new_cards": 12}
    [reply] = [c for c in calls if c.method == "sendMessage"]
    text = text_of(reply)
    assert "角楼图书馆" in text and "2026年11月19日" in text
    assert "到馆人次：1,234 人次" in text and "外借册次：560 册次" in text
    buttons = [b["text"] for row in reply.params["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["↩️ 撤销", "✏️ 更正"]
    history = rows(
        db_path,
        "SELECT metric, old_value, new_value, changed_by, chat_id FROM figure_history"
        " WHERE branch = 'jiaolou' AND day = ?",
        (THURSDAY.isoformat(),),
    )
    assert sorted(history) == [
        ("loans", None, 560, 1001, 1001),
        ("new_cards", None, 12, 1001, 1001),
        ("visitors", None, 1234, 1001, 1001),
    ]


async def test_confirmation_goes_out_only_after_commit(
    org: Organisation, db_path: Path, clock: ManualClock
) -> None:
    seen: list[dict[str, int]] = []

    class PeekingStandin(BotAPIStandin):
        """Looks into the database, from another connection, as each message leaves."""

        async def do_request(self, url, method, request_data=None, *args, **kwargs):  # type: ignore[no-untyped-def]
            if url.endswith("/sendMessage"):
                seen.append(figures(db_path, "jiaolou"))
            return await super().do_request(url, method, request_data, *args, **kwargs)

    box = await Sandbox.start(org, db_path, clock, api=PeekingStandin(now=clock.now))
    try:
        await box.feed(box.updates.message(WANG, "到馆 800 外借 300"))
    finally:
        await box.stop()
    assert seen == [{"visitors": 800, "loans": 300}]


async def test_same_update_twice_changes_nothing_and_confirms_once(
    box: Sandbox, db_path: Path
) -> None:
    update = box.updates.message(WANG, "到馆 900 外借 410")
    first = await box.feed(update)
    second = await box.feed(update)

    assert len([c for c in first if c.method == "sendMessage"]) == 1
    assert second == []
    assert rows(db_path, "SELECT COUNT(*) FROM figure_history") == [(2,)]
    assert rows(db_path, "SELECT COUNT(*) FROM reports") == [(1,)]


async def test_edit_corrects_the_stored_figure(box: Sandbox, db_path: Path) -> None:
    original = box.updates.message(WANG, "到馆 900 外借 410")
    await box.feed(original)
    box.clock.advance(minutes=3)
    calls = await box.feed(box.updates.edited_message(original, "到馆 900 外借 401"))

    assert figures(db_path, "jiaolou") == {"visitors": 900, "loans": 401}
    text = text_of(next(c for c in calls if c.method == "sendMessage"))
    assert "更正" in text and "410 → 401" in text
    history = "SELECT old_value, new_value, action FROM figure_history WHERE metric = 'loans'"
    assert rows(db_path, history + " ORDER BY id") == [(None, 410, "report"), (410, 401, "edit")]


async def test_edit_handled_before_its_original_keeps_the_edit(box: Sandbox, db_path: Path) -> None:
    original = box.updates.message(WANG, "到馆 900 外借 410")
    box.clock.advance(minutes=2)
    edit = box.updates.edited_message(original, "到馆 950 外借 410")

    await box.feed(edit)
    late = await box.feed(original)

    assert figures(db_path, "jiaolou") == {"visitors": 950, "loans": 410}
    assert [c for c in late if c.method == "sendMessage"] == []


async def test_edit_that_drops_a_figure_takes_it_back(box: Sandbox, db_path: Path) -> None:
    original = box.updates.message(WANG, "到馆 900 外借 410 办证 5")
    await box.feed(original)
    box.clock.advance(minutes=1)
    await box.feed(box.updates.edited_message(original, "到馆 900 外借 410"))

    assert figures(db_path, "jiaolou") == {"visitors": 900, "loans": 410}


async def test_second_message_for_the_same_day_is_a_correction(box: Sandbox, db_path: Path) -> None:
    await box.feed(box.updates.message(WANG, "到馆 900"))
    calls = await box.feed(box.updates.message(WANG, "到馆 990"))

    assert figures(db_path, "jiaolou") == {"visitors": 990}
    assert "900 → 990" in text_of(calls[-1])


async def test_undo_restores_what_was_there_before(box: Sandbox, db_path: Path) -> None:
    await box.feed(box.updates.message(WANG, "到馆 900 外借 410"))
    await box.feed(box.updates.message(WANG, "到馆 990 办证 3"))
    calls = await box.feed(box.updates.command(WANG, "/undo"))

    assert figures(db_path, "jiaolou") == {"visitors": 900, "loans": 410}
    assert text_of(calls[-1]).splitlines()[1:] == ["• 到馆人次：990 → 900 人次", "• 办证：3 → 无"]
    again = await box.feed(box.updates.command(WANG, "/undo"))
    assert figures(db_path, "jiaolou") == {}
    assert sorted(text_of(again[-1]).splitlines()[1:]) == ["• 到馆人次：900 → 无",
                                                          "• 外借册次：410 → 无"]  # fmt: skip
    nothing = await box.feed(box.updates.command(WANG, "/undo"))
    assert "没有" in text_of(nothing[-1])


async def test_undo_of_a_report_replaced_since_says_nothing_changed(
    box: Sandbox, db_path: Path
) -> None:
    [first] = [c for c in await box.feed(box.updates.message(WANG, "到馆 900"))
               if c.method == "sendMessage"]  # fmt: skip
    await box.feed(box.updates.message(WANG, "到馆 990"))
    data = first.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    calls = await box.feed(box.updates.callback_query(WANG, first, data))

    assert figures(db_path, "jiaolou") == {"visitors": 990}
    [edit] = [c for c in calls if c.method == "editMessageText"]
    assert text_of(edit).startswith("↩️ 没有可撤销的内容 · 角楼图书馆")
    assert "没有任何改动" in text_of(edit)
    undos = "SELECT COUNT(*) FROM figure_history WHERE action = 'undo'"
    assert rows(db_path, undos) == [(0,)]


async def test_undo_of_a_closure_says_the_closure_was_taken_back(
    box: Sandbox, db_path: Path
) -> None:
    await box.feed(box.updates.message(WANG, "今日闭馆"))
    calls = await box.feed(box.updates.command(WANG, "/undo"))

    assert rows(db_path, "SELECT COUNT(*) FROM closures") == [(0,)]
    assert "闭馆记录已撤销" in text_of(calls[-1])


async def test_undo_in_english_says_none(box: Sandbox, db_path: Path) -> None:
    await box.feed(box.updates.message(EMMA, "46 visitors"))
    calls = await box.feed(box.updates.command(EMMA, "/undo"))

    assert figures(db_path, "jiaolou") == {}
    assert text_of(calls[-1]).splitlines()[1] == "• Visitors: 46 → none"


async def test_undo_button_under_the_confirmation(box: Sandbox, db_path: Path) -> None:
    [confirmation] = [
        c
        for c in await box.feed(box.updates.message(WANG, "到馆 900"))
        if c.method == "sendMessage"
    ]
    data = confirmation.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    calls = await box.feed(box.updates.callback_query(WANG, confirmation, data))

    assert figures(db_path, "jiaolou") == {}
    edits = [c for c in calls if c.method == "editMessageText"]
    assert edits and text_of(edits[0]).splitlines()[1:] == ["• 到馆人次：900 → 无"]


async def test_a_button_no_feature_knows_is_closed_and_changes_nothing(
    box: Sandbox, db_path: Path
) -> None:
    [confirmation] = [
        c
        for c in await box.feed(box.updates.message(WANG, "到馆 900"))
        if c.method == "sendMessage"
    ]
    tap = box.updates.callback_query(WANG, confirmation, "stale:1", strict=False)
    calls = await box.feed(tap)

    assert [c.method for c in calls] == ["answerCallbackQuery"]
    assert figures(db_path, "jiaolou") == {"visitors": 900}
    assert await box.feed(tap) == []  # the same tap again: answered before


async def test_person_of_two_branches_is_asked_which(box: Sandbox, db_path: Path) -> None:
    calls = await box.feed(box.updates.message(CHEN, "到馆 310 外借 205"))
    question = [c for c in calls if c.method == "sendMessage"][-1]
    options = [b["callback_data"] for row in question.params["reply_markup"]["inline_keyboard"]
               for b in row]  # fmt: skip
    assert len(options) == 2 and figures(db_path, "longfusi") == {}

    pick = next(o for o in options if o.endswith(":longfusi"))
    await box.feed(box.updates.callback_query(CHEN, question, pick))
    assert figures(db_path, "longfusi") == {"visitors": 310, "loans": 205}
    assert figures(db_path, "wangfujing") == {}
    # A second tap on the same question stores nothing more.
    await box.feed(box.updates.callback_query(CHEN, question, pick, strict=False))
    assert rows(db_path, "SELECT COUNT(*) FROM reports") == [(1,)]


async def test_branch_hint_picks_the_branch(box: Sandbox, db_path: Path) -> None:
    await box.feed(box.updates.message(CHEN, "#隆福寺 到馆 120"))
    assert figures(db_path, "longfusi") == {"visitors": 120}


async def test_hint_for_a_branch_not_mine_is_refused(box: Sandbox, db_path: Path) -> None:
    calls = await box.feed(box.updates.message(WANG, "#景山 到馆 120"))
    assert figures(db_path, "jingshan") == {}
    assert "景山街道图书馆" in text_of(calls[-1])


async def test_negative_value_is_explained_and_not_stored(box: Sandbox, db_path: Path) -> None:
    calls = await box.feed(box.updates.message(WANG, "到馆-5"))
    assert figures(db_path, "jiaolou") == {}
    assert "未保存" in text_of(calls[-1]) or "没有保存" in text_of(calls[-1])


async def test_far_outside_history_and_unusual_are_both_asked(box: Sandbox, db_path: Path) -> None:

    history = [("jiaolou", THURSDAY - dt.timedelta(days=d), "visitors", 400) for d in range(1, 15)]
    await box.services.storage.reports.import_figures(history, 0, box.clock.now())

    typo = await box.feed(box.updates.message(WANG, "到馆 4000"))  # asked, no longer refused
    assert figures(db_path, "jiaolou") == {}
    assert "4,000" in text_of(typo[-1]) and "400" in text_of(typo[-1])
    no = typo[-1].params["reply_markup"]["inline_keyboard"][0][1]["callback_data"]
    await box.feed(box.updates.callback_query(WANG, typo[-1], no))
    assert figures(db_path, "jiaolou") == {}

    unusual = await box.feed(box.updates.message(WANG, "到馆 1500"))
    assert figures(db_path, "jiaolou") == {}
    question = unusual[-1]
    yes = question.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await box.feed(box.updates.callback_query(WANG, question, yes))
    assert figures(db_path, "jiaolou") == {"visitors": 1500}


async def test_closure_notice_is_recorded(box: Sandbox, db_path: Path) -> None:
    calls = await box.feed(box.updates.message(WANG, "今日闭馆"))
    assert rows(db_path, "SELECT branch, day FROM closures") == [("jiaolou", "2026-11-19")]
    assert "闭馆" in text_of(calls[-1])


async def test_english_reader_gets_english(box: Sandbox, db_path: Path) -> None:
    calls = await box.feed(box.updates.message(EMMA, "46 visitors, 30 loans"))
    assert figures(db_path, "jiaolou") == {"visitors": 46, "loans": 30}
    text = text_of(calls[-1])
    assert "Recorded" in text and "Visitors" in text and "Nov 19, 2026" in text


async def test_lang_switches_the_language(box: Sandbox) -> None:
    [question] = [c for c in await box.feed(box.updates.command(WANG, "/lang"))
                  if c.method == "sendMessage"]  # fmt: skip
    await box.feed(box.updates.callback_query(WANG, question, "lang:en"))
    calls = await box.feed(box.updates.message(WANG, "到馆 300"))
    assert "Recorded" in text_of(calls[-1])


async def test_chit_chat_stores_nothing(box: Sandbox, db_path: Path) -> None:
    calls = await box.feed(box.updates.message(WANG, "明天上午开会，记得带材料"))
    assert rows(db_path, "SELECT COUNT(*) FROM figures") == [(0,)]
    assert "到馆 1,234" in text_of(calls[-1])


async def test_echoed_text_is_escaped(box: Sandbox, db_path: Path) -> None:
    calls = await box.feed(box.updates.message(WANG, "#<b>x</b>& 到馆 5"))
    sent = [c for c in calls if c.method == "sendMessage"]
    assert sent and sent[-1].ok
    assert "<b>x</b>&" in text_of(sent[-1])
    assert figures(db_path, "jiaolou") == {}


async def test_today_lists_my_branches(box: Sandbox) -> None:
    await box.feed(box.updates.message(LIU, "到馆 1100 外借 600"))
    calls = await box.feed(box.updates.command(LIU, "/today"))
    text = text_of(calls[-1])
    assert "东城区第一图书馆（总馆）" in text and "1,100" in text and "600" in text


async def test_restart_loses_nothing_and_redelivery_does_not_double(
    org: Organisation, db_path: Path, clock: ManualClock
) -> None:
    box = await Sandbox.start(org, db_path, clock)
    update = box.updates.message(WANG, "到馆 700 外借 250")
    await box.feed(update)
    await box.stop()

    again = await Sandbox.start(org, db_path, clock)
    try:
        assert figures(db_path, "jiaolou") == {"visitors": 700, "loans": 250}
        assert await again.feed(update) == []
    finally:
        await again.stop()
    assert rows(db_path, "SELECT COUNT(*) FROM figure_history") == [(2,)]


async def test_a_confirmation_that_failed_after_the_commit_is_sent_when_tried_again(
    org: Organisation, db_path: Path, clock: ManualClock
) -> None:
    api = BotAPIStandin(now=clock.now)
    box = await Sandbox.start(org, db_path, clock, api=api)
    api.fail(WANG.id, "502")  # the confirmation is lost after the commit
    update = box.updates.message(WANG, "到馆 700")
    first = await box.feed(update)
    repeat = await box.feed(update)  # Telegram delivers it again: known, not handled twice
    calls = await box.retry_unsettled()  # what the runner does after a backoff
    again = await box.retry_unsettled()
    await box.stop()

    assert not any(c.ok for c in first if c.method == "sendMessage") and repeat == []
    [confirmation] = [c for c in calls if c.method == "sendMessage" and c.ok]
    assert "700" in text_of(confirmation)
    assert again == []  # sent once: settled
    assert figures(db_path, "jiaolou") == {"visitors": 700}
    assert rows(db_path, "SELECT COUNT(*) FROM figure_history") == [(1,)]


async def test_a_confirmation_to_a_chat_that_is_gone_is_not_tried_again(
    org: Organisation, db_path: Path, clock: ManualClock
) -> None:
    api = BotAPIStandin(now=clock.now)
    box = await Sandbox.start(org, db_path, clock, api=api)
    api.fail(WANG.id, "400")  # chat not found
    await box.feed(box.updates.message(WANG, "到馆 700"))
    again = await box.retry_unsettled()
    await box.stop()

    assert again == []
    assert figures(db_path, "jiaolou") == {"visitors": 700}
    assert rows(db_path, "SELECT outcome FROM inbox") == [("unreachable",)]


async def test_only_an_unclear_figure_is_explained(box: Sandbox, db_path: Path) -> None:
    calls = await box.feed(box.updates.message(LIU, "采购图书120"))
    text = text_of(calls[-1])
    assert "采购图书120" in text and "种" in text and "未保存" in text
    assert figures(db_path, "main") == {}


async def test_kinds_of_events_add_up(box: Sandbox, db_path: Path) -> None:
    calls = await box.feed(box.updates.message(LIU, "讲座2场，展览1场"))
    assert figures(db_path, "main") == {"events": 3}
    assert "展览1场" in text_of(calls[-1])


async def test_last_weeks_monday_is_filed_under_last_week(box: Sandbox, db_path: Path) -> None:
    await box.feed(box.updates.message(WANG, "上个星期一 到馆 412"))

    assert figures(db_path, "jiaolou", dt.date(2026, 11, 9)) == {"visitors": 412}
    assert figures(db_path, "jiaolou", dt.date(2026, 11, 16)) == {}


async def test_a_day_it_cannot_read_is_refused_with_the_reason(box: Sandbox, db_path: Path) -> None:
    calls = await box.feed(box.updates.message(WANG, "上上上周五 到馆 640"))

    assert rows(db_path, "SELECT * FROM figures") == []
    [reply] = [c for c in calls if c.method == "sendMessage"]
    assert "没看懂“上上上周五”是哪一天" in text_of(reply)


async def test_two_days_in_one_message_are_refused(box: Sandbox, db_path: Path) -> None:
    calls = await box.feed(box.updates.message(EMMA, "yesterday 40 visitors, today 45 visitors"))

    assert rows(db_path, "SELECT * FROM figures") == []
    [reply] = [c for c in calls if c.method == "sendMessage"]
    assert "two different days (yesterday / today)" in text_of(reply)


async def test_day_month_that_could_be_either_is_refused(box: Sandbox, db_path: Path) -> None:
    calls = await box.feed(box.updates.message(WANG, "5/6 到馆 73"))

    assert rows(db_path, "SELECT * FROM figures") == []
    [reply] = [c for c in calls if c.method == "sendMessage"]
    assert "“5/6”分不清是日/月还是月/日" in text_of(reply)


async def test_an_input_method_slip_is_read_and_the_reply_says_what_was_assumed(
    box: Sandbox, db_path: Path
) -> None:
    calls = await box.feed(box.updates.message(WANG, "到官 120 外借 80"))

    assert figures(db_path, "jiaolou") == {"visitors": 120, "loans": 80}
    [reply] = [c for c in calls if c.method == "sendMessage"]
    assert "“到官”按“到馆”理解" in text_of(reply)


async def test_a_branch_named_at_the_start_without_a_hash_is_understood(
    box: Sandbox, db_path: Path
) -> None:
    # 静 reports for two branches: the name at the start says which, no question asked.
    calls = await box.feed(box.updates.message(CHEN, "隆福寺：到馆 133 外借 40"))
    assert figures(db_path, "longfusi") == {"visitors": 133, "loans": 40}
    assert "隆福寺更读书社分馆" in text_of(calls[-1])
    await box.feed(box.updates.message(CHEN, "【王府井】到馆 88"))
    assert figures(db_path, "wangfujing") == {"visitors": 88}
    # A branch that is not the sender's is refused, never filed under their own.
    refused = await box.feed(box.updates.message(WANG, "景山 到馆 133"))
    assert "景山" in text_of(refused[-1]) and figures(db_path, "jingshan") == {}
    assert figures(db_path, "jiaolou") == {}


async def test_an_undo_whose_answer_failed_says_what_it_took_back_when_tried_again(
    box: Sandbox, db_path: Path
) -> None:
    await box.feed(box.updates.message(WANG, "到馆 700"))
    box.clock.advance(minutes=1)
    await box.feed(box.updates.message(WANG, "到馆 720"))
    box.api.fail(WANG.id, "502")  # the undo's answer is lost after its commit
    await box.feed(box.updates.message(WANG, "/undo"))
    assert figures(db_path, "jiaolou") == {"visitors": 700}

    calls = await box.retry_unsettled()

    [answer] = [c for c in calls if c.method == "sendMessage" and c.ok]
    assert "已撤销" in text_of(answer) and "720 → 700" in text_of(answer)
    assert figures(db_path, "jiaolou") == {"visitors": 700}  # undone once, not twice
