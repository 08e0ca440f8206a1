"""bot.core.person_names: the name to call someone by, from Telegram's two fields."""

from __future__ import annotations

import pytest

from bot.core.person_names import person_name


@pytest.mark.parametrize(
    ("first", "last", "name"),
    [
        ("小芳", "李", "李小芳"),  # given name first in Telegram, as Chinese users write it
        ("晓梅", "欧阳", "欧阳晓梅"),  # a two-character family name
        ("Emma", "Wilson", "Emma Wilson"),
        ("Emma", "李", "李 Emma"),  # a CJK part: family name first, parted by a space
        ("민준", "김", "김민준"),  # Hangul too
        ("李小芳", None, "李小芳"),  # the whole name in one field
        ("李小芳", "", "李小芳"),
        ("  小芳 ", " 李", "李小芳"),
        ("", "Wilson", "Wilson"),
    ],
)
def test_a_name_reads_in_its_own_order(first: str, last: str | None, name: str) -> None:
    assert person_name(first, last) == name
