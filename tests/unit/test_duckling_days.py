"""Duckling's single-day, past-or-today examples (tests/references/) through the real parser."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_days.py"
BARS = {"zh": 0.95, "en": 0.90}  # issue 10's bars


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_days", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return _bench()


@pytest.mark.parametrize("name", sorted(BARS))
def test_no_reference_day_is_misfiled_and_the_pass_rate_holds(bench: ModuleType, name: str) -> None:
    report = bench.run(name)
    assert report["count"] >= 40
    assert report["misfiled_cases"] == []
    assert report["pass_rate"] >= BARS[name], report["refused_cases"]
    assert all(case["rule"] for case in report["refused_cases"]), report["refused_cases"]


@pytest.mark.parametrize("name", sorted(BARS))
def test_days_before_2000_are_refused(bench: ModuleType, name: str) -> None:
    report = bench.run(name)
    assert report["refused_by_rule"] == report["count"] - report["to_store"] > 0
