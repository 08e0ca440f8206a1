"""``libbot demo``: a day and a half at 东城区第一图书馆, offline, printed as a transcript.

The real application runs against the in-process Bot API stand-in with the sample
organisation; the year so far is generated, then staff report in their own words.
Every run starts afresh on a new database; with ``--db FILE`` that database then replaces
the one an earlier run left in FILE, so the demo runs any number of times on one file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot.cli.imports import describe
from bot.core.clock import ManualClock
from bot.core.org import Organisation
from bot.jobs.digest import DigestPublisher
from bot.jobs.reminders import run_due
from bot.offline.demo_history import fill_template, generate, month_totals
from bot.offline.sample import load_sample_org
from bot.offline.sandbox import Sandbox
from bot.offline.standin import RecordedCall, render_html
from bot.offline.updates import TgUser
from bot.render.base import KeepUnusual, PickBranch, ResolveContest
from handlers import reporting
from storage.sqlite.health import inspect_database

TZ = ZoneInfo("Asia/Shanghai")
DAY_ONE = dt.date(2026, 11, 19)  # a Thursday

WANG = TgUser(1001, "王芳")
LI = TgUser(1002, "建国", last_name="李")
ZHANG = TgUser(1003, "伟", last_name="张")
LIU = TgUser(1004, "洋", last_name="刘")
CHEN = TgUser(1005, "静", last_name="陈")
ZHAO = TgUser(1006, "敏", last_name="赵")
SUN = TgUser(1008, "丽", last_name="孙")
EMMA = TgUser(1009, "Emma", last_name="Wilson", language_code="en")
STRANGER = TgUser(5550001, "路人甲")
NEWCOMER = TgUser(2001, "晓梅", last_name="何")
XINHUA = TgUser(2002, "芳", last_name="宋")  # staff of a service point added in chat
XINHUA_NAME = "新华路社区服务点"  # the service point 张伟 adds in chat: marks a demo's database


class DemoFileError(Exception):
    """``--db`` names a file the demo may not write; ``str()`` says why and what to do."""


class Transcript:
    """Prints the conversation as people would read it."""

    def __init__(self, out: TextIO, names: dict[int, str]) -> None:
        self._out = out
        self._names = names

    def heading(self, text: str) -> None:
        self._out.write(f"\n{'═' * 4} {text} {'═' * 4}\n")

    def note(self, text: str) -> None:
        self._out.write(f"   ({text})\n")

    def command(self, line: str, output: Iterable[str] = ()) -> None:
        """A command the IT person types, and what it prints."""
        self._out.write(f"\n$ {line}\n")
        for printed in output:
            self._out.write(f"  {printed}\n")

    def said(self, at: dt.datetime, user: TgUser, text: str, where: str = "") -> None:
        who = self._names.get(user.id, user.first_name)
        self._out.write(f"\n{at.astimezone(TZ):%H:%M}  {who}{where} ▸ {text}\n")

    def bot(self, calls: Iterable[RecordedCall]) -> None:
        for call in calls:
            line = self._render(call)
            if line:
                self._out.write(line + "\n")

    def _render(self, call: RecordedCall) -> str | None:
        params = call.params
        if call.method in ("sendMessage", "editMessageText"):
            verb = "bot" if call.method == "sendMessage" else "bot (edits its message)"
            to = self._names.get(call.chat_id or 0, str(call.chat_id))
            body = render_html(params["text"]).replace("\n", "\n" + " " * 9)
            text = f"       {verb} → {to}:\n         {body}"
            return text + _buttons(params.get("reply_markup"))
        if call.method in ("sendPhoto", "sendDocument"):
            to = self._names.get(call.chat_id or 0, str(call.chat_id))
            what = "picture" if call.method == "sendPhoto" else "file"
            caption = render_html(params.get("caption") or "").replace("\n", " ")
            return f"       bot → {to}: [{what}] {caption}"
        if call.method == "answerCallbackQuery" and params.get("text"):
            return f"       bot (pop-up): {params['text']}"
        if call.method == "leaveChat":
            return f"       bot leaves chat {call.chat_id}"
        return None


def _buttons(markup: Any) -> str:
    rows = (markup or {}).get("inline_keyboard") or []
    labels = " ".join(f"[{b['text']}]" for row in rows for b in row)
    return f"\n         {labels}" if labels else ""


async def run_demo(out: TextIO, db_path: Path | None = None) -> int:
    """Run the scripted day and print it; returns 0.

    The day is played on a new database; ``db_path``, when given, is then replaced by it
    (raises DemoFileError, before anything is played, when ``db_path`` holds anything but
    an earlier demo's database)."""
    org = load_sample_org()
    if db_path is not None:
        _check_replaceable(db_path)
    # the new database is built beside db_path, so it replaces it in one rename
    stage_dir = db_path.parent if db_path is not None else None
    with (
        tempfile.TemporaryDirectory(prefix="libbot-demo-") as tmp,
        tempfile.TemporaryDirectory(prefix=".libbot-demo-", dir=stage_dir) as stage,
    ):
        path = Path(stage) / "demo.sqlite3"
        clock = ManualClock(dt.datetime(2026, 11, 19, 8, 30, tzinfo=TZ))
        box = await Sandbox.start(org, path, clock)
        try:
            await _play(box, org, out, Path(tmp))
        finally:
            await box.stop()
        if db_path is not None:
            _replace(path, db_path)
    return 0


def _check_replaceable(path: Path) -> None:
    """Refuse a ``--db`` file the demo did not write: it may be a library's own data."""
    if not path.parent.is_dir():
        raise DemoFileError(f"--db {path}: the directory {path.parent} does not exist.")
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return
    if not (path.is_file() and _written_by_a_demo(path)):
        raise DemoFileError(
            f"--db {path} is not a database an earlier libbot demo wrote, so it is left as "
            "it is (each demo run replaces the file with a new demo database): name a new "
            "file, or remove this one."
        )


def _written_by_a_demo(path: Path) -> bool:
    """Whether ``path`` is a demo's database: the service point the demo adds in chat is
    among its branch changes (a library's own database would not have 张伟 add it)."""
    health = inspect_database(path)
    return health.problem is None and any(
        c.action == "add" and c.name == XINHUA_NAME and c.changed_by == ZHANG.id
        for c in health.branch_changes
    )


def _replace(new: Path, old: Path) -> None:
    """Put the closed database ``new`` in place of ``old``, dropping old's journal files
    (they belong to the database being replaced)."""
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{old}{suffix}").unlink(missing_ok=True)
    os.replace(new, old)


async def _the_year_so_far(
    box: Sandbox, org: Organisation, show: Transcript, workdir: Path
) -> None:
    """Last year's daily figures (for pace), January–October from the library's own
    workbook through ``libbot import``, and November's days as reported in chat."""
    storage, now = box.services.storage, box.clock.now()
    last_year = await storage.reports.import_figures(
        generate(org, dt.date(2025, 1, 1), dt.date(2025, 12, 31)), user_id=0, now=now
    )
    show.note(
        f"the sample organisation: {len(org.branches)} branches, {len(org.staff)} staff; "
        f"last year's {last_year:,} daily figures already stored (for pace)"
    )
    book = workdir / "2026年1-10月.xlsx"
    box.services.imports.template(book, year=2026)
    show.command(f"libbot import --template {book.name}")
    months = month_totals(generate(org, dt.date(2026, 1, 1), dt.date(2026, 10, 31)))
    show.note(f"the statistics office fills in its sheet: {fill_template(book, org, months)} "
              "monthly totals, January to October")  # fmt: skip
    report = await box.services.imports.import_file(book)
    show.command(f"libbot import {book.name}", describe(report)[:1])
    again = await box.services.imports.import_file(book)
    show.command(f"libbot import {book.name}", describe(again)[-1:])
    november = await storage.reports.import_figures(
        generate(org, dt.date(2026, 11, 1), DAY_ONE - dt.timedelta(days=1)), user_id=0, now=now
    )
    show.note(f"{november:,} daily figures reported in chat from 1 to 18 November")


async def _play(box: Sandbox, org: Organisation, out: TextIO, workdir: Path) -> None:
    names = {s.id: s.name for s in org.staff} | {
        STRANGER.id: "路人甲", NEWCOMER.id: "何晓梅", XINHUA.id: "宋芳"
    }  # fmt: skip
    names[org.org.leadership_chat_id or 0] = "领导班子群"
    show = Transcript(out, names)
    up = box.updates

    async def at(hour: int, minute: int, day: dt.date = DAY_ONE) -> None:
        box.clock.set(dt.datetime.combine(day, dt.time(hour, minute), TZ))

    async def say(user: TgUser, text: str) -> dict[str, Any]:
        update = up.message(user, text)
        show.said(box.clock.now(), user, text)
        show.bot(await box.feed(update))
        return update

    async def tap(user: TgUser, call: RecordedCall, data: str, label: str) -> None:
        show.said(box.clock.now(), user, f"taps [{label}]")
        show.bot(await box.feed(up.callback_query(user, call, data)))

    def last_sent(chat_id: int) -> RecordedCall:
        return box.api.sent_messages(chat_id)[-1]

    show.heading(f"{org.org.name} · libbot demo")
    await _the_year_so_far(box, org, show, workdir)
    show.heading("Thursday 19 November 2026")

    async def jobs(note: str) -> None:
        show.note(f"{box.clock.now():%H:%M}, {note}")
        before = len(box.api.calls)
        await run_due(box.sender, box.services)
        show.bot(box.api.calls[before:])

    await at(8, 35)
    await say(LI, "/deadline 11月26日 #角楼 #景山 提交第四季度读者活动总结")
    show.note("a task for two branches: their staff are reminded 3 days and 1 day before, "
              "and on the day")  # fmt: skip

    await at(8, 40)
    await say(STRANGER, "你好，请问怎么办借书证？")
    show.note("not on the roster: told how to join, nothing stored, nothing disclosed")

    await at(17, 5)
    await say(WANG, "今天到馆412人次，外借286册，办证3张")

    await at(17, 9)
    await say(ZHAO, "到馆 1520 外借 95")
    show.note("1,520 is ten times 景山's usual: asked about, never refused outright")
    typo = KeepUnusual(_pending(last_sent(ZHAO.id)), keep=False)
    await tap(ZHAO, last_sent(ZHAO.id), reporting.payload(typo), "✖️ 输错了")
    await at(17, 10)
    await say(ZHAO, "到馆 152 外借 95")

    await at(17, 12)
    await say(CHEN, "到馆 310，外借 205 册，外借 88 人次")
    pick = PickBranch(_pending(last_sent(CHEN.id)), "wangfujing")
    await tap(CHEN, last_sent(CHEN.id), reporting.payload(pick), "王府井书店分馆")

    await at(17, 15)
    report = await say(LIU, "到馆 2650 外借 640 办证 9 活动2场“周末书市” 参与 86人")
    show.note("2,650 is three times the central library's usual: stored only after a tap")
    keep = KeepUnusual(_pending(last_sent(LIU.id)), keep=True)
    await tap(LIU, last_sent(LIU.id), reporting.payload(keep), "✅ 确实是 2,650")
    await at(17, 20)
    show.said(box.clock.now(), LIU, "(edits the message: 外借 640 → 外借 604)")
    edited = "到馆 2650 外借 604 办证 9 活动2场“周末书市” 参与 86人"
    show.bot(await box.feed(up.edited_message(report, edited)))

    await at(17, 25)
    await say(SUN, "今天停电，闭馆一天")

    await at(17, 30)
    await jobs("reminder time: the scheduled job fires")
    show.note("only the people of open branches with nothing in yet; 吉祥 sent a closure "
              "notice, so 孙丽 is left alone")  # fmt: skip
    await jobs("the job runs again (a retry, or a restart)")
    show.note("nothing: each reminder is in the sent-log once per person and day")

    await at(17, 31)
    await say(EMMA, "English reading corner today: 1 event with 18 participants")
    show.note("Emma writes and reads English; her figures join 角楼's day")
    await say(EMMA, "visitors 430")
    show.note("王芳 already sent 角楼's visitors: Emma is shown whose and asked, nothing "
              "changes until she chooses")  # fmt: skip
    theirs = ResolveContest(_pending(last_sent(EMMA.id)), "keep")
    await tap(EMMA, last_sent(EMMA.id), reporting.payload(theirs), "✋ Keep theirs")

    await at(17, 40)
    dup = up.message(WANG, "到馆420 外借290 办证3 （其中少儿到馆120）")
    show.said(box.clock.now(), WANG, dup["message"]["text"])
    show.bot(await box.feed(dup))
    show.note("Telegram delivers the same update again after a network hiccup:")
    calls = await box.feed(dup)
    show.note(f"the bot sends {len(calls)} messages and changes nothing")

    await at(17, 45)
    await say(WANG, "/today")
    await say(WANG, "明天上午馆里开会，记得带材料")
    await say(WANG, "/undo")
    await say(WANG, "到馆420 外借290 办证3")

    await at(18, 30)
    await say(ZHANG, "/invite 东华门")
    link = render_html(last_sent(ZHANG.id).params["text"]).rsplit("start=", 1)[-1]
    await at(18, 40)
    await say(NEWCOMER, f"/start {link}")
    await say(NEWCOMER, "到馆 132 外借 61 办证 2")

    await at(18, 50)
    await say(ZHANG, f"/branch add {XINHUA_NAME} 服务点 上级:景山")
    await say(ZHANG, "/invite 新华路")
    link = render_html(last_sent(ZHANG.id).params["text"]).rsplit("start=", 1)[-1]
    await say(XINHUA, f"/start {link}")
    await say(XINHUA, "到馆 36 外借 12")
    show.note("the new service point is expected from today only: never missing before it")

    await at(19, 0)
    show.said(box.clock.now(), ZHANG, "adds the bot to a chat that is not in org.toml", "")
    show.bot(await box.feed(up.my_chat_member(ZHANG, -1009999999999, title="读书会群")))

    show.heading("Friday 20 November 2026")
    await at(9, 5, DAY_ONE + dt.timedelta(days=1))
    await say(ZHAO, "补报昨天：活动1场 参与25人")
    await at(9, 30, DAY_ONE + dt.timedelta(days=1))
    await jobs("escalation time: the scheduled job fires")
    show.note("东华门 reported after the reminder (何晓梅, who joined at 18:40); "
              "隆福寺 never did, so the manager hears of it")  # fmt: skip
    await at(9, 35, DAY_ONE + dt.timedelta(days=1))
    await say(LI, "/progress")
    show.note("pace follows 2025's months, so the slow Spring Festival and busy summer "
              "are not mistaken for falling behind or racing ahead")  # fmt: skip
    await say(LI, "/progress 到馆")
    await say(LI, "/progress 景山")
    await say(LI, "/year")
    show.note("the year so far as a 年报: exact totals, 同比 with 2025, and the per-capita "
              "indicators from population and holdings in org.toml, marked against "
              "[evaluation]; the whole report comes as a workbook")  # fmt: skip
    await at(17, 50, DAY_ONE + dt.timedelta(days=1))
    await say(WANG, "到馆 398 外借 251 办证 2")
    await say(LI, "/missing")

    show.heading("Monday 23 November 2026")
    await at(9, 0, DAY_ONE + dt.timedelta(days=4))
    show.note("09:00, the organisation's digest time: the scheduled job fires")
    before = len(box.api.calls)
    await DigestPublisher(box.services, box.sender).publish_due()
    show.bot(box.api.calls[before:])
    show.note("the same job again (or a restart) posts nothing: the digest is in the sent-log")
    before = len(box.api.calls)
    await DigestPublisher(box.services, box.sender).publish_due()
    show.bot(box.api.calls[before:])
    await jobs("also the deadline reminder time: the scheduled job fires")
    show.note("three days before the task is due: the staff of 角楼 and 景山")
    await at(9, 10, DAY_ONE + dt.timedelta(days=4))
    await say(ZHAO, "/deadlines")
    await say(ZHAO, "/done " + _deadline_id(box))
    await say(LI, "/deadlines")

    day_one = await box.services.storage.figures.day_figures(
        [b.code for b in org.branches], DAY_ONE
    )
    stored = sum(len(v) for v in day_one.values())
    show.heading("end of demo")
    show.note(f"{stored} figures stored for 19 November across {len(day_one)} branches")


def _deadline_id(box: Sandbox) -> str:
    """The id of the task 李建国 created, from the bot's confirmation."""
    text = render_html(box.api.sent_messages(LI.id)[0].params["text"])
    found = re.search(r"/done (\d+)", text)
    assert found is not None, text
    return found[1]


def _pending(call: RecordedCall) -> int:
    """The parked report's id, from the first button under a question."""
    data: str = call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    action = reporting.action(data)
    assert isinstance(action, PickBranch | KeepUnusual | ResolveContest), data
    return action.pending_id
