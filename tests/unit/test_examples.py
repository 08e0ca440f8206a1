"""bot.core.examples: every example a reader is shown reads back through the real parser
as what it claims, in either language, for any reader of any library."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest

from bot.app.services import report_parser
from bot.core.examples import ExampleBook
from bot.core.org import Organisation, parse_org
from bot.offline.sample import load_sample_org
from bot.render import Renderers
from bot.render.i18n import Catalogs

DAY = dt.date(2026, 11, 19)
SMALL = """
[org]
name = "Lakeside Library"
timezone = "Asia/Shanghai"
locale = "en"
leadership_chat_id = -1002000000002

[[branches]]
code = "lake"
name = "Lakeside Central Library"
kind = "central"

[[branches]]
code = "no2"
name = "2号服务点"
kind = "service_point"
parent = "lake"

[[branches]]
code = "mill"
name = "Mill Road"
aliases = ["Mill"]
parent = "lake"

[[metrics]]
code = "makerspace"
name_zh = "创客空间人次"
name_en = "Makerspace visits"
unit_zh = "人次"
unit_en = "visits"
synonyms_zh = ["创客空间"]
synonyms_en = ["makerspace"]

[targets.2026]
makerspace = 4000
visitors = 90000
"""

CATALOGS = Catalogs()


def orgs() -> list[Organisation]:
    return [load_sample_org(), parse_org(SMALL)]


@pytest.mark.parametrize("org", orgs(), ids=["sample", "lakeside"])
@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_every_example_reads_back_as_it_claims(org: Organisation, locale: str) -> None:
    parser = report_parser(org)
    renderers = Renderers(CATALOGS, org.catalogue(), ExampleBook(org.catalogue(), org))
    for branch in org.branches:
        render = renderers.for_locale(locale, (branch.code,))
        assert render.examples.tags[0] not in ("",) and len(render.examples.figures) >= 3

        def read(text: str) -> dict[str, int]:
            result = parser.parse(unescape(text), DAY)
            assert result.error is None and not result.warnings, text
            return result.figures

        claimed = {e.metric: e.value for e in render.examples.figures[:3]}
        assert read(render.example_figures()) == claimed
        for example in render.examples.figures:
            assert read(render.example_figure(example.metric)) == {example.metric: example.value}
        level = render.examples.level
        assert level is not None and read(render.example_level()) == {level.metric: level.value}

        tagged = parser.parse(unescape(render.example_figures(1, tag=0)), DAY)
        closure = parser.parse(unescape(render.example_closure()), DAY)
        for result in (tagged, closure):
            assert result.branch is not None
            found = org.resolve_branch(result.branch)
            assert found is not None and found.code == branch.code, result
        assert closure.closed and closure.date == DAY


def test_the_tracked_metrics_come_first_and_words_are_the_readers() -> None:
    org = parse_org(SMALL)
    book = ExampleBook(org.catalogue(), org)
    en, zh = book.for_reader("en", ("mill",)), book.for_reader("zh_CN")
    assert [e.metric for e in en.figures[:2]] == ["visitors", "makerspace"]
    assert [e.word for e in en.figures[:2]] == ["visitors", "makerspace"]
    assert [e.word for e in zh.figures[:2]] == ["到馆", "创客空间"]
    # The reader's own branch first; a name with a space or a digit cannot follow #.
    assert en.tags == ("#Mill", "#lake")
    assert book.for_reader("en", ("no2",)).tags == ("2号服务点", "#lake")
    assert en.closed_today == "closed today" and zh.closed_today == "今日闭馆"


def test_a_word_shared_by_two_metrics_is_never_an_example() -> None:
    """采购 is titles or volumes: the parser cannot tell, so neither example uses it."""
    org = load_sample_org()
    book = ExampleBook(org.catalogue(), org)
    words = {e.metric: e.word for e in book.for_reader("zh_CN").figures}
    assert words["acquisitions_titles"] != "采购" and words["acquisitions_volumes"] != "采购"


def test_a_closed_branch_is_never_an_example() -> None:
    text = SMALL.replace('aliases = ["Mill"]', 'aliases = ["Mill"]\nclosed = 2026-01-01')
    org = parse_org(text)
    assert "#Mill" not in ExampleBook(org.catalogue(), org).for_reader("en", ("mill",)).tags


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
@pytest.mark.parametrize("code", ["open_range", "closure_period", "future_date"])
def test_closure_examples_in_refusals_are_the_readers_and_read_as_closures(
    locale: str, code: str
) -> None:
    from bot.core.parsing.result import ParseIssue

    org = load_sample_org()
    render = Renderers(CATALOGS, org.catalogue()).for_locale(locale)
    shown = render.issue(ParseIssue(code, text="x"))
    quoted = [q for q in re.findall(r"“(.*?)”", shown) if q != "x"]
    assert quoted, shown
    for example in quoted:
        assert ("闭馆" in example) == (locale == "zh_CN"), example  # the reader's language
        assert report_parser(org).parse(example, DAY).closed, example
