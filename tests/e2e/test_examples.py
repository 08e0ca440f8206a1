"""Examples come from the reader's own library and language (issue 14, item 4), and /help
and /today follow the reader's role (item 6).

The library here is not the sample: 和平 and 海港, a plan for loans, new cards and events
(no visitors), English staff. No example may name a branch it does not have, and every
example the bot shows is read back by the real parser as what it claims.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from bot.app.application import publish_commands
from bot.app.services import report_parser
from bot.core.clock import ManualClock
from bot.core.org import Organisation, parse_org
from bot.jobs.reminders import run_due
from bot.offline.sample import load_sample_org
from bot.offline.sandbox import Sandbox
from bot.offline.standin import RecordedCall, render_html
from bot.offline.updates import TgUser
from tests.e2e.conftest import THURSDAY, TZ, figures

ORG = """
[org]
name = "滨海市图书馆"
timezone = "Asia/Shanghai"
locale = "zh_CN"
leadership_chat_id = -1002000000001

[schedule]
report_due = "18:00"
reminder_at = "17:30"
escalate_at = "09:30"
digest = "mon 09:00"

[[branches]]
code = "heping"
name = "和平图书馆"
kind = "central"
aliases = ["和平"]

[[branches]]
code = "haigang"
name = "海港分馆"
parent = "heping"
aliases = ["海港", "Harbour"]

[[staff]]
id = 3001
name = "林晓"
branches = ["haigang"]

[[staff]]
id = 3002
name = "Oliver Grant"
branches = ["haigang", "heping"]
locale = "en"

[[staff]]
id = 3003
name = "Ruth Mills"
role = "manager"
locale = "en"

[[staff]]
id = 3004
name = "周敏"
role = "manager"
branches = ["haigang"]

[[staff]]
id = 3005
name = "Ada Park"
role = "admin"
locale = "en"

[targets.2026]
loans = 90000
new_cards = 2000
events = 300
"""

LIN = TgUser(3001, "晓", last_name="林")  # staff, 海港
OLIVER = TgUser(3002, "Oliver", language_code="en")  # staff of both branches, English
RUTH = TgUser(3003, "Ruth", language_code="en")  # manager without a branch, English
ZHOU = TgUser(3004, "敏", last_name="周")  # manager of 海港
ADA = TgUser(3005, "Ada", language_code="en")  # admin, English
CODE = re.compile(r"<code>(.*?)</code>")


def sample_branch_words() -> set[str]:
    """Every name and alias of the sample library's branches: none may show here."""
    sample = load_sample_org()
    return {w for b in sample.branches for w in (b.name, *b.aliases) if len(w) > 1}


def foreign_names(text: str) -> set[str]:
    return {w for w in sample_branch_words() if w in text}


@pytest.fixture
def org() -> Organisation:
    return parse_org(ORG)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(dt.datetime.combine(THURSDAY, dt.time(10, 0), TZ))


def sent(calls: list[RecordedCall], to: int) -> list[str]:
    """What was sent to the chat ``to`` (a task set is also told to its branches' staff)."""
    return [c.params["text"] for c in calls if c.method == "sendMessage" and c.chat_id == to]


async def say(box: Sandbox, user: TgUser, command: str, *args: str) -> str:
    [reply] = sent(await box.feed(box.updates.command(user, command, *args)), user.id)
    return str(reply)


async def write(box: Sandbox, user: TgUser, text: str) -> str:
    [reply] = sent(await box.feed(box.updates.message(user, text)), user.id)
    return str(reply)


def examples(reply: str) -> list[str]:
    """The examples in a reply, as the reader would type them."""
    return [render_html(code) for code in CODE.findall(reply)]


async def test_help_shows_the_readers_branch_and_tracked_metrics_and_each_example_reads_back(
    box: Sandbox, org: Organisation, db_path: Path
) -> None:
    reply = await say(box, LIN, "/help")
    lines = examples(reply)
    assert lines == ["外借 560 办证 12 活动 3", "昨天 外借 560 办证 12", "#海港 今日闭馆"]
    assert not foreign_names(reply)
    parser = report_parser(org)
    first, yesterday, closure = (parser.parse(line, THURSDAY) for line in lines)
    assert first.figures == {"loans": 560, "new_cards": 12, "events": 3} and not first.warnings
    assert yesterday.date == THURSDAY - dt.timedelta(days=1)
    assert yesterday.figures == {"loans": 560, "new_cards": 12}
    assert closure.closed and closure.branch is not None
    resolved = org.resolve_branch(closure.branch)
    assert resolved is not None and resolved.code == "haigang"

    await write(box, LIN, lines[0])  # sent as shown, it is stored as claimed
    assert figures(db_path, "haigang") == first.figures


async def test_english_readers_get_english_metric_words_the_parser_reads(
    box: Sandbox, org: Organisation
) -> None:
    reply = await say(box, OLIVER, "/help")
    first, yesterday, closure = examples(reply)
    assert first == "loans 560 new cards 12 events 3"
    assert yesterday == "yesterday loans 560 new cards 12"
    assert closure == "#海港 closed today"  # his first branch, by its shortest name
    parser = report_parser(org)
    assert parser.parse(first, THURSDAY).figures == {"loans": 560, "new_cards": 12, "events": 3}
    assert parser.parse(yesterday, THURSDAY).date == THURSDAY - dt.timedelta(days=1)
    assert parser.parse(closure, THURSDAY).closed

    # A manager with no branch of her own is asked to name one, with an example that reads
    # back as a report for one of this library's branches.
    question = await write(box, RUTH, "new cards 5")
    [tagged] = re.findall(r"“(.*?)”", render_html(question))
    assert tagged == "#和平 loans 560"
    read = parser.parse(tagged, THURSDAY)
    assert read.figures == {"loans": 560} and read.branch == "和平"


async def test_errors_and_usage_lines_name_only_this_librarys_branches(
    box: Sandbox, org: Organisation
) -> None:
    replies = {
        "chit-chat": await write(box, LIN, "今天天气不错"),
        "progress": await say(box, LIN, "/progress", "角楼"),
        "deadline": await say(box, ZHOU, "/deadline", "明天吧"),
        "opening": await say(box, ADA, "/opening"),
        "branch": await say(box, ADA, "/branch", "add", "新馆", "大馆"),
        "sticker": str(sent(await box.feed(box.updates.sticker(OLIVER)), OLIVER.id)[0]),
        "total": await write(box, OLIVER, "loans 5600 this month"),
    }
    for name, reply in replies.items():
        assert not foreign_names(reply.replace("“角楼”", "")), name  # 角楼 was asked about
    assert "/progress 外借 或 /progress 海港" in replies["progress"]
    assert "<code>/deadline 12月5日 #海港 #和平 提交11月统计月报</code>" in replies["deadline"]
    assert "<code>/opening 和平 1-11月 loans 56,000 new cards" not in replies["opening"]
    assert "<code>/opening 和平 1-11月 loans 56,000 events 300</code>" in replies["opening"]
    assert "上级:和平" in replies["branch"] or "parent:和平" in replies["branch"]
    assert "loans 560" in replies["sticker"] and "外借" not in replies["sticker"]
    assert "“loans 560”" in replies["total"]
    assert examples(replies["chit-chat"]) == ["外借 560 办证 12 活动 3"]


async def test_the_reminder_shows_english_words_and_an_english_closure(box: Sandbox) -> None:
    box.clock.set(dt.datetime.combine(THURSDAY, dt.time(17, 31), TZ))
    await run_due(box.sender, box.services)
    texts = {c.params["chat_id"]: c.params["text"] for c in box.api.calls
             if c.method == "sendMessage"}  # fmt: skip
    oliver, lin = texts[OLIVER.id], texts[LIN.id]
    assert "<code>#海港 loans … new cards … events …</code>" in oliver
    assert "<code>#海港 closed today</code>" in oliver and "今日闭馆" not in oliver
    assert "<code>外借 … 办证 … 活动 …</code>" in lin and "<code>今日闭馆</code>" in lin
    assert not foreign_names(oliver + lin)


async def test_menus_carry_this_librarys_examples(box: Sandbox) -> None:
    await publish_commands(box.app, box.services)
    menus = [c.params for c in box.api.calls if c.method == "setMyCommands"]
    lines = {(m.get("language_code"), m["scope"]["type"], m.get("scope", {}).get("chat_id")): {
        c["command"]: c["description"] for c in m["commands"]} for m in menus}  # fmt: skip
    assert lines[("zh", "default", None)]["report"] == "报数：/report 外借 560 办证 12"
    english = lines[("en", "default", None)]["report"]
    assert english == "Report figures: /report loans 560 new cards 12"
    opening = lines[(None, "chat", ADA.id)]["opening"]
    assert opening.endswith("/opening 和平 1-11月 loans 56,000 events 300")
    assert not any(foreign_names(text) for menu in lines.values() for text in menu.values())


@pytest.mark.parametrize("manager", [RUTH, ZHOU])
async def test_a_managers_help_lists_every_command_they_may_use(
    box: Sandbox, manager: TgUser
) -> None:
    reply = await say(box, manager, "/help")
    for command in ("/missing", "/digest", "/export", "/deadline", "/today", "/report"):
        assert command in reply
    assert "/invite" not in reply and "/branch" not in reply
    staff = await say(box, LIN, "/help")
    assert "/missing" not in staff and "/digest" not in staff and "/export" not in staff


async def test_a_managers_today_is_the_whole_systems_day_their_own_first(box: Sandbox) -> None:
    await write(box, LIN, "外借 40")
    await write(box, OLIVER, "#和平 loans 75")

    ruth = render_html(await say(box, RUTH, "/today"))  # English, no branch of her own
    assert "和平图书馆" in ruth and "海港分馆" in ruth
    assert "75" in ruth and "40" in ruth
    zhou = render_html(await say(box, ZHOU, "/today"))
    assert zhou.index("海港分馆") < zhou.index("和平图书馆")
    lin = render_html(await say(box, LIN, "/today"))  # staff: their own branch only
    assert "海港分馆" in lin and "和平图书馆" not in lin


async def test_the_usage_examples_do_what_they_show_when_sent(box: Sandbox) -> None:
    """The example under a usage line is a command that works as written."""
    for user in (ZHOU, RUTH):
        usage = await say(box, user, "/deadline")
        [example] = [e for e in examples(usage) if e.startswith("/deadline")]
        command, *args = example.split()
        created = render_html(await say(box, user, command, *args))
        assert "海港分馆" in created and "和平图书馆" in created, created  # both, by name
    [opening] = examples(await say(box, ADA, "/opening"))
    command, *args = opening.split()
    stored = render_html(await say(box, ADA, command, *args))
    assert "和平图书馆" in stored and "56,000" in stored and "300" in stored, stored
