"""The metric catalogue: what a library counts, in both languages, and the words staff use."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

__all__ = ["Metric", "MetricCatalogue", "MetricKind"]

MetricKind = Literal["flow", "stock"]
"""flow adds up over days; stock is a level where the latest value counts."""


@dataclass(frozen=True, slots=True)
class Metric:
    """One thing a branch counts each day, with the words that name it."""

    code: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    kind: MetricKind = "flow"
    synonyms_zh: tuple[str, ...] = ()
    synonyms_en: tuple[str, ...] = ()
    unit_words: tuple[str, ...] = ()  # units that select this metric when a keyword is shared
    daily_max: int = 1_000_000  # above this for one branch on one day the value is absurd
    subtypes: tuple[str, ...] = ()  # kinds of this metric (讲座, lectures): several add up
    unit_en_one: str = ""  # the English unit for one (visit); unit_en when not given

    def name(self, locale: str) -> str:
        """The metric's name in the locale: zh_CN is Chinese, anything else English."""
        return self.name_zh if locale == "zh_CN" else self.name_en

    def unit(self, locale: str, count: float | None = None) -> str:
        """The unit the metric is counted in, in the locale: for ``count``, when given, the
        form that agrees with it (1 visit, 2 visits; Chinese has one form)."""
        if locale == "zh_CN":
            return self.unit_zh
        return (self.unit_en_one or self.unit_en) if count == 1 else self.unit_en


_PEOPLE = ("人次", "人", "位", "名")

_DEFAULT = (
    Metric(
        "visitors", "到馆人次", "Visitors", "人次", "visits",
        unit_en_one="visit",
        synonyms_zh=(
            "到馆人次", "到馆人数", "到馆读者", "到馆", "进馆人次", "进馆人数", "进馆",
            "入馆人次", "入馆人数", "入馆", "来馆人次", "来馆", "客流量", "客流",
            "人流量", "流通人次", "接待读者", "接待人次", "接待",
        ),
        synonyms_en=("visitors", "visitor", "visits", "footfall", "walk-ins", "gate count"),
        unit_words=_PEOPLE,
        daily_max=100_000,
    ),
    Metric(
        "loans", "外借册次", "Loans", "册次", "items",
        unit_en_one="item",
        synonyms_zh=(
            "外借册次", "外借册数", "外借图书", "外借", "借出图书", "借出", "借书册次",
            "借书", "借阅册次", "借阅",
        ),
        synonyms_en=("loans", "loan", "checkouts", "checkout", "items loaned", "books loaned",
                     "books borrowed", "circulation"),
        unit_words=("册次", "册", "本", "件"),
        daily_max=100_000,
    ),
    Metric(
        "loan_patrons", "外借人次", "Borrowers", "人次", "borrowers",
        unit_en_one="borrower",
        synonyms_zh=("外借人次", "外借人数", "借书人次", "借书人数", "借阅人次", "借阅人数"),
        synonyms_en=("borrowers", "loan patrons", "borrowing patrons"),
        unit_words=_PEOPLE,
        daily_max=50_000,
    ),
    Metric(
        "reading_room", "阅览册次", "In-library reading", "册次", "items",
        unit_en_one="item",
        synonyms_zh=("阅览册次", "阅览册数", "馆内阅览", "阅览"),
        synonyms_en=("in-library reading", "in-library use", "reading room"),
        unit_words=("册次", "册", "本"),
        daily_max=100_000,
    ),
    Metric(
        "new_cards", "办证", "New cards", "张", "cards",
        unit_en_one="card",
        synonyms_zh=(
            "新办读者证", "新办证", "办读者证", "办理读者证", "办证数", "办证量", "办证",
            "新办借阅证", "办理借阅证", "新办卡", "办卡", "新增读者", "新注册读者", "新注册",
            "注册读者", "新读者",
        ),
        synonyms_en=("new cards", "cards issued", "library cards", "registrations",
                     "new members", "new readers", "sign-ups", "signups"),
        unit_words=("张", "个", *_PEOPLE),
        daily_max=5_000,
    ),
    Metric(
        "events", "活动场次", "Events", "场", "events",
        unit_en_one="event",
        synonyms_zh=("活动场次", "活动", "举办活动", "开展活动"),
        synonyms_en=("events", "event", "programmes", "programs", "activities"),
        unit_words=("场次", "场", "次", "期", "个", "项"),
        daily_max=200,
        subtypes=(
            "讲座", "展览", "培训", "读书会", "故事会", "分享会", "沙龙", "观影", "研学",
            "lectures", "lecture", "talks", "talk", "exhibitions", "exhibition",
            "workshops", "workshop", "trainings", "training", "storytimes", "storytime",
            "story times", "story time",
        ),
    ),
    Metric(
        "event_participants", "活动参与人次", "Event participants", "人次", "participants",
        unit_en_one="participant",
        synonyms_zh=(
            "活动参与人次", "活动参与人数", "活动参与", "活动人次", "活动人数", "参与人次",
            "参与人数", "参与读者", "参与", "参加人次", "参加人数", "参加",
        ),
        synonyms_en=("participants", "participant", "attendees", "attendance"),
        unit_words=_PEOPLE,
        daily_max=50_000,
        subtypes=("听众", "观众", "参观人次", "学员"),
    ),
    Metric(
        "online_events", "线上活动场次", "Online events", "场", "events",
        unit_en_one="event",
        synonyms_zh=("线上活动场次", "线上活动", "网络活动", "云活动"),
        synonyms_en=("online events", "online event", "virtual events"),
        unit_words=("场次", "场", "次", "期"),
        daily_max=200,
        subtypes=("线上讲座", "网络讲座", "线上培训", "线上展览", "直播", "webinars", "webinar"),
    ),
    Metric(
        "digital_clicks", "数字阅读平台点击量", "Digital reading clicks", "次", "clicks",
        unit_en_one="click",
        synonyms_zh=(
            "数字阅读平台点击量", "数字阅读点击量", "数字阅读平台点击", "数字阅读点击",
            "数字阅读", "点击量",
        ),
        synonyms_en=("digital reading clicks", "digital clicks", "clicks"),
        unit_words=("次", "人次"),
        daily_max=5_000_000,
    ),
    Metric(
        "downloads", "数字资源下载量", "Digital downloads", "次", "downloads",
        unit_en_one="download",
        synonyms_zh=("数字资源下载量", "数字资源下载", "资源下载量", "下载量", "下载"),
        synonyms_en=("downloads", "download"),
        unit_words=("次", "篇", "册", "个"),
        daily_max=5_000_000,
    ),
    Metric(
        "web_pageviews", "门户网站访问量", "Website page views", "次", "page views",
        unit_en_one="page view",
        synonyms_zh=("门户网站访问量", "门户网站访问", "网站访问量", "网站访问", "网站浏览量"),
        synonyms_en=("page views", "pageviews", "website visits", "web visits"),
        unit_words=("次",),
        daily_max=5_000_000,
    ),
    Metric(
        "wechat_followers", "微信公众号关注量", "WeChat followers", "个", "followers",
        unit_en_one="follower",
        kind="stock",
        synonyms_zh=(
            "微信公众号关注量", "微信公众号关注", "公众号关注量", "公众号关注", "微信关注量",
            "微信关注", "关注量", "公众号粉丝", "粉丝数", "粉丝",
        ),
        synonyms_en=("wechat followers", "followers"),
        unit_words=("个", *_PEOPLE),
        daily_max=10_000_000,
    ),
    Metric(
        "wechat_views", "微信阅读量", "WeChat reads", "次", "reads",
        unit_en_one="read",
        synonyms_zh=("微信阅读量", "公众号阅读量", "推文阅读量", "微信阅读", "阅读量"),
        synonyms_en=("wechat reads", "wechat views", "article reads"),
        unit_words=("次",),
        daily_max=10_000_000,
    ),
    Metric(
        "acquisitions_titles", "采购图书（种）", "Titles acquired", "种", "titles",
        unit_en_one="title",
        synonyms_zh=("采购图书种数", "采购种数", "新书种数", "采购图书", "采购", "新书入藏"),
        synonyms_en=("titles acquired", "titles purchased", "new titles"),
        unit_words=("种",),
        daily_max=50_000,
    ),
    Metric(
        "acquisitions_volumes", "采购图书（册）", "Volumes acquired", "册", "volumes",
        unit_en_one="volume",
        synonyms_zh=("采购图书册数", "采购册数", "新书册数", "采购图书", "采购", "新书入藏"),
        synonyms_en=("volumes acquired", "volumes purchased", "new volumes"),
        unit_words=("册", "本"),
        daily_max=200_000,
    ),
)  # fmt: skip


class MetricCatalogue:
    """The metrics an organisation counts, in a fixed order, looked up by code."""

    __slots__ = ("_metrics",)

    def __init__(self, metrics: Iterable[Metric]) -> None:
        self._metrics: dict[str, Metric] = {}
        for metric in metrics:
            if metric.code in self._metrics:
                raise ValueError(f"metric code {metric.code!r} is defined twice")
            self._metrics[metric.code] = metric

    @classmethod
    def default(cls) -> MetricCatalogue:
        """The fifteen metrics of the design, in its order."""
        return cls(_DEFAULT)

    def with_extra(self, extra: Iterable[Metric]) -> MetricCatalogue:
        """A catalogue with extra metrics after these; a code already taken raises ValueError."""
        return MetricCatalogue((*self._metrics.values(), *extra))

    def get(self, code: str) -> Metric:
        """The metric with this code; KeyError when there is none."""
        return self._metrics[code]

    def __contains__(self, code: object) -> bool:
        return code in self._metrics

    def __iter__(self) -> Iterator[Metric]:
        return iter(self._metrics.values())

    def __len__(self) -> int:
        return len(self._metrics)

    @property
    def codes(self) -> tuple[str, ...]:
        """Every metric code, in catalogue order."""
        return tuple(self._metrics)

    def find(self, text: str) -> Metric | None:
        """The metric a person names: code, name or synonym in either language, then a
        unique part of a name."""
        needle = text.strip().casefold()
        if not needle:
            return None
        for metric in self._metrics.values():
            words = (metric.code, metric.name_zh, metric.name_en, *metric.synonyms_zh,
                     *metric.synonyms_en)  # fmt: skip
            if needle in (w.casefold() for w in words):
                return metric
        partial = [
            m for m in self._metrics.values()
            if needle in m.name_zh.casefold() or needle in m.name_en.casefold()
        ]  # fmt: skip
        return partial[0] if len(partial) == 1 else None
