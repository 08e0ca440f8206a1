"""Catalogs are complete and current; numbers and dates go through Babel."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.render.i18n import LOCALES, Catalogs, normalize_locale

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def catalog(locale: str):  # type: ignore[no-untyped-def]
    with (ROOT / "locales" / locale / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=locale)


def template_ids() -> set[str]:
    with (ROOT / "locales" / "messages.pot").open("rb") as pot:
        return {m.id for m in read_po(pot) if m.id}


def test_template_matches_the_source(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "pyproject.toml",
         "-k", "t", "-k", "N_", "-k", "plural:1,2", "-k", "plural_words:1,2", "--no-location",
         "-o", str(fresh), "."],
        cwd=ROOT, check=True,
    )  # fmt: skip
    with fresh.open("rb") as pot:
        extracted = {m.id for m in read_po(pot) if m.id}
    assert extracted == template_ids(), "run pybabel extract (README, 'Working on it')"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_is_translated(locale: str) -> None:
    messages = {m.id: m for m in catalog(locale) if m.id}
    assert set(messages) == template_ids()
    forms = {"zh_CN": 1, "en": 2}[locale]  # nplurals of the catalog's Plural-Forms
    for message_id, message in messages.items():
        assert not message.fuzzy, f"{locale}: fuzzy {message_id!r}"
        ids = message_id if isinstance(message_id, tuple) else (message_id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if isinstance(message_id, tuple):  # a plural: one string for each form, none empty
            assert len(strings) == forms, f"{locale}: {len(strings)} forms of {message_id!r}"
        for string in strings:
            assert string, f"{locale}: untranslated {message_id!r}"
            assert set(PLACEHOLDER.findall(string)) == set(PLACEHOLDER.findall(ids[-1])), (
                f"{locale}: placeholders differ in {message_id!r}"
            )


def test_the_plural_forms_are_each_languages_own() -> None:
    assert catalog("en").num_plurals == 2 and catalog("zh_CN").num_plurals == 1
    catalogs = Catalogs()
    zh, en = catalogs.translator("zh_CN"), catalogs.translator("en")
    for count, english, chinese in (
        (1, "1 day", "1 天"), (3, "3 days", "3 天"), (0, "0 days", "0 天"),
        (1200, "1,200 days", "1,200 天"),
    ):  # fmt: skip
        assert en.plural("{count} day", "{count} days", count) == english
        assert zh.plural("{count} day", "{count} days", count) == chinese
    assert en.plural(
        "{reported} of {count} open branch reported; due by {due}.",
        "{reported} of {count} open branches reported; due by {due}.",
        1, reported="0", due="17:00",
    ) == "0 of 1 open branch reported; due by 17:00."  # fmt: skip


def test_translators_format_the_readers_way() -> None:
    catalogs = Catalogs()
    zh, en = catalogs.translator("zh_CN"), catalogs.translator("en")
    assert zh("Nothing was stored.") == "未保存任何数据。"
    assert en("Nothing was stored.") == "Nothing was stored."
    assert zh.number(1234567) == "1,234,567" and en.number(1234.5) == "1,234.5"
    assert zh.compact(600000) == "60万" and en.compact(600000) == "600K"
    assert zh.percent(0.4567) == "45.7%"
    day = dt.date(2026, 11, 20)
    assert zh.date(day) == "2026年11月20日" and en.date(day) == "Nov 20, 2026"
    assert zh.weekday(day) == "周五" and en.weekday(day) == "Fri"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("zh-hans", "zh_CN"),
        ("zh", "zh_CN"),
        ("en-GB", "en"),
        ("en", "en"),
        ("fr", None),
        (None, None),
    ],
)
def test_language_codes_map_to_supported_locales(code: str | None, expected: str | None) -> None:
    assert normalize_locale(code) == expected
    assert Catalogs().translator(code).locale == (expected or "zh_CN")


@pytest.mark.parametrize(
    "path", ["messages.pot", "en/LC_MESSAGES/messages.po", "zh_CN/LC_MESSAGES/messages.po"]
)
def test_no_message_is_listed_twice(path: str) -> None:
    # Babel keeps the last of two entries for one msgid: a catalog merged from two branches
    # that each added a word could translate it two ways and silently use one.
    with (ROOT / "locales" / path).open("rb") as po:
        catalog = read_po(po)
    ids = [m.id for m in catalog if m.id]
    text = (ROOT / "locales" / path).read_text(encoding="utf-8")
    entries = re.findall(r'^msgid "(.+)"$', text, flags=re.MULTILINE)
    assert len(entries) == len(set(entries)), sorted({e for e in entries if entries.count(e) > 1})
    assert ids


def test_sentences_run_on_in_chinese_and_are_spaced_in_english() -> None:
    catalogs = Catalogs()
    zh, en = catalogs.translator("zh_CN"), catalogs.translator("en")
    said = zh.sentences("⚠️ 日期还没到。", zh("Nothing was stored."))
    assert said == "⚠️ 日期还没到。未保存任何数据。"
    assert en.sentences("⚠️ Not yet.", en("Nothing was stored.")) == "⚠️ Not yet. Nothing was stored."


def test_chinese_messages_use_full_width_punctuation_with_no_space_after_it() -> None:
    ascii_after_chinese = re.compile(r"[\u4e00-\u9fff）][:;,!?](?!\d)")
    space_after_stop = re.compile(r"[。，；：！？、] ")
    for message in catalog("zh_CN"):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            assert not space_after_stop.search(string), string
            assert not ascii_after_chinese.search(string.replace("上级:", "")), string
