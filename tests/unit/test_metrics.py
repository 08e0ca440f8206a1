"""The metric catalogue."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from bot.core.metrics import Metric, MetricCatalogue

DESIGN_ORDER = (
    "visitors", "loans", "loan_patrons", "reading_room", "new_cards", "events",
    "event_participants", "online_events", "digital_clicks", "downloads", "web_pageviews",
    "wechat_followers", "wechat_views", "acquisitions_titles", "acquisitions_volumes",
)  # fmt: skip


@pytest.fixture
def catalogue() -> MetricCatalogue:
    return MetricCatalogue.default()


def _extra(code: str = "story_sessions") -> Metric:
    return Metric(code, "绘本故事会", "Picture-book sessions", "场", "sessions")


def test_default_is_the_design_table_in_order(catalogue: MetricCatalogue) -> None:
    assert catalogue.codes == DESIGN_ORDER
    assert [m.code for m in catalogue] == list(DESIGN_ORDER)
    assert len(catalogue) == 15


@pytest.mark.parametrize("code", DESIGN_ORDER)
def test_every_metric_is_named_in_both_languages(catalogue: MetricCatalogue, code: str) -> None:
    metric = catalogue.get(code)
    assert metric.name_zh and not metric.name_zh.isascii()
    assert metric.name_en and metric.name_en.isascii()
    assert metric.unit_zh and metric.unit_en
    assert metric.synonyms_zh and metric.synonyms_en
    assert all(not word.isascii() for word in metric.synonyms_zh)
    assert all(word.isascii() and word == word.lower() for word in metric.synonyms_en)
    assert metric.unit_words
    assert 0 < metric.daily_max <= 10_000_000
    # the English unit agrees with its number: 1 visit, 2 visits; Chinese has one form
    assert metric.unit_en_one and metric.unit_en_one != metric.unit_en
    assert metric.unit("en", 1) == metric.unit_en_one
    assert metric.unit("en", 2) == metric.unit("en", 0) == metric.unit("en") == metric.unit_en
    assert metric.unit("zh_CN", 1) == metric.unit("zh_CN", 2) == metric.unit_zh


@pytest.mark.parametrize(
    ("code", "name_zh", "unit_zh", "name_en"),
    [
        ("visitors", "到馆人次", "人次", "Visitors"),
        ("loans", "外借册次", "册次", "Loans"),
        ("loan_patrons", "外借人次", "人次", "Borrowers"),
        ("new_cards", "办证", "张", "New cards"),
        ("events", "活动场次", "场", "Events"),
        ("wechat_followers", "微信公众号关注量", "个", "WeChat followers"),
        ("acquisitions_titles", "采购图书（种）", "种", "Titles acquired"),
    ],
)
def test_names_and_units(
    catalogue: MetricCatalogue, code: str, name_zh: str, unit_zh: str, name_en: str
) -> None:
    metric = catalogue.get(code)
    assert (metric.name("zh_CN"), metric.unit("zh_CN")) == (name_zh, unit_zh)
    assert metric.name("en") == name_en
    assert metric.name("fr") == name_en  # anything but zh_CN is English
    assert metric.unit("en") == metric.unit_en


def test_design_synonyms_are_listed(catalogue: MetricCatalogue) -> None:
    words = {m.code: {*m.synonyms_zh, *m.synonyms_en, *m.subtypes} for m in catalogue}
    assert {"到馆", "进馆", "入馆", "客流", "接待读者", "visitors", "footfall"} <= words["visitors"]
    assert {"外借", "借出", "loans", "checkouts"} <= words["loans"]
    assert {"新办证", "新办读者证", "new cards", "registrations"} <= words["new_cards"]
    assert {"活动", "讲座", "展览", "培训", "events"} <= words["events"]
    assert {"参与", "参加", "participants", "attendees"} <= words["event_participants"]


def test_only_wechat_followers_is_a_stock(catalogue: MetricCatalogue) -> None:
    assert [m.code for m in catalogue if m.kind == "stock"] == ["wechat_followers"]


def test_daily_maxima_fit_one_branch_on_one_day(catalogue: MetricCatalogue) -> None:
    limit = {m.code: m.daily_max for m in catalogue}
    assert limit["visitors"] == 100_000
    assert limit["new_cards"] == 5_000
    assert limit["events"] == limit["online_events"] == 200
    assert limit["wechat_followers"] == 10_000_000
    assert limit["loan_patrons"] <= limit["loans"]
    assert limit["acquisitions_titles"] <= limit["acquisitions_volumes"]


def test_units_tell_shared_keywords_apart(catalogue: MetricCatalogue) -> None:
    assert "册" in catalogue.get("loans").unit_words
    assert "人次" in catalogue.get("loan_patrons").unit_words
    assert "人次" not in catalogue.get("loans").unit_words
    assert "种" in catalogue.get("acquisitions_titles").unit_words
    assert "册" in catalogue.get("acquisitions_volumes").unit_words


def test_a_word_names_one_metric_except_the_acquisitions_pair(catalogue: MetricCatalogue) -> None:
    counts = Counter(
        word for m in catalogue for word in {*m.synonyms_zh, *m.synonyms_en, *m.subtypes}
    )
    shared = {word for word, count in counts.items() if count > 1}
    assert shared == {"采购图书", "采购", "新书入藏"}


def test_get_and_contains(catalogue: MetricCatalogue) -> None:
    assert catalogue.get("loans").name_zh == "外借册次"
    assert "loans" in catalogue
    assert "nonsense" not in catalogue
    assert 3 not in catalogue
    with pytest.raises(KeyError):
        catalogue.get("nonsense")


def test_with_extra_appends_and_leaves_the_original_alone(catalogue: MetricCatalogue) -> None:
    extended = catalogue.with_extra([_extra()])
    assert extended.codes == (*DESIGN_ORDER, "story_sessions")
    assert extended.get("story_sessions").name_en == "Picture-book sessions"
    assert "story_sessions" not in catalogue


@pytest.mark.parametrize("clash", ["visitors", "story_sessions"])
def test_with_extra_refuses_a_code_twice(catalogue: MetricCatalogue, clash: str) -> None:
    extra = [_extra(), _extra(clash)] if clash == "story_sessions" else [_extra(clash)]
    with pytest.raises(ValueError, match=clash):
        catalogue.with_extra(extra)


def test_metric_defaults_and_immutability() -> None:
    metric = _extra()
    assert (metric.kind, metric.daily_max, metric.synonyms_zh, metric.subtypes) == (
        "flow",
        1_000_000,
        (),
        (),
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        metric.code = "x"  # type: ignore[misc]
