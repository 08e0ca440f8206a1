"""bot.core.evaluation: per-capita indicators, their thresholds and full-year projections."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.evaluation import (
    INDICATOR_CODES,
    INDICATORS,
    Basis,
    IndicatorResult,
    evaluate,
    full_year,
)
from bot.core.progress import Pace

FIGURES = {"visitors": 47000, "loans": 55818, "events": 38, "online_events": 15,
           "event_participants": 3100, "acquisitions_volumes": 9000}  # fmt: skip
BASIS = Basis(population=100_000, cardholders=25_000, holdings=230_000)


def by_code(results: list[IndicatorResult]) -> dict[str, IndicatorResult]:
    return {r.indicator.code: r for r in results}


def test_every_formula_on_the_seed_report_figures() -> None:
    found = by_code(evaluate(FIGURES, BASIS))
    assert found["visits_per_capita"].value == pytest.approx(0.47)
    assert found["loans_per_capita"].value == pytest.approx(0.55818)
    assert found["new_holdings_per_capita"].value == pytest.approx(0.09)
    assert found["events_per_10k"].value == pytest.approx(5.3)  # (38 + 15) / 10 万 × 1 万
    assert found["participants_per_10k"].value == pytest.approx(310)
    assert found["holdings_per_capita"].value == pytest.approx(2.3)  # from the org file
    assert found["cardholder_rate"].value == pytest.approx(0.25)
    assert found["circulation_rate"].value == pytest.approx(55818 / 230_000)
    assert all(r.missing == () and r.threshold is None and r.passed is None for r in found.values())


def test_a_missing_population_is_named_not_left_out() -> None:
    found = by_code(evaluate(FIGURES, Basis(holdings=230_000)))
    assert list(found) == list(INDICATOR_CODES)  # every indicator is listed
    assert found["visits_per_capita"].value is None
    assert found["visits_per_capita"].missing == ("population",)
    assert found["holdings_per_capita"].missing == ("population",)
    assert found["cardholder_rate"].missing == ("cardholders", "population")
    assert found["circulation_rate"].value == pytest.approx(55818 / 230_000)  # needs no people


def test_a_metric_nobody_reported_is_no_value_not_a_zero() -> None:
    found = by_code(evaluate({}, BASIS, {"visits_per_capita": 1.0}))
    visits = found["visits_per_capita"]
    assert visits.value is None and visits.unreported == ("visitors",)
    assert visits.passed is None  # neither met nor short: there is nothing to judge
    assert found["holdings_per_capita"].value == pytest.approx(2.3)  # the org file's alone


def test_a_metric_reported_as_zero_counts_as_zero() -> None:
    found = by_code(evaluate({"visitors": 0, "online_events": 3}, BASIS))
    assert found["visits_per_capita"].value == 0.0
    assert found["events_per_10k"].value is not None  # one of its two metrics reported


@pytest.mark.parametrize(
    ("threshold", "passed"), [(0.4, True), (0.47, True), (0.48, False), (1.0, False)]
)
def test_thresholds_mark_met_or_short(threshold: float, passed: bool) -> None:
    [result] = evaluate(FIGURES, BASIS, {"visits_per_capita": threshold}, indicators=INDICATORS[:1])
    assert result.threshold == threshold and result.passed is passed


def test_a_threshold_without_a_value_marks_nothing() -> None:
    [result] = evaluate(FIGURES, Basis(), {"visits_per_capita": 1.0}, indicators=INDICATORS[:1])
    assert result.value is None and result.threshold == 1.0 and result.passed is None


def test_while_the_year_runs_the_threshold_is_held_against_the_full_year() -> None:
    # 30 June of a common year: 181 of 365 days gone, a linear pace
    day = dt.date(2026, 6, 30)
    projected = full_year({"visitors": 50_000}, day, metrics=("visitors",))
    assert projected == {"visitors": pytest.approx(50_000 * 365 / 181)}
    [result] = evaluate({"visitors": 50_000}, BASIS, {"visits_per_capita": 1.0}, projected,
                        indicators=INDICATORS[:1])  # fmt: skip
    assert result.value == pytest.approx(0.5)
    assert result.projected == pytest.approx(50_000 * 365 / 181 / 100_000)
    assert result.passed is True  # 0.5 so far, about 1.01 over the year


def test_a_figure_from_the_org_file_has_no_projection() -> None:
    projected = full_year(FIGURES, dt.date(2026, 6, 30))
    found = by_code(evaluate(FIGURES, BASIS, {"holdings_per_capita": 2.0}, projected))
    assert found["holdings_per_capita"].projected is None
    assert found["holdings_per_capita"].passed is True


def test_a_leap_year_counts_366_days() -> None:
    day = dt.date(2028, 12, 30)  # day 365 of 366
    assert full_year({"visitors": 365}, day, metrics=("visitors",)) == {
        "visitors": pytest.approx(366)
    }
    common = full_year({"visitors": 364}, dt.date(2026, 12, 30), metrics=("visitors",))
    assert common == {"visitors": pytest.approx(365)}
    assert full_year({"visitors": 60}, dt.date(2028, 2, 29), metrics=("visitors",)) == {
        "visitors": pytest.approx(366)
    }


def test_the_year_over_has_no_projection() -> None:
    assert full_year(FIGURES, dt.date(2026, 12, 31)) is None
    assert full_year(FIGURES, dt.date(2028, 12, 31)) is None


def test_a_seasonal_pace_projects_by_last_years_months() -> None:
    shares = tuple(0.25 if i < 182 else 1.0 for i in range(366))  # a quarter due by 30 June
    projected = full_year({"visitors": 1000}, dt.date(2026, 6, 30), {"visitors": Pace(shares)},
                          metrics=("visitors",))  # fmt: skip
    assert projected == {"visitors": pytest.approx(4000)}


def test_codes_are_unique_and_every_input_is_named() -> None:
    assert len(set(INDICATOR_CODES)) == len(INDICATORS)
    for indicator in INDICATORS:
        assert indicator.name("zh_CN") and indicator.name("en")
        assert indicator.inputs and indicator.base in ("population", "holdings")
