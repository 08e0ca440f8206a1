"""Duckling's single-day, past-or-today examples (tests/references/) through the real parser."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

from tests.benchmark_scripts import load_benchmark

BARS = {"zh": 0.95, "en": 0.90}  # issue 10's bars


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_benchmark("bench_days")


@pytest.fixture(scope="module")
def reports(bench: ModuleType) -> dict[str, dict[str, Any]]:
    """Each corpus run once for every test of this module."""
    return {name: bench.run(name) for name in BARS}


@pytest.mark.parametrize("name", sorted(BARS))
def test_no_reference_day_is_misfiled_and_the_pass_rate_holds(
    reports: dict[str, dict[str, Any]], name: str
) -> None:
    report = reports[name]
    assert report["count"] >= 40
    assert report["misfiled_cases"] == []
    assert report["pass_rate"] >= BARS[name], report["refused_cases"]
    assert all(case["rule"] for case in report["refused_cases"]), report["refused_cases"]


@pytest.mark.parametrize("name", sorted(BARS))
def test_days_before_2000_are_refused(reports: dict[str, dict[str, Any]], name: str) -> None:
    report = reports[name]
    assert report["refused_by_rule"] == report["count"] - report["to_store"] > 0
