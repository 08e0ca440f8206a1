"""The public references (cn2an's test cases, Duckling's ZH numerals) are never misread."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

from tests.benchmark_scripts import load_benchmark

BARS = {"cn2an_integers": 0.98, "duckling_zh_numerals": 0.95}  # issue 10's bars


def _runner() -> ModuleType:
    return load_benchmark("bench_references")


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    result: dict[str, Any] = _runner().run()
    return result


@pytest.mark.parametrize("corpus", sorted(BARS))
def test_no_reference_numeral_is_misread(report: dict[str, Any], corpus: str) -> None:
    assert report[corpus]["misread_cases"] == []


@pytest.mark.parametrize("corpus", sorted(BARS))
def test_reference_pass_rate_meets_the_bar(report: dict[str, Any], corpus: str) -> None:
    figures = report[corpus]
    assert figures["count"] >= 80  # the examples are all there, not silently skipped
    assert figures["passes"] / figures["count"] >= BARS[corpus], figures["refused_cases"]


def test_out_of_scope_is_only_what_staff_cannot_send() -> None:
    runner = _runner()
    assert runner.out_of_scope({"text": "负一", "value": -1}) == "negative"
    assert runner.out_of_scope({"text": "零点一", "value": 0.1}) == "not a whole number"
    assert runner.out_of_scope({"text": "兩千六", "value": 2600}) is None
