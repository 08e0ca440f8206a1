"""The Bot API stand-in and the update factory, driven through a real Bot and Application."""

from __future__ import annotations

import datetime as dtm
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    RetryAfter,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.offline.standin import BotAPIStandin
from bot.offline.updates import TgUser, UpdateFactory

T0 = 1_763_600_000  # 2025-11-20 ~00:53 UTC
WANG = TgUser(1001, "王芳")
LI = TgUser(1002, "李强", language_code="en")
GROUP = -4_000_001
SUPERGROUP = -1_001_000_000_001
UNDO = InlineKeyboardMarkup([[InlineKeyboardButton("撤销", callback_data="undo:1")]])


class FakeClock:
    """Monotonic seconds that only move when told to."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def standin() -> BotAPIStandin:
    return BotAPIStandin(now=lambda: T0)


@pytest.fixture
async def bot(standin: BotAPIStandin) -> AsyncIterator[Bot]:
    async with Bot("123:ABC", request=standin, get_updates_request=standin) as bot:
        standin.clear()  # forget getMe
        yield bot


@pytest.fixture
def factory(standin: BotAPIStandin) -> UpdateFactory:
    return UpdateFactory(clock=lambda: T0, standin=standin)


@pytest.fixture
async def app(standin: BotAPIStandin) -> AsyncIterator[Application]:
    """A tiny real application: /start, text echo, edit notice, button tap."""

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        args = " ".join(context.args or [])
        await update.effective_message.reply_text(f"start {args}".strip(), reply_markup=UNDO)

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(f"got {update.effective_message.text}")

    async def edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_chat.send_message(f"edited {update.edited_message.text}")

    async def tapped(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await query.answer("ok")
        await query.edit_message_text(f"tapped {query.data}")

    application = (
        ApplicationBuilder().token("123:ABC").request(standin).get_updates_request(standin).build()
    )
    application.add_handler(CommandHandler("start", start))
    application.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, echo)
    )
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, edited))
    application.add_handler(CallbackQueryHandler(tapped))
    async with application:
        standin.clear()  # forget getMe
        yield application


async def feed(app: Application, factory: UpdateFactory, data: dict) -> None:
    await app.process_update(factory.to_update(app.bot, data))


# -- the stand-in through a real Bot ---------------------------------------------------------


async def test_get_me_reports_configured_bot() -> None:
    custom = BotAPIStandin(username="branch_bot", first_name="Branch")
    async with Bot("4242:XYZ", request=custom, get_updates_request=custom) as bot:
        assert (bot.id, bot.username, bot.first_name) == (4242, "branch_bot", "Branch")
    assert [call.method for call in custom.calls] == ["getMe"]


async def test_messages_recorded_with_chat_type_and_per_chat_ids(
    bot: Bot, standin: BotAPIStandin
) -> None:
    first = await bot.send_message(WANG.id, "one")
    second = await bot.send_message(WANG.id, "two")
    group = await bot.send_message(GROUP, "hello group")
    supergroup = await bot.send_message(SUPERGROUP, "hello supergroup")

    assert (first.message_id, second.message_id, group.message_id) == (1, 2, 1)
    assert (first.chat.type, group.chat.type, supergroup.chat.type) == (
        "private",
        "group",
        "supergroup",
    )
    assert first.from_user.id == bot.id and first.from_user.is_bot
    assert first.date == dtm.datetime.fromtimestamp(T0, dtm.UTC)
    assert standin.texts(WANG.id) == ["one", "two"]
    assert standin.texts() == ["one", "two", "hello group", "hello supergroup"]
    call = standin.sent_messages(GROUP)[0]
    assert (call.method, call.chat_id, call.message_id) == ("sendMessage", GROUP, 1)
    assert call.params == {"chat_id": GROUP, "text": "hello group"}


async def test_reply_markup_recorded_as_dict_and_echoed(bot: Bot, standin: BotAPIStandin) -> None:
    message = await bot.send_message(WANG.id, "saved", reply_markup=UNDO)

    assert message.reply_markup == UNDO
    assert standin.calls[-1].params["reply_markup"] == {
        "inline_keyboard": [[{"text": "撤销", "callback_data": "undo:1"}]]
    }


async def test_html_is_rendered_and_broken_html_refused(bot: Bot, standin: BotAPIStandin) -> None:
    message = await bot.send_message(WANG.id, "<b>角楼</b> 1 &lt; 2", parse_mode=ParseMode.HTML)
    assert message.text == "角楼 1 < 2"
    assert standin.texts() == ["角楼 1 < 2"]

    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(WANG.id, "到馆 < 100", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)end tag"):
        await bot.send_message(WANG.id, "<b>unclosed", parse_mode=ParseMode.HTML)
    assert len(standin.sent_messages()) == 1


async def test_empty_and_too_long_texts_refused(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(WANG.id, " ")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(WANG.id, "字" * 4097)


async def test_edits_follow_telegram_rules(bot: Bot, standin: BotAPIStandin) -> None:
    sent = await bot.send_message(WANG.id, "draft", reply_markup=UNDO)

    edited = await bot.edit_message_text("final", chat_id=WANG.id, message_id=sent.message_id)
    assert edited.text == "final" and edited.edit_date is not None
    assert edited.reply_markup is None  # editing text without a markup drops the keyboard
    assert standin.message(WANG.id, sent.message_id)["text"] == "final"

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("final", chat_id=WANG.id, message_id=sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=WANG.id, message_id=99)

    relabelled = await bot.edit_message_reply_markup(
        chat_id=WANG.id, message_id=sent.message_id, reply_markup=UNDO
    )
    assert relabelled.reply_markup == UNDO

    assert await bot.delete_message(WANG.id, sent.message_id) is True
    assert standin.message(WANG.id, sent.message_id) is None
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(WANG.id, sent.message_id)


async def test_boolean_methods_and_commands(bot: Bot, standin: BotAPIStandin) -> None:
    assert await bot.set_my_commands([("progress", "进度"), ("undo", "撤销")]) is True
    commands = await bot.get_my_commands()
    assert [(c.command, c.description) for c in commands] == [
        ("progress", "进度"),
        ("undo", "撤销"),
    ]
    assert await bot.get_my_commands(language_code="en") == ()
    assert await bot.delete_my_commands() is True
    assert await bot.get_my_commands() == ()

    assert await bot.leave_chat(GROUP) is True
    assert await bot.delete_webhook() is True
    assert await bot.answer_callback_query("q1", text="ok") is True
    chat = await bot.get_chat(SUPERGROUP)
    assert (chat.id, chat.type) == (SUPERGROUP, "supergroup")
    assert standin.sent_messages() == []


async def test_media_messages(bot: Bot, standin: BotAPIStandin) -> None:
    photo = await bot.send_photo(WANG.id, photo=b"\x89PNG fake", caption="图表")
    document = await bot.send_document(
        WANG.id, document=InputFile(b"date,branch\n", filename="figures.csv")
    )

    assert photo.caption == "图表" and photo.photo[-1].width == 1280
    assert document.document.file_name == "figures.csv"
    assert document.document.mime_type == "text/csv"
    assert (photo.message_id, document.message_id) == (1, 2)
    assert [c.method for c in standin.sent_messages()] == ["sendPhoto", "sendDocument"]
    assert standin.sent_messages()[1].files == {"figures.csv": b"date,branch\n"}
    assert standin.texts() == ["图表", ""]


async def test_unknown_method_fails_loudly(bot: Bot, standin: BotAPIStandin) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendMesage", api_kwargs={"chat_id": WANG.id, "text": "x"})
    assert standin.calls[-1].method == "sendMesage"
    assert standin.calls[-1].error == "Not Found"
    assert standin.sent_messages() == []


async def test_wrong_token_is_rejected() -> None:
    standin = BotAPIStandin(token="123:ABC")
    bot = Bot("999:WRONG", request=standin, get_updates_request=standin)
    with pytest.raises(InvalidToken):
        await bot.initialize()


async def test_custom_base_url_reaches_the_standin() -> None:
    standin = BotAPIStandin(token="77:SECRET")
    application = (
        ApplicationBuilder()
        .token("77:SECRET")
        .base_url("http://bot-api.local:8081/bot")
        .request(standin)
        .get_updates_request(standin)
        .build()
    )
    async with application:
        await application.bot.send_message(WANG.id, "hi")
    assert [c.method for c in standin.calls] == ["getMe", "sendMessage"]
    assert application.bot.id == 77


async def test_remembered_messages_are_quoted_and_not_reused(
    bot: Bot, standin: BotAPIStandin
) -> None:
    chat = {"id": GROUP, "type": "group", "title": "角楼工作群"}
    standin.remember_message(
        {"message_id": 41, "from": WANG.to_dict(), "chat": chat, "date": T0, "text": "到馆 9"}
    )

    reply = await bot.send_message(GROUP, "收到", reply_to_message_id=41)

    assert reply.message_id == 42
    assert reply.chat.title == "角楼工作群"
    assert reply.reply_to_message.text == "到馆 9"
    with pytest.raises(BadRequest, match=r"(?i)message can't be edited"):
        await bot.edit_message_text("改", chat_id=GROUP, message_id=41)


async def test_get_updates_serves_queued_updates(
    bot: Bot, standin: BotAPIStandin, factory: UpdateFactory
) -> None:
    assert await bot.get_updates(timeout=0) == ()
    standin.queue_update(factory.message(WANG, "到馆 100"))
    standin.queue_update(factory.message(WANG, "外借 50"))

    updates = await bot.get_updates(timeout=0)
    assert [u.message.text for u in updates] == ["到馆 100", "外借 50"]
    confirmed = await bot.get_updates(offset=updates[0].update_id + 1, timeout=0)
    assert [u.message.text for u in confirmed] == ["外借 50"]


async def test_after_a_quiet_week_update_ids_may_start_again_lower(
    bot: Bot, standin: BotAPIStandin
) -> None:
    early = UpdateFactory(clock=lambda: T0, standin=standin, first_update_id=500)
    standin.queue_update(early.message(WANG, "到馆 100"))
    [first] = await bot.get_updates(timeout=0)
    assert await bot.get_updates(offset=first.update_id + 1, timeout=0) == ()
    # A week later Telegram picks the next id at random, here below the offset acknowledged.
    later = UpdateFactory(clock=lambda: T0, standin=standin, first_update_id=7)
    standin.queue_update(later.message(WANG, "到馆 200"))
    standin.queue_update(later.message(WANG, "外借 50"))

    updates = await bot.get_updates(offset=first.update_id + 1, timeout=0)
    assert [(u.update_id, u.message.text) for u in updates] == [(7, "到馆 200"), (8, "外借 50")]
    confirmed = await bot.get_updates(offset=8, timeout=0)  # acknowledges 7, not yet 8
    assert [u.update_id for u in confirmed] == [8]
    assert await bot.get_updates(offset=9, timeout=0) == ()


# -- failure injection ---------------------------------------------------------------------


@pytest.fixture
def timedelta_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB's timedelta periods: without it RetryAfter warns when it is built."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.mark.usefixtures("timedelta_periods")
async def test_injected_429_raises_retry_after_once(bot: Bot, standin: BotAPIStandin) -> None:
    standin.fail(WANG.id, "429", retry_after=7)

    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(WANG.id, "report")
    assert caught.value.retry_after == dtm.timedelta(seconds=7)
    assert standin.calls[-1].error == "Too Many Requests: retry after 7"

    await bot.send_message(WANG.id, "report")  # only the next call failed
    assert standin.texts() == ["report"]


async def test_injected_403_and_400_touch_only_their_chat(bot: Bot, standin: BotAPIStandin) -> None:
    standin.fail(WANG.id, "403", times=2)
    standin.fail(LI.id, "400")

    for _ in range(2):
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(WANG.id, "reminder")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(LI.id, "reminder")
    await bot.send_message(GROUP, "digest")
    await bot.send_message(WANG.id, "reminder")

    assert [c.chat_id for c in standin.sent_messages()] == [GROUP, WANG.id]
    assert [c.ok for c in standin.calls] == [False, False, False, True, True]


async def test_injected_migration_raises_chat_migrated(bot: Bot, standin: BotAPIStandin) -> None:
    standin.fail(GROUP, "migrated", migrate_to_chat_id=SUPERGROUP)

    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(GROUP, "digest")
    assert caught.value.new_chat_id == SUPERGROUP


def test_unknown_failure_kind_rejected(standin: BotAPIStandin) -> None:
    with pytest.raises(ValueError, match="unknown failure kind"):
        standin.fail(WANG.id, "500")


# -- limit enforcement ---------------------------------------------------------------------


@pytest.mark.usefixtures("timedelta_periods")
async def test_limits_off_by_default(bot: Bot, standin: BotAPIStandin) -> None:
    for i in range(40):
        await bot.send_message(WANG.id, f"m{i}")
    assert standin.throttled == 0 and len(standin.sent_messages()) == 40


@pytest.mark.usefixtures("timedelta_periods")
async def test_private_chat_limit_one_per_second() -> None:
    clock = FakeClock()
    standin = BotAPIStandin(enforce_limits=True, clock=clock)
    async with Bot("123:ABC", request=standin, get_updates_request=standin) as bot:
        await bot.send_message(WANG.id, "first")
        clock.t += 0.4
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(WANG.id, "too soon")
        assert caught.value.retry_after == dtm.timedelta(seconds=1)
        await bot.send_message(LI.id, "another chat is fine")
        clock.t += 0.6
        await bot.send_message(WANG.id, "after a second")
    assert standin.throttled == 1
    assert standin.texts() == ["first", "another chat is fine", "after a second"]


@pytest.mark.usefixtures("timedelta_periods")
async def test_overall_limit_thirty_per_second() -> None:
    clock = FakeClock()
    standin = BotAPIStandin(enforce_limits=True, clock=clock)
    async with Bot("123:ABC", request=standin, get_updates_request=standin) as bot:
        for user_id in range(1, 31):
            await bot.send_message(user_id, "burst")
        with pytest.raises(RetryAfter):
            await bot.send_message(31, "burst")
        clock.t += 1.0
        await bot.send_message(31, "burst")
    assert standin.throttled == 1 and len(standin.sent_messages()) == 31


@pytest.mark.usefixtures("timedelta_periods")
async def test_group_limit_twenty_per_minute() -> None:
    clock = FakeClock()
    standin = BotAPIStandin(enforce_limits=True, clock=clock)
    async with Bot("123:ABC", request=standin, get_updates_request=standin) as bot:
        for _ in range(20):
            await bot.send_message(GROUP, "line")
            clock.t += 1.5
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(GROUP, "one too many")
        assert caught.value.retry_after == dtm.timedelta(seconds=30)  # 60 - 20 * 1.5
        clock.t += 30
        await bot.send_message(GROUP, "window moved on")
    assert standin.throttled == 1 and len(standin.sent_messages(GROUP)) == 21


# -- a real Application fed through process_update -----------------------------------------


async def test_command_and_message_handlers(
    app: Application, standin: BotAPIStandin, factory: UpdateFactory
) -> None:
    start = factory.command(WANG, "/start", "jiaolou")
    await feed(app, factory, start)
    report = factory.message(WANG, "到馆 1234")
    await feed(app, factory, report)
    await feed(app, factory, factory.command(LI, "start"))

    assert standin.texts(WANG.id) == ["start jiaolou", "got 到馆 1234"]
    assert standin.texts(LI.id) == ["start"]
    reply = standin.sent_messages(WANG.id)[0]
    assert "reply_parameters" not in reply.params  # PTB quotes only outside private chats
    # ids are shared by the user's and the bot's messages in a chat, as in Telegram
    assert [start["message"]["message_id"], report["message"]["message_id"]] == [1, 3]
    assert [call.message_id for call in standin.sent_messages(WANG.id)] == [2, 4]
    assert reply.result["chat"]["first_name"] == "王芳"


async def test_group_command_addressed_to_the_bot(
    app: Application, standin: BotAPIStandin, factory: UpdateFactory
) -> None:
    await feed(app, factory, factory.command(WANG, "start", chat=GROUP, mention_bot=True))
    assert standin.texts(GROUP) == ["start"]
    reply = standin.sent_messages(GROUP)[0]
    assert reply.result["chat"]["type"] == "group"
    assert reply.params["reply_parameters"]["message_id"] == 1
    assert reply.result["reply_to_message"]["text"] == "/start@libbot_demo_bot"


async def test_callback_query_round_trip(
    app: Application, standin: BotAPIStandin, factory: UpdateFactory
) -> None:
    await feed(app, factory, factory.command(WANG, "/start"))
    confirmation = standin.sent_messages(WANG.id)[-1]

    await feed(app, factory, factory.callback_query(WANG, confirmation, "undo:1"))

    answer, edit = standin.calls[-2:]
    assert (answer.method, answer.params["text"]) == ("answerCallbackQuery", "ok")
    assert answer.params["callback_query_id"] == "1"
    assert (edit.method, edit.chat_id) == ("editMessageText", WANG.id)
    assert edit.params["message_id"] == confirmation.message_id
    assert standin.message(WANG.id, confirmation.message_id)["text"] == "tapped undo:1"
    with pytest.raises(ValueError, match="no button"):
        factory.callback_query(WANG, confirmation, "undo:1")  # the keyboard is gone now


async def test_edited_message_reaches_edit_handler_only(
    app: Application, standin: BotAPIStandin, factory: UpdateFactory
) -> None:
    original = factory.message(WANG, "到馆 1234", date=T0)
    await feed(app, factory, original)
    edit = factory.edited_message(original, "到馆 1243", edit_date=T0 + 60)
    await feed(app, factory, edit)

    assert standin.texts(WANG.id) == ["got 到馆 1234", "edited 到馆 1243"]
    update = factory.to_update(app.bot, edit)
    assert update.edited_message.message_id == original["message"]["message_id"]
    assert update.edited_message.edit_date == dtm.datetime.fromtimestamp(T0 + 60, dtm.UTC)


# -- the factory -----------------------------------------------------------------------------


async def test_factory_updates_parse_as_telegram_objects(bot: Bot, factory: UpdateFactory) -> None:
    command = factory.to_update(bot, factory.command(WANG, "/progress", "visitors"))
    added = factory.to_update(bot, factory.my_chat_member(LI, SUPERGROUP, new_status="member"))
    made_admin = factory.to_update(
        bot, factory.my_chat_member(LI, SUPERGROUP, "群", "member", "administrator")
    )
    migrated = factory.to_update(bot, factory.migrate_to_chat_id(LI, GROUP, SUPERGROUP))
    moved = factory.to_update(bot, factory.migrate_from_chat_id(LI, GROUP, SUPERGROUP))

    assert [u.update_id for u in (command, added, made_admin, migrated, moved)] == [1, 2, 3, 4, 5]
    assert command.message.parse_entities() == {command.message.entities[0]: "/progress"}
    assert command.message.date == dtm.datetime.fromtimestamp(T0, dtm.UTC)
    assert command.message.from_user.language_code == "zh-hans"
    member = added.my_chat_member
    assert member.new_chat_member.user.id == bot.id
    assert (member.old_chat_member.status, member.new_chat_member.status) == ("left", "member")
    assert made_admin.my_chat_member.new_chat_member.can_delete_messages is True
    assert migrated.message.migrate_to_chat_id == SUPERGROUP
    assert migrated.effective_chat.type == "group"
    assert (moved.effective_chat.id, moved.message.migrate_from_chat_id) == (SUPERGROUP, GROUP)


def test_factory_without_standin_counts_its_own_ids() -> None:
    ticks = iter([T0, T0 + 5])
    factory = UpdateFactory(clock=lambda: next(ticks), first_update_id=100)
    first = factory.message(WANG, "a")
    second = factory.group_message(LI, GROUP, "b", date=dtm.datetime(2026, 1, 1, tzinfo=dtm.UTC))
    third = factory.message(WANG, "c")

    assert [u["update_id"] for u in (first, second, third)] == [100, 101, 102]
    assert [u["message"]["message_id"] for u in (first, second, third)] == [1, 1, 2]
    assert [u["message"]["date"] for u in (first, second, third)] == [T0, 1767225600, T0 + 5]
    assert second["message"]["chat"] == {"id": GROUP, "type": "group", "title": "图书馆工作群"}
