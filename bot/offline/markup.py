"""Inline keyboards and button answers as Telegram checks them."""

from __future__ import annotations

from bot.offline.html import utf16_length
from bot.offline.wire import ApiError, JSONDict

MAX_CALLBACK_DATA = 64  # bytes of UTF-8
MAX_ANSWER_TEXT = 200  # characters of a callback query's answer (a toast or an alert)
BUTTON_ACTIONS = frozenset(
    {"url", "callback_data", "web_app", "login_url", "switch_inline_query", "pay"}
    | {"switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text"}
    | {"callback_game"}
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"


def inline_keyboard(params: JSONDict) -> JSONDict | None:
    """The inline keyboard a call sets (None: none), or the 400 Telegram answers for it:
    every button needs one action, and callback data is 1 to 64 bytes."""
    markup = params.get("reply_markup")
    if not markup or "inline_keyboard" not in markup:
        return None
    for row in markup["inline_keyboard"]:
        for button in row:
            if not BUTTON_ACTIONS & button.keys():
                raise ApiError(
                    400,
                    "Bad Request: can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard",
                )
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return dict(markup)


class CallbackAnswers:
    """The callback queries answered so far: Telegram takes one answer per query."""

    def __init__(self) -> None:
        self._answered: set[str] = set()

    def answer(self, params: JSONDict) -> bool:
        """Answer ``answerCallbackQuery``, or raise the 400 a second answer (or an answer
        text over 200 characters) gets."""
        query_id = str(params.get("callback_query_id", ""))
        if query_id in self._answered:
            raise ApiError(400, QUERY_INVALID)
        if utf16_length(str(params.get("text") or "")) > MAX_ANSWER_TEXT:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._answered.add(query_id)
        return True
