"""Buttons: payloads Telegram accepts, every tap answered, crafted or repeated taps
harmless — end to end against the strict stand-in."""

from __future__ import annotations

from pathlib import Path

from bot.core.clock import ManualClock
from bot.core.org import parse_org
from bot.offline.sample import sample_org_text
from bot.offline.sandbox import Sandbox
from tests.e2e.conftest import CHEN, buttons, figures

LONGEST = "x" * 31 + "1"  # the longest branch code the organisation file allows


async def test_a_branch_question_with_the_longest_codes_is_accepted_and_works(
    tmp_path: Path, clock: ManualClock
) -> None:
    text = sample_org_text()
    for code, longer in (("longfusi", LONGEST), ("wangfujing", LONGEST[:-1] + "2")):
        text = text.replace(f'"{code}"', f'"{longer}"').replace(f".{code}]", f".{longer}]")
    box = await Sandbox.start(parse_org(text), tmp_path / "codes.sqlite3", clock)
    try:
        [question] = await box.feed(box.updates.message(CHEN, "到馆 310"))
        assert question.ok  # Telegram takes callback data of up to 64 bytes
        [pick] = [data for _, data in buttons(question) if data.endswith(LONGEST)]
        assert len(pick.encode()) <= 64
        await box.feed(box.updates.callback_query(CHEN, question, pick))
        assert figures(tmp_path / "codes.sqlite3", LONGEST) == {"visitors": 310}
    finally:
        await box.stop()
