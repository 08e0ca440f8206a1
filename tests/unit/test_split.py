"""Texts over Telegram's message limit are cut cleanly."""

from __future__ import annotations

from bot.telegram.split import split_text


def test_a_long_text_splits_between_blocks_and_every_part_fits() -> None:
    blocks = [f"<b>Branch {i}</b>\nline one {i}\n<code>████░░</code> line two" for i in range(400)]
    text = "\n\n".join(blocks)
    parts = split_text(text, 1000)
    assert len(parts) > 1
    assert all(len(p) <= 1000 for p in parts)
    assert "\n\n".join(parts) == text  # nothing lost, nothing cut inside a block
    assert all(p.startswith("<b>Branch") for p in parts)


def test_a_short_text_is_one_part() -> None:
    assert split_text("hello\n\nworld") == ["hello\n\nworld"]


def test_a_block_longer_than_the_limit_splits_between_lines() -> None:
    block = "\n".join(f"line {i:03d}" for i in range(300))  # one block, 2,699 characters
    parts = split_text(block, 1000)
    assert all(len(p) <= 1000 for p in parts)
    assert "\n".join(parts) == block
    assert split_text("x" * 2500, 1000) == ["x" * 1000, "x" * 1000, "x" * 500]
