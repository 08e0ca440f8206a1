"""The stand-in refuses what Telegram refuses: bad HTML, long texts, bad buttons, two answers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.offline.html import render_html, utf16_length
from bot.offline.standin import BotAPIStandin
from bot.offline.wire import ApiError

USER = 1001


@pytest.fixture
def standin() -> BotAPIStandin:
    return BotAPIStandin(now=lambda: 1_763_600_000)


@pytest.fixture
async def bot(standin: BotAPIStandin) -> AsyncIterator[Bot]:
    async with Bot("123:ABC", request=standin, get_updates_request=standin) as bot:
        yield bot


# -- HTML as Telegram parses it ------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        ("<b>角楼</b> 1 &lt; 2 &amp;&gt;&quot;", '角楼 1 < 2 &>"'),
        ("&#20320;&#x597D;", "你好"),
        ("&amp &lt", "& <"),  # Telegram reads a reference without its semicolon
        ("&nbsp; &copy; & x &am", "&nbsp; &copy; & x &am"),  # other names stay as written
        ("&#0; &#1114111;", "&#0; &#1114111;"),  # no such character
        ('<a href="https://x.cn/?a=1&amp;b=2">link</a>', "link"),
        ("<a href=x.cn>x</a>", "x"),  # a bare value is a name token
        ('<span class="tg-spoiler">秘</span><tg-spoiler>密</tg-spoiler>', "秘密"),
        ('<pre><code class="language-python">x = 1</code></pre>', "x = 1"),
        ("<blockquote expandable>long</blockquote>", "long"),
        ("<B>upper</b> <i>a</>", "upper a"),  # names are case-blind; </> closes the last
        ("a > b", "a > b"),
    ],
)
def test_telegram_html_is_displayed_as_telegram_shows_it(html: str, shown: str) -> None:
    assert render_html(html) == shown


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("到馆 < 100", 'Unsupported start tag ""'),
        ("<br>", 'Unsupported start tag "br"'),
        ("<p>x</p>", 'Unsupported start tag "p"'),
        ("<b>unclosed", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x</b>", "Unexpected end tag"),
        ("<b><i>x</b></i>", 'Unmatched end tag, expected "</i>", found "</b>"'),
        ("<b", "Unclosed start tag"),
        ("<b>x</b", "Unclosed end tag"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
        ("<a href>x</a>", "Expected equal sign"),
        ('<a href="x>y</a>', "Unclosed start tag"),
        ("<a href=x'y>z</a>", "Unexpected end of name token"),
        ("<a href=https://x.cn>x</a>", "Unexpected end of name token"),
        # a tag cut by a careless split:
        ('<b>x</b> <a href="https://x.cn/?a=1', "Unclosed start tag"),
    ],
)
def test_html_telegram_refuses_is_refused(html: str, problem: str) -> None:
    with pytest.raises(ApiError) as refused:
        render_html(html)
    assert refused.value.code == 400
    assert refused.value.description.startswith("Bad Request: can't parse entities: " + problem)


def test_length_is_counted_in_utf16_code_units() -> None:
    assert utf16_length("到馆") == 2
    assert utf16_length("📚") == 2  # beyond U+FFFF: a surrogate pair
    assert utf16_length("") == 0


async def test_the_limit_is_4096_utf16_units_after_entity_parsing(bot: Bot) -> None:
    await bot.send_message(USER, "&amp;" * 4096, parse_mode=ParseMode.HTML)  # 4,096 shown
    await bot.send_message(USER, "<b>" + "字" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    await bot.send_message(USER, "📚" * 2048)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(USER, "📚" * 2049)  # 2,049 characters, 4,098 units
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(USER, "&amp;" * 4097, parse_mode=ParseMode.HTML)


async def test_an_edit_is_held_to_the_same_rules(bot: Bot, standin: BotAPIStandin) -> None:
    sent = await bot.send_message(USER, "draft")
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.edit_message_text(
            "<b>x", chat_id=USER, message_id=sent.message_id, parse_mode=ParseMode.HTML
        )
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.edit_message_text("📚" * 2049, chat_id=USER, message_id=sent.message_id)
    assert standin.message(USER, sent.message_id)["text"] == "draft"  # type: ignore[index]


# -- buttons ---------------------------------------------------------------------------------


def keyboard(data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("tap", callback_data=data)]])


async def test_callback_data_is_one_to_64_bytes(bot: Bot, standin: BotAPIStandin) -> None:
    await bot.send_message(USER, "ok", reply_markup=keyboard("p" * 64))
    await bot.send_message(USER, "ok", reply_markup=keyboard("字" * 21))  # 63 bytes
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(USER, "long", reply_markup=keyboard("p" * 65))
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(USER, "wide", reply_markup=keyboard("字" * 22))  # 66 bytes
    sent = standin.sent_messages()[0]
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.edit_message_text(
            "edit", chat_id=USER, message_id=sent.message_id, reply_markup=keyboard("p" * 65)
        )
    assert len(standin.sent_messages()) == 2


async def test_a_button_that_does_nothing_is_refused(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)text buttons are unallowed"):
        await bot.send_message(
            USER, "x", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("label")]])
        )


async def test_a_callback_query_is_answered_once(bot: Bot) -> None:
    assert await bot.answer_callback_query("7", text="ok") is True
    with pytest.raises(BadRequest, match=r"(?i)query id is invalid"):
        await bot.answer_callback_query("7")
    assert await bot.answer_callback_query("8", text="字" * 200) is True
    with pytest.raises(BadRequest, match=r"(?i)message_too_long"):
        await bot.answer_callback_query("9", text="字" * 201)
