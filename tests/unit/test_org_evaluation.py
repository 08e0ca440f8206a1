"""The organisation file's evaluation bases (population, cardholders, holdings) and
``[evaluation]`` thresholds: accepted, or refused with the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.check import check
from bot.core.evaluation import INDICATOR_CODES, Basis
from bot.core.org import OrgError, parse_org
from bot.offline.sample import load_sample_org, sample_org_text
from bot.settings import load_settings

HEAD = """[org]
name = "源城区图书馆"
{org}

[[branches]]
code = "main"
name = "总馆"
kind = "central"
{branch}
"""


def org_text(org: str = "", branch: str = "", tail: str = "") -> str:
    return HEAD.format(org=org, branch=branch) + tail


def test_bases_are_read_for_the_organisation_and_a_branch() -> None:
    org = parse_org(org_text("population = 730000\ncardholders = 120000\nholdings = 1500000",
                             "population = 40000"))  # fmt: skip
    assert org.basis() == Basis(730_000, 120_000, 1_500_000)
    assert org.basis("main") == Basis(40_000, None, None)


def test_without_bases_nothing_is_declared() -> None:
    org = parse_org(org_text())
    assert org.basis() == Basis() and org.evaluation == {}


@pytest.mark.parametrize(
    ("org", "branch", "line", "field", "problem"),
    [
        ("population = 0", "", 3, "org.population", "must be a positive whole number (got 0)"),
        ("population = -5", "", 3, "org.population", "must be a positive whole number"),
        ("holdings = 1.5e6", "", 3, "org.holdings", "must be a whole number (got 1500000.0)"),
        ('cardholders = "12万"', "", 3, "org.cardholders", "must be a whole number"),
        ("", "population = 0", 9, "branches[0].population", "must be a positive whole number"),
        ("populaton = 1", "", 3, "org.populaton", 'unknown key (did you mean "population"?)'),
    ],
)
def test_a_bad_base_names_its_line_and_field(
    org: str, branch: str, line: int, field: str, problem: str
) -> None:
    with pytest.raises(OrgError) as caught:
        parse_org(org_text(org, branch))
    assert caught.value.line == line and caught.value.field == field
    assert problem in caught.value.problem


def test_thresholds_are_read_per_indicator() -> None:
    org = parse_org(org_text(tail="\n[evaluation]\nvisits_per_capita = 1\nevents_per_10k = 2.5\n"))
    assert org.evaluation == {"visits_per_capita": 1.0, "events_per_10k": 2.5}


def test_an_unknown_indicator_is_refused_with_the_known_ones() -> None:
    with pytest.raises(OrgError) as caught:
        parse_org(org_text(tail="\n[evaluation]\nvisit_per_capita = 1.0\n"))
    error = caught.value
    assert error.line == 12 and error.field == "evaluation.visit_per_capita"
    assert 'unknown indicator "visit_per_capita" (did you mean "visits_per_capita"?)' in str(error)
    assert all(code in error.problem for code in INDICATOR_CODES)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("-1", "must not be negative (got -1)"),
        ('"1.0"', "must be a number"),
        ("true", "must be a number"),
    ],
)
def test_a_bad_threshold_is_refused(value: str, problem: str) -> None:
    with pytest.raises(OrgError) as caught:
        parse_org(org_text(tail=f"\n[evaluation]\nloans_per_capita = {value}\n"))
    assert caught.value.field == "evaluation.loans_per_capita" and problem in caught.value.problem


def test_a_rate_is_written_as_a_share() -> None:
    with pytest.raises(OrgError, match=r"evaluation\.cardholder_rate: is a rate: write 0\.3"):
        parse_org(org_text(tail="\n[evaluation]\ncardholder_rate = 30\n"))


def test_the_sample_declares_illustrative_bases() -> None:
    org = load_sample_org()
    assert org.basis().population and org.basis().holdings and org.basis().cardholders
    assert org.basis("jingshan").population
    assert set(org.evaluation) <= set(INDICATOR_CODES) and org.evaluation


def test_check_names_the_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "org.toml"
    path.write_text(
        sample_org_text().replace("population = 704000", "population = 0"), encoding="utf-8"
    )
    env = {"LIBBOT_ORG": str(path), "LIBBOT_DB": str(tmp_path / "libbot.sqlite3")}
    report = check(load_settings(env, env_file=None))
    assert not report.ok
    assert report.text.startswith(f"{path}, line ")
    assert "org.population: must be a positive whole number (got 0)" in report.text


def test_check_summarises_the_bases(tmp_path: Path) -> None:
    path = tmp_path / "org.toml"
    path.write_text(sample_org_text(), encoding="utf-8")
    env = {"LIBBOT_ORG": str(path), "LIBBOT_DB": str(tmp_path / "libbot.sqlite3")}
    lines = check(load_settings(env, env_file=None)).text.splitlines()
    assert (
        "Evaluation:      population 704,000, cardholders 152,000, holdings 1,650,000;"
        " 6 thresholds; 1 branch with its own population"
    ) in lines
