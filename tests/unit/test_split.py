"""Texts over Telegram's message limit are cut cleanly: every part is a message Telegram
takes (checked by the stand-in's HTML reader, not by the splitter's own)."""

from __future__ import annotations

import re
from html import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.offline.html import render_html, utf16_length
from bot.telegram.split import MESSAGE_LIMIT, split_text


def shown(part: str) -> int:
    """The length Telegram measures: UTF-16 units of the text after entity parsing."""
    return utf16_length(render_html(part))


def test_a_long_text_splits_between_blocks_and_every_part_fits() -> None:
    blocks = [f"<b>Branch {i}</b>\nline one {i}\n<code>████░░</code> line two" for i in range(400)]
    text = "\n\n".join(blocks)
    parts = split_text(text, 1000)
    assert len(parts) > 1
    assert all(shown(p) <= 1000 for p in parts)
    assert "\n\n".join(parts) == text  # nothing lost, nothing cut inside a block
    assert all(p.startswith("<b>Branch") for p in parts)


def test_a_short_text_is_one_part() -> None:
    assert split_text("hello\n\nworld") == ["hello\n\nworld"]


def test_a_block_longer_than_the_limit_splits_between_lines() -> None:
    block = "\n".join(f"line {i:03d}" for i in range(300))  # one block, 2,699 characters
    parts = split_text(block, 1000)
    assert all(shown(p) <= 1000 for p in parts)
    assert "\n".join(parts) == block
    assert split_text("x" * 2500, 1000) == ["x" * 1000, "x" * 1000, "x" * 500]


def test_a_character_reference_is_never_cut() -> None:
    text = "&amp;" * 5000  # 25,000 characters written, 5,000 shown
    parts = split_text(text)
    assert [render_html(p) for p in parts] == ["&" * 4096, "&" * 904]
    assert "".join(parts) == text


def test_length_is_measured_after_entity_parsing() -> None:
    text = "<b>" + "&lt;" * 4000 + "</b>"  # 16,007 characters, 4,000 shown
    assert split_text(text) == [text]


def test_length_is_measured_in_utf16_code_units() -> None:
    parts = split_text("📚" * 3000)  # 3,000 characters, 6,000 units
    assert parts == ["📚" * 2048, "📚" * 952]


def test_an_emoji_with_its_skin_tone_stays_whole() -> None:
    parts = split_text("👍🏽" * 5, 5)  # each shows as one, four units
    assert parts == ["👍🏽"] * 5


def test_tags_open_at_a_cut_are_closed_and_opened_again() -> None:
    link = '<a href="https://lib.example/?a=1&amp;b=2">'
    text = f"{link}<b>" + "字" * 5000 + "</b></a> end"
    parts = split_text(text)
    assert [shown(p) for p in parts] == [4096, 908]
    assert parts[0] == f"{link}<b>" + "字" * 4096 + "</b></a>"
    assert parts[1] == f"{link}<b>" + "字" * 904 + "</b></a> end"


def test_a_long_line_is_cut_after_a_space_rather_than_inside_a_word() -> None:
    words = " ".join(f"word{i:04d}" for i in range(1000))  # 8,999 characters, one line
    parts = split_text(words)
    assert all(shown(p) <= MESSAGE_LIMIT for p in parts)
    assert "".join(parts) == words
    assert all(re.fullmatch(r"(word\d{4} ?)+", p) for p in parts)


def test_a_part_with_nothing_to_show_is_left_out() -> None:
    parts = split_text("x" * 10 + "\n" * 20 + "y" * 10, 10)
    assert parts == ["x" * 10, "y" * 10]


# What the renderers write: escaped text, emoji, blank lines and nested tags.
fragment = st.one_of(
    st.text(
        alphabet=st.one_of(
            st.sampled_from("到馆外借 ab\n&<>\"'📚👍🏽é́"),
            st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        ),
        max_size=40,
    ).map(escape),
    st.just("\n\n"),
    st.sampled_from(["&#20320;", "&#x1F4DA;", "&nbsp;"]),
)
TAGS = ("b", "i", "code", "u")


@st.composite
def html(draw: st.DrawFn, depth: int = 0) -> str:
    pieces = draw(st.lists(fragment, max_size=8))
    if depth < 2 and draw(st.booleans()):
        tag = draw(st.sampled_from(TAGS))
        pieces.insert(draw(st.integers(0, len(pieces))), f"<{tag}>{draw(html(depth + 1))}</{tag}>")
    return "".join(pieces)


@settings(max_examples=300, deadline=None)
@given(st.lists(html(), min_size=1, max_size=12).map("".join), st.integers(8, 120))
def test_every_part_is_valid_html_that_fits_and_nothing_is_lost(text: str, limit: int) -> None:
    parts = split_text(text, limit)
    assert all(shown(p) <= limit for p in parts)  # render_html raises on broken HTML
    whole = re.sub(r"\s", "", render_html(text))
    assert re.sub(r"\s", "", "".join(render_html(p) for p in parts)) == whole
