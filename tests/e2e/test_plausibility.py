"""Values far outside what a branch expects: asked about, never refused — end to end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.offline.sandbox import Sandbox
from tests.e2e.conftest import CHEN, THURSDAY, WANG, buttons, figures, rows, text_of


async def usual_400(box: Sandbox) -> None:
    """Two weeks of 角楼 at about 400 visitors a day."""
    history = [("jiaolou", THURSDAY - dt.timedelta(days=d), "visitors", 400) for d in range(1, 15)]
    await box.services.storage.reports.import_figures(history, 0, box.clock.now())


async def test_ten_times_the_usual_is_asked_never_refused(box: Sandbox, db_path: Path) -> None:
    await usual_400(box)
    for _ in range(2):  # sent again, it is asked again: never a refusal
        question = (await box.feed(box.updates.message(WANG, "到馆 4000")))[-1]
        assert figures(db_path, "jiaolou") == {}
        assert "4,000" in text_of(question) and "本馆平时约 400" in text_of(question)
        assert "未保存" not in text_of(question)
        assert [label for label, _ in buttons(question)] == ["✅ 确实是 4,000", "✖️ 输错了"]

    [(_, yes), _] = buttons(question)
    await box.feed(box.updates.callback_query(WANG, question, yes))
    assert figures(db_path, "jiaolou") == {"visitors": 4000}


async def test_no_stores_nothing_and_says_how_to_resend(box: Sandbox, db_path: Path) -> None:
    await usual_400(box)
    question = (await box.feed(box.updates.message(WANG, "到馆 4000")))[-1]
    [_, (_, no)] = buttons(question)
    calls = await box.feed(box.updates.callback_query(WANG, question, no))
    assert figures(db_path, "jiaolou") == {}
    said = " ".join(text_of(c) for c in calls if "text" in c.params)
    assert "未保存" in said and "到馆 1,234" in said


async def test_day_one_is_judged_by_the_branch_allocation(box: Sandbox, db_path: Path) -> None:
    # 角楼's allocation is 150,000 visitors over 365 open days: about 411 a day.
    question = (await box.feed(box.updates.message(WANG, "到馆 36500")))[-1]
    assert figures(db_path, "jiaolou") == {}
    assert "36,500" in text_of(question) and "本馆平时约 411" in text_of(question)
    # Within ten times the plan's daily share: stored at once.
    await box.feed(box.updates.message(WANG, "到馆 1800"))
    assert figures(db_path, "jiaolou") == {"visitors": 1800}


async def test_without_an_allocation_the_organisation_share_counts(
    box: Sandbox, db_path: Path
) -> None:
    # 隆福寺 has no loans allocation: 400,000 loans ÷ 7 branches ÷ its open days.
    question = (await box.feed(box.updates.message(CHEN, "#隆福寺 外借 36500")))[-1]
    assert figures(db_path, "longfusi") == {}
    assert "36,500" in text_of(question) and "本馆平时约" in text_of(question)
    await box.feed(box.updates.message(CHEN, "#隆福寺 外借 1200"))  # under 10 × that share
    assert figures(db_path, "longfusi") == {"loans": 1200}
    # A metric the plan does not name is not judged before there is history.
    await box.feed(box.updates.message(CHEN, "#隆福寺 阅览 36500"))
    assert figures(db_path, "longfusi") == {"loans": 1200, "reading_room": 36500}


async def test_a_reason_written_with_the_figures_is_shown(box: Sandbox, db_path: Path) -> None:
    await usual_400(box)
    question = (await box.feed(box.updates.message(WANG, "今天有书市 到馆 3100")))[-1]
    assert "今天有书市" in text_of(question)
    [(_, yes), _] = buttons(question)
    await box.feed(box.updates.callback_query(WANG, question, yes))
    assert figures(db_path, "jiaolou") == {"visitors": 3100}
    # The reason is kept with the report and shown in /today.
    assert rows(db_path, "SELECT note FROM reports") == [("今天有书市 到馆 3100",)]
    [today] = await box.feed(box.updates.message(WANG, "/today"))
    assert "说明：“今天有书市 到馆 3100”" in text_of(today)


async def test_a_reason_in_its_own_clause_is_kept_alone(box: Sandbox, db_path: Path) -> None:
    await usual_400(box)
    question = (await box.feed(box.updates.message(WANG, "到馆 3100，世界读书日活动")))[-1]
    [(_, yes), _] = buttons(question)
    await box.feed(box.updates.callback_query(WANG, question, yes))
    assert rows(db_path, "SELECT note FROM reports") == [("世界读书日活动",)]


async def test_a_question_whose_figure_changed_since_is_refused(
    box: Sandbox, db_path: Path
) -> None:
    await usual_400(box)
    question = (await box.feed(box.updates.message(WANG, "到馆 4000")))[-1]
    await box.feed(box.updates.message(WANG, "到馆 420"))  # stored by another message
    assert figures(db_path, "jiaolou") == {"visitors": 420}

    [(_, yes), _] = buttons(question)
    calls = await box.feed(box.updates.callback_query(WANG, question, yes))
    assert figures(db_path, "jiaolou") == {"visitors": 420}
    said = " ".join(text_of(c) for c in calls if "text" in c.params)
    assert "已过期" in said
    assert rows(db_path, "SELECT COUNT(*) FROM reports") == [(1,)]
