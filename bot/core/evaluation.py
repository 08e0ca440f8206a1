"""The evaluation indicators (评估定级): per-capita figures of the year against thresholds.

Each indicator is a sum of inputs over a base, times a scale: 人均到馆次数 is the year's
到馆人次 over the population served. Inputs are metric codes (the bot's own figures for
the year) or the organisation file's figures (``cardholders``, ``holdings``); the bases
are ``population`` or ``holdings``, both from the organisation file, which the bot cannot
count itself. Pure: figures in, results out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.core.progress import Pace

BasisKey = Literal["population", "cardholders", "holdings"]
BASIS_KEYS: tuple[BasisKey, ...] = ("population", "cardholders", "holdings")


@dataclass(frozen=True, slots=True)
class Basis:
    """What the organisation file says about the people served and the collection."""

    population: int | None = None
    cardholders: int | None = None
    holdings: int | None = None

    def get(self, key: BasisKey) -> int | None:
        return {"population": self.population, "cardholders": self.cardholders,
                "holdings": self.holdings}[key]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator: ``sum(inputs) / base × scale``."""

    code: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    inputs: tuple[str, ...]  # metric codes, or basis keys (``cardholders``, ``holdings``)
    base: BasisKey
    scale: int = 1
    percent: bool = False  # shown as a percentage (a rate, not a count per head)

    def name(self, locale: str) -> str:
        return self.name_zh if locale.startswith("zh") else self.name_en

    def unit(self, locale: str) -> str:
        return self.unit_zh if locale.startswith("zh") else self.unit_en

    @property
    def from_file(self) -> tuple[BasisKey, ...]:
        """The organisation file's figures it needs: its base and any such input."""
        own = [k for k in BASIS_KEYS if k in self.inputs]
        return tuple(dict.fromkeys([*own, self.base]))

    @property
    def metrics(self) -> tuple[str, ...]:
        """The bot's metrics it adds up."""
        return tuple(i for i in self.inputs if i not in BASIS_KEYS)


INDICATORS: tuple[Indicator, ...] = (
    Indicator("visits_per_capita", "人均到馆次数", "Visits per capita", "次/人", "visits a head",
              ("visitors",), "population"),
    Indicator("loans_per_capita", "人均外借册次", "Loans per capita", "册次/人", "loans a head",
              ("loans",), "population"),
    Indicator("new_holdings_per_capita", "人均新增藏书", "New holdings per capita", "册/人",
              "volumes a head", ("acquisitions_volumes",), "population"),
    # online events are their own metric (线上活动场次), not part of 活动场次: both count
    Indicator("events_per_10k", "每万人活动场次", "Events per 10,000 people", "场/万人", "events",
              ("events", "online_events"), "population", scale=10_000),
    Indicator("participants_per_10k", "每万人参加活动人次",
              "Event participants per 10,000 people", "人次/万人", "participants",
              ("event_participants",), "population", scale=10_000),
    Indicator("holdings_per_capita", "人均藏书量", "Holdings per capita", "册/人", "volumes a head",
              ("holdings",), "population"),
    Indicator("cardholder_rate", "持证率", "Cardholders per resident", "", "",
              ("cardholders",), "population", percent=True),
    Indicator("circulation_rate", "藏书年流通率", "Loans per volume held", "次/册",
              "loans a volume", ("loans",), "holdings"),
)  # fmt: skip
INDICATOR_CODES: tuple[str, ...] = tuple(i.code for i in INDICATORS)
INDICATOR_METRICS: tuple[str, ...] = tuple(dict.fromkeys(m for i in INDICATORS for m in i.metrics))


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """One indicator's value for a year (None: an input is missing, named in ``missing``,
    or none of its metrics has a figure this year, named in ``unreported``)."""

    indicator: Indicator
    value: float | None
    missing: tuple[BasisKey, ...] = ()  # organisation-file figures not declared
    threshold: float | None = None
    projected: float | None = None  # the full year's value if the pace holds (year running)
    unreported: tuple[str, ...] = ()  # its metrics, when not one of them has a figure

    @property
    def judged(self) -> float | None:
        """The value the threshold is held against: the full year's, projected while the
        year runs (the threshold is an annual one)."""
        return self.projected if self.projected is not None else self.value

    @property
    def passed(self) -> bool | None:
        """True: meets the threshold; None: no threshold, or no value."""
        judged = self.judged
        if self.threshold is None or judged is None:
            return None
        return judged >= self.threshold


def evaluate(
    figures: Mapping[str, float],
    basis: Basis,
    thresholds: Mapping[str, float] | None = None,
    projected: Mapping[str, float] | None = None,
    indicators: Sequence[Indicator] = INDICATORS,
) -> list[IndicatorResult]:
    """Every indicator from the year's ``figures`` (metric -> total) and the ``basis``;
    with ``projected`` (metric -> the full year's projected total), each value's
    projection beside it. A base of 0 counts as missing: a ratio over nothing is none; a
    metric absent from ``figures`` was not reported (one reported as 0 is in it, as 0)."""
    thresholds = thresholds or {}
    results = []
    for indicator in indicators:
        missing = tuple(k for k in indicator.from_file if not basis.get(k))
        threshold = thresholds.get(indicator.code)
        if missing:
            results.append(IndicatorResult(indicator, None, missing, threshold))
            continue
        if indicator.metrics and not any(m in figures for m in indicator.metrics):
            # nothing reported is no figure, not a 0 that falls short of the standard
            results.append(IndicatorResult(indicator, None, (), threshold,
                                           unreported=indicator.metrics))  # fmt: skip
            continue
        value = _ratio(indicator, figures, basis)
        ahead = None
        if projected is not None and indicator.metrics:
            ahead = _ratio(indicator, projected, basis)
        results.append(IndicatorResult(indicator, value, (), threshold, ahead))
    return results


def full_year(
    figures: Mapping[str, int],
    day: dt.date,
    paces: Mapping[str, Pace] | None = None,
    metrics: Sequence[str] = INDICATOR_METRICS,
) -> dict[str, float] | None:
    """Each metric's total for the whole year if the pace so far holds: the total to the
    end of ``day`` over the share of the year due by then (by last year's months where the
    pace has them, else the share of days gone, 366 in a leap year). None once the year
    is over: its totals are the year's."""
    if day >= dt.date(day.year, 12, 31):
        return None
    paces = paces or {}
    result: dict[str, float] = {}
    for code in metrics:
        share = paces.get(code, Pace()).share(day)
        result[code] = figures.get(code, 0) / share if share else 0.0
    return result


def _ratio(indicator: Indicator, figures: Mapping[str, float], basis: Basis) -> float:
    total = float(sum(figures.get(name, 0) for name in indicator.metrics))
    total += sum(basis.get(key) or 0 for key in indicator.from_file if key in indicator.inputs)
    base = basis.get(indicator.base)
    assert base  # checked by the caller: a missing base is reported, not divided by
    return total * indicator.scale / base
