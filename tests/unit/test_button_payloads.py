"""Every feature's button payloads: reading callback data never fails, whatever a client
sends, and only what we write reads as an action."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.render.base import SetLanguage
from handlers import people, reporting

READERS = [people, reporting]
PREFIXES = ["lang:", "undo:", "fix:", "keep:", "pick:", "yes:", "no:", "other:", "shut:", ""]

crafted = st.builds(
    str.__add__,
    st.sampled_from(PREFIXES),
    st.one_of(
        st.text(max_size=70),
        st.integers(min_value=-(2**90), max_value=2**90).map(str),
        st.from_regex(r"\d{1,30}(:[a-z_]{0,40})?", fullmatch=True),
    ),
)


@given(crafted)
def test_reading_any_data_never_raises_and_only_our_own_reads_back(data: str) -> None:
    for feature in READERS:
        read = feature.action(data)
        if read is not None:
            assert feature.payload(read) == data  # only data we would have written


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_a_language_button_reads_back(locale: str) -> None:
    data = people.payload(SetLanguage(locale))
    assert people.action(data) == SetLanguage(locale)


@pytest.mark.parametrize(
    "data", ["lang:", "lang:en:zz", "lang: en", "lang:e", "lang:" + "x" * 60, "lang:en\n", "x"]
)
def test_crafted_language_data_is_no_action(data: str) -> None:
    assert people.action(data) is None


def test_a_branch_code_is_read_as_the_organisation_file_writes_it() -> None:
    assert reporting.action("pick:7:" + "a" * 32) == reporting.PickBranch(7, "a" * 32)
    assert reporting.action("pick:7:" + "a" * 33) is None
    assert reporting.action("pick:7:Jiao-Lou") is None
    assert reporting.action("undo:" + str(2**80)) is None
